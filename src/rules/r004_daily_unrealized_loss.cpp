// RULE-004 daily_unrealized_loss: per position (close it) or total with the
// day's realized P&L (close all, cancel all, lock until reset).
#include "rules/rules.hpp"

namespace risk::rules {

namespace {

void check(const RuleInput& in, Decisions& d) {
  const auto& cfg = in.rules().daily_unrealized_loss;
  const RuleId id = RuleId::DailyUnrealizedLoss;
  if (cfg.scope == DailyUnrealizedLossConfig::Scope::PerPosition) {
    for (const auto& s : in.account.positions.all()) {
      if (in.contract != nullptr && in.trigger == Trigger::Quote && s.position.contract_id != *in.contract) continue;
      const Valuation v = in.value(s.position);
      if (!v.known() || v.pnl >= -cfg.loss_limit) continue;
      d.breach(id, "unrealized P&L " + money(v.pnl) + " on " + s.position.contract_id.str() + " (mark " +
                       v.mark.to_string() + ") is beyond the per-position loss limit of -" + money(cfg.loss_limit));
      d.close_position(s.position.contract_id, id);
    }
    return;
  }
  // Total: realized of the day + unrealized of every position. Judged only when
  // every open position can be valued (no breach on missing data).
  Decimal total = in.realized();
  for (const auto& s : in.account.positions.all()) {
    const Valuation v = in.value(s.position);
    if (!v.known()) return;
    total += v.pnl;
  }
  if (total >= -cfg.loss_limit) {
    warn_loss(in, id, total, cfg.loss_limit, d, "total daily P&L");
    return;
  }
  std::string reason = "total daily P&L " + money(total) + " (realized " + money(in.realized()) +
                       " + unrealized) is beyond the loss limit of -" + money(cfg.loss_limit);
  d.breach(id, reason);
  d.close_all(id);
  d.cancel_all(id);
  d.lockout(make_lockout(in, id, LockoutKind::UntilReset, in.account.day.end, std::move(reason)));
}

RuleStatus status(const RuleInput& in) {
  const auto& cfg = in.rules().daily_unrealized_loss;
  const bool total = cfg.scope == DailyUnrealizedLossConfig::Scope::Total;
  const OpenPnl open = open_pnl(in);
  const Decimal current = total ? in.realized() + open.total : open.worst;
  const bool judged = !total || open.all_valued;
  return {.limit = cfg.loss_limit,
          .current = current,
          .percent_used = judged ? percent_of(-current, cfg.loss_limit) : std::nullopt,
          .detail = total ? "realized + unrealized of the day" : "worst open position",
          .loss_limit = true,
          .room = judged ? std::optional(cfg.loss_limit + current) : std::nullopt};
}

void tighten_fn(SettingsDiff& d, RulesConfig& m, const RulesConfig& o) {
  using namespace risk::tighten;
  rule(d, "daily_unrealized_loss", m.daily_unrealized_loss, o.daily_unrealized_loss,
       [](SettingsDiff& df, const std::string& k, auto& mm, const auto& oo) {
         higher_looser(df, k + ".loss_limit", mm.loss_limit, oo.loss_limit);
         choice(df, k + ".scope", mm.scope, oo.scope, kUnrealizedScope,
                std::optional<DailyUnrealizedLossConfig::Scope>{});
       });
}

}  // namespace

const RuleSpec kDailyUnrealizedLoss{
    .id = RuleId::DailyUnrealizedLoss,
    .triggers = Trigger::Quote | Trigger::Position | Trigger::Reconcile,
    .runs_while_locked = false,
    .can_lock = true,  // scope: total
    .enabled = [](const RulesConfig& r) { return r.daily_unrealized_loss.enabled; },
    .check = &check,
    .status = &status,
    .tighten = &tighten_fn,
};

}  // namespace risk::rules
