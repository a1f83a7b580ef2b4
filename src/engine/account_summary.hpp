#pragma once
// What the daemon shows of one account (event-feed snapshots, dashboards,
// status): the engine's own figures, computed in one place so no reader
// recomputes P&L or a rule's usage. Pure: built from the engine's state by
// Engine::summarize(), turned into JSON by the daemon.
#include <optional>
#include <string>
#include <vector>

#include "core/domain.hpp"
#include "core/lockout.hpp"
#include "core/settings.hpp"
#include "rules/rule.hpp"
#include "state/pnl_tracker.hpp"
#include "state/position_book.hpp"
#include "state/session_calendar.hpp"
#include "state/trading_day.hpp"
#include "state/valuation.hpp"

namespace risk {

struct PositionSummary {
  PositionState state;
  Valuation valuation;          // gap says why the P&L is unknown (no quote, stale quote, contract unknown)
  std::optional<Decimal> mark;  // the price it is marked at, when a quote is in hand
  std::optional<Duration> quote_age;
  std::optional<Contract> contract;  // tick size and value, when known
};

struct RuleRow {
  RuleId id = RuleId::None;
  bool enabled = false;
  RuleStatus status;
};

// The trading session of RULE-009's window (shown whether or not the rule is on).
struct SessionSummary {
  bool enabled = false;
  SessionWindow window;
  std::string timezone;
  std::vector<CivilDate> holidays;
  std::optional<SessionStatus> status;  // when the zone is known
};

// Whether the account's enforcement is failing (engine/enforcement_book.hpp, Obligation).
struct EnforcementHealth {
  bool failing = false;
  Timestamp since;
  std::string reason;
  int failures = 0;
};

struct AccountSummary {
  AccountId account_id = 0;
  std::string nickname;
  Timestamp as_of;
  TradingDay day;
  TimeOfDay reset_time;
  std::string timezone;
  // The day's P&L: realized (net of fees when include_fees), gross, fees,
  // unrealized of the positions that can be valued, and their sum.
  Decimal realized;
  Decimal gross;
  Decimal fees;
  Decimal unrealized;
  Decimal total;
  bool all_valued = true;  // every open position could be valued
  std::int32_t fills = 0;
  std::optional<Account> info;
  std::vector<PositionSummary> positions;
  std::vector<Order> orders;
  std::vector<Lockout> lockouts;
  std::vector<RuleRow> rules;
  SessionSummary session;
  bool pending_settings = false;  // held (looser) settings wait for the next daily reset
  EnforcementHealth enforcement;
};

}  // namespace risk
