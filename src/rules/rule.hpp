#pragma once
// Rules are pure functions: (const state view, the event, their config) ->
// decisions with a reason. They never mutate state or call the gateway; a
// breach is an outcome written into Decisions, not an exception.
#include <string>
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

struct RuleSpec {
  RuleId id;
  std::uint16_t triggers;  // Trigger bits
  bool runs_while_locked;  // records its own lockout even when the account is already locked
  bool can_lock;           // can set a lockout at all (if not, it has nothing to add while locked)
  RuleFn check;
  bool (*enabled)(const RulesConfig&);
};

// Every rule, in rule-id order.
const std::vector<RuleSpec>& rule_registry();

// Helpers shared by rules.
std::string money(Decimal d);  // `-512.40`
Lockout make_lockout(const RuleInput& in, RuleId rule, LockoutKind kind, std::optional<Timestamp> until,
                     std::string reason, SymbolRoot symbol = {});
// When a cooldown that started at `event_time` ends (start clamped to now).
Timestamp cooldown_end(Timestamp event_time, Timestamp now, std::int64_t seconds_long);

}  // namespace risk
