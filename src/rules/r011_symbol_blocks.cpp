// RULE-011 symbol_blocks: no positions or working orders in a blocked root.
#include <algorithm>

#include "rules/rules.hpp"

namespace risk::rules {

void symbol_blocks(const RuleInput& in, Decisions& d) {
  const auto& cfg = in.rules().symbol_blocks;
  if (cfg.blocked_symbols.empty()) return;
  const RuleId id = RuleId::SymbolBlocks;
  auto blocked = [&](const ContractId& c) {
    const SymbolRoot r = symbol_root(c);
    return std::find(cfg.blocked_symbols.begin(), cfg.blocked_symbols.end(), r) != cfg.blocked_symbols.end();
  };
  std::vector<SymbolRoot> locked;
  auto lock = [&](const ContractId& c, const std::string& why) {
    const SymbolRoot r = symbol_root(c);
    if (std::find(locked.begin(), locked.end(), r) != locked.end()) return;
    locked.push_back(r);
    d.lockout(make_lockout(in, id, LockoutKind::WhileListed, std::nullopt, why, r));
  };
  for (const auto& s : in.account.positions.all()) {
    const ContractId& c = s.position.contract_id;
    if (!blocked(c)) continue;
    const bool new_now = in.trigger == Trigger::Position && in.contract != nullptr && *in.contract == c &&
                         in.position_change != nullptr && in.position_change->grew;
    if (!cfg.close_existing && !new_now) continue;
    std::string why = symbol_root(c).str() + " is a blocked symbol: closing the position in " + c.str();
    d.breach(id, why);
    d.close_position(c, id);
    lock(c, why);
  }
  for (const auto& o : in.account.orders.all()) {
    if (!blocked(o.contract_id)) continue;
    std::string why =
        symbol_root(o.contract_id).str() + " is a blocked symbol: cancelling order " + std::to_string(o.id);
    d.breach(id, why);
    d.cancel_order(o.id, id);
    lock(o.contract_id, why);
  }
}

}  // namespace risk::rules
