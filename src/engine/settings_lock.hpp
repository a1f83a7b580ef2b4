#pragma once
// The tighten-only settings lock (`global.settings_lock: tighten_only`).
// The engine owns what is pending (engine.hpp); each rule judges its own
// settings (RuleSpec::tighten, rules/tighten.hpp).
//
// Given the settings the engine runs now and newly loaded ones, split the
// change: every change that tightens a limit (or is neutral) applies at once;
// every change that loosens one is held back, field by field, until the
// account's next daily reset. This stops a trader on tilt from editing their way
// out of their own rules.
//
// The lock in force is the one in `current`: turning the lock off is itself a
// loosening and waits for the reset; turning it on applies at once.
//
// What counts as looser (any change whose direction is unclear is treated as
// looser, so it waits):
//   a rule disabled; a loss limit, profit target, arm_at, contract limit or
//   trade count raised; a cooldown, grace period or lockout shortened or
//   removed; enforcement close_all -> reduce_to_limit, close_position ->
//   reduce_to_limit; lockout_until permanent -> daily_reset; session_lockout
//   daily_reset -> cooldown; unknown_symbol block -> limit:N -> allow (or a
//   higher N); a root's contract limit raised or dropped to a looser
//   unknown_symbol policy; a blocked symbol removed; a session allowing any
//   minute it did not allow before (earlier start, later end, a new per-root
//   window); close_existing / close_at_session_end / auto_unlock made less
//   strict; a loss tier that gives a shorter cooldown for some loss; include_fees
//   true -> false; mark_price bid_ask -> last; a shorter max_quote_age_seconds;
//   a holiday removed; settings_lock tighten_only -> none; an account disabled
//   or removed; and changes with no clear direction: daily_unrealized_loss.scope,
//   max_unrealized_profit.mode, a session time zone, an account's reset_time or
//   timezone (a moved reset could end a daily lockout early).
// Neutral (applies at once): nickname, warn_at_percent, a new account, edits to
//   a rule that is disabled now.
// trade_management (automation that protects open positions): disabling it or
//   its breakeven/trailing part, a higher trigger/activation/distance or a
//   lower breakeven offset is looser.
#include <string>
#include <vector>

#include "core/settings.hpp"
#include "core/settings_change.hpp"

namespace risk {

struct LockSplit {
  EngineSettingsPtr now;               // apply at once (ConfigChanged::settings)
  EngineSettingsPtr pending;           // the full new settings for each account's next reset; null when nothing is held
  std::vector<SettingChange> changes;  // every difference, in file order

  [[nodiscard]] std::vector<SettingChange> held() const;
  [[nodiscard]] bool any_held() const noexcept { return pending != nullptr; }
};

// Splits `current` -> `proposed` under current.global.settings_lock. Without
// the lock everything applies at once (`now` = proposed, `pending` null) and the
// changes are still listed.
[[nodiscard]] LockSplit split_settings_change(const EngineSettings& current, const EngineSettings& proposed);

// Field-by-field equality (EngineSettings has no operator== because of the
// resolved zone pointers; zones compare by name).
[[nodiscard]] bool same_settings(const EngineSettings& a, const EngineSettings& b);
[[nodiscard]] bool same_account(const AccountSettings& a, const AccountSettings& b);

}  // namespace risk
