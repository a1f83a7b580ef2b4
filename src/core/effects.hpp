#pragma once
// What the engine returns: decisions as data. The engine never performs them;
// the daemon's enforcement executor, store writer and event server do.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/civil.hpp"
#include "core/domain.hpp"
#include "core/lockout.hpp"
#include "core/rule_id.hpp"
#include "core/settings_change.hpp"

namespace risk {

enum class ActionKind : std::uint8_t {
  ClosePosition = 1,   // Position/closeContract
  ReducePosition = 2,  // Position/partialCloseContract (size = contracts to close)
  CancelOrder = 3,     // Order/cancel
  ModifyStop = 4,      // Order/modify (stop_price)
  PlaceStop = 5,       // Order/place, type Stop (side, size, stop_price)
};
std::string_view to_string(ActionKind k) noexcept;

struct Action {
  ActionKind kind = ActionKind::ClosePosition;
  AccountId account_id = 0;
  ContractId contract_id;
  OrderId order_id = 0;             // CancelOrder, ModifyStop
  std::int32_t size = 0;            // ReducePosition, PlaceStop
  Decimal stop_price;               // ModifyStop, PlaceStop
  OrderSide side = OrderSide::Ask;  // PlaceStop
  RuleId rule = RuleId::None;       // the rule this action is attributed to
  friend bool operator==(const Action&, const Action&) = default;
};

struct Breach {
  RuleId rule = RuleId::None;
  std::string reason;
  friend bool operator==(const Breach&, const Breach&) = default;
};

// One action of one plan: the plan's id and the action's place in it.
struct ActionRef {
  std::int64_t plan_id = 0;
  std::uint32_t index = 0;
  friend bool operator==(const ActionRef&, const ActionRef&) = default;
};

// Everything one event decided for one account, merged: each position closed
// once, each order cancelled once, a close of all subsuming single closes.
struct EnforcementPlan {
  std::int64_t id = 0;  // unique across restarts (the enforcement log's key)
  AccountId account_id = 0;
  Timestamp trigger_at;  // when the triggering event was received
  std::vector<Breach> breaches;
  std::vector<Action> actions;
};

struct LockoutSet {
  Lockout lockout;
};
struct LockoutCleared {
  Lockout lockout;
  ClearedBy by = ClearedBy::TimerExpiry;
  Timestamp at;
  std::string note;  // the admin's reason for ADMIN_OVERRIDE
};
struct DailyReset {
  AccountId account_id = 0;
  Timestamp at;
  CivilDate closed_trading_date;
  CivilDate trading_date;  // the day that starts now
  Decimal closed_day_realized;
  Timestamp next_reset;
};
// A rule threw: it was skipped for this event; the others ran.
struct RuleFailed {
  AccountId account_id = 0;
  RuleId rule = RuleId::None;
  std::string what;
};
struct RuleWarning {
  AccountId account_id = 0;
  RuleId rule = RuleId::None;
  int percent = 0;
  std::string message;
};
// An action of a plan is settled: the state shows it done, it was not
// confirmed in time, the executor could not carry it out, or it was a dry run.
struct ActionSettled {
  enum class Outcome { Confirmed, Unconfirmed, Failed, DryRun };
  AccountId account_id = 0;
  ActionRef ref;
  Action action;
  Outcome outcome = Outcome::Confirmed;
  std::string note;                       // "confirmed", why it failed
  std::optional<Timestamp> confirmed_at;  // Confirmed: when the state showed it
};
// The engine needs a fresh REST snapshot of an account (ReconciliationSnapshot).
// `verify`: to decide an enforcement from what the gateway shows now (after a
// failed or unknown request, or a blind spell): positions and working orders,
// read before routine traffic.
struct ReconcileRequested {
  AccountId account_id = 0;
  std::string reason;
  bool verify = false;
};
// An account's enforcement is failing (and since when, why, how many times), or
// works again. While failing, the engine keeps at it: it reads the account and
// decides again, with a capped, jittered backoff, until nothing is left to do.
struct EnforcementStatus {
  enum class State { Failing, Recovered };
  AccountId account_id = 0;
  State state = State::Failing;
  Timestamp since;  // the first failure
  std::string reason;
  int failures = 0;
};
// Quotes of a contract are needed (an account holds it) or no longer needed.
struct QuotesWanted {
  ContractId contract_id;
  bool wanted = true;
};
// A contract's tick size and value are needed (a position in it, unknown so far).
struct ContractNeeded {
  ContractId contract_id;
};
// A new configuration was judged: every change, each applied now or held for
// the account's next daily reset (the tighten-only lock).
struct SettingsChanged {
  std::vector<SettingChange> changes;
};
// The engine echoes the gateway event it just applied, so consumers can
// broadcast it in the pipeline's order (state -> broadcast -> gate -> rules).
struct GatewayEventApplied {
  AccountId account_id = 0;  // 0 for market data
};

using Notice =
    std::variant<GatewayEventApplied, EnforcementPlan, LockoutSet, LockoutCleared, DailyReset, RuleWarning, RuleFailed,
                 SettingsChanged, ActionSettled, ReconcileRequested, QuotesWanted, ContractNeeded, EnforcementStatus>;

// ---- records for the store ---------------------------------------------------
struct DailyPnlRecord {
  AccountId account_id = 0;
  CivilDate trading_date;
  Decimal realized;  // net of fees when include_fees
  Decimal gross;     // sum of profitAndLoss
  Decimal fees;      // fees + commissions
  std::int32_t fills = 0;
  Timestamp updated;
};
struct TradeRecord {
  Trade trade;
  CivilDate trading_date;
};
struct PositionRecord {
  Position position;
};  // size 0 = gone
struct OrderRecord {
  Order order;
  bool removed = false;  // no longer working (terminal, or missing from a reconciliation)
};
struct LockoutRecord {
  Lockout lockout;
};
struct LockoutRemovedRecord {
  Lockout lockout;
  ClearedBy by = ClearedBy::TimerExpiry;
  Timestamp at;
  std::string note;  // why (an admin's reason and name, a config change); may be empty
};
struct ResetScheduleRecord {
  AccountId account_id = 0;
  Timestamp last_reset;
  Timestamp next_reset;
  CivilDate trading_date;
};
struct ContractRecord {
  Contract contract;
};

using PersistRecord = std::variant<DailyPnlRecord, TradeRecord, PositionRecord, OrderRecord, LockoutRecord,
                                   LockoutRemovedRecord, ResetScheduleRecord, ContractRecord>;

// Returned by every Engine::step. Reused between steps: clear() keeps capacity.
struct Effects {
  std::vector<Notice> notices;
  std::vector<PersistRecord> persist;
  void clear() noexcept {
    notices.clear();
    persist.clear();
  }
  [[nodiscard]] bool empty() const noexcept { return notices.empty() && persist.empty(); }
};

}  // namespace risk
