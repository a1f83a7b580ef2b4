#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/contract_id.hpp"
#include "core/domain.hpp"
#include "core/rule_id.hpp"
#include "core/timestamp.hpp"

namespace risk {

enum class LockoutKind : std::uint8_t {
  UntilReset = 1,         // until the account's next daily reset
  Cooldown = 2,           // until `until`
  UntilSessionStart = 3,  // until the next session opens (`until`)
  UntilBrokerFlag = 4,    // until the gateway reports canTrade again
  Permanent = 5,          // until an admin clears it
  WhileListed = 6,        // symbol lockout: while the root stays blocked
};

enum class ClearedBy : std::uint8_t {
  TimerExpiry = 1,
  DailyReset = 2,
  BrokerFlag = 3,
  AdminOverride = 4,
  ConfigReload = 5
};

std::string_view to_string(LockoutKind k) noexcept;
std::string_view to_string(ClearedBy c) noexcept;  // TIMER_EXPIRY, DAILY_RESET, ...

// One lockout. Keyed by (account, rule, symbol): an empty symbol is
// account-wide. `until` is set for the timed kinds (UntilReset holds the
// reset instant known when it was set).
struct Lockout {
  AccountId account_id = 0;
  RuleId rule = RuleId::None;
  SymbolRoot symbol;
  LockoutKind kind = LockoutKind::UntilReset;
  Timestamp set_at;
  std::optional<Timestamp> until;
  std::string reason;

  [[nodiscard]] bool account_wide() const noexcept { return symbol.empty(); }
  [[nodiscard]] bool is_timed() const noexcept {
    return kind == LockoutKind::Cooldown || kind == LockoutKind::UntilSessionStart || kind == LockoutKind::UntilReset;
  }
  friend bool operator==(const Lockout&, const Lockout&) = default;
};

}  // namespace risk
