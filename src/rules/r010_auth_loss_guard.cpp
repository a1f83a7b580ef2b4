// RULE-010 auth_loss_guard: the gateway says the account may not trade.
#include "rules/rules.hpp"

namespace risk::rules {

namespace {

void check(const RuleInput& in, Decisions& d) {
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

// canTrade came back: the lockout that waits for the broker's flag ends.
std::optional<LockoutRelease> release(const RuleInput& in, const Lockout& l) {
  if (in.account_info == nullptr || !in.account_info->can_trade) return std::nullopt;
  if (!in.rules().auth_loss_guard.auto_unlock || l.kind != LockoutKind::UntilBrokerFlag) return std::nullopt;
  return LockoutRelease{ClearedBy::BrokerFlag, "the gateway reports canTrade: true"};
}

RuleStatus status(const RuleInput& in) {
  const bool can = in.account.can_trade();
  return {.current = can, .percent_used = can ? 0 : 100, .detail = "the gateway's canTrade flag"};
}

void tighten_fn(SettingsDiff& d, RulesConfig& m, const RulesConfig& o) {
  using namespace risk::tighten;
  rule(d, "auth_loss_guard", m.auth_loss_guard, o.auth_loss_guard,
       [](SettingsDiff& df, const std::string& k, auto& mm, const auto& oo) {
         flag(df, k + ".auto_unlock", mm.auto_unlock, oo.auto_unlock, false);
       });
}

}  // namespace

const RuleSpec kAuthLossGuard{
    .id = RuleId::AuthLossGuard,
    .triggers = Trigger::Account | Trigger::Reconcile,
    .runs_while_locked = true,  // the flag can go while another lockout runs; its lockout outlasts a cooldown
    .can_lock = true,
    .enabled = [](const RulesConfig& r) { return r.auth_loss_guard.enabled; },
    .check = &check,
    .release_on = Trigger::Account | Trigger::Reconcile,
    .release = &release,
    .status = &status,
    .tighten = &tighten_fn,
};

}  // namespace risk::rules
