#pragma once
// What the engine is given. Every event carries `at`: the time the adapter
// received it, from the injected clock. The engine's notion of now is the
// latest `at` it has seen.
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/domain.hpp"
#include "core/effects.hpp"
#include "core/lockout.hpp"
#include "core/settings.hpp"

namespace risk {

struct AccountEvent {
  Account account;
};
struct OrderEvent {
  Order order;
};
struct PositionEvent {
  Position position;
};
struct TradeEvent {
  Trade trade;
};
struct QuoteEvent {
  QuoteUpdate quote;
};
// Contract metadata (tick size and value), from Contract/searchById or the store.
struct ContractEvent {
  Contract contract;
};
// Nothing happened but time passed: expiries, grace periods, sessions, resets.
struct TimeAdvanced {};
// The configuration files' settings, as loaded. The engine decides what applies
// now and what the tighten-only lock holds for each account's next daily reset.
struct ConfigChanged {
  EngineSettingsPtr settings;
};
// An authenticated admin clears lockouts of an account (all, or one rule's).
struct AdminClearLockout {
  AccountId account_id = 0;
  std::optional<RuleId> rule;
  std::optional<SymbolRoot> symbol;
  std::string reason;
  std::string admin;
};
// The gateway's view of one account, fetched over REST after (re)connecting or
// while a hub is down. Positions and working orders replace what was tracked.
struct ReconciliationSnapshot {
  AccountId account_id = 0;
  std::optional<Account> account;
  std::vector<Position> positions;    // open positions only
  std::vector<Order> working_orders;  // non-terminal orders
  std::vector<Trade> trades;          // fills since the start of the trading day (when has_trades)
  bool has_trades = true;             // false: a verification read of positions and orders only
  bool startup = false;               // the first reconciliation after start
  // When the first REST request of the snapshot was sent. A hub position or
  // order event received since then is newer than what the snapshot says: the
  // engine keeps the hub's positions and orders (the account and the trades,
  // deduplicated, still apply) and asks for another snapshot.
  Timestamp requested_at;
};
// What became of an action the engine decided (EnforcementPlan), as the
// executor reports it. Accepted: the gateway took the request (or said it was
// already done); the engine now waits for the state to show it.
struct ActionOutcome {
  enum class Result { Accepted, Failed, DryRun };
  ActionRef ref;
  Result result = Result::Accepted;
  std::string note;
  std::string reason;      // Failed: short, for the trader ("429", "timeout", "HTTP 503", "rejected")
  Duration retry_after{};  // Failed: the gateway asked not to be called again before this (Retry-After)
};
// The user hub of these accounts is alive (a frame came in: an event, a ping,
// a completion): the gateway would have told of a change. Keeps the engine
// from reading the accounts over REST while their hub is fine.
struct HubHeartbeat {
  std::vector<AccountId> accounts;
};

using EventBody =
    std::variant<AccountEvent, OrderEvent, PositionEvent, TradeEvent, QuoteEvent, ContractEvent, TimeAdvanced,
                 ConfigChanged, AdminClearLockout, ReconciliationSnapshot, ActionOutcome, HubHeartbeat>;

struct Event {
  Timestamp at;
  EventBody body;
};

}  // namespace risk
