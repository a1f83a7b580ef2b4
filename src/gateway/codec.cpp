#include "gateway/codec.hpp"

#include <charconv>

#include <simdjson.h>

namespace risk::gateway {

namespace od = simdjson::ondemand;

namespace {

// Thrown inside this file only, caught at each record boundary.
struct Malformed {
  std::string reason;
};

[[noreturn]] void fail(std::string reason) { throw Malformed{std::move(reason)}; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

bool is_null(od::value& v) {
  bool n = false;
  return !v.is_null().get(n) && n;
}

std::string_view str(od::value& v, std::string_view field) {
  std::string_view s;
  if (v.get_string().get(s)) fail(std::string(field) + ": expected a string");
  return s;
}

std::optional<std::string> opt_str(od::value& v, std::string_view field) {
  if (is_null(v)) return std::nullopt;
  return std::string(str(v, field));
}

std::int64_t int64(od::value& v, std::string_view field) {
  od::json_type t;
  if (v.type().get(t)) fail(std::string(field) + ": unreadable");
  if (t == od::json_type::number) {
    std::int64_t x = 0;
    if (!v.get_int64().get(x)) return x;
    fail(std::string(field) + ": not a whole number that fits 64 bits");
  }
  if (t == od::json_type::string) {  // "2934939764"
    std::string_view s = str(v, field);
    std::int64_t x = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    if (ec == std::errc() && p == s.data() + s.size()) return x;
  }
  fail(std::string(field) + ": expected an integer");
}

std::optional<std::int64_t> opt_int64(od::value& v, std::string_view field) {
  if (is_null(v)) return std::nullopt;
  return int64(v, field);
}

std::int32_t int32(od::value& v, std::string_view field) {
  const std::int64_t x = int64(v, field);
  if (x < INT32_MIN || x > INT32_MAX) fail(std::string(field) + ": out of range");
  return static_cast<std::int32_t>(x);
}

Decimal decimal(od::value& v, std::string_view field) {
  od::json_type t;
  if (v.type().get(t)) fail(std::string(field) + ": unreadable");
  std::string_view text;
  if (t == od::json_type::number) {
    text = trim(v.raw_json_token());
  } else if (t == od::json_type::string) {
    text = str(v, field);
  } else {
    fail(std::string(field) + ": expected a number");
  }
  auto d = Decimal::parse(text);
  if (!d) fail(std::string(field) + ": " + d.error().message);
  return *d;
}

std::optional<Decimal> opt_decimal(od::value& v, std::string_view field) {
  if (is_null(v)) return std::nullopt;
  return decimal(v, field);
}

bool boolean(od::value& v, std::string_view field, bool if_null) {
  if (is_null(v)) return if_null;
  bool b = false;
  if (v.get_bool().get(b)) fail(std::string(field) + ": expected true or false");
  return b;
}

Timestamp timestamp(od::value& v, std::string_view field) {
  auto t = Timestamp::parse(str(v, field));
  if (!t) fail(std::string(field) + ": " + t.error().message);
  return *t;
}

ContractId contract_id(od::value& v) {
  auto c = ContractId::from(str(v, "contractId"));
  if (!c) fail("contractId: longer than 47 characters");
  return *c;
}

template <typename F>
void fields(od::object& obj, F&& f) {
  for (auto field : obj) {
    std::string_view key;
    if (field.unescaped_key().get(key)) fail("unreadable key");
    od::value v;
    if (field.value().get(v)) fail("unreadable value of " + std::string(key));
    f(key, v);
  }
}

od::object object_of(od::value& v, std::string_view what) {
  od::object o;
  if (v.get_object().get(o)) fail(std::string(what) + ": expected an object");
  return o;
}

// ---- entities ----------------------------------------------------------------

Account parse_account(od::object obj) {
  Account a;
  bool has_id = false;
  fields(obj, [&](std::string_view k, od::value& v) {
    if (k == "id") {
      a.id = int64(v, k);
      has_id = true;
    } else if (k == "name")
      a.name = opt_str(v, k).value_or("");
    else if (k == "balance")
      a.balance = opt_decimal(v, k).value_or(Decimal{});
    else if (k == "canTrade")
      a.can_trade = boolean(v, k, true);
    else if (k == "isVisible")
      a.is_visible = boolean(v, k, true);
    else if (k == "simulated") {
      if (!is_null(v)) a.simulated = boolean(v, k, false);
    }
  });
  if (!has_id) fail("account without id");
  return a;
}

Order parse_order(od::object obj) {
  Order o;
  bool id = false, account = false, contract = false;
  fields(obj, [&](std::string_view k, od::value& v) {
    if (k == "id") {
      o.id = int64(v, k);
      id = true;
    } else if (k == "accountId") {
      o.account_id = int64(v, k);
      account = true;
    } else if (k == "contractId") {
      o.contract_id = contract_id(v);
      contract = true;
    } else if (k == "creationTimestamp") {
      if (!is_null(v)) o.created = timestamp(v, k);
    } else if (k == "updateTimestamp") {
      if (!is_null(v)) o.updated = timestamp(v, k);
    } else if (k == "status")
      o.status = static_cast<OrderStatus>(int32(v, k));
    else if (k == "type")
      o.type = static_cast<OrderType>(int32(v, k));
    else if (k == "side")
      o.side = static_cast<OrderSide>(int32(v, k));
    else if (k == "size")
      o.size = int32(v, k);
    else if (k == "limitPrice")
      o.limit_price = opt_decimal(v, k);
    else if (k == "stopPrice")
      o.stop_price = opt_decimal(v, k);
    else if (k == "fillVolume") {
      if (!is_null(v)) o.fill_volume = int32(v, k);
    } else if (k == "filledPrice")
      o.filled_price = opt_decimal(v, k);
    else if (k == "trailPrice")
      o.trail_price = opt_decimal(v, k);
    else if (k == "trailDistance") {
      if (!is_null(v)) o.trail_distance = int32(v, k);
    } else if (k == "parentOrderId")
      o.parent_order_id = opt_int64(v, k);
    else if (k == "linkedOrderId")
      o.linked_order_id = opt_int64(v, k);
    else if (k == "customTag")
      o.custom_tag = opt_str(v, k).value_or("");
  });
  if (!id || !account || !contract) fail("order without id, accountId or contractId");
  if (o.updated == Timestamp{}) o.updated = o.created;
  return o;
}

Position parse_position(od::object obj) {
  Position p;
  bool id = false, account = false, contract = false;
  fields(obj, [&](std::string_view k, od::value& v) {
    if (k == "id") {
      p.id = int64(v, k);
      id = true;
    } else if (k == "accountId") {
      p.account_id = int64(v, k);
      account = true;
    } else if (k == "contractId") {
      p.contract_id = contract_id(v);
      contract = true;
    } else if (k == "creationTimestamp") {
      if (!is_null(v)) p.created = timestamp(v, k);
    } else if (k == "type")
      p.type = static_cast<PositionType>(int32(v, k));
    else if (k == "size")
      p.size = int32(v, k);
    else if (k == "averagePrice")
      p.average_price = opt_decimal(v, k).value_or(Decimal{});
  });
  if (!id || !account || !contract) fail("position without id, accountId or contractId");
  if (p.size < 0) fail("position size is negative");
  return p;
}

Trade parse_trade(od::object obj) {
  Trade t;
  bool id = false, account = false, contract = false;
  fields(obj, [&](std::string_view k, od::value& v) {
    if (k == "id") {
      t.id = int64(v, k);
      id = true;
    } else if (k == "accountId") {
      t.account_id = int64(v, k);
      account = true;
    } else if (k == "contractId") {
      t.contract_id = contract_id(v);
      contract = true;
    } else if (k == "creationTimestamp") {
      if (!is_null(v)) t.created = timestamp(v, k);
    } else if (k == "price")
      t.price = opt_decimal(v, k).value_or(Decimal{});
    else if (k == "profitAndLoss")
      t.profit_and_loss = opt_decimal(v, k);
    else if (k == "fees")
      t.fees = opt_decimal(v, k).value_or(Decimal{});
    else if (k == "commissions")
      t.commissions = opt_decimal(v, k).value_or(Decimal{});
    else if (k == "side")
      t.side = static_cast<OrderSide>(int32(v, k));
    else if (k == "size")
      t.size = int32(v, k);
    else if (k == "voided")
      t.voided = boolean(v, k, false);
    else if (k == "orderId") {
      if (!is_null(v)) t.order_id = int64(v, k);
    }
  });
  if (!id || !account || !contract) fail("trade without id, accountId or contractId");
  return t;
}

Contract parse_contract(od::object obj) {
  Contract c;
  bool id = false;
  fields(obj, [&](std::string_view k, od::value& v) {
    if (k == "id") {
      auto x = ContractId::from(str(v, k));
      if (!x) fail("contract id longer than 47 characters");
      c.id = *x;
      id = true;
    } else if (k == "name")
      c.name = opt_str(v, k).value_or("");
    else if (k == "description")
      c.description = opt_str(v, k).value_or("");
    else if (k == "tickSize")
      c.tick_size = opt_decimal(v, k).value_or(Decimal{});
    else if (k == "tickValue")
      c.tick_value = opt_decimal(v, k).value_or(Decimal{});
    else if (k == "activeContract")
      c.active = boolean(v, k, true);
    else if (k == "symbolId")
      c.symbol_id = opt_str(v, k).value_or("");
  });
  if (!id) fail("contract without id");
  return c;
}

QuoteUpdate parse_quote(const ContractId& id, od::object obj) {
  QuoteUpdate q;
  q.contract_id = id;
  fields(obj, [&](std::string_view k, od::value& v) {
    if (k == "lastPrice")
      q.last_price = opt_decimal(v, k);
    else if (k == "bestBid")
      q.best_bid = opt_decimal(v, k);
    else if (k == "bestAsk")
      q.best_ask = opt_decimal(v, k);
    else if (k == "timestamp" || k == "lastUpdated") {
      if (!is_null(v) && !q.timestamp) q.timestamp = timestamp(v, k);
    }
  });
  return q;
}

// A user-hub payload: {action, data: entity | [entities]} or the bare entity.
template <typename Parse, typename Emit>
void user_payload(od::value& arg, Parse&& parse, Emit&& emit) {
  od::object obj = object_of(arg, "payload");
  od::value data;
  const auto err = obj.find_field_unordered("data").get(data);
  if (err == simdjson::SUCCESS) {
    od::json_type t;
    if (data.type().get(t)) fail("data: unreadable");
    if (t == od::json_type::array) {
      od::array arr;
      if (data.get_array().get(arr)) fail("data: unreadable array");
      for (auto item : arr) {
        od::value v;
        if (item.get(v)) fail("data: unreadable item");
        if (is_null(v)) continue;
        emit(parse(object_of(v, "data item")));
      }
    } else {
      emit(parse(object_of(data, "data")));
    }
    return;
  }
  if (err != simdjson::NO_SUCH_FIELD) fail("payload: unreadable");
  if (obj.reset().error()) fail("payload: cannot rewind");
  emit(parse(obj));
}

std::string excerpt(std::string_view s) { return std::string(s.substr(0, 200)); }

}  // namespace

// ---- hub decoder ---------------------------------------------------------------

struct HubDecoder::Impl {
  od::parser parser;
  std::string partial;
  simdjson::padded_string buffer{std::size_t{4096}};
  bool awaiting_handshake = true;

  void decode(std::string_view record, HubSink& sink, DecoderStats& stats);
  void invocation(od::object& obj, HubSink& sink, DecoderStats& stats);
};

HubDecoder::HubDecoder() : impl_(std::make_unique<Impl>()) {}
HubDecoder::~HubDecoder() = default;

void HubDecoder::reset() {
  impl_->partial.clear();
  impl_->awaiting_handshake = true;
}

std::size_t HubDecoder::pending_bytes() const noexcept { return impl_->partial.size(); }

void HubDecoder::feed(std::string_view message, HubSink& sink) {
  Impl& m = *impl_;
  std::size_t start = 0;
  while (start < message.size()) {
    const std::size_t end = message.find(kRecordSeparator, start);
    if (end == std::string_view::npos) {
      if (m.partial.size() + (message.size() - start) > (16u << 20)) {  // a runaway record: drop it
        ++stats_.malformed;
        sink.on_malformed("record larger than 16 MiB without a separator", excerpt(m.partial));
        m.partial.clear();
        return;
      }
      m.partial.append(message.substr(start));
      return;
    }
    std::string_view record = message.substr(start, end - start);
    if (!m.partial.empty()) {
      m.partial.append(record);
      const std::string whole = std::move(m.partial);
      m.partial.clear();
      m.decode(whole, sink, stats_);
    } else {
      m.decode(record, sink, stats_);
    }
    start = end + 1;
  }
}

void HubDecoder::Impl::decode(std::string_view record, HubSink& sink, DecoderStats& stats) {
  ++stats.records;
  // simdjson reads past the end: copy into a padded buffer (reused).
  if (buffer.size() < record.size()) buffer = simdjson::padded_string(record.size() * 2);
  std::memcpy(buffer.data(), record.data(), record.size());
  try {
    od::document doc;
    if (parser.iterate(buffer.data(), record.size(), buffer.size() + simdjson::SIMDJSON_PADDING).get(doc)) {
      fail("not JSON");
    }
    od::object obj;
    if (doc.get_object().get(obj)) fail("not a JSON object");
    if (awaiting_handshake) {
      HandshakeReply h;
      od::value err;
      if (obj.find_field_unordered("error").get(err) == simdjson::SUCCESS) h.error = opt_str(err, "error");
      awaiting_handshake = false;
      sink.on_handshake(h);
      return;
    }
    od::value type_value;
    if (obj.find_field_unordered("type").get(type_value)) fail("record without a type");
    const std::int64_t type = int64(type_value, "type");
    if (obj.reset().error()) fail("cannot rewind");
    switch (type) {
      case 1:
        invocation(obj, sink, stats);
        return;
      case 3: {
        Completion c;
        fields(obj, [&](std::string_view k, od::value& v) {
          if (k == "invocationId")
            c.invocation_id = str(v, k);
          else if (k == "error")
            c.error = opt_str(v, k);
        });
        sink.on_completion(c);
        return;
      }
      case 6:
        sink.on_ping();
        return;
      case 7: {
        CloseMessage c;
        fields(obj, [&](std::string_view k, od::value& v) {
          if (k == "error")
            c.error = opt_str(v, k).value_or("");
          else if (k == "allowReconnect")
            c.allow_reconnect = boolean(v, k, false);
        });
        sink.on_close(c);
        return;
      }
      default:
        ++stats.ignored;
        sink.on_ignored("message type " + std::to_string(type));
        return;
    }
  } catch (const Malformed& e) {
    ++stats.malformed;
    sink.on_malformed(e.reason, excerpt(record));
  } catch (const simdjson::simdjson_error& e) {
    ++stats.malformed;
    sink.on_malformed(e.what(), excerpt(record));
  }
}

void HubDecoder::Impl::invocation(od::object& obj, HubSink& sink, DecoderStats& stats) {
  // Targets come first in practice, but JSON has no order: find it, then rewind.
  od::value target_value;
  if (obj.find_field_unordered("target").get(target_value)) fail("invocation without a target");
  const std::string target(str(target_value, "target"));
  od::value args_value;
  if (obj.find_field_unordered("arguments").get(args_value)) fail(target + ": no arguments");
  od::array args;
  if (args_value.get_array().get(args)) fail(target + ": arguments is not an array");

  std::size_t emitted = 0;
  auto emit = [&](EventBody body) {
    ++emitted;
    ++stats.events;
    sink.on_event(std::move(body));
  };
  auto arg = args.begin();
  if (arg == args.end()) fail(target + ": empty arguments");
  od::value first;
  if ((*arg).get(first)) fail(target + ": unreadable argument");

  if (target == "GatewayUserTrade") {
    user_payload(first, parse_trade, [&](Trade t) { emit(TradeEvent{std::move(t)}); });
  } else if (target == "GatewayUserOrder") {
    user_payload(first, parse_order, [&](Order o) { emit(OrderEvent{std::move(o)}); });
  } else if (target == "GatewayUserPosition") {
    user_payload(first, parse_position, [&](Position p) { emit(PositionEvent{std::move(p)}); });
  } else if (target == "GatewayUserAccount") {
    user_payload(first, parse_account, [&](Account a) { emit(AccountEvent{std::move(a)}); });
  } else if (target == "GatewayQuote") {
    auto id = ContractId::from(str(first, "contractId"));
    if (!id) fail("GatewayQuote: contract id longer than 47 characters");
    ++arg;
    if (arg == args.end()) fail("GatewayQuote: no quote object");
    od::value payload;
    if ((*arg).get(payload)) fail("GatewayQuote: unreadable quote");
    emit(QuoteEvent{parse_quote(*id, object_of(payload, "quote"))});
  } else {
    // GatewayTrade, GatewayDepth and anything new: well-formed, not needed by the rules.
    ++stats.ignored;
    sink.on_ignored(target);
    return;
  }
  if (emitted == 0) {
    ++stats.ignored;
    sink.on_ignored(target + " (empty)");
  }
}

// ---- REST -----------------------------------------------------------------------

namespace {

template <typename T, typename F>
Result<RestReply<T>> rest(std::string_view json, F&& payload_field) {
  thread_local od::parser parser;
  simdjson::padded_string padded(json);
  RestReply<T> out;
  try {
    od::document doc;
    if (parser.iterate(padded).get(doc)) fail("not JSON");
    od::object obj;
    if (doc.get_object().get(obj)) fail("not a JSON object");
    bool saw_success = false;
    fields(obj, [&](std::string_view k, od::value& v) {
      if (k == "success") {
        out.envelope.success = boolean(v, k, false);
        saw_success = true;
      } else if (k == "errorCode") {
        if (!is_null(v)) out.envelope.error_code = int32(v, k);
      } else if (k == "errorMessage") {
        out.envelope.error_message = opt_str(v, k).value_or("");
      } else {
        payload_field(k, v, out.payload);
      }
    });
    if (!saw_success) fail("no 'success' in the response envelope");
  } catch (const Malformed& e) {
    return make_error("malformed gateway response: " + e.reason);
  } catch (const simdjson::simdjson_error& e) {
    return make_error(std::string("malformed gateway response: ") + e.what());
  }
  return out;
}

template <typename T, typename Parse>
void list_into(od::value& v, std::vector<T>& out, Parse&& parse) {
  if (is_null(v)) return;  // a null list on success = empty
  od::array arr;
  if (v.get_array().get(arr)) fail("expected a list");
  for (auto item : arr) {
    od::value x;
    if (item.get(x)) fail("unreadable list item");
    if (is_null(x)) continue;
    out.push_back(parse(object_of(x, "list item")));
  }
}

}  // namespace

Result<RestReply<std::string>> decode_login(std::string_view json) {
  return rest<std::string>(json, [](std::string_view k, od::value& v, std::string& token) {
    if (k == "token") token = opt_str(v, k).value_or("");
  });
}

Result<RestReply<std::string>> decode_validate(std::string_view json) {
  return rest<std::string>(json, [](std::string_view k, od::value& v, std::string& token) {
    if (k == "newToken") token = opt_str(v, k).value_or("");
  });
}

Result<RestReply<std::vector<Account>>> decode_accounts(std::string_view json) {
  return rest<std::vector<Account>>(json, [](std::string_view k, od::value& v, std::vector<Account>& out) {
    if (k == "accounts") list_into(v, out, parse_account);
  });
}

Result<RestReply<std::vector<Position>>> decode_positions(std::string_view json) {
  return rest<std::vector<Position>>(json, [](std::string_view k, od::value& v, std::vector<Position>& out) {
    if (k == "positions") list_into(v, out, parse_position);
  });
}

Result<RestReply<std::vector<Order>>> decode_orders(std::string_view json) {
  return rest<std::vector<Order>>(json, [](std::string_view k, od::value& v, std::vector<Order>& out) {
    if (k == "orders") list_into(v, out, parse_order);
  });
}

Result<RestReply<std::pair<std::vector<Order>, std::optional<std::int64_t>>>> decode_order_query(
    std::string_view json) {
  using P = std::pair<std::vector<Order>, std::optional<std::int64_t>>;
  return rest<P>(json, [](std::string_view k, od::value& v, P& out) {
    if (k == "orders")
      list_into(v, out.first, parse_order);
    else if (k == "totalCount")
      out.second = opt_int64(v, k);
  });
}

Result<RestReply<std::vector<Trade>>> decode_trades(std::string_view json) {
  return rest<std::vector<Trade>>(json, [](std::string_view k, od::value& v, std::vector<Trade>& out) {
    if (k == "trades") list_into(v, out, parse_trade);
  });
}

Result<RestReply<std::optional<Contract>>> decode_contract(std::string_view json) {
  return rest<std::optional<Contract>>(json, [](std::string_view k, od::value& v, std::optional<Contract>& out) {
    if (k == "contract" && !is_null(v)) out = parse_contract(object_of(v, "contract"));
  });
}

Result<RestReply<std::vector<Contract>>> decode_contracts(std::string_view json) {
  return rest<std::vector<Contract>>(json, [](std::string_view k, od::value& v, std::vector<Contract>& out) {
    if (k == "contracts") list_into(v, out, parse_contract);
  });
}

Result<RestReply<std::optional<OrderId>>> decode_place_order(std::string_view json) {
  return rest<std::optional<OrderId>>(json, [](std::string_view k, od::value& v, std::optional<OrderId>& out) {
    if (k == "orderId") out = opt_int64(v, k);
  });
}

Result<Envelope> decode_envelope(std::string_view json) {
  auto r = rest<int>(json, [](std::string_view, od::value&, int&) {});
  if (!r) return r.error();
  return r.value().envelope;
}

}  // namespace risk::gateway
