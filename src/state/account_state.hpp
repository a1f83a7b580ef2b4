#pragma once
// Everything the engine tracks for one account. Each module changes only
// through its own functions; rules get this as a const view.
#include <optional>
#include <string>
#include <vector>

#include "core/settings.hpp"
#include "state/lockout_book.hpp"
#include "state/order_book.hpp"
#include "state/pnl_tracker.hpp"
#include "state/position_book.hpp"
#include "state/session_calendar.hpp"
#include "state/timer_book.hpp"
#include "state/trade_counter.hpp"
#include "state/trading_day.hpp"

namespace risk {

struct AccountState {
  AccountId id = 0;
  const AccountSettings* settings = nullptr;  // points into the engine's current EngineSettings
  EngineSettingsPtr settings_owner;           // keeps `settings` alive across reloads
  std::optional<Account> info;                // the gateway's account record, once seen
  TradingDay day;
  LockoutBook lockouts;
  PnlTracker pnl;
  TradeCounter counter;
  PositionBook positions;
  OrderBook orders;
  TimerBook timers;
  std::vector<std::uint32_t> warned_today;      // warning keys already sent this trading day
  Timestamp deadline = Timestamp::max();        // next time-driven check for this account
  Timestamp last_timer_run = Timestamp::min();  // no time-driven check has run yet
  // A memo of RULE-009's session boundaries (a cache, not state: it never changes an answer).
  mutable SessionCache sessions;

  [[nodiscard]] bool can_trade() const noexcept { return !info || info->can_trade; }
  [[nodiscard]] Decimal realized(bool include_fees) const noexcept { return pnl.totals().realized(include_fees); }
};

}  // namespace risk
