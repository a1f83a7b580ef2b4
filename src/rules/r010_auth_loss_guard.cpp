// RULE-010 auth_loss_guard: the gateway says the account may not trade.
#include "rules/rules.hpp"

namespace risk::rules {

void auth_loss_guard(const RuleInput& in, Decisions& d) {
  if (in.account.can_trade()) return;
  const auto& cfg = in.rules().auth_loss_guard;
  const RuleId id = RuleId::AuthLossGuard;
  // Already recorded: nothing new to decide (the gate keeps the account flat).
  for (const auto& l : in.account.lockouts.all()) {
    if (l.rule == id) return;
  }
  std::string reason = "the gateway reports canTrade: false for this account";
  reason += cfg.auto_unlock ? "; locked until the broker allows trading again" : "; locked until an admin clears it";
  d.breach(id, reason);
  d.close_all(id);
  d.cancel_all(id);
  d.lockout(make_lockout(in, id, cfg.auto_unlock ? LockoutKind::UntilBrokerFlag : LockoutKind::Permanent, std::nullopt,
                         std::move(reason)));
}

}  // namespace risk::rules
