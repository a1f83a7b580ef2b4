#pragma once
// The tighten-only lock's vocabulary (`global.settings_lock: tighten_only`),
// for the rule files: each rule says, field by field, which way a change of its
// settings goes (RuleSpec::tighten). engine/settings_lock.cpp runs them and
// splits a reload into what applies now and what waits for the daily reset.
//
// A change whose direction is unclear counts as looser, so it waits.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/setting_names.hpp"
#include "core/settings.hpp"
#include "core/settings_change.hpp"

namespace risk {

// Records the changes of one scope (the global section or one account) and
// says whether each must be held.
class SettingsDiff {
 public:
  SettingsDiff(bool lock, AccountId account, std::string when, std::vector<SettingChange>& out)
      : lock_(lock), account_(account), when_(std::move(when)), out_(out) {}

  // Returns true when the caller must restore the old value (the change is held).
  bool record(std::string key, std::string from, std::string to, ChangeKind kind) {
    if (neutral_) kind = ChangeKind::Neutral;
    const bool hold = lock_ && kind == ChangeKind::Looser;
    out_.push_back(SettingChange{account_, std::move(key), std::move(from), std::move(to), kind, hold,
                                 hold ? when_ : std::string{}});
    held_any_ = held_any_ || hold;
    return hold;
  }
  // While set, every change is neutral (a disabled rule or account enforced nothing).
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

namespace tighten {

inline std::string str(bool v) { return v ? "true" : "false"; }
inline std::string str(std::int32_t v) { return std::to_string(v); }
inline std::string str(Decimal v) { return v.to_string(); }
inline std::string str(TimeOfDay t) { return time_text(t); }
inline std::string str(const SessionWindow& w) { return time_text(w.start) + "-" + time_text(w.end); }

template <typename T>
ChangeKind direction(const T& old_v, const T& new_v, bool higher_is_looser) {
  if (old_v == new_v) return ChangeKind::Neutral;
  return ((new_v > old_v) == higher_is_looser) ? ChangeKind::Looser : ChangeKind::Tighter;
}

// A plain field: `merged` goes back to `old_v` when the change is held.
template <typename T, typename Fmt>
void field(SettingsDiff& d, const std::string& key, T& merged, const T& old_v, ChangeKind kind, Fmt fmt) {
  if (merged == old_v) return;
  if (d.record(key, fmt(old_v), fmt(merged), kind)) merged = old_v;
}
template <typename T>
void higher_looser(SettingsDiff& d, const std::string& key, T& merged, const T& old_v) {
  field(d, key, merged, old_v, direction(old_v, merged, true), [](const T& v) { return str(v); });
}
template <typename T>
void lower_looser(SettingsDiff& d, const std::string& key, T& merged, const T& old_v) {
  field(d, key, merged, old_v, direction(old_v, merged, false), [](const T& v) { return str(v); });
}
// A flag whose `strict` value is the tighter one.
inline void flag(SettingsDiff& d, const std::string& key, bool& merged, bool old_v, bool strict) {
  field(d, key, merged, old_v, merged == strict ? ChangeKind::Tighter : ChangeKind::Looser,
        [](bool v) { return str(v); });
}
// An enum where `strict` is the tighter value (two-valued) or any change is looser (strict absent).
template <typename E>
void choice(SettingsDiff& d, const std::string& key, E& merged, E old_v, const NameTable<E>& names,
            std::optional<E> strict) {
  const ChangeKind kind = strict && merged == *strict ? ChangeKind::Tighter : ChangeKind::Looser;
  field(d, key, merged, old_v, kind, [&](E v) { return std::string(name_of(names, v)); });
}

// A whole rule: disabling it is looser (the old rule stays); edits of a rule
// that is disabled now apply at once; otherwise `fields` judges field by field.
template <typename R, typename Fields>
void rule(SettingsDiff& d, std::string_view name, R& merged, const R& old_v, Fields fields) {
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

}  // namespace tighten
}  // namespace risk
