#include "config/tighten.hpp"

#include <algorithm>
#include <bitset>
#include <limits>
#include <set>

#include "config/names.hpp"

namespace risk::config {
namespace {

// Records changes for one scope (the global section or one account) and says
// whether a change must be held.
class Diff {
 public:
  Diff(bool lock, AccountId account, std::string when, std::vector<SettingChange>& out)
      : lock_(lock), account_(account), when_(std::move(when)), out_(out) {}

  // Returns true when the caller must restore the old value.
  bool record(std::string key, std::string from, std::string to, ChangeKind kind) {
    if (neutral_) kind = ChangeKind::Neutral;
    const bool hold = lock_ && kind == ChangeKind::Looser;
    out_.push_back(SettingChange{account_, std::move(key), std::move(from), std::move(to), kind, hold,
                                 hold ? when_ : std::string{}});
    held_any_ = held_any_ || hold;
    return hold;
  }
  void set_neutral(bool v) { neutral_ = v; }
  [[nodiscard]] bool held_any() const { return held_any_; }

 private:
  bool lock_;
  AccountId account_;
  std::string when_;
  std::vector<SettingChange>& out_;
  bool neutral_ = false;
  bool held_any_ = false;
};

std::string str(bool v) { return v ? "true" : "false"; }
std::string str(std::int32_t v) { return std::to_string(v); }
std::string str(Decimal v) { return v.to_string(); }
std::string str(TimeOfDay t) { return time_text(t); }
std::string str(const SessionWindow& w) { return time_text(w.start) + "-" + time_text(w.end); }

template <typename T>
ChangeKind direction(const T& old_v, const T& new_v, bool higher_is_looser) {
  if (old_v == new_v) return ChangeKind::Neutral;
  return ((new_v > old_v) == higher_is_looser) ? ChangeKind::Looser : ChangeKind::Tighter;
}

// A plain field: restore `merged` to `old_v` when the change is held.
template <typename T, typename Fmt>
void field(Diff& d, const std::string& key, T& merged, const T& old_v, ChangeKind kind, Fmt fmt) {
  if (merged == old_v) return;
  if (d.record(key, fmt(old_v), fmt(merged), kind)) merged = old_v;
}
template <typename T>
void higher_looser(Diff& d, const std::string& key, T& merged, const T& old_v) {
  field(d, key, merged, old_v, direction(old_v, merged, true), [](const T& v) { return str(v); });
}
template <typename T>
void lower_looser(Diff& d, const std::string& key, T& merged, const T& old_v) {
  field(d, key, merged, old_v, direction(old_v, merged, false), [](const T& v) { return str(v); });
}
// A flag whose `strict` value is the tighter one.
void flag(Diff& d, const std::string& key, bool& merged, bool old_v, bool strict) {
  field(d, key, merged, old_v, merged == strict ? ChangeKind::Tighter : ChangeKind::Looser,
        [](bool v) { return str(v); });
}
// An enum where `strict` is the tighter value (two-valued) or any change is looser (strict absent).
template <typename E>
void choice(Diff& d, const std::string& key, E& merged, E old_v, const NameTable<E>& names, std::optional<E> strict) {
  const ChangeKind kind = strict && merged == *strict ? ChangeKind::Tighter : ChangeKind::Looser;
  field(d, key, merged, old_v, kind, [&](E v) { return std::string(name_of(names, v)); });
}

// A whole rule: disabling it is looser (the old rule stays); edits of a rule that
// is disabled now apply at once; otherwise field by field.
template <typename R, typename Fields>
void rule(Diff& d, std::string_view name, R& merged, const R& old_v, Fields fields) {
  if (merged == old_v) return;
  const std::string key = "rules." + std::string(name);
  if (old_v.enabled && !merged.enabled) {
    if (d.record(key + ".enabled", "true", "false", ChangeKind::Looser)) merged = old_v;
    return;
  }
  if (!old_v.enabled) {
    if (merged.enabled) d.record(key + ".enabled", "false", "true", ChangeKind::Tighter);
    d.set_neutral(true);  // the rule was off: nothing it enforced gets looser, so edits apply at once
    fields(d, key, merged, old_v);
    d.set_neutral(false);
    return;
  }
  fields(d, key, merged, old_v);
}

// ---- per-rule fields ---------------------------------------------------------

constexpr std::int64_t kUnlimited = std::numeric_limits<std::int64_t>::max();

std::int64_t unknown_policy_value(const MaxContractsPerInstrumentConfig& c) {
  switch (c.unknown_symbol) {
    case MaxContractsPerInstrumentConfig::UnknownSymbol::Block:
      return 0;
    case MaxContractsPerInstrumentConfig::UnknownSymbol::Limit:
      return c.unknown_limit;
    case MaxContractsPerInstrumentConfig::UnknownSymbol::Allow:
      return kUnlimited;
  }
  return 0;
}
std::int64_t root_limit(const MaxContractsPerInstrumentConfig& c, const SymbolRoot& r) {
  if (auto it = c.limits.find(r); it != c.limits.end()) return it->second;
  return unknown_policy_value(c);
}
std::string limit_text(std::int64_t v) { return v == kUnlimited ? "unlimited" : std::to_string(v); }

void per_instrument(Diff& d, const std::string& key, MaxContractsPerInstrumentConfig& m,
                    const MaxContractsPerInstrumentConfig& o) {
  if (unknown_policy_value(m) != unknown_policy_value(o)) {
    const bool looser = unknown_policy_value(m) > unknown_policy_value(o);
    if (d.record(key + ".unknown_symbol", unknown_symbol_text(o), unknown_symbol_text(m),
                 looser ? ChangeKind::Looser : ChangeKind::Tighter)) {
      m.unknown_symbol = o.unknown_symbol;
      m.unknown_limit = o.unknown_limit;
    }
  }
  std::set<SymbolRoot> roots;
  for (const auto& [r, n] : o.limits) roots.insert(r);
  for (const auto& [r, n] : m.limits) roots.insert(r);
  for (const auto& r : roots) {
    const std::int64_t before = root_limit(o, r);
    const std::int64_t after = root_limit(m, r);
    if (before == after) continue;
    if (d.record(key + ".limits." + r.str(), limit_text(before), limit_text(after),
                 after > before ? ChangeKind::Looser : ChangeKind::Tighter)) {
      // Back to the old value: the old entry, or no entry when the (same) unknown_symbol policy gave it.
      if (o.limits.count(r) == 0 && unknown_policy_value(m) == before) {
        m.limits.erase(r);
      } else {
        m.limits[r] = static_cast<std::int32_t>(before);
      }
    }
  }
  choice(d, key + ".enforcement", m.enforcement, o.enforcement, kPerInstrumentEnforcement,
         std::optional{MaxContractsPerInstrumentConfig::Enforcement::ClosePosition});
}

// Cooldown seconds for a closing fill with P&L `p`: the most severe matching tier.
std::int32_t cooldown_for(const std::vector<LossTier>& tiers, Decimal p) {
  std::int32_t best = 0;
  for (const auto& t : tiers) {
    if (p <= t.loss) best = std::max(best, t.seconds);
  }
  return best;
}
std::string tiers_text(const std::vector<LossTier>& tiers) {
  std::string s = "[";
  for (const auto& t : tiers)
    s += (s.size() > 1 ? ", " : "") + t.loss.to_string() + ": " + std::to_string(t.seconds) + "s";
  return s + "]";
}

void tiers(Diff& d, const std::string& key, std::vector<LossTier>& m, const std::vector<LossTier>& o) {
  if (m == o) return;
  bool looser = false;
  std::vector<Decimal> points;
  for (const auto& t : o) points.push_back(t.loss);
  for (const auto& t : m) points.push_back(t.loss);
  for (const auto& p : points) looser = looser || cooldown_for(m, p) < cooldown_for(o, p);
  if (!d.record(key, tiers_text(o), tiers_text(m), looser ? ChangeKind::Looser : ChangeKind::Tighter)) return;
  // Held: apply the stricter of both tier sets now (for every loss the longer cooldown),
  // so the tightening part of a mixed edit is not delayed.
  std::vector<LossTier> both = o;
  for (const auto& t : m) {
    auto it = std::find_if(both.begin(), both.end(), [&](const LossTier& x) { return x.loss == t.loss; });
    if (it == both.end()) {
      both.push_back(t);
    } else {
      it->seconds = std::max(it->seconds, t.seconds);
    }
  }
  std::sort(both.begin(), both.end(), [](const LossTier& a, const LossTier& b) { return a.loss > b.loss; });
  m = std::move(both);
}

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
// Looser when the new window allows some minute the old one did not.
ChangeKind window_kind(const SessionWindow& o, const SessionWindow& m) {
  return (allowed(m) & ~allowed(o)).any() ? ChangeKind::Looser : ChangeKind::Tighter;
}
SessionWindow root_window(const SessionBlockConfig& c, const SymbolRoot& r) {
  if (auto it = c.per_root.find(r); it != c.per_root.end()) return it->second;
  return c.window;
}

void session(Diff& d, const std::string& key, SessionBlockConfig& m, const SessionBlockConfig& o) {
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
  flag(d, key + ".close_at_session_end", m.close_at_session_end, o.close_at_session_end, true);
}

void symbol_blocks(Diff& d, const std::string& key, SymbolBlocksConfig& m, const SymbolBlocksConfig& o) {
  for (const auto& r : o.blocked_symbols) {
    if (std::find(m.blocked_symbols.begin(), m.blocked_symbols.end(), r) != m.blocked_symbols.end()) continue;
    if (d.record(key + ".blocked_symbols", "blocks " + r.str(), "unblocks " + r.str(), ChangeKind::Looser)) {
      m.blocked_symbols.push_back(r);
    }
  }
  for (const auto& r : m.blocked_symbols) {
    if (std::find(o.blocked_symbols.begin(), o.blocked_symbols.end(), r) != o.blocked_symbols.end()) continue;
    d.record(key + ".blocked_symbols", "allows " + r.str(), "blocks " + r.str(), ChangeKind::Tighter);
  }
  flag(d, key + ".close_existing", m.close_existing, o.close_existing, true);
}

void rules(Diff& d, RulesConfig& m, const RulesConfig& o) {
  rule(d, "max_contracts", m.max_contracts, o.max_contracts,
       [](Diff& df, const std::string& k, auto& mm, const auto& oo) {
         higher_looser(df, k + ".limit", mm.limit, oo.limit);
         choice(df, k + ".enforcement", mm.enforcement, oo.enforcement, kMaxContractsEnforcement,
                std::optional{MaxContractsConfig::Enforcement::CloseAll});
         if (mm.lockout_minutes != oo.lockout_minutes) {
           const std::int32_t before = oo.lockout_minutes.value_or(0);
           const std::int32_t after = mm.lockout_minutes.value_or(0);
           auto text = [](std::int32_t v) { return v == 0 ? std::string("none") : std::to_string(v); };
           if (df.record(k + ".lockout_minutes", text(before), text(after),
                         after < before ? ChangeKind::Looser : ChangeKind::Tighter)) {
             mm.lockout_minutes = oo.lockout_minutes;
           }
         }
       });
  rule(d, "max_contracts_per_instrument", m.max_contracts_per_instrument, o.max_contracts_per_instrument,
       per_instrument);
  rule(d, "daily_realized_loss", m.daily_realized_loss, o.daily_realized_loss,
       [](Diff& df, const std::string& k, auto& mm, const auto& oo) {
         higher_looser(df, k + ".loss_limit", mm.loss_limit, oo.loss_limit);
         choice(df, k + ".lockout_until", mm.lockout_until, oo.lockout_until, kLossLockout,
                std::optional{LossLockout::Permanent});
       });
  rule(d, "daily_unrealized_loss", m.daily_unrealized_loss, o.daily_unrealized_loss,
       [](Diff& df, const std::string& k, auto& mm, const auto& oo) {
         higher_looser(df, k + ".loss_limit", mm.loss_limit, oo.loss_limit);
         choice(df, k + ".scope", mm.scope, oo.scope, kUnrealizedScope,
                std::optional<DailyUnrealizedLossConfig::Scope>{});
       });
  rule(d, "max_unrealized_profit", m.max_unrealized_profit, o.max_unrealized_profit,
       [](Diff& df, const std::string& k, auto& mm, const auto& oo) {
         choice(df, k + ".mode", mm.mode, oo.mode, kProfitMode, std::optional<MaxUnrealizedProfitConfig::Mode>{});
         higher_looser(df, k + ".profit_target", mm.profit_target, oo.profit_target);
         higher_looser(df, k + ".arm_at", mm.arm_at, oo.arm_at);
       });
  rule(d, "trade_frequency_limit", m.trade_frequency_limit, o.trade_frequency_limit,
       [](Diff& df, const std::string& k, auto& mm, const auto& oo) {
         higher_looser(df, k + ".per_minute", mm.per_minute, oo.per_minute);
         higher_looser(df, k + ".per_hour", mm.per_hour, oo.per_hour);
         higher_looser(df, k + ".per_session", mm.per_session, oo.per_session);
         lower_looser(df, k + ".cooldown_seconds.minute", mm.minute_cooldown_seconds, oo.minute_cooldown_seconds);
         lower_looser(df, k + ".cooldown_seconds.hour", mm.hour_cooldown_seconds, oo.hour_cooldown_seconds);
         lower_looser(df, k + ".cooldown_seconds.session", mm.session_cooldown_seconds, oo.session_cooldown_seconds);
         choice(df, k + ".session_lockout", mm.session_lockout, oo.session_lockout, kSessionLockout,
                std::optional{TradeFrequencyConfig::SessionLockout::DailyReset});
       });
  rule(d, "cooldown_after_loss", m.cooldown_after_loss, o.cooldown_after_loss,
       [](Diff& df, const std::string& k, auto& mm, const auto& oo) { tiers(df, k + ".tiers", mm.tiers, oo.tiers); });
  rule(d, "no_stop_loss_grace", m.no_stop_loss_grace, o.no_stop_loss_grace,
       [](Diff& df, const std::string& k, auto& mm, const auto& oo) {
         higher_looser(df, k + ".grace_period_seconds", mm.grace_period_seconds, oo.grace_period_seconds);
       });
  rule(d, "session_block_outside", m.session_block_outside, o.session_block_outside, session);
  rule(d, "auth_loss_guard", m.auth_loss_guard, o.auth_loss_guard,
       [](Diff& df, const std::string& k, auto& mm, const auto& oo) {
         flag(df, k + ".auto_unlock", mm.auto_unlock, oo.auto_unlock, false);
       });
  rule(d, "symbol_blocks", m.symbol_blocks, o.symbol_blocks, symbol_blocks);
  rule(d, "trade_management", m.trade_management, o.trade_management,
       [](Diff& df, const std::string& k, auto& mm, const auto& oo) {
         flag(df, k + ".breakeven.enabled", mm.breakeven_enabled, oo.breakeven_enabled, true);
         higher_looser(df, k + ".breakeven.trigger_ticks", mm.breakeven_trigger_ticks, oo.breakeven_trigger_ticks);
         lower_looser(df, k + ".breakeven.offset_ticks", mm.breakeven_offset_ticks, oo.breakeven_offset_ticks);
         flag(df, k + ".trailing.enabled", mm.trailing_enabled, oo.trailing_enabled, true);
         higher_looser(df, k + ".trailing.activation_ticks", mm.trailing_activation_ticks,
                       oo.trailing_activation_ticks);
         higher_looser(df, k + ".trailing.distance_ticks", mm.trailing_distance_ticks, oo.trailing_distance_ticks);
       });
  rule(d, "daily_realized_profit", m.daily_realized_profit, o.daily_realized_profit,
       [](Diff& df, const std::string& k, auto& mm, const auto& oo) {
         higher_looser(df, k + ".profit_target", mm.profit_target, oo.profit_target);
       });
}

void global(Diff& d, GlobalSettings& m, const GlobalSettings& o) {
  field(d, "global.reset_time", m.reset_time, o.reset_time, ChangeKind::Looser, [](TimeOfDay t) { return str(t); });
  field(d, "global.timezone", m.timezone_name, o.timezone_name, ChangeKind::Looser,
        [](const std::string& s) { return s; });
  flag(d, "global.include_fees", m.include_fees, o.include_fees, true);
  choice(d, "global.mark_price", m.mark_price, o.mark_price, kMarkPrice, std::optional{MarkPriceMode::BidAsk});
  lower_looser(d, "global.max_quote_age_seconds", m.max_quote_age_seconds, o.max_quote_age_seconds);
  for (const auto& day : o.holidays) {
    if (std::find(m.holidays.begin(), m.holidays.end(), day) != m.holidays.end()) continue;
    if (d.record("global.holidays", "closed " + date_text(day), "open " + date_text(day), ChangeKind::Looser)) {
      m.holidays.push_back(day);
    }
  }
  for (const auto& day : m.holidays) {
    if (std::find(o.holidays.begin(), o.holidays.end(), day) == o.holidays.end()) {
      d.record("global.holidays", "open " + date_text(day), "closed " + date_text(day), ChangeKind::Tighter);
    }
  }
  std::sort(m.holidays.begin(), m.holidays.end());
  field(d, "global.warn_at_percent", m.warn_at_percent, o.warn_at_percent, ChangeKind::Neutral,
        [](std::int32_t v) { return str(v); });
  choice(d, "global.settings_lock", m.settings_lock, o.settings_lock, kSettingsLock,
         std::optional{SettingsLock::TightenOnly});
}

std::string reset_text(const AccountSettings& a) {
  return "the next daily reset of account " + std::to_string(a.account_id) + " (" + time_text(a.reset_time) + " " +
         a.timezone_name + ")";
}

}  // namespace

std::string SettingChange::describe() const {
  const char* k = kind == ChangeKind::Looser ? "looser" : kind == ChangeKind::Tighter ? "tighter" : "neutral";
  std::string s = key + " " + from + " -> " + to + " (" + k + ")";
  if (held) return s + " held until " + when;
  return s + (account_id == 0 ? " applies now" : " applies now to account " + std::to_string(account_id));
}

std::vector<SettingChange> LockSplit::held() const {
  std::vector<SettingChange> out;
  for (const auto& c : changes) {
    if (c.held) out.push_back(c);
  }
  return out;
}

bool same_account(const AccountSettings& a, const AccountSettings& b) {
  return a.account_id == b.account_id && a.nickname == b.nickname && a.enabled == b.enabled &&
         a.reset_time == b.reset_time && a.timezone_name == b.timezone_name && a.rules == b.rules;
}

bool same_settings(const EngineSettings& a, const EngineSettings& b) {
  if (!(a.global == b.global) || a.accounts.size() != b.accounts.size()) return false;
  for (std::size_t i = 0; i < a.accounts.size(); ++i) {
    if (!same_account(a.accounts[i], b.accounts[i])) return false;
  }
  return true;
}

LockSplit split_settings_change(const EngineSettings& current, const EngineSettings& proposed) {
  const bool lock = current.global.settings_lock == SettingsLock::TightenOnly;
  LockSplit out;
  auto merged = std::make_shared<EngineSettings>(proposed);
  bool held = false;

  Diff g(lock, 0, "each account's next daily reset", out.changes);
  global(g, merged->global, current.global);
  held = held || g.held_any();

  for (auto& acct : merged->accounts) {
    const AccountSettings* old = current.find(acct.account_id);
    if (old == nullptr) {
      Diff d(lock, acct.account_id, {}, out.changes);
      d.record("account", "absent", "added", ChangeKind::Neutral);
      continue;
    }
    Diff d(lock, acct.account_id, reset_text(*old), out.changes);
    if (old->enabled && !acct.enabled) {
      if (d.record("enabled", "true", "false", ChangeKind::Looser)) acct = *old;
      held = held || d.held_any();
      continue;
    }
    field(d, "nickname", acct.nickname, old->nickname, ChangeKind::Neutral, [](const std::string& s) { return s; });
    if (acct.enabled != old->enabled) d.record("enabled", "false", "true", ChangeKind::Tighter);
    if (!old->enabled) d.set_neutral(true);  // a disabled account enforced nothing: its edits apply at once
    if (acct.reset_time != old->reset_time || acct.timezone_name != old->timezone_name) {
      const std::string from = time_text(old->reset_time) + " " + old->timezone_name;
      const std::string to = time_text(acct.reset_time) + " " + acct.timezone_name;
      if (d.record("reset_time", from, to, ChangeKind::Looser)) {
        acct.reset_time = old->reset_time;
        acct.timezone_name = old->timezone_name;
        acct.timezone = old->timezone;
      }
    }
    rules(d, acct.rules, old->rules);
    held = held || d.held_any();
  }
  for (const auto& old : current.accounts) {
    if (proposed.find(old.account_id) != nullptr) continue;
    Diff d(lock, old.account_id, reset_text(old), out.changes);
    if (d.record("account", "monitored", "removed", old.enabled ? ChangeKind::Looser : ChangeKind::Neutral)) {
      merged->accounts.push_back(old);
    }
    held = held || d.held_any();
  }

  out.now = merged;
  if (held) out.pending = std::make_shared<const EngineSettings>(proposed);
  return out;
}

}  // namespace risk::config
