// RULE-002 max_contracts_per_instrument: contracts in one root > its limit.
#include <algorithm>

#include "rules/rules.hpp"

namespace risk::rules {

void max_contracts_per_instrument(const RuleInput& in, Decisions& d) {
  const auto& cfg = in.rules().max_contracts_per_instrument;
  using Cfg = MaxContractsPerInstrumentConfig;
  const RuleId id = RuleId::MaxContractsPerInstrument;
  std::vector<SymbolRoot> roots;
  for (const auto& s : in.account.positions.all()) {
    const SymbolRoot r = symbol_root(s.position.contract_id);
    if (std::find(roots.begin(), roots.end(), r) == roots.end()) roots.push_back(r);
  }
  for (const SymbolRoot& root : roots) {
    std::int32_t limit = 0;
    bool listed = true;
    if (const auto it = cfg.limits.find(root); it != cfg.limits.end()) {
      limit = it->second;
    } else {
      listed = false;
      if (cfg.unknown_symbol == Cfg::UnknownSymbol::Allow) continue;
      limit = cfg.unknown_symbol == Cfg::UnknownSymbol::Limit ? cfg.unknown_limit : 0;
    }
    const std::int32_t held = in.account.positions.contracts_in_root(root);
    if (held <= limit) continue;
    std::vector<const PositionState*> in_root;
    for (const auto& s : in.account.positions.all()) {
      if (symbol_root(s.position.contract_id) == root) in_root.push_back(&s);
    }
    std::string reason = std::to_string(held) + " contracts of " + root.str() + "; ";
    reason += listed ? "the limit for " + root.str() + " is " + std::to_string(limit)
                     : root.str() + " is not listed (unknown_symbol: " +
                           (limit == 0 ? std::string("block") : "limit " + std::to_string(limit)) + ")";
    if (cfg.enforcement == Cfg::Enforcement::ClosePosition || limit == 0) {
      for (const PositionState* s : in_root) d.close_position(s->position.contract_id, id);
      reason += ": closing the " + root.str() + " position";
    } else {
      reduce_most_recent(std::move(in_root), held - limit, id, d);
      reason += ": reducing to " + std::to_string(limit);
    }
    d.breach(id, std::move(reason));
  }
}

}  // namespace risk::rules
