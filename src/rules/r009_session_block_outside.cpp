// RULE-009 session_block_outside: positions and working orders outside the
// allowed session are closed / cancelled; the account (or, with a per-root
// session, that root) is locked until the next session start.
#include "rules/rules.hpp"
#include "state/session_calendar.hpp"

namespace risk::rules {

namespace {

struct RootSession {
  SessionWindow window;
  bool per_root = false;
};

RootSession window_for(const SessionBlockConfig& cfg, const ContractId& c) {
  const auto it = cfg.per_root.find(symbol_root(c));
  if (it != cfg.per_root.end()) return {it->second, true};
  return {cfg.window, false};
}

}  // namespace

void session_block_outside(const RuleInput& in, Decisions& d) {
  const auto& cfg = in.rules().session_block_outside;
  const TimeZone& zone = cfg.timezone ? *cfg.timezone : *utc_zone();
  const RuleId id = RuleId::SessionBlockOutside;
  std::optional<Timestamp> account_lock_until;
  std::string account_reason;
  auto outside = [&](const ContractId& c, SessionStatus& st) {
    const RootSession rs = window_for(cfg, c);
    st = in.account.sessions.status(zone, rs.window, in.global.holidays, in.now);
    return std::pair<bool, bool>{!st.open, rs.per_root};
  };
  auto lock = [&](const ContractId& c, bool per_root, const SessionStatus& st, const std::string& why) {
    if (per_root) {
      d.lockout(make_lockout(in, id, LockoutKind::UntilSessionStart, st.next_start, why, symbol_root(c)));
    } else if (!account_lock_until || st.next_start > *account_lock_until) {
      account_lock_until = st.next_start;
      account_reason = why;
    }
  };
  for (const auto& s : in.account.positions.all()) {
    const ContractId& c = s.position.contract_id;
    // Without close_at_session_end, a position carried over the session end may
    // stay; only one opened or grown outside the session is a breach.
    const bool changed_now = in.trigger == Trigger::Position && in.contract != nullptr && *in.contract == c &&
                             in.position_change != nullptr && in.position_change->grew;
    if (!cfg.close_at_session_end && !changed_now) continue;
    SessionStatus st;
    const auto [out, per_root] = outside(c, st);
    if (!out) continue;
    std::string why = "position in " + c.str() + " outside the allowed session (" + std::string(zone.name()) +
                      "); next session starts " + st.next_start.to_iso();
    d.breach(id, why);
    d.close_position(c, id);
    lock(c, per_root, st, why);
  }
  for (const auto& o : in.account.orders.all()) {
    const bool changed_now = in.trigger == Trigger::Order && in.order != nullptr && in.order->id == o.id;
    if (!cfg.close_at_session_end && !changed_now) continue;
    SessionStatus st;
    const auto [out, per_root] = outside(o.contract_id, st);
    if (!out) continue;
    std::string why = "working order " + std::to_string(o.id) + " in " + o.contract_id.str() +
                      " outside the allowed session; next session starts " + st.next_start.to_iso();
    d.breach(id, why);
    d.cancel_order(o.id, id);
    lock(o.contract_id, per_root, st, why);
  }
  if (account_lock_until) {
    d.lockout(make_lockout(in, id, LockoutKind::UntilSessionStart, *account_lock_until, std::move(account_reason)));
  }
}

Timestamp session_deadline(const AccountState& a, const GlobalSettings& g, const RulesConfig& rules, Timestamp now) {
  const auto& cfg = rules.session_block_outside;
  if (!cfg.close_at_session_end) return Timestamp::max();
  Timestamp next = Timestamp::max();
  const TimeZone& zone = cfg.timezone ? *cfg.timezone : *utc_zone();
  auto consider = [&](const ContractId& c) {
    const RootSession rs = window_for(cfg, c);
    const SessionStatus st = a.sessions.status(zone, rs.window, g.holidays, now);
    const Timestamp t = st.open ? st.current_end : now;  // outside: due now
    if (t < next) next = t;
  };
  for (const auto& s : a.positions.all()) consider(s.position.contract_id);
  for (const auto& o : a.orders.all()) consider(o.contract_id);
  return next;
}

}  // namespace risk::rules
