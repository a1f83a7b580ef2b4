// RULE-006 trade_frequency_limit: fills per rolling minute, rolling hour and
// since the day's reset. The longest lockout of the windows that broke wins.
#include <algorithm>

#include "rules/rules.hpp"

namespace risk::rules {

namespace {

void check(const RuleInput& in, Decisions& d) {
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

RuleStatus status(const RuleInput& in) {
  const auto& f = in.rules().trade_frequency_limit;
  const std::int32_t m = in.account.counter.count_in(seconds(60), in.now);
  const std::int32_t h = in.account.counter.count_in(minutes(60), in.now);
  const std::int32_t day = in.account.counter.session_count();
  const std::int64_t used =
      std::max({percent_of(m, f.per_minute), percent_of(h, f.per_hour), percent_of(day, f.per_session)});
  return {.limit = std::to_string(f.per_minute) + "/min, " + std::to_string(f.per_hour) + "/h, " +
                   std::to_string(f.per_session) + "/day",
          .current = std::to_string(m) + "/min, " + std::to_string(h) + "/h, " + std::to_string(day) + "/day",
          .percent_used = used,
          .detail = "fills"};
}

void tighten_fn(SettingsDiff& d, RulesConfig& m, const RulesConfig& o) {
  using namespace risk::tighten;
  rule(d, "trade_frequency_limit", m.trade_frequency_limit, o.trade_frequency_limit,
       [](SettingsDiff& df, const std::string& k, auto& mm, const auto& oo) {
         higher_looser(df, k + ".per_minute", mm.per_minute, oo.per_minute);
         higher_looser(df, k + ".per_hour", mm.per_hour, oo.per_hour);
         higher_looser(df, k + ".per_session", mm.per_session, oo.per_session);
         lower_looser(df, k + ".cooldown_seconds.minute", mm.minute_cooldown_seconds, oo.minute_cooldown_seconds);
         lower_looser(df, k + ".cooldown_seconds.hour", mm.hour_cooldown_seconds, oo.hour_cooldown_seconds);
         lower_looser(df, k + ".cooldown_seconds.session", mm.session_cooldown_seconds, oo.session_cooldown_seconds);
         choice(df, k + ".session_lockout", mm.session_lockout, oo.session_lockout, kSessionLockout,
                std::optional{TradeFrequencyConfig::SessionLockout::DailyReset});
       });
}

}  // namespace

const RuleSpec kTradeFrequencyLimit{
    .id = RuleId::TradeFrequencyLimit,
    .triggers = bits(Trigger::Trade),
    .runs_while_locked = false,
    .can_lock = true,
    .enabled = [](const RulesConfig& r) { return r.trade_frequency_limit.enabled; },
    .check = &check,
    .status = &status,
    .tighten = &tighten_fn,
};

}  // namespace risk::rules
