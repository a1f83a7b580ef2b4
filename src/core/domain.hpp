#pragma once
// The gateway's records as the engine sees them: exact decimals, int64 ids,
// UTC timestamps, the gateway's enums. An enum value the gateway adds later is
// kept as its integer (every enum has a fixed underlying type), never a crash.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/contract_id.hpp"
#include "core/decimal.hpp"
#include "core/timestamp.hpp"

namespace risk {

using AccountId = std::int64_t;
using OrderId = std::int64_t;
using TradeId = std::int64_t;
using PositionId = std::int64_t;

enum class OrderSide : std::int32_t { Bid = 0, Ask = 1 };
enum class OrderType : std::int32_t {
  Unknown = 0,
  Limit = 1,
  Market = 2,
  StopLimit = 3,
  Stop = 4,
  TrailingStop = 5,
  JoinBid = 6,
  JoinAsk = 7
};
enum class OrderStatus : std::int32_t {
  None = 0,
  Open = 1,
  Filled = 2,
  Cancelled = 3,
  Expired = 4,
  Rejected = 5,
  Pending = 6,
  PendingCancellation = 7,
  Suspended = 8
};
enum class PositionType : std::int32_t { Undefined = 0, Long = 1, Short = 2 };

// Non-terminal states: the order can still fill (Open, Pending, PendingCancellation, Suspended).
constexpr bool is_working(OrderStatus s) noexcept {
  return s == OrderStatus::Open || s == OrderStatus::Pending || s == OrderStatus::PendingCancellation ||
         s == OrderStatus::Suspended;
}
constexpr bool is_stop_type(OrderType t) noexcept {
  return t == OrderType::Stop || t == OrderType::StopLimit || t == OrderType::TrailingStop;
}
constexpr OrderSide opposite(OrderSide s) noexcept { return s == OrderSide::Bid ? OrderSide::Ask : OrderSide::Bid; }

std::string_view to_string(OrderSide v) noexcept;
std::string_view to_string(OrderType v) noexcept;
std::string_view to_string(OrderStatus v) noexcept;
std::string_view to_string(PositionType v) noexcept;

struct Account {
  AccountId id = 0;
  std::string name;
  Decimal balance;
  bool can_trade = true;  // a missing flag counts as true
  bool is_visible = true;
  std::optional<bool> simulated;
  friend bool operator==(const Account&, const Account&) = default;
};

struct Order {
  OrderId id = 0;
  AccountId account_id = 0;
  ContractId contract_id;
  Timestamp created;
  Timestamp updated;
  OrderStatus status = OrderStatus::None;
  OrderType type = OrderType::Unknown;
  OrderSide side = OrderSide::Bid;
  std::int32_t size = 0;
  std::optional<Decimal> limit_price;
  std::optional<Decimal> stop_price;
  std::int32_t fill_volume = 0;
  std::optional<Decimal> filled_price;
  std::optional<Decimal> trail_price;
  std::optional<std::int32_t> trail_distance;
  std::optional<OrderId> parent_order_id;
  std::optional<OrderId> linked_order_id;
  std::string custom_tag;
  friend bool operator==(const Order&, const Order&) = default;
};

struct Position {
  PositionId id = 0;
  AccountId account_id = 0;
  ContractId contract_id;
  Timestamp created;
  PositionType type = PositionType::Undefined;
  std::int32_t size = 0;  // unsigned count; direction is `type`; 0 = flat
  Decimal average_price;
  friend bool operator==(const Position&, const Position&) = default;
  [[nodiscard]] bool is_long() const noexcept { return type == PositionType::Long; }
  [[nodiscard]] bool is_short() const noexcept { return type == PositionType::Short; }
};

// A half-turn fill. No profit_and_loss = an opening fill.
struct Trade {
  TradeId id = 0;
  AccountId account_id = 0;
  ContractId contract_id;
  Timestamp created;
  Decimal price;
  std::optional<Decimal> profit_and_loss;
  Decimal fees;
  Decimal commissions;
  OrderSide side = OrderSide::Bid;
  std::int32_t size = 0;
  bool voided = false;
  OrderId order_id = 0;
  friend bool operator==(const Trade&, const Trade&) = default;
  [[nodiscard]] bool is_closing() const noexcept { return profit_and_loss.has_value(); }
};

// Sparse: only the fields the gateway sent. A missing price is unknown, never zero.
struct QuoteUpdate {
  ContractId contract_id;
  std::optional<Decimal> last_price;
  std::optional<Decimal> best_bid;
  std::optional<Decimal> best_ask;
  std::optional<Timestamp> timestamp;
  friend bool operator==(const QuoteUpdate&, const QuoteUpdate&) = default;
};

struct Contract {
  ContractId id;
  std::string name;  // `NQU5`
  std::string description;
  Decimal tick_size;
  Decimal tick_value;  // $ per tick per contract
  bool active = true;
  std::string symbol_id;  // `F.US.ENQ`
  friend bool operator==(const Contract&, const Contract&) = default;
};

}  // namespace risk
