#include "sim/wire.hpp"

namespace risk::sim {

void write_account(JsonWriter& w, const Account& a) {
  w.begin_object()
      .field("id", a.id)
      .field("name", a.name)
      .field("balance", a.balance)
      .field("canTrade", a.can_trade)
      .field("isVisible", a.is_visible)
      .field("simulated", a.simulated)
      .end_object();
}

void write_order(JsonWriter& w, const Order& o) {
  w.begin_object()
      .field("id", o.id)
      .field("accountId", o.account_id)
      .field("contractId", o.contract_id)
      .field("symbolId", o.symbol_id)
      .field("creationTimestamp", o.created)
      .field("updateTimestamp", o.updated)
      .field("status", static_cast<int>(o.status))
      .field("type", static_cast<int>(o.type))
      .field("side", static_cast<int>(o.side))
      .field("size", o.size)
      .field("limitPrice", o.limit_price)
      .field("stopPrice", o.stop_price)
      .field("fillVolume", o.fill_volume)
      .field("filledPrice", o.filled_price)
      .field("customTag", o.custom_tag)
      .field("trailDistance", o.trail_distance)
      .field("trailPrice", o.trail_price)
      .field("parentOrderId", o.parent_order_id)
      .field("linkedOrderId", o.linked_order_id)
      .end_object();
}

void write_trade(JsonWriter& w, const Trade& t) {
  w.begin_object()
      .field("id", t.id)
      .field("accountId", t.account_id)
      .field("contractId", t.contract_id)
      .field("creationTimestamp", t.created)
      .field("price", t.price)
      .field("profitAndLoss", t.profit_and_loss)
      .field("fees", t.fees)
      .field("commissions", t.commissions)
      .field("side", static_cast<int>(t.side))
      .field("size", t.size)
      .field("voided", t.voided)
      .field("orderId", t.order_id)
      .end_object();
}

void write_position(JsonWriter& w, const Position& p) {
  w.begin_object()
      .field("id", p.id)
      .field("accountId", p.account_id)
      .field("contractId", p.contract_id)
      .field("contractDisplayName", p.display_name)
      .field("creationTimestamp", p.created)
      .field("type", static_cast<int>(p.type))
      .field("size", p.size)
      .field("averagePrice", p.average_price)
      .end_object();
}

void write_contract(JsonWriter& w, const Contract& c) {
  w.begin_object()
      .field("id", c.id)
      .field("name", c.name)
      .field("description", c.description)
      .field("tickSize", c.tick_size)
      .field("tickValue", c.tick_value)
      .field("activeContract", c.active)
      .field("symbolId", c.symbol_id)
      .end_object();
}

void write_quote(JsonWriter& w, const Quote& q) {
  w.begin_object()
      .field("symbol", q.symbol)
      .field("symbolName", q.symbol_name)
      .field("lastPrice", q.last_price)
      .field("bestBid", q.best_bid)
      .field("bestAsk", q.best_ask)
      .field("change", q.change)
      .field("changePercent", q.change_percent)
      .field("open", q.open)
      .field("high", q.high)
      .field("low", q.low)
      .field("volume", q.volume)
      .field("lastUpdated", q.last_updated)
      .field("timestamp", q.timestamp)
      .end_object();
}

void write_quote_changes(JsonWriter& w, const Quote& q, const Quote& before) {
  w.begin_object();
  if (q.last_price != before.last_price) w.field("lastPrice", q.last_price);
  if (q.best_bid != before.best_bid) w.field("bestBid", q.best_bid);
  if (q.best_ask != before.best_ask) w.field("bestAsk", q.best_ask);
  if (q.change != before.change) w.field("change", q.change);
  if (q.change_percent != before.change_percent) w.field("changePercent", q.change_percent);
  if (q.high != before.high) w.field("high", q.high);
  if (q.low != before.low) w.field("low", q.low);
  if (q.volume != before.volume) w.field("volume", q.volume);
  if (q.last_updated != before.last_updated) w.field("lastUpdated", q.last_updated);
  w.field("timestamp", q.timestamp).end_object();
}

void write_market_trade(JsonWriter& w, const MarketTrade& t) {
  w.begin_object()
      .field("symbolId", t.symbol_id)
      .field("price", t.price)
      .field("timestamp", t.timestamp)
      .field("type", t.type)
      .field("volume", t.volume)
      .end_object();
}

void write_depth_entry(JsonWriter& w, const DepthEntry& e) {
  w.begin_object()
      .field("timestamp", e.timestamp)
      .field("type", e.type)
      .field("price", e.price)
      .field("volume", e.volume)
      .field("currentVolume", e.current_volume)
      .end_object();
}

}  // namespace risk::sim
