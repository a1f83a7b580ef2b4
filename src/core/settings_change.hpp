#pragma once
// One difference between the settings in force and newly loaded ones, as the
// tighten-only lock judged it (engine/settings_lock.hpp).
#include <string>

#include "core/domain.hpp"

namespace risk {

enum class ChangeKind { Tighter, Looser, Neutral };

struct SettingChange {
  AccountId account_id = 0;  // 0: a global setting (every account)
  std::string key;           // rules.daily_realized_loss.loss_limit, global.include_fees, account
  std::string from;
  std::string to;
  ChangeKind kind = ChangeKind::Neutral;
  bool held = false;  // loosening under the lock: waits for the reset
  std::string when;   // for held changes: "the next daily reset of account 1001 (17:00 America/Chicago)"

  // "rules.daily_realized_loss.loss_limit 500 -> 800 (looser) held until the next daily reset of account 1001
  //  (17:00 America/Chicago)" or "... 500 -> 300 (tighter) applies now to account 1001".
  [[nodiscard]] std::string describe() const {
    const char* k = kind == ChangeKind::Looser ? "looser" : kind == ChangeKind::Tighter ? "tighter" : "neutral";
    std::string s = key + " " + from + " -> " + to + " (" + k + ")";
    if (held) return s + " held until " + when;
    return s + (account_id == 0 ? " applies now" : " applies now to account " + std::to_string(account_id));
  }
};

}  // namespace risk
