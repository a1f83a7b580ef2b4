// RULE-001 max_contracts: open contracts across all positions > limit.
#include <algorithm>

#include "rules/rules.hpp"

namespace risk::rules {

// Closes (or partially closes) the most recently opened positions until at
// most `limit` contracts remain among `candidates`.
void reduce_most_recent(std::vector<const PositionState*> candidates, std::int32_t excess, RuleId rule, Decisions& d) {
  std::sort(candidates.begin(), candidates.end(),
            [](const PositionState* a, const PositionState* b) { return a->opened_at > b->opened_at; });
  for (const PositionState* s : candidates) {
    if (excess <= 0) break;
    const std::int32_t take = std::min(excess, s->position.size);
    if (take == s->position.size) {
      d.close_position(s->position.contract_id, rule);
    } else {
      d.reduce_position(s->position.contract_id, take, rule);
    }
    excess -= take;
  }
}

namespace {

void check(const RuleInput& in, Decisions& d) {
  const auto& cfg = in.rules().max_contracts;
  const std::int32_t total = in.account.positions.total_contracts();
  if (total <= cfg.limit) return;
  const RuleId id = RuleId::MaxContracts;
  std::string reason =
      std::to_string(total) + " contracts open across all positions; the limit is " + std::to_string(cfg.limit);
  if (cfg.enforcement == MaxContractsConfig::Enforcement::CloseAll) {
    d.close_all(id);
    reason += ": closing all positions";
  } else {
    std::vector<const PositionState*> all;
    for (const auto& s : in.account.positions.all()) all.push_back(&s);
    reduce_most_recent(std::move(all), total - cfg.limit, id, d);
    reason += ": reducing the most recent positions to the limit";
  }
  if (cfg.lockout_minutes && *cfg.lockout_minutes > 0) {
    d.close_all(id);
    d.cancel_all(id);
    d.lockout(make_lockout(in, id, LockoutKind::Cooldown, in.now + minutes(*cfg.lockout_minutes),
                           reason + "; locked for " + std::to_string(*cfg.lockout_minutes) + " min"));
  }
  d.breach(id, std::move(reason));
}

RuleStatus status(const RuleInput& in) {
  const auto& cfg = in.rules().max_contracts;
  const std::int32_t open = in.account.positions.total_contracts();
  return {.limit = std::int64_t{cfg.limit},
          .current = std::int64_t{open},
          .percent_used = percent_of(open, cfg.limit),
          .detail = "open contracts across all positions"};
}

void tighten_fn(SettingsDiff& d, RulesConfig& m, const RulesConfig& o) {
  using namespace risk::tighten;
  rule(d, "max_contracts", m.max_contracts, o.max_contracts,
       [](SettingsDiff& df, const std::string& k, auto& mm, const auto& oo) {
         higher_looser(df, k + ".limit", mm.limit, oo.limit);
         choice(df, k + ".enforcement", mm.enforcement, oo.enforcement, kMaxContractsEnforcement,
                std::optional{MaxContractsConfig::Enforcement::CloseAll});
         if (mm.lockout_minutes != oo.lockout_minutes) {
           const std::int32_t before = oo.lockout_minutes.value_or(0);
           const std::int32_t after = mm.lockout_minutes.value_or(0);
           auto text = [](std::int32_t v) { return v == 0 ? std::string("none") : std::to_string(v); };
           if (df.record(k + ".lockout_minutes", text(before), text(after),
                         after < before ? ChangeKind::Looser : ChangeKind::Tighter)) {
             mm.lockout_minutes = oo.lockout_minutes;
           }
         }
       });
}

}  // namespace

const RuleSpec kMaxContracts{
    .id = RuleId::MaxContracts,
    .triggers = Trigger::Position | Trigger::Reconcile | Trigger::ConfigReload,
    .runs_while_locked = false,
    .can_lock = true,  // with lockout_minutes
    .enabled = [](const RulesConfig& r) { return r.max_contracts.enabled; },
    .check = &check,
    .status = &status,
    .tighten = &tighten_fn,
};

}  // namespace risk::rules
