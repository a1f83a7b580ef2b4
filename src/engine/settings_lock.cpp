#include "engine/settings_lock.hpp"

#include <algorithm>

#include "rules/rule.hpp"
#include "rules/tighten.hpp"

namespace risk {
namespace {

using namespace risk::tighten;

void global(SettingsDiff& d, GlobalSettings& m, const GlobalSettings& o) {
  field(d, "global.reset_time", m.reset_time, o.reset_time, ChangeKind::Looser, [](TimeOfDay t) { return str(t); });
  field(d, "global.timezone", m.timezone_name, o.timezone_name, ChangeKind::Looser,
        [](const std::string& s) { return s; });
  flag(d, "global.include_fees", m.include_fees, o.include_fees, true);
  choice(d, "global.mark_price", m.mark_price, o.mark_price, kMarkPrice, std::optional{MarkPriceMode::BidAsk});
  lower_looser(d, "global.max_quote_age_seconds", m.max_quote_age_seconds, o.max_quote_age_seconds);
  higher_looser(d, "global.max_blind_seconds", m.max_blind_seconds, o.max_blind_seconds);
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

  SettingsDiff g(lock, 0, "each account's next daily reset", out.changes);
  global(g, merged->global, current.global);
  held = held || g.held_any();

  for (auto& acct : merged->accounts) {
    const AccountSettings* old = current.find(acct.account_id);
    if (old == nullptr) {
      SettingsDiff d(lock, acct.account_id, {}, out.changes);
      d.record("account", "absent", "added", ChangeKind::Neutral);
      continue;
    }
    SettingsDiff d(lock, acct.account_id, reset_text(*old), out.changes);
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
    for (const RuleSpec* r : rule_registry()) r->tighten(d, acct.rules, old->rules);
    held = held || d.held_any();
  }
  for (const auto& old : current.accounts) {
    if (proposed.find(old.account_id) != nullptr) continue;
    SettingsDiff d(lock, old.account_id, reset_text(old), out.changes);
    if (d.record("account", "monitored", "removed", old.enabled ? ChangeKind::Looser : ChangeKind::Neutral)) {
      merged->accounts.push_back(old);
    }
    held = held || d.held_any();
  }

  out.now = merged;
  if (held) out.pending = std::make_shared<const EngineSettings>(proposed);
  return out;
}

}  // namespace risk
