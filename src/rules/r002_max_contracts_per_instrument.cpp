// RULE-002 max_contracts_per_instrument: contracts in one root > its limit.
#include <algorithm>
#include <limits>
#include <set>

#include "rules/rules.hpp"

namespace risk::rules {

namespace {

void check(const RuleInput& in, Decisions& d) {
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

RuleStatus status(const RuleInput& in) {
  const auto& cfg = in.rules().max_contracts_per_instrument;
  std::int64_t worst = 0;
  for (const auto& s : in.account.positions.all()) {
    const SymbolRoot root = symbol_root(s.position.contract_id);
    const auto it = cfg.limits.find(root);
    if (it == cfg.limits.end()) continue;
    worst = std::max(worst, percent_of(in.account.positions.contracts_in_root(root), it->second));
  }
  return {.percent_used = worst, .detail = "contracts per symbol root"};
}

// ---- tighten-only: a root's limit is looser when more contracts are allowed,
// whether the number comes from `limits` or from the unknown_symbol policy.
constexpr std::int64_t kUnlimited = std::numeric_limits<std::int64_t>::max();

std::int64_t unknown_policy_value(const MaxContractsPerInstrumentConfig& c) {
  switch (c.unknown_symbol) {
    case MaxContractsPerInstrumentConfig::UnknownSymbol::Block:
      return 0;
    case MaxContractsPerInstrumentConfig::UnknownSymbol::Limit:
      return c.unknown_limit;
    case MaxContractsPerInstrumentConfig::UnknownSymbol::Allow:
      return kUnlimited;
  }
  return 0;
}
std::int64_t root_limit(const MaxContractsPerInstrumentConfig& c, const SymbolRoot& r) {
  if (auto it = c.limits.find(r); it != c.limits.end()) return it->second;
  return unknown_policy_value(c);
}
std::string limit_text(std::int64_t v) { return v == kUnlimited ? "unlimited" : std::to_string(v); }

void per_instrument(SettingsDiff& d, const std::string& key, MaxContractsPerInstrumentConfig& m,
                    const MaxContractsPerInstrumentConfig& o) {
  if (unknown_policy_value(m) != unknown_policy_value(o)) {
    const bool looser = unknown_policy_value(m) > unknown_policy_value(o);
    if (d.record(key + ".unknown_symbol", unknown_symbol_text(o), unknown_symbol_text(m),
                 looser ? ChangeKind::Looser : ChangeKind::Tighter)) {
      m.unknown_symbol = o.unknown_symbol;
      m.unknown_limit = o.unknown_limit;
    }
  }
  std::set<SymbolRoot> roots;
  for (const auto& [r, n] : o.limits) roots.insert(r);
  for (const auto& [r, n] : m.limits) roots.insert(r);
  for (const auto& r : roots) {
    const std::int64_t before = root_limit(o, r);
    const std::int64_t after = root_limit(m, r);
    if (before == after) continue;
    if (d.record(key + ".limits." + r.str(), limit_text(before), limit_text(after),
                 after > before ? ChangeKind::Looser : ChangeKind::Tighter)) {
      // Back to the old value: the old entry, or no entry when the (same) unknown_symbol policy gave it.
      if (o.limits.count(r) == 0 && unknown_policy_value(m) == before) {
        m.limits.erase(r);
      } else {
        m.limits[r] = static_cast<std::int32_t>(before);
      }
    }
  }
  tighten::choice(d, key + ".enforcement", m.enforcement, o.enforcement, kPerInstrumentEnforcement,
                  std::optional{MaxContractsPerInstrumentConfig::Enforcement::ClosePosition});
}

void tighten_fn(SettingsDiff& d, RulesConfig& m, const RulesConfig& o) {
  tighten::rule(d, "max_contracts_per_instrument", m.max_contracts_per_instrument, o.max_contracts_per_instrument,
                per_instrument);
}

}  // namespace

const RuleSpec kMaxContractsPerInstrument{
    .id = RuleId::MaxContractsPerInstrument,
    .triggers = Trigger::Position | Trigger::Reconcile | Trigger::ConfigReload,
    .runs_while_locked = false,
    .can_lock = false,
    .enabled = [](const RulesConfig& r) { return r.max_contracts_per_instrument.enabled; },
    .check = &check,
    .status = &status,
    .tighten = &tighten_fn,
};

}  // namespace risk::rules
