#include "state/order_book.hpp"

#include <algorithm>

namespace risk {

OrderBook::Change OrderBook::apply(const Order& o) {
  Change c;
  const auto it = std::find_if(orders_.begin(), orders_.end(), [&](const Order& x) { return x.id == o.id; });
  const bool working = is_working(o.status);
  if (it == orders_.end()) {
    if (working) {
      orders_.push_back(o);
      c.added = true;
    }
    return c;
  }
  if (!working) {
    orders_.erase(it);
    c.removed = true;
    return c;
  }
  if (!(*it == o)) {
    *it = o;
    c.modified = true;
  }
  return c;
}

std::vector<OrderId> OrderBook::replace_all(const std::vector<Order>& working) {
  std::vector<OrderId> gone;
  for (const auto& o : orders_) {
    const bool still = std::any_of(working.begin(), working.end(), [&](const Order& w) { return w.id == o.id; });
    if (!still) gone.push_back(o.id);
  }
  orders_.clear();
  for (const auto& o : working) {
    if (is_working(o.status)) orders_.push_back(o);
  }
  return gone;
}

const Order* OrderBook::find(OrderId id) const noexcept {
  const auto it = std::find_if(orders_.begin(), orders_.end(), [&](const Order& x) { return x.id == id; });
  return it == orders_.end() ? nullptr : &*it;
}

bool is_protective_stop(const Order& o, const Position& p) noexcept {
  if (!is_working(o.status) || !is_stop_type(o.type) || o.size < 1) return false;
  if (o.contract_id != p.contract_id) return false;
  const OrderSide closing_side = p.is_short() ? OrderSide::Bid : OrderSide::Ask;
  return o.side == closing_side;
}

bool has_protective_stop(const OrderBook& orders, const Position& p) noexcept {
  return std::any_of(orders.all().begin(), orders.all().end(),
                     [&](const Order& o) { return is_protective_stop(o, p); });
}

}  // namespace risk
