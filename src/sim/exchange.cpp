#include "sim/exchange.hpp"

#include <algorithm>
#include <cstdlib>

namespace risk::sim {
namespace {

const char* type_name(OrderType t) {
  switch (t) {
    case OrderType::Limit:
      return "Limit";
    case OrderType::Market:
      return "Market";
    case OrderType::StopLimit:
      return "StopLimit";
    case OrderType::Stop:
      return "Stop";
    case OrderType::TrailingStop:
      return "TrailingStop";
    case OrderType::JoinBid:
      return "JoinBid";
    case OrderType::JoinAsk:
      return "JoinAsk";
    default:
      return "Unknown";
  }
}

bool terminal(OrderStatus s) {
  return s == OrderStatus::Filled || s == OrderStatus::Cancelled || s == OrderStatus::Expired ||
         s == OrderStatus::Rejected;
}

}  // namespace

Exchange::Exchange(ExchangeOptions options, EventSink* sink)
    : options_(options),
      sink_(sink),
      rng_{options.seed},
      next_order_id_(options.first_order_id),
      next_trade_id_(options.first_trade_id),
      next_position_id_(options.first_position_id) {}

std::uint64_t Exchange::next_random() { return rng_.next(); }

// ---------------------------------------------------------------- contracts, prices

void Exchange::add_contract(const Contract& c) {
  if (contract_index_.count(c.id) != 0) return;
  contract_index_[c.id] = contracts_.size();
  contracts_.push_back(c);
  Market m;
  m.last = m.open = m.high = m.low = c.initial_price;
  markets_[c.id] = m;
}

const Contract* Exchange::contract(const std::string& id) const {
  const auto it = contract_index_.find(id);
  return it == contract_index_.end() ? nullptr : &contracts_[it->second];
}

std::vector<const Contract*> Exchange::contracts() const {
  std::vector<const Contract*> out;
  for (const auto& c : contracts_) out.push_back(&c);
  return out;
}

std::optional<Decimal> Exchange::last_price(const std::string& contract_id) const {
  const auto it = markets_.find(contract_id);
  if (it == markets_.end()) return std::nullopt;
  return it->second.last;
}

std::optional<Quote> Exchange::quote(const std::string& contract_id) const {
  const Contract* c = contract(contract_id);
  if (c == nullptr) return std::nullopt;
  const Market& m = markets_.at(contract_id);
  Quote q;
  q.contract_id = c->id;
  q.symbol = c->symbol_id;
  q.symbol_name = c->name;
  q.last_price = m.last;
  q.best_bid = m.last - c->tick_size;
  q.best_ask = m.last + c->tick_size;
  q.open = m.open;
  q.high = m.high;
  q.low = m.low;
  q.change = m.last - m.open;
  q.change_percent = m.open.is_zero() ? Decimal() : Decimal::mul_div(q.change, 100, m.open);
  q.volume = m.volume;
  q.last_updated = m.updated;
  q.timestamp = m.updated;
  return q;
}

bool Exchange::on_grid(Decimal price, const Contract& c) const {
  return !c.tick_size.is_zero() && price.raw() % c.tick_size.raw() == 0;
}

CodeResult Exchange::set_price(const std::string& contract_id, Decimal price, Timestamp now) {
  const Contract* c = contract(contract_id);
  if (c == nullptr) return {1, "Contract not found"};
  if (!price.is_positive() || !on_grid(price, *c)) return {2, "Price is not a positive multiple of the tick size"};
  Market& m = markets_.at(contract_id);
  const Decimal previous = m.last;
  m.last = price;
  m.high = std::max(m.high, price);
  m.low = std::min(m.low, price);
  const auto volume = static_cast<std::int64_t>(next_random() % 5 + 1);
  m.volume += volume;
  m.updated = now;
  if (sink_ != nullptr) {
    sink_->on_quote(*quote(contract_id));
    const MarketTrade print{c->symbol_id, price, now, price >= previous ? 0 : 1, volume};
    sink_->on_market_trades(contract_id, {print});
    const auto bid_size = static_cast<std::int64_t>(next_random() % 40 + 1);
    const auto ask_size = static_cast<std::int64_t>(next_random() % 40 + 1);
    sink_->on_depth(contract_id, {DepthEntry{now, 4, price - c->tick_size, bid_size, bid_size},
                                  DepthEntry{now, 3, price + c->tick_size, ask_size, ask_size}});
  }
  trigger_orders(contract_id, now);
  return {};
}

void Exchange::set_price_path(const std::string& contract_id, std::vector<Decimal> prices) {
  const auto it = markets_.find(contract_id);
  if (it == markets_.end()) return;
  it->second.path = std::move(prices);
  it->second.path_index = 0;
}

void Exchange::step_prices(Timestamp now) {
  for (const Contract& c : contracts_) {
    Market& m = markets_.at(c.id);
    Decimal next = m.last;
    if (!m.path.empty()) {
      next = m.path[std::min(m.path_index, m.path.size() - 1)];
      if (m.path_index < m.path.size()) ++m.path_index;
    } else {
      const auto span = static_cast<std::uint64_t>(2 * options_.max_step_ticks + 1);
      const auto ticks = static_cast<std::int64_t>(next_random() % span) - options_.max_step_ticks;
      next = m.last + c.tick_size * ticks;
      if (next < c.tick_size) next = c.tick_size;
    }
    if (next != m.last) set_price(c.id, next, now);
  }
}

// ---------------------------------------------------------------- accounts

Account& Exchange::add_account(Account account) {
  const std::int64_t id = account.id;
  return accounts_.insert_or_assign(id, std::move(account)).first->second;
}

const Account* Exchange::account(std::int64_t id) const {
  const auto it = accounts_.find(id);
  return it == accounts_.end() ? nullptr : &it->second;
}

std::vector<const Account*> Exchange::accounts() const {
  std::vector<const Account*> out;
  for (const auto& [id, a] : accounts_) out.push_back(&a);
  return out;
}

bool Exchange::set_can_trade(std::int64_t account_id, bool can_trade, Timestamp) {
  const auto it = accounts_.find(account_id);
  if (it == accounts_.end()) return false;
  it->second.can_trade = can_trade;
  emit_account(it->second);
  return true;
}

bool Exchange::set_balance(std::int64_t account_id, Decimal balance, Timestamp) {
  const auto it = accounts_.find(account_id);
  if (it == accounts_.end()) return false;
  it->second.balance = balance;
  emit_account(it->second);
  return true;
}

bool Exchange::set_auto_oco_brackets(std::int64_t account_id, bool on) {
  const auto it = accounts_.find(account_id);
  if (it == accounts_.end()) return false;
  it->second.auto_oco_brackets = on;
  return true;
}

void Exchange::emit_order(const Order& order) {
  if (sink_ != nullptr) sink_->on_order(order);
}

void Exchange::emit_account(const Account& account) {
  if (sink_ == nullptr) return;
  for (int i = 0; i < std::max(1, options_.account_event_repeats); ++i) sink_->on_account(account);
}

// ---------------------------------------------------------------- orders

Order& Exchange::new_order(const PlaceRequest& r, const Contract& c, Timestamp now) {
  auto order = std::make_unique<Order>();
  order->id = next_order_id_++;
  order->account_id = r.account_id;
  order->contract_id = c.id;
  order->symbol_id = c.symbol_id;
  order->created = order->updated = now;
  order->status = OrderStatus::Pending;
  order->type = static_cast<OrderType>(r.type);
  order->side = static_cast<OrderSide>(r.side);
  order->size = r.size;
  order->limit_price = r.limit_price;
  order->stop_price = r.stop_price;
  order->custom_tag = r.custom_tag;
  Order& ref = *order;
  orders_[ref.id] = std::move(order);
  return ref;
}

PlaceResult Exchange::reject(Order& order, int code, std::string message, Timestamp now) {
  order.status = OrderStatus::Rejected;
  order.updated = now;
  emit_order(order);
  return PlaceResult{code, std::move(message), order.id};
}

PlaceResult Exchange::place(const PlaceRequest& request, Timestamp now) {
  return place_internal(request, now, /*check_can_trade=*/true);
}

PlaceResult Exchange::place_internal(const PlaceRequest& r, Timestamp now, bool check_can_trade) {
  const auto acc = accounts_.find(r.account_id);
  if (acc == accounts_.end()) return {1, "Account not found", std::nullopt};
  const Contract* c = contract(r.contract_id);
  if (c == nullptr) return {8, "Contract not found", std::nullopt};
  if (!c->active) return {9, "Contract is not active", std::nullopt};
  const Account& account = acc->second;
  const Market& market = markets_.at(c->id);

  // From here on the order exists: a rejection keeps its id and emits Pending then Rejected.
  Order& o = new_order(r, *c, now);
  emit_order(o);
  if (check_can_trade && !account.can_trade)
    return reject(o, 4, "Account is not allowed to trade (canTrade is false)", now);
  if (r.size <= 0) return reject(o, 2, "Invalid order size", now);
  if (r.side != 0 && r.side != 1) return reject(o, 2, "Invalid order side", now);
  const auto type = static_cast<OrderType>(r.type);
  if (type != OrderType::Limit && type != OrderType::Market && type != OrderType::Stop &&
      type != OrderType::TrailingStop && type != OrderType::JoinBid && type != OrderType::JoinAsk) {
    return reject(o, 2, "Invalid order type", now);
  }
  if (r.custom_tag) {
    for (const auto& [id, other] : orders_) {
      if (id != o.id && other->account_id == o.account_id && other->custom_tag == r.custom_tag) {
        return reject(o, 2, "Custom tag must be unique per account", now);
      }
    }
  }
  const bool buy = o.side == OrderSide::Bid;
  if (r.stop_loss || r.take_profit) {
    if (!account.auto_oco_brackets) {
      return reject(o, 2, "Brackets cannot be used with Position Brackets. You must enable Auto OCO Brackets.", now);
    }
    if (r.stop_loss) {
      if (r.stop_loss->type != OrderType::Stop) {
        return reject(o, 2, std::string("Invalid stop loss type (") + type_name(r.stop_loss->type) + ")", now);
      }
      if (buy ? r.stop_loss->ticks >= 0 : r.stop_loss->ticks <= 0) {
        return reject(
            o, 2,
            buy ? "Ticks should be less than zero when longing" : "Ticks should be greater than zero when shorting",
            now);
      }
    }
    if (r.take_profit) {
      if (r.take_profit->type != OrderType::Limit) {
        return reject(o, 2, std::string("Invalid take profit type (") + type_name(r.take_profit->type) + ")", now);
      }
      if (buy ? r.take_profit->ticks <= 0 : r.take_profit->ticks >= 0) {
        return reject(
            o, 2,
            buy ? "Ticks should be greater than zero when longing" : "Ticks should be less than zero when shorting",
            now);
      }
    }
  }
  switch (type) {
    case OrderType::Limit:
      if (!r.limit_price) return reject(o, 2, "Limit price not set", now);
      if (!on_grid(*r.limit_price, *c)) return reject(o, 2, "Invalid price. Price is not aligned to tick size.", now);
      break;
    case OrderType::JoinBid:
    case OrderType::JoinAsk:
      o.limit_price = type == OrderType::JoinBid ? market.last - c->tick_size : market.last + c->tick_size;
      break;
    case OrderType::Stop:
      if (!r.stop_price) return reject(o, 2, "Stop price not set", now);
      if (!on_grid(*r.stop_price, *c))
        return reject(o, 2, "Invalid stop price. Price is not aligned to tick size.", now);
      if (buy ? *r.stop_price <= market.last : *r.stop_price >= market.last) {
        return reject(o, 2, "Invalid stop price. A buy stop must be above, a sell stop below the last price.", now);
      }
      break;
    case OrderType::TrailingStop: {
      if (!r.trail_price) return reject(o, 2, "Trail Distance not set.", now);
      if (market.last.is_zero()) return reject(o, 2, "Cannot trail without a last price", now);
      if (!on_grid(*r.trail_price, *c))
        return reject(o, 2, "Invalid trail price. Price is not aligned to tick size.", now);
      const std::int64_t ticks = (market.last - *r.trail_price).abs().div_trunc(c->tick_size);
      if (ticks <= 0) return reject(o, 2, "Trail Distance not set.", now);
      if (ticks > 1000) return reject(o, 2, "Trail Distance exceeds maximum (1000)", now);
      o.trail_distance = static_cast<int>(ticks);
      o.trail_price = c->tick_size * ticks;
      o.trail_anchor = market.last;
      o.stop_price = buy ? market.last + *o.trail_price : market.last - *o.trail_price;
      break;
    }
    default:
      break;
  }

  // Accepted. Bracket legs wait (Suspended) until the parent fills.
  o.stop_loss = r.stop_loss;
  o.take_profit = r.take_profit;
  std::vector<Order*> legs;
  auto make_leg = [&](const Bracket& b) {
    PlaceRequest leg_request;
    leg_request.account_id = o.account_id;
    leg_request.type = static_cast<int>(b.type);
    leg_request.side = buy ? 1 : 0;
    leg_request.size = o.size;
    Order& leg = new_order(leg_request, *c, now);
    leg.status = OrderStatus::Suspended;
    leg.parent_order_id = o.id;
    legs.push_back(&leg);
  };
  if (r.stop_loss) make_leg(*r.stop_loss);
  if (r.take_profit) make_leg(*r.take_profit);
  if (legs.size() == 2) {
    legs[0]->linked_order_id = legs[1]->id;
    legs[1]->linked_order_id = legs[0]->id;
  }
  for (Order* leg : legs) emit_order(*leg);

  const PlaceResult accepted{0, std::nullopt, o.id};
  if (type == OrderType::Market) {
    fill(o, market.last, now);
    return accepted;
  }
  if (auto price = should_fill(o, market.last, *c)) {  // marketable limit
    fill(o, *price, now);
    return accepted;
  }
  o.status = OrderStatus::Open;
  o.updated = now;
  emit_order(o);
  return accepted;
}

std::optional<Decimal> Exchange::should_fill(Order& o, Decimal last, const Contract& c) {
  const bool buy = o.side == OrderSide::Bid;
  switch (o.type) {
    case OrderType::Limit:
    case OrderType::JoinBid:
    case OrderType::JoinAsk:
      if (!o.limit_price) return std::nullopt;
      if (buy && last <= *o.limit_price) return std::min(last, *o.limit_price);
      if (!buy && last >= *o.limit_price) return std::max(last, *o.limit_price);
      return std::nullopt;
    case OrderType::Stop:
      if (!o.stop_price) return std::nullopt;
      if (buy ? last >= *o.stop_price : last <= *o.stop_price) return last;
      return std::nullopt;
    case OrderType::TrailingStop: {
      if (!o.trail_price) return std::nullopt;
      o.trail_anchor = buy ? std::min(o.trail_anchor, last) : std::max(o.trail_anchor, last);
      o.stop_price = buy ? o.trail_anchor + *o.trail_price : o.trail_anchor - *o.trail_price;
      if (buy ? last >= *o.stop_price : last <= *o.stop_price) return last;
      return std::nullopt;
    }
    default:
      (void)c;
      return std::nullopt;
  }
}

void Exchange::trigger_orders(const std::string& contract_id, Timestamp now) {
  const Contract* c = contract(contract_id);
  if (c == nullptr) return;
  std::vector<std::int64_t> ids;
  for (const auto& [id, o] : orders_) {
    if (o->status == OrderStatus::Open && o->contract_id == contract_id) ids.push_back(id);
  }
  for (const std::int64_t id : ids) {
    Order& o = *orders_.at(id);
    if (o.status != OrderStatus::Open) continue;  // an OCO sibling may have cancelled it
    if (auto price = should_fill(o, markets_.at(contract_id).last, *c)) fill(o, *price, now);
  }
}

Position* Exchange::position(std::int64_t account_id, const std::string& contract_id) {
  const auto it = positions_.find({account_id, contract_id});
  return it == positions_.end() ? nullptr : &it->second;
}

void Exchange::fill(Order& o, Decimal price, Timestamp now) {
  const Contract& c = *contract(o.contract_id);
  Account& account = accounts_.at(o.account_id);
  const bool was_resting = o.status == OrderStatus::Open;
  const bool buy = o.side == OrderSide::Bid;
  auto make_trade = [&](int size, std::optional<Decimal> pnl) {
    Trade t;
    t.id = next_trade_id_++;
    t.account_id = o.account_id;
    t.contract_id = o.contract_id;
    t.created = now;
    t.price = price;
    t.profit_and_loss = pnl;
    t.fees = c.fees * size;
    t.commissions = c.commissions * size;
    t.side = o.side;
    t.size = size;
    t.order_id = o.id;
    account.balance -= t.fees + t.commissions;
    if (pnl) account.balance += *pnl;
    trades_.push_back(t);
    return t;
  };

  std::vector<Trade> fills;
  std::optional<Trade> reemitted;
  std::vector<Position> position_events;
  int remaining = o.size;
  const auto key = std::make_pair(o.account_id, o.contract_id);
  Position* p = position(o.account_id, o.contract_id);

  // A fill against the position's direction closes first (P&L on the closed part);
  // any remainder opens a new position the other way (a reversal = two trades).
  if (p != nullptr && (p->type == PositionType::Long) != buy) {
    const int closed = std::min(p->size, remaining);
    Decimal pnl = Decimal::mul_div(price - p->average_price, c.tick_value, c.tick_size) * closed;
    if (p->type == PositionType::Short) pnl = -pnl;
    fills.push_back(make_trade(closed, pnl));
    if (options_.reemit_opening_trade && p->last_opening_trade_id != 0) {
      for (auto it = trades_.rbegin(); it != trades_.rend(); ++it) {
        if (it->id == p->last_opening_trade_id) {
          reemitted = *it;
          break;
        }
      }
    }
    p->size -= closed;
    remaining -= closed;
    position_events.push_back(*p);
    if (p->size == 0) {
      positions_.erase(key);
      p = nullptr;
    }
  }
  if (remaining > 0) {
    const Trade opening = make_trade(remaining, std::nullopt);
    fills.push_back(opening);
    if (p == nullptr) {
      Position fresh;
      fresh.id = next_position_id_++;
      fresh.account_id = o.account_id;
      fresh.contract_id = o.contract_id;
      fresh.display_name = c.display_name;
      fresh.created = now;
      fresh.type = buy ? PositionType::Long : PositionType::Short;
      fresh.size = remaining;
      fresh.average_price = price;
      p = &positions_.insert_or_assign(key, fresh).first->second;
    } else {  // adding: size-weighted average
      const Decimal total = p->average_price * p->size + price * remaining;
      p->size += remaining;
      p->average_price = Decimal::mul_div(total, 1, Decimal::from_int(p->size));
    }
    p->last_opening_trade_id = opening.id;
    position_events.push_back(*p);
  }

  o.status = OrderStatus::Filled;
  o.fill_volume = o.size;
  o.filled_price = price;
  o.updated = now;

  if (sink_ != nullptr) {
    if (was_resting) emit_order(o);  // a resting order reports Filled first, then its fills
    if (!fills.empty()) sink_->on_trade(fills.front());
    if (reemitted) sink_->on_trade(*reemitted);
    for (std::size_t i = 1; i < fills.size(); ++i) sink_->on_trade(fills[i]);
    if (!was_resting) emit_order(o);  // a market order: Pending, trades, Filled
    for (const Position& pe : position_events) sink_->on_position(pe);
    emit_account(account);
  }

  if (o.stop_loss || o.take_profit) on_parent_filled(o, price, now);
  if (o.parent_order_id) on_child_filled(o, now);
}

void Exchange::on_parent_filled(const Order& parent, Decimal fill_price, Timestamp now) {
  const Contract& c = *contract(parent.contract_id);
  std::vector<std::int64_t> legs;
  for (auto it = orders_.upper_bound(parent.id); it != orders_.end(); ++it) {
    if (it->second->parent_order_id == parent.id && it->second->status == OrderStatus::Suspended)
      legs.push_back(it->first);
  }
  for (const std::int64_t id : legs) {
    Order& leg = *orders_.at(id);
    const Bracket& b = leg.type == OrderType::Stop ? *parent.stop_loss : *parent.take_profit;
    const Decimal level = fill_price + c.tick_size * b.ticks;
    if (leg.type == OrderType::Stop) {
      leg.stop_price = level;
    } else {
      leg.limit_price = level;
    }
    leg.status = OrderStatus::Open;
    leg.updated = now;
    emit_order(leg);
  }
  trigger_orders(parent.contract_id, now);
}

void Exchange::on_child_filled(const Order& child, Timestamp now) {
  if (!child.linked_order_id) return;
  const auto it = orders_.find(*child.linked_order_id);
  if (it != orders_.end() && it->second->is_working()) cancel_order(*it->second, now);
}

void Exchange::cancel_order(Order& o, Timestamp now) {
  o.status = OrderStatus::Cancelled;
  o.updated = now;
  emit_order(o);
  // Cancelling a parent before it filled cancels its waiting legs.
  for (auto it = orders_.upper_bound(o.id); it != orders_.end(); ++it) {
    Order& leg = *it->second;
    if (leg.parent_order_id == o.id && leg.status == OrderStatus::Suspended) cancel_order(leg, now);
  }
}

CodeResult Exchange::cancel(std::int64_t account_id, std::int64_t order_id, Timestamp now) {
  if (accounts_.count(account_id) == 0) return {1, "Account not found"};
  const auto it = orders_.find(order_id);
  if (it == orders_.end() || it->second->account_id != account_id) return {2, "Order not found"};
  Order& o = *it->second;
  if (terminal(o.status)) return {3, "Order is not working"};
  cancel_order(o, now);
  return {};
}

CodeResult Exchange::modify(const ModifyRequest& r, Timestamp now) {
  if (accounts_.count(r.account_id) == 0) return {1, "Account not found"};
  const auto it = orders_.find(r.order_id);
  if (it == orders_.end() || it->second->account_id != r.account_id) return {2, "Order not found"};
  Order& o = *it->second;
  const Contract* c = contract(o.contract_id);
  if (c == nullptr) return {7, "Contract not found"};
  if (!o.is_working()) return {3, "Order is not working"};
  if (r.size && *r.size <= 0) return {3, "Invalid order size"};
  if (r.limit_price && !on_grid(*r.limit_price, *c)) return {3, "Invalid price. Price is not aligned to tick size."};
  if (r.stop_price && !on_grid(*r.stop_price, *c)) return {3, "Invalid stop price. Price is not aligned to tick size."};
  const Decimal last = markets_.at(c->id).last;
  if (r.trail_price) {
    if (o.type != OrderType::TrailingStop) return {3, "Order is not a trailing stop"};
    if (last.is_zero()) return {3, "Cannot trail without a last price"};
    if (!on_grid(*r.trail_price, *c)) return {3, "Invalid trail price. Price is not aligned to tick size."};
    const std::int64_t ticks = (last - *r.trail_price).abs().div_trunc(c->tick_size);  // no 1000-tick guard on modify
    if (ticks <= 0) return {3, "Trail Distance not set."};
    o.trail_distance = static_cast<int>(ticks);
    o.trail_price = c->tick_size * ticks;
    o.trail_anchor = last;
  }
  if (r.size) o.size = *r.size;
  if (r.limit_price && o.type != OrderType::Stop && o.type != OrderType::TrailingStop) o.limit_price = r.limit_price;
  if (r.stop_price && o.type == OrderType::Stop) o.stop_price = r.stop_price;
  o.updated = now;
  emit_order(o);
  if (o.status == OrderStatus::Open) {
    if (auto price = should_fill(o, last, *c)) fill(o, *price, now);
  }
  return {};
}

CodeResult Exchange::close_position(std::int64_t account_id, const std::string& contract_id, Timestamp now) {
  if (accounts_.count(account_id) == 0) return {1, "Account not found"};
  if (contract(contract_id) == nullptr) return {3, "Contract not found"};
  const Position* p = position(account_id, contract_id);
  if (p == nullptr) return {2, "Position not found"};
  PlaceRequest r;
  r.account_id = account_id;
  r.contract_id = contract_id;
  r.type = static_cast<int>(OrderType::Market);
  r.side = p->type == PositionType::Long ? 1 : 0;
  r.size = p->size;
  // Closing is always allowed, also when canTrade is false (flattening is how a lockout is enforced).
  const PlaceResult res = place_internal(r, now, /*check_can_trade=*/false);
  if (res.error_code != 0) return {5, res.error_message};
  return {};
}

CodeResult Exchange::partial_close_position(std::int64_t account_id, const std::string& contract_id, int size,
                                            Timestamp now) {
  if (accounts_.count(account_id) == 0) return {1, "Account not found"};
  if (contract(contract_id) == nullptr) return {3, "Contract not found"};
  const Position* p = position(account_id, contract_id);
  if (p == nullptr) return {2, "Position not found"};
  if (size <= 0 || size > p->size) return {5, "Invalid close size"};
  PlaceRequest r;
  r.account_id = account_id;
  r.contract_id = contract_id;
  r.type = static_cast<int>(OrderType::Market);
  r.side = p->type == PositionType::Long ? 1 : 0;
  r.size = size;
  const PlaceResult res = place_internal(r, now, /*check_can_trade=*/false);
  if (res.error_code != 0) return {6, std::nullopt};
  return {};
}

// ---------------------------------------------------------------- queries

std::vector<const Order*> Exchange::orders(std::int64_t account_id) const {
  std::vector<const Order*> out;
  for (const auto& [id, o] : orders_) {
    if (o->account_id == account_id) out.push_back(o.get());
  }
  return out;
}

const Order* Exchange::order(std::int64_t order_id) const {
  const auto it = orders_.find(order_id);
  return it == orders_.end() ? nullptr : it->second.get();
}

std::vector<const Trade*> Exchange::trades(std::int64_t account_id) const {
  std::vector<const Trade*> out;
  for (const auto& t : trades_) {
    if (t.account_id == account_id) out.push_back(&t);
  }
  return out;
}

std::vector<const Position*> Exchange::open_positions(std::int64_t account_id) const {
  std::vector<const Position*> out;
  for (const auto& [key, p] : positions_) {
    if (key.first == account_id) out.push_back(&p);
  }
  return out;
}

}  // namespace risk::sim
