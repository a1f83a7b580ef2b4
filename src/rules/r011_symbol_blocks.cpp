// RULE-011 symbol_blocks: no positions or working orders in a blocked root.
#include <algorithm>

#include "rules/rules.hpp"

namespace risk::rules {

namespace {

void check(const RuleInput& in, Decisions& d) {
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

// A root taken off the list (or the rule switched off) is no longer locked.
std::optional<LockoutRelease> release(const RuleInput& in, const Lockout& l) {
  const auto& cfg = in.rules().symbol_blocks;
  const bool listed =
      std::find(cfg.blocked_symbols.begin(), cfg.blocked_symbols.end(), l.symbol) != cfg.blocked_symbols.end();
  if (cfg.enabled && listed) return std::nullopt;
  return LockoutRelease{ClearedBy::ConfigReload, "symbol removed from blocked_symbols"};
}

RuleStatus status(const RuleInput& in) {
  std::vector<std::string> blocked;
  for (const auto& b : in.rules().symbol_blocks.blocked_symbols) blocked.push_back(b.str());
  return {.limit = std::move(blocked), .detail = "blocked symbol roots"};
}

void tighten_fn(SettingsDiff& d, RulesConfig& m, const RulesConfig& o) {
  tighten::rule(
      d, "symbol_blocks", m.symbol_blocks, o.symbol_blocks,
      [](SettingsDiff& df, const std::string& key, SymbolBlocksConfig& mm, const SymbolBlocksConfig& oo) {
        for (const auto& r : oo.blocked_symbols) {
          if (std::find(mm.blocked_symbols.begin(), mm.blocked_symbols.end(), r) != mm.blocked_symbols.end()) continue;
          if (df.record(key + ".blocked_symbols", "blocks " + r.str(), "unblocks " + r.str(), ChangeKind::Looser)) {
            mm.blocked_symbols.push_back(r);
          }
        }
        for (const auto& r : mm.blocked_symbols) {
          if (std::find(oo.blocked_symbols.begin(), oo.blocked_symbols.end(), r) != oo.blocked_symbols.end()) continue;
          df.record(key + ".blocked_symbols", "allows " + r.str(), "blocks " + r.str(), ChangeKind::Tighter);
        }
        tighten::flag(df, key + ".close_existing", mm.close_existing, oo.close_existing, true);
      });
}

}  // namespace

const RuleSpec kSymbolBlocks{
    .id = RuleId::SymbolBlocks,
    .triggers = Trigger::Position | Trigger::Order | Trigger::Reconcile | Trigger::ConfigReload,
    .runs_while_locked = true,  // its symbol lockouts last while the root is listed, beyond any account lockout
    .can_lock = true,
    .enabled = [](const RulesConfig& r) { return r.symbol_blocks.enabled; },
    .check = &check,
    .release_on = bits(Trigger::ConfigReload),
    .release = &release,
    .status = &status,
    .tighten = &tighten_fn,
};

}  // namespace risk::rules
