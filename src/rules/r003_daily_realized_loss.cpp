// RULE-003 daily_realized_loss: realized P&L of the day < -loss_limit.
#include "rules/rules.hpp"

namespace risk::rules {

void warn_loss(const RuleInput& in, RuleId id, Decimal value, Decimal limit, Decisions& d, const char* what) {
  if (in.global.warn_at_percent <= 0 || in.global.warn_at_percent >= 100 || limit.is_zero()) return;
  // value <= -limit * pct / 100  (value is negative for a loss)
  const Decimal threshold = Decimal::mul_div(-limit, in.global.warn_at_percent, Decimal::from_int(100));
  if (value > threshold) return;
  d.warn(id, 0, in.global.warn_at_percent,
         std::string(what) + " " + money(value) + " has used " + std::to_string(in.global.warn_at_percent) +
             "% or more of the " + money(limit) + " limit");
}

namespace {

void check(const RuleInput& in, Decisions& d) {
  const auto& cfg = in.rules().daily_realized_loss;
  const RuleId id = RuleId::DailyRealizedLoss;
  const Decimal realized = in.realized();
  if (realized >= -cfg.loss_limit) {
    warn_loss(in, id, realized, cfg.loss_limit, d, "realized P&L");
    return;
  }
  const bool permanent = cfg.lockout_until == LossLockout::Permanent;
  std::string reason =
      "daily realized P&L " + money(realized) + " is beyond the loss limit of -" + money(cfg.loss_limit);
  d.breach(id, reason);
  d.close_all(id);
  d.cancel_all(id);
  d.lockout(make_lockout(in, id, permanent ? LockoutKind::Permanent : LockoutKind::UntilReset,
                         permanent ? std::nullopt : std::optional<Timestamp>(in.account.day.end), std::move(reason)));
}

RuleStatus status(const RuleInput& in) {
  const auto& cfg = in.rules().daily_realized_loss;
  const Decimal realized = in.realized();
  return {.limit = cfg.loss_limit,
          .current = realized,
          .percent_used = percent_of(-realized, cfg.loss_limit),
          .detail = "realized P&L of the day",
          .loss_limit = true,
          .room = cfg.loss_limit + realized};
}

void tighten_fn(SettingsDiff& d, RulesConfig& m, const RulesConfig& o) {
  using namespace risk::tighten;
  rule(d, "daily_realized_loss", m.daily_realized_loss, o.daily_realized_loss,
       [](SettingsDiff& df, const std::string& k, auto& mm, const auto& oo) {
         higher_looser(df, k + ".loss_limit", mm.loss_limit, oo.loss_limit);
         choice(df, k + ".lockout_until", mm.lockout_until, oo.lockout_until, kLossLockout,
                std::optional{LossLockout::Permanent});
       });
}

}  // namespace

const RuleSpec kDailyRealizedLoss{
    .id = RuleId::DailyRealizedLoss,
    .triggers = Trigger::Trade | Trigger::Reconcile | Trigger::ConfigReload,
    .runs_while_locked = false,
    .can_lock = true,
    .enabled = [](const RulesConfig& r) { return r.daily_realized_loss.enabled; },
    .check = &check,
    .status = &status,
    .tighten = &tighten_fn,
};

}  // namespace risk::rules
