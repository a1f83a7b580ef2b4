// RULE-009 session_block_outside: positions and working orders outside the
// allowed session are closed / cancelled; the account (or, with a per-root
// session, that root) is locked until the next session start.
#include <bitset>
#include <set>

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

void check(const RuleInput& in, Decisions& d) {
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

// The end of the session a position or working order is in (or now, when one
// is outside already), while close_at_session_end holds.
Timestamp deadline(const RuleInput& in) {
  const auto& cfg = in.rules().session_block_outside;
  const AccountState& a = in.account;
  if (!cfg.close_at_session_end || (a.positions.empty() && a.orders.empty())) return Timestamp::max();
  Timestamp next = Timestamp::max();
  const TimeZone& zone = cfg.timezone ? *cfg.timezone : *utc_zone();
  auto consider = [&](const ContractId& c) {
    const RootSession rs = window_for(cfg, c);
    const SessionStatus st = a.sessions.status(zone, rs.window, in.global.holidays, in.now);
    const Timestamp t = st.open ? st.current_end : in.now;  // outside: due now
    if (t < next) next = t;
  };
  for (const auto& s : a.positions.all()) consider(s.position.contract_id);
  for (const auto& o : a.orders.all()) consider(o.contract_id);
  return next;
}

RuleStatus status(const RuleInput& in) {
  const auto& cfg = in.rules().session_block_outside;
  return {.limit = time_text(cfg.window.start) + "-" + time_text(cfg.window.end), .detail = cfg.timezone_name};
}

// Looser when the new window allows some minute the old one did not.
using Minutes = std::bitset<1440>;
Minutes allowed(const SessionWindow& w) {
  Minutes out;
  for (std::int32_t i = 0; i < 1440; ++i) {
    const bool in =
        w.start < w.end ? (i >= w.start.minutes && i < w.end.minutes) : (i >= w.start.minutes || i < w.end.minutes);
    if (in) out.set(static_cast<std::size_t>(i));
  }
  return out;
}
ChangeKind window_kind(const SessionWindow& o, const SessionWindow& m) {
  return (allowed(m) & ~allowed(o)).any() ? ChangeKind::Looser : ChangeKind::Tighter;
}
SessionWindow root_window(const SessionBlockConfig& c, const SymbolRoot& r) {
  if (auto it = c.per_root.find(r); it != c.per_root.end()) return it->second;
  return c.window;
}

void session(SettingsDiff& d, const std::string& key, SessionBlockConfig& m, const SessionBlockConfig& o) {
  using tighten::str;
  if (m.timezone_name != o.timezone_name) {
    // Moving the window to another zone has no clear direction: all of it waits.
    if (d.record(key + ".timezone", o.timezone_name, m.timezone_name, ChangeKind::Looser)) {
      const bool enabled = m.enabled;
      m = o;
      m.enabled = enabled;
      return;
    }
  }
  if (m.window != o.window) {
    if (d.record(key + ".window", str(o.window), str(m.window), window_kind(o.window, m.window))) m.window = o.window;
  }
  std::set<SymbolRoot> roots;
  for (const auto& [r, w] : o.per_root) roots.insert(r);
  for (const auto& [r, w] : m.per_root) roots.insert(r);
  for (const auto& r : roots) {
    const SessionWindow before = root_window(o, r);
    const SessionWindow after = root_window(m, r);
    if (before == after) continue;
    if (d.record(key + ".sessions." + r.str(), str(before), str(after), window_kind(before, after))) {
      if (o.per_root.count(r) == 0 && m.window == before) {
        m.per_root.erase(r);  // it followed the default window, and still can
      } else {
        m.per_root[r] = before;
      }
    }
  }
  tighten::flag(d, key + ".close_at_session_end", m.close_at_session_end, o.close_at_session_end, true);
}

void tighten_fn(SettingsDiff& d, RulesConfig& m, const RulesConfig& o) {
  tighten::rule(d, "session_block_outside", m.session_block_outside, o.session_block_outside, session);
}

}  // namespace

const RuleSpec kSessionBlockOutside{
    .id = RuleId::SessionBlockOutside,
    .triggers = Trigger::Position | Trigger::Order | Trigger::Timer | Trigger::Reconcile | Trigger::ConfigReload,
    .runs_while_locked = false,
    .can_lock = true,
    .enabled = [](const RulesConfig& r) { return r.session_block_outside.enabled; },
    .check = &check,
    .deadline = &deadline,
    .status = &status,
    .tighten = &tighten_fn,
};

}  // namespace risk::rules
