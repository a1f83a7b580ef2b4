// RULE-013 daily_realized_profit: lock in a good day.
#include "rules/rules.hpp"

namespace risk::rules {

namespace {

void check(const RuleInput& in, Decisions& d) {
  const auto& cfg = in.rules().daily_realized_profit;
  const RuleId id = RuleId::DailyRealizedProfit;
  const Decimal realized = in.realized();
  if (realized < cfg.profit_target) return;
  std::string reason = "daily realized P&L " + money(realized) + " reached the profit target of " +
                       money(cfg.profit_target) + ": day locked in";
  d.breach(id, reason);
  d.close_all(id);
  d.cancel_all(id);
  d.lockout(make_lockout(in, id, LockoutKind::UntilReset, in.account.day.end, std::move(reason)));
}

RuleStatus status(const RuleInput& in) {
  const auto& cfg = in.rules().daily_realized_profit;
  const Decimal realized = in.realized();
  return {.limit = cfg.profit_target,
          .current = realized,
          .percent_used = percent_of(realized, cfg.profit_target),
          .detail = "realized P&L of the day"};
}

void tighten_fn(SettingsDiff& d, RulesConfig& m, const RulesConfig& o) {
  using namespace risk::tighten;
  rule(d, "daily_realized_profit", m.daily_realized_profit, o.daily_realized_profit,
       [](SettingsDiff& df, const std::string& k, auto& mm, const auto& oo) {
         higher_looser(df, k + ".profit_target", mm.profit_target, oo.profit_target);
       });
}

}  // namespace

const RuleSpec kDailyRealizedProfit{
    .id = RuleId::DailyRealizedProfit,
    .triggers = Trigger::Trade | Trigger::Reconcile | Trigger::ConfigReload,
    .runs_while_locked = false,
    .can_lock = true,
    .enabled = [](const RulesConfig& r) { return r.daily_realized_profit.enabled; },
    .check = &check,
    .status = &status,
    .tighten = &tighten_fn,
};

}  // namespace risk::rules
