// RULE-007 cooldown_after_loss: one losing closing fill at or beyond a tier.
#include "rules/rules.hpp"

namespace risk::rules {

void cooldown_after_loss(const RuleInput& in, Decisions& d) {
  if (in.trade == nullptr || in.trade_applied == nullptr) return;
  if (in.trade_applied->outcome != PnlTracker::Outcome::Counted || in.trade->voided) return;
  if (!in.trade->profit_and_loss) return;  // opening fills have no P&L
  const auto& cfg = in.rules().cooldown_after_loss;
  const RuleId id = RuleId::CooldownAfterLoss;
  Decimal net = *in.trade->profit_and_loss;
  if (in.global.include_fees) net -= in.trade->fees + in.trade->commissions;
  const LossTier* worst = nullptr;
  for (const auto& tier : cfg.tiers) {
    if (net <= tier.loss && (worst == nullptr || tier.loss < worst->loss)) worst = &tier;
  }
  if (worst == nullptr) return;
  const Timestamp until = cooldown_end(in.trade->created, in.now, worst->seconds);
  if (until <= in.now) return;  // replayed fill whose cooldown already ran out
  std::string reason = "losing trade " + money(net) + " on " + in.trade->contract_id.str() + " (tier " +
                       money(worst->loss) + "): cooling down for " + std::to_string(worst->seconds) + " s";
  d.breach(id, reason);
  d.close_all(id);
  d.cancel_all(id);
  d.lockout(make_lockout(in, id, LockoutKind::Cooldown, until, std::move(reason)));
}

}  // namespace risk::rules
