#pragma once
// Rules are pure functions: (const state view, the event, their config) ->
// decisions with a reason. They never mutate state or call the gateway; a
// breach is an outcome written into Decisions, not an exception.
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "core/effects.hpp"
#include "core/settings.hpp"
#include "state/account_state.hpp"
#include "state/contract_cache.hpp"
#include "state/quote_book.hpp"
#include "state/valuation.hpp"

namespace risk {

// What woke the rules up. A rule declares the triggers it runs on.
enum class Trigger : std::uint16_t {
  Account = 1 << 0,
  Order = 1 << 1,
  Position = 1 << 2,
  Trade = 1 << 3,
  Quote = 1 << 4,
  Timer = 1 << 5,
  Reconcile = 1 << 6,  // startup and after every reconnect
  ConfigReload = 1 << 7,
};
constexpr std::uint16_t bits(Trigger t) noexcept { return static_cast<std::uint16_t>(t); }
constexpr std::uint16_t operator|(Trigger a, Trigger b) noexcept {
  return static_cast<std::uint16_t>(static_cast<std::uint16_t>(a) | static_cast<std::uint16_t>(b));
}
constexpr std::uint16_t operator|(std::uint16_t a, Trigger b) noexcept {
  return static_cast<std::uint16_t>(a | static_cast<std::uint16_t>(b));
}

struct RuleInput {
  const AccountState& account;
  const AccountSettings& settings;
  const GlobalSettings& global;
  const QuoteBook& quotes;
  const ContractCache& contracts;
  Timestamp now;
  Trigger trigger;
  const ContractId* contract = nullptr;                   // Quote, Position, Order: the contract concerned
  const Trade* trade = nullptr;                           // Trade
  const PnlTracker::Applied* trade_applied = nullptr;     // Trade
  const PositionBook::Change* position_change = nullptr;  // Position
  const OrderBook::Change* order_change = nullptr;        // Order
  const Order* order = nullptr;                           // Order
  const Account* account_info = nullptr;  // Account, Reconcile: the gateway's account record just applied

  [[nodiscard]] const RulesConfig& rules() const noexcept { return settings.rules; }
  [[nodiscard]] Valuation value(const Position& p) const noexcept {
    return value_position(p, quotes.find(p.contract_id), contracts.find(p.contract_id), global.mark_price, now,
                          seconds(global.max_quote_age_seconds));
  }
  [[nodiscard]] Decimal realized() const noexcept { return account.realized(global.include_fees); }
};

// What the rules decided for one account on one event, before merging.
class Decisions {
 public:
  struct Close {
    ContractId contract;
    RuleId rule;
  };
  struct Reduce {
    ContractId contract;
    std::int32_t size;
    RuleId rule;
  };
  struct Cancel {
    OrderId order;
    RuleId rule;
  };

  void breach(RuleId rule, std::string reason) { breaches_.push_back(Breach{rule, std::move(reason)}); }
  void close_position(const ContractId& c, RuleId rule) { closes_.push_back(Close{c, rule}); }
  void reduce_position(const ContractId& c, std::int32_t size, RuleId rule) {
    reduces_.push_back(Reduce{c, size, rule});
  }
  void cancel_order(OrderId id, RuleId rule) { cancels_.push_back(Cancel{id, rule}); }
  void close_all(RuleId rule) {
    if (!close_all_) close_all_ = rule;
  }
  void cancel_all(RuleId rule) {
    if (!cancel_all_) cancel_all_ = rule;
  }
  void lockout(Lockout l) { lockouts_.push_back(std::move(l)); }
  void stop_action(Action a) { stops_.push_back(std::move(a)); }
  void warn(RuleId rule, std::uint32_t key, int percent, std::string message) {
    warnings_.push_back(Warning{rule, key, percent, std::move(message)});
  }

  struct Warning {
    RuleId rule;
    std::uint32_t key;
    int percent;
    std::string message;
  };

  void clear() noexcept {
    breaches_.clear();
    closes_.clear();
    reduces_.clear();
    cancels_.clear();
    lockouts_.clear();
    stops_.clear();
    warnings_.clear();
    close_all_.reset();
    cancel_all_.reset();
  }
  [[nodiscard]] bool empty() const noexcept {
    return breaches_.empty() && closes_.empty() && reduces_.empty() && cancels_.empty() && lockouts_.empty() &&
           stops_.empty() && warnings_.empty() && !close_all_ && !cancel_all_;
  }

  [[nodiscard]] const std::vector<Breach>& breaches() const noexcept { return breaches_; }
  [[nodiscard]] const std::vector<Close>& closes() const noexcept { return closes_; }
  [[nodiscard]] const std::vector<Reduce>& reduces() const noexcept { return reduces_; }
  [[nodiscard]] const std::vector<Cancel>& cancels() const noexcept { return cancels_; }
  [[nodiscard]] const std::vector<Lockout>& lockouts() const noexcept { return lockouts_; }
  [[nodiscard]] const std::vector<Action>& stops() const noexcept { return stops_; }
  [[nodiscard]] const std::vector<Warning>& warnings() const noexcept { return warnings_; }
  [[nodiscard]] std::optional<RuleId> close_all_rule() const noexcept { return close_all_; }
  [[nodiscard]] std::optional<RuleId> cancel_all_rule() const noexcept { return cancel_all_; }

 private:
  std::vector<Breach> breaches_;
  std::vector<Close> closes_;
  std::vector<Reduce> reduces_;
  std::vector<Cancel> cancels_;
  std::vector<Lockout> lockouts_;
  std::vector<Action> stops_;
  std::vector<Warning> warnings_;
  std::optional<RuleId> close_all_;
  std::optional<RuleId> cancel_all_;
};

using RuleFn = void (*)(const RuleInput&, Decisions&);

// A value in a rule's status row: nothing, a count, money, text, a flag or a
// list of names (the event feed writes money as exact-decimal text).
using StatusValue = std::variant<std::monostate, std::int64_t, Decimal, std::string, bool, std::vector<std::string>>;

// What a dashboard shows for a rule: its limit, the current value, how much of
// the limit is used (percent; none when it cannot be judged) and what is counted.
struct RuleStatus {
  StatusValue limit;
  StatusValue current;
  std::optional<std::int64_t> percent_used;
  std::string detail;
  // A loss limit: how much more may be lost before it breaches (limit + current;
  // none when it cannot be judged). Dashboards list these under "room left".
  bool loss_limit = false;
  std::optional<Decimal> room;
};

// One of a rule's lockouts ends now, and why.
struct LockoutRelease {
  ClearedBy by = ClearedBy::TimerExpiry;
  std::string note;
};

class SettingsDiff;

// Everything about one rule, declared in its own file (src/rules/rNNN_*.cpp)
// with designated initializers, as the rule's row in shared/spec/rules.md
// reads. The engine runs every rule through this, with no special cases.
struct RuleSpec {
  RuleId id = RuleId::None;
  std::uint16_t triggers = 0;      // Trigger bits: the events the rule runs on
  bool runs_while_locked = false;  // records its own lockout even when the account is already locked
  bool can_lock = false;           // can set a lockout at all (if not, it has nothing to add while locked)
  bool (*enabled)(const RulesConfig&) = nullptr;
  RuleFn check = nullptr;
  // Optional: when the rule next needs a Timer run for the account (Timestamp::max(): not before an event).
  Timestamp (*deadline)(const RuleInput&) = nullptr;
  // Optional: which of the rule's lockouts end now, judged on `release_on`
  // triggers before the lockout gate runs, whether the rule is enabled or not
  // (a lockout outlives the setting that made it only as long as it should).
  std::uint16_t release_on = 0;
  std::optional<LockoutRelease> (*release)(const RuleInput&, const Lockout&) = nullptr;
  // What the dashboards show for the rule (limit, current value, percent used).
  RuleStatus (*status)(const RuleInput&) = nullptr;
  // The tighten-only lock: which way each change of the rule's settings goes
  // (rules/tighten.hpp); a held change restores the old value in `merged`.
  void (*tighten)(SettingsDiff&, RulesConfig& merged, const RulesConfig& old) = nullptr;
};

// Every rule, in rule-id order (rules/registry.cpp).
std::span<const RuleSpec* const> rule_registry();
// The spec of one rule; nullptr for None.
const RuleSpec* rule_spec(RuleId id);

// Helpers shared by rules (rules/common.cpp).
std::string money(Decimal d);  // `-512.40`
// Percent of `limit` that `used` takes (whole percent, rounded down); none when
// the limit is not positive, 0 when nothing is used.
std::optional<std::int64_t> percent_of(Decimal used, Decimal limit);
// The same for counts; a limit of 0 is full (100) as soon as anything is used.
std::int64_t percent_of(std::int64_t used, std::int64_t limit);
Lockout make_lockout(const RuleInput& in, RuleId rule, LockoutKind kind, std::optional<Timestamp> until,
                     std::string reason, SymbolRoot symbol = {});
// When a cooldown that started at `event_time` ends (start clamped to now).
Timestamp cooldown_end(Timestamp event_time, Timestamp now, std::int64_t seconds_long);

}  // namespace risk
