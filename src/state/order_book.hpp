#pragma once
// MOD-009 (orders): the working orders of one account. An order that reaches
// a terminal state (filled, cancelled, expired, rejected) leaves the book.
#include <vector>

#include "core/domain.hpp"

namespace risk {

class OrderBook {
 public:
  struct Change {
    bool added = false;     // newly working
    bool removed = false;   // was working, now terminal
    bool modified = false;  // still working, something changed
  };
  Change apply(const Order& o);
  // Replaces every order (reconciliation); returns the ids that disappeared.
  std::vector<OrderId> replace_all(const std::vector<Order>& working);

  [[nodiscard]] const Order* find(OrderId id) const noexcept;
  [[nodiscard]] const std::vector<Order>& all() const noexcept { return orders_; }
  [[nodiscard]] bool empty() const noexcept { return orders_.empty(); }

 private:
  std::vector<Order> orders_;
};

// RULE-008's protective stop for a position: a working Stop, StopLimit or
// TrailingStop on the opposite side in the same contract covering at least one
// contract. (rules.md describes it as below entry for a long, above for a
// short; a stop at or beyond entry protects even more and counts too, so a
// stop moved to breakeven by RULE-012 keeps the position protected.)
bool is_protective_stop(const Order& o, const Position& p) noexcept;
bool has_protective_stop(const OrderBook& orders, const Position& p) noexcept;

}  // namespace risk
