#pragma once
// The simulator's matching engine and accounting: contracts with a moving
// price, accounts, orders (market, limit, stop, trailing stop, join bid/ask,
// OCO brackets), positions with average price, fees, commissions, balance.
// No transport and no clock: every call takes `now`, and randomness comes
// from a seed, so tests drive it by hand and get exact, repeatable results.
// Events go to the EventSink in the order the live gateway sends them
// (gateway-api.md §5.5).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/model.hpp"
#include "sim/splitmix.hpp"

namespace risk::sim {

struct ExchangeOptions {
  std::uint64_t seed = 1;
  // Each account event is sent this many times (live bursts are 2-4 identical events).
  int account_event_repeats = 2;
  // After a closing fill, re-send the position's last opening trade (seen live).
  bool reemit_opening_trade = true;
  std::int64_t first_order_id = 2'934'939'000;
  std::int64_t first_trade_id = 2'555'492'000;
  std::int64_t first_position_id = 703'034'000;
  // Random walk: each step moves each price by -max..+max ticks.
  int max_step_ticks = 2;
};

// Error codes are the per-endpoint enums of gateway-api.md §2.
struct PlaceRequest {
  std::int64_t account_id = 0;
  std::string contract_id;
  int type = 0;
  int side = 0;
  int size = 0;
  std::optional<Decimal> limit_price;
  std::optional<Decimal> stop_price;
  std::optional<Decimal> trail_price;
  std::optional<std::string> custom_tag;
  std::optional<Bracket> stop_loss;
  std::optional<Bracket> take_profit;
};

struct PlaceResult {
  int error_code = 0;  // PlaceOrderErrorCode
  std::optional<std::string> error_message;
  std::optional<std::int64_t> order_id;  // set for accepted *and* rejected orders
};

struct ModifyRequest {
  std::int64_t account_id = 0;
  std::int64_t order_id = 0;
  std::optional<int> size;
  std::optional<Decimal> limit_price;
  std::optional<Decimal> stop_price;
  std::optional<Decimal> trail_price;
};

struct CodeResult {
  int error_code = 0;
  std::optional<std::string> error_message;
};

class Exchange {
 public:
  Exchange(ExchangeOptions options, EventSink* sink);

  // --- contracts and prices
  void add_contract(const Contract& contract);
  [[nodiscard]] const Contract* contract(const std::string& id) const;
  [[nodiscard]] std::vector<const Contract*> contracts() const;
  [[nodiscard]] std::optional<Decimal> last_price(const std::string& contract_id) const;
  [[nodiscard]] std::optional<Quote> quote(const std::string& contract_id) const;
  // Sets the last price (a "jump" when far away): emits quote, market trade and
  // depth, then triggers working orders. Fails when the price is not on the tick grid.
  CodeResult set_price(const std::string& contract_id, Decimal price, Timestamp now);
  // One random-walk step for every contract (or the next value of its price path).
  void step_prices(Timestamp now);
  // Replaces the random walk of a contract with these prices, one per step (the last one holds).
  void set_price_path(const std::string& contract_id, std::vector<Decimal> prices);

  // --- accounts
  Account& add_account(Account account);
  [[nodiscard]] const Account* account(std::int64_t id) const;
  [[nodiscard]] std::vector<const Account*> accounts() const;
  bool set_can_trade(std::int64_t account_id, bool can_trade, Timestamp now);
  bool set_balance(std::int64_t account_id, Decimal balance, Timestamp now);
  bool set_auto_oco_brackets(std::int64_t account_id, bool on);

  // --- trading (REST semantics)
  PlaceResult place(const PlaceRequest& request, Timestamp now);
  CodeResult cancel(std::int64_t account_id, std::int64_t order_id, Timestamp now);
  CodeResult modify(const ModifyRequest& request, Timestamp now);
  CodeResult close_position(std::int64_t account_id, const std::string& contract_id, Timestamp now);
  CodeResult partial_close_position(std::int64_t account_id, const std::string& contract_id, int size, Timestamp now);

  // --- queries
  [[nodiscard]] std::vector<const Order*> orders(std::int64_t account_id) const;  // creation order
  [[nodiscard]] const Order* order(std::int64_t order_id) const;
  [[nodiscard]] std::vector<const Trade*> trades(std::int64_t account_id) const;
  [[nodiscard]] std::vector<const Position*> open_positions(std::int64_t account_id) const;

  [[nodiscard]] EventSink* sink() const { return sink_; }
  void set_sink(EventSink* sink) { sink_ = sink; }

 private:
  struct Market {
    Decimal last;
    Decimal open;
    Decimal high;
    Decimal low;
    std::int64_t volume = 0;
    Timestamp updated;
    std::vector<Decimal> path;
    std::size_t path_index = 0;
  };

  std::uint64_t next_random();
  Order& new_order(const PlaceRequest& r, const Contract& c, Timestamp now);
  PlaceResult reject(Order& order, int code, std::string message, Timestamp now);
  PlaceResult place_internal(const PlaceRequest& request, Timestamp now, bool check_can_trade);
  void emit_order(const Order& order);
  void emit_account(const Account& account);
  // Fills `order` completely at `price`: trades, order, position, account events.
  void fill(Order& order, Decimal price, Timestamp now);
  void on_parent_filled(const Order& parent, Decimal fill_price, Timestamp now);
  void on_child_filled(const Order& child, Timestamp now);
  void cancel_order(Order& order, Timestamp now);
  // Checks working orders on a contract against its new last price.
  void trigger_orders(const std::string& contract_id, Timestamp now);
  // Returns the fill price if `order` should execute at `last`, updating trailing anchors.
  std::optional<Decimal> should_fill(Order& order, Decimal last, const Contract& c);
  Position* position(std::int64_t account_id, const std::string& contract_id);
  bool on_grid(Decimal price, const Contract& c) const;

  ExchangeOptions options_;
  EventSink* sink_;
  SplitMix64 rng_;
  std::int64_t next_order_id_;
  std::int64_t next_trade_id_;
  std::int64_t next_position_id_;
  std::vector<Contract> contracts_;
  std::unordered_map<std::string, std::size_t> contract_index_;
  std::unordered_map<std::string, Market> markets_;
  std::map<std::int64_t, Account> accounts_;
  std::map<std::int64_t, std::unique_ptr<Order>> orders_;  // ids increase with creation
  std::vector<Trade> trades_;
  std::map<std::pair<std::int64_t, std::string>, Position> positions_;  // open positions only
};

}  // namespace risk::sim
