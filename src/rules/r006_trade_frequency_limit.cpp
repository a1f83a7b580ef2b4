// RULE-006 trade_frequency_limit: fills per rolling minute, rolling hour and
// since the day's reset. The longest lockout of the windows that broke wins.
#include "rules/rules.hpp"

namespace risk::rules {

void trade_frequency_limit(const RuleInput& in, Decisions& d) {
  if (in.trade == nullptr || in.trade_applied == nullptr) return;
  if (in.trade_applied->outcome != PnlTracker::Outcome::Counted || in.trade->voided) return;
  const auto& cfg = in.rules().trade_frequency_limit;
  const RuleId id = RuleId::TradeFrequencyLimit;
  const Timestamp t = in.trade->created;
  const std::int32_t per_min = in.account.counter.count_in(seconds(60), t);
  const std::int32_t per_hour = in.account.counter.count_in(minutes(60), t);
  const std::int32_t per_session = in.account.counter.session_count();

  std::optional<Lockout> chosen;
  std::string reasons;
  auto consider = [&](Lockout l, const std::string& why) {
    if (!reasons.empty()) reasons += "; ";
    reasons += why;
    if (!chosen || lockout_end(l) > lockout_end(*chosen)) chosen = std::move(l);
  };
  if (per_min > cfg.per_minute) {
    consider(make_lockout(in, id, LockoutKind::Cooldown, cooldown_end(t, in.now, cfg.minute_cooldown_seconds), {}),
             std::to_string(per_min) + " fills in the last minute (limit " + std::to_string(cfg.per_minute) + ")");
  }
  if (per_hour > cfg.per_hour) {
    consider(make_lockout(in, id, LockoutKind::Cooldown, cooldown_end(t, in.now, cfg.hour_cooldown_seconds), {}),
             std::to_string(per_hour) + " fills in the last hour (limit " + std::to_string(cfg.per_hour) + ")");
  }
  if (per_session > cfg.per_session) {
    Lockout l =
        cfg.session_lockout == TradeFrequencyConfig::SessionLockout::DailyReset
            ? make_lockout(in, id, LockoutKind::UntilReset, in.account.day.end, {})
            : make_lockout(in, id, LockoutKind::Cooldown, cooldown_end(t, in.now, cfg.session_cooldown_seconds), {});
    consider(std::move(l),
             std::to_string(per_session) + " fills today (limit " + std::to_string(cfg.per_session) + ")");
  }
  if (!chosen) {
    if (per_min == cfg.per_minute) {
      d.warn(id, static_cast<std::uint32_t>(t.seconds_floor()), 100,
             std::to_string(per_min) + " of " + std::to_string(cfg.per_minute) +
                 " fills this minute: the next fill locks the account");
    }
    return;
  }
  // A cooldown that already ran out (a fill replayed after a restart) needs nothing.
  if (chosen->kind == LockoutKind::Cooldown && chosen->until && *chosen->until <= in.now) return;
  chosen->reason = "overtrading: " + reasons;
  d.breach(id, chosen->reason);
  d.close_all(id);
  d.cancel_all(id);
  d.lockout(std::move(*chosen));
}

}  // namespace risk::rules
