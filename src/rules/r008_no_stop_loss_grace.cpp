// RULE-008 no_stop_loss_grace: a position without a protective stop for longer
// than the grace period is closed.
#include "rules/rules.hpp"

namespace risk::rules {

void no_stop_loss_grace(const RuleInput& in, Decisions& d) {
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

Timestamp no_stop_loss_deadline(const AccountState& a, const RulesConfig& rules) {
  Timestamp next = Timestamp::max();
  for (const auto& s : a.positions.all()) {
    if (!s.unprotected_since) continue;
    const Timestamp due = *s.unprotected_since + seconds(rules.no_stop_loss_grace.grace_period_seconds);
    if (due < next) next = due;
  }
  return next;
}

}  // namespace risk::rules
