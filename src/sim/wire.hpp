#pragma once
// The gateway's JSON shapes for every entity (gateway-api.md §3, §5.4). The
// writer's style decides null handling and decimal form: REST prints nulls and
// 9 fractional digits, hub events omit nulls and print minimal decimals.
#include "sim/json.hpp"
#include "sim/model.hpp"

namespace risk::sim {

void write_account(JsonWriter& w, const Account& a);
void write_order(JsonWriter& w, const Order& o);
void write_trade(JsonWriter& w, const Trade& t);
void write_position(JsonWriter& w, const Position& p);
void write_contract(JsonWriter& w, const Contract& c);
void write_quote(JsonWriter& w, const Quote& q);
// Only what changed since `before` (and always the timestamp), as the live market hub does.
void write_quote_changes(JsonWriter& w, const Quote& q, const Quote& before);
void write_market_trade(JsonWriter& w, const MarketTrade& t);
void write_depth_entry(JsonWriter& w, const DepthEntry& e);

}  // namespace risk::sim
