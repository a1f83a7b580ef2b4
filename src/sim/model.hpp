#pragma once
// The simulator's entities, in the gateway's vocabulary (gateway-api.md §3-4).
// Money and prices are exact Decimals; times are Timestamps; ids are int64.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/decimal.hpp"
#include "core/timestamp.hpp"

namespace risk::sim {

enum class OrderType : int {
  Unknown = 0,
  Limit = 1,
  Market = 2,
  StopLimit = 3,
  Stop = 4,
  TrailingStop = 5,
  JoinBid = 6,
  JoinAsk = 7
};
enum class OrderSide : int { Bid = 0, Ask = 1 };
enum class OrderStatus : int {
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
enum class PositionType : int { Undefined = 0, Long = 1, Short = 2 };

struct Contract {
  std::string id;            // CON.F.US.EP.Z26
  std::string name;          // ESZ6 (single-digit year, as the gateway prints it)
  std::string display_name;  // ESZ26 (contractDisplayName on positions)
  std::string description;
  std::string symbol_id;  // F.US.EP
  Decimal tick_size;
  Decimal tick_value;   // $ per tick per contract
  Decimal fees;         // exchange + regulatory, per contract per half-turn
  Decimal commissions;  // per contract per half-turn
  Decimal initial_price;
  bool active = true;
};

struct Account {
  std::int64_t id = 0;
  std::string name;
  Decimal balance;
  bool can_trade = true;
  bool is_visible = true;
  bool simulated = true;
  bool auto_oco_brackets = false;  // "Auto OCO Brackets" mode; default is "Position Brackets"
  std::string user;                // owning user name, lower case
};

struct Bracket {
  int ticks = 0;  // signed offset from the entry fill
  OrderType type = OrderType::Unknown;
};

struct Order {
  std::int64_t id = 0;
  std::int64_t account_id = 0;
  std::string contract_id;
  std::string symbol_id;
  Timestamp created;
  Timestamp updated;
  OrderStatus status = OrderStatus::None;
  OrderType type = OrderType::Unknown;
  OrderSide side = OrderSide::Bid;
  int size = 0;
  std::optional<Decimal> limit_price;
  std::optional<Decimal> stop_price;
  int fill_volume = 0;
  std::optional<Decimal> filled_price;
  std::optional<std::string> custom_tag;
  std::optional<int> trail_distance;   // ticks
  std::optional<Decimal> trail_price;  // distance in price (read-back form)
  std::optional<std::int64_t> parent_order_id;
  std::optional<std::int64_t> linked_order_id;

  // Engine state, not on the wire.
  Decimal trail_anchor;              // best price seen since placement (trailing stops)
  std::optional<Bracket> stop_loss;  // pending bracket legs of a parent
  std::optional<Bracket> take_profit;
  bool is_working() const { return status == OrderStatus::Open || status == OrderStatus::Suspended; }
};

struct Trade {
  std::int64_t id = 0;
  std::int64_t account_id = 0;
  std::string contract_id;
  Timestamp created;
  Decimal price;
  std::optional<Decimal> profit_and_loss;  // absent = opening half-turn
  Decimal fees;
  Decimal commissions;
  OrderSide side = OrderSide::Bid;
  int size = 0;
  bool voided = false;
  std::int64_t order_id = 0;
};

struct Position {
  std::int64_t id = 0;
  std::int64_t account_id = 0;
  std::string contract_id;
  std::string display_name;
  Timestamp created;
  PositionType type = PositionType::Undefined;
  int size = 0;  // unsigned; direction is `type`
  Decimal average_price;
  std::int64_t last_opening_trade_id = 0;  // engine state: re-emitted after a closing fill
};

struct Quote {
  std::string contract_id;
  std::string symbol;  // symbol id form, F.US.EP
  std::string symbol_name;
  Decimal last_price;
  Decimal best_bid;
  Decimal best_ask;
  Decimal change;
  Decimal change_percent;
  Decimal open;
  Decimal high;
  Decimal low;
  std::int64_t volume = 0;
  Timestamp last_updated;
  Timestamp timestamp;
};

struct MarketTrade {  // GatewayTrade entry
  std::string symbol_id;
  Decimal price;
  Timestamp timestamp;
  int type = 0;  // TradeLogType: 0 buy, 1 sell aggressor
  std::int64_t volume = 0;
};

struct DepthEntry {  // GatewayDepth entry
  Timestamp timestamp;
  int type = 0;  // DomType
  Decimal price;
  std::int64_t volume = 0;
  std::int64_t current_volume = 0;
};

// Receives every event the engine produces, in order. Implemented by the
// hub layer (fan-out to subscribers) and by tests (recording).
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void on_order(const Order& order) = 0;
  virtual void on_trade(const Trade& trade) = 0;
  virtual void on_position(const Position& position) = 0;
  virtual void on_account(const Account& account) = 0;
  virtual void on_quote(const Quote& quote) = 0;
  virtual void on_market_trades(const std::string& contract_id, const std::vector<MarketTrade>& trades) = 0;
  virtual void on_depth(const std::string& contract_id, const std::vector<DepthEntry>& entries) = 0;
};

}  // namespace risk::sim
