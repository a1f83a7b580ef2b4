// RULE-008 no_stop_loss_grace: a position without a protective stop for longer
// than the grace period is closed.
#include <algorithm>

#include "rules/rules.hpp"

namespace risk::rules {

namespace {

void check(const RuleInput& in, Decisions& d) {
  const auto& cfg = in.rules().no_stop_loss_grace;
  const RuleId id = RuleId::NoStopLossGrace;
  for (const auto& s : in.account.positions.all()) {
    if (!s.unprotected_since) continue;
    if (in.now - *s.unprotected_since < seconds(cfg.grace_period_seconds)) continue;
    const auto secs = std::chrono::duration_cast<seconds>(in.now - *s.unprotected_since).count();
    d.breach(id, s.position.contract_id.str() + " has had no protective stop for " + std::to_string(secs) +
                     " s (grace " + std::to_string(cfg.grace_period_seconds) + " s)");
    d.close_position(s.position.contract_id, id);
  }
}

// The first grace period to run out.
Timestamp deadline(const RuleInput& in) {
  Timestamp next = Timestamp::max();
  for (const auto& s : in.account.positions.all()) {
    if (!s.unprotected_since) continue;
    const Timestamp due = *s.unprotected_since + seconds(in.rules().no_stop_loss_grace.grace_period_seconds);
    if (due < next) next = due;
  }
  return next;
}

RuleStatus status(const RuleInput& in) {
  const auto& cfg = in.rules().no_stop_loss_grace;
  std::int64_t worst_s = 0;
  for (const auto& s : in.account.positions.all()) {
    if (s.unprotected_since) {
      worst_s =
          std::max<std::int64_t>(worst_s, std::chrono::duration_cast<seconds>(in.now - *s.unprotected_since).count());
    }
  }
  return {.limit = std::int64_t{cfg.grace_period_seconds},
          .current = worst_s,
          .percent_used = percent_of(worst_s, cfg.grace_period_seconds),
          .detail = "seconds without a protective stop"};
}

void tighten_fn(SettingsDiff& d, RulesConfig& m, const RulesConfig& o) {
  using namespace risk::tighten;
  rule(d, "no_stop_loss_grace", m.no_stop_loss_grace, o.no_stop_loss_grace,
       [](SettingsDiff& df, const std::string& k, auto& mm, const auto& oo) {
         higher_looser(df, k + ".grace_period_seconds", mm.grace_period_seconds, oo.grace_period_seconds);
       });
}

}  // namespace

const RuleSpec kNoStopLossGrace{
    .id = RuleId::NoStopLossGrace,
    .triggers = Trigger::Position | Trigger::Order | Trigger::Timer | Trigger::Reconcile,
    .runs_while_locked = false,
    .can_lock = false,
    .enabled = [](const RulesConfig& r) { return r.no_stop_loss_grace.enabled; },
    .check = &check,
    .deadline = &deadline,
    .status = &status,
    .tighten = &tighten_fn,
};

}  // namespace risk::rules
