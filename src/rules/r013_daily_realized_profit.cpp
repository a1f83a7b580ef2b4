// RULE-013 daily_realized_profit: lock in a good day.
#include "rules/rules.hpp"

namespace risk::rules {

void daily_realized_profit(const RuleInput& in, Decisions& d) {
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

}  // namespace risk::rules
