#include "sim/rest_api.hpp"

#include <algorithm>

#include "sim/wire.hpp"

namespace risk::sim {
namespace {

constexpr JsonWriter::Style kRestStyle = gateway_style(/*omit_nulls=*/false, /*fixed_decimals=*/true);

net::HttpResponse problem(int status, const std::string& title,
                          const std::map<std::string, std::vector<std::string>>& errors) {
  net::HttpResponse res;
  res.status = status;
  res.content_type = "application/problem+json; charset=utf-8";
  JsonWriter w(res.body, kRestStyle);
  w.begin_object()
      .field("type", status == 400 ? "https://tools.ietf.org/html/rfc9110#section-15.5.1"
                                   : "https://tools.ietf.org/html/rfc9110#section-15.5.5")
      .field("title", title)
      .field("status", status);
  if (!errors.empty()) {
    w.key("errors").begin_object();
    for (const auto& [field, messages] : errors) {
      w.key(field).begin_array();
      for (const auto& m : messages) w.value(m);
      w.end_array();
    }
    w.end_object();
  }
  w.end_object();
  return res;
}

net::HttpResponse unauthorized(bool expired) {
  net::HttpResponse res;
  res.status = 401;
  res.content_type.clear();
  res.headers.emplace_back(
      "WWW-Authenticate",
      expired ? R"(Bearer error="invalid_token", error_description="The token expired")" : "Bearer");
  return res;
}

bool matches_text(const Contract& c, const std::string& needle) {
  if (needle.empty()) return true;
  for (const std::string* hay : {&c.name, &c.id, &c.description, &c.symbol_id, &c.display_name}) {
    if (to_lower(*hay).find(needle) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

// ------------------------------------------------------------------ limiter

bool RollingWindowLimiter::allow(const std::string& key, Timestamp now, Duration* retry_after) {
  if (limit_ <= 0) return true;
  auto& q = hits_[key];
  while (!q.empty() && q.front() <= now - window_) q.pop_front();
  if (static_cast<int>(q.size()) >= limit_) {
    if (retry_after != nullptr) *retry_after = q.front() + window_ - now;
    return false;
  }
  q.push_back(now);
  return true;
}

void RollingWindowLimiter::configure(int limit, Duration window) {
  limit_ = limit;
  window_ = window;
  hits_.clear();
}

// ------------------------------------------------------------------ one call

struct RestApi::Call {
  const net::HttpRequest& request;
  Timestamp now;
  std::string user;
  std::string token;
  JsonValue body;
  std::map<std::string, std::vector<std::string>> errors;
  std::optional<net::HttpResponse> response;  // set by the handler

  void required(const std::string& name) { errors["$"].push_back("The " + name + " field is required."); }
  void bad_type(const std::string& name, const char* type) {
    errors["$." + name].push_back(std::string("The JSON value could not be converted to ") + type + ". Path: $." +
                                  name + ".");
  }
  const JsonValue* get(const JsonValue& obj, const std::string& name) {
    const JsonValue* v = obj.find(name);
    return (v == nullptr || v->is_null()) ? nullptr : v;
  }
  std::optional<std::int64_t> opt_int(const JsonValue& obj, const std::string& name) {
    const JsonValue* v = get(obj, name);
    if (v == nullptr) return std::nullopt;
    auto i = v->as_int();
    if (!i) bad_type(name, "System.Int64");
    return i;
  }
  std::int64_t req_int(const JsonValue& obj, const std::string& name) {
    if (get(obj, name) == nullptr) {
      required(name);
      return 0;
    }
    return opt_int(obj, name).value_or(0);
  }
  std::optional<Decimal> opt_decimal(const JsonValue& obj, const std::string& name) {
    const JsonValue* v = get(obj, name);
    if (v == nullptr) return std::nullopt;
    auto d = v->as_decimal();
    if (!d) bad_type(name, "System.Decimal");
    return d;
  }
  std::optional<bool> opt_bool(const JsonValue& obj, const std::string& name) {
    const JsonValue* v = get(obj, name);
    if (v == nullptr) return std::nullopt;
    if (!v->is_bool()) {
      bad_type(name, "System.Boolean");
      return std::nullopt;
    }
    return v->boolean;
  }
  bool req_bool(const JsonValue& obj, const std::string& name) {
    if (get(obj, name) == nullptr) {
      required(name);
      return false;
    }
    return opt_bool(obj, name).value_or(false);
  }
  std::optional<std::string> opt_string(const JsonValue& obj, const std::string& name) {
    const JsonValue* v = get(obj, name);
    if (v == nullptr) return std::nullopt;
    if (!v->is_string()) {
      bad_type(name, "System.String");
      return std::nullopt;
    }
    return v->text;
  }
  std::string req_string(const JsonValue& obj, const std::string& name) {
    if (get(obj, name) == nullptr) {
      required(name);
      return {};
    }
    return opt_string(obj, name).value_or("");
  }
  std::optional<Timestamp> opt_time(const JsonValue& obj, const std::string& name) {
    auto s = opt_string(obj, name);
    if (!s) return std::nullopt;
    auto t = Timestamp::parse(*s);
    if (!t) {
      bad_type(name, "System.DateTime");
      return std::nullopt;
    }
    return *t;
  }
  // Ends the call with 400 when a field was missing or malformed.
  bool invalid() {
    if (errors.empty()) return false;
    response = problem(400, "One or more validation errors occurred.", errors);
    return true;
  }
  // The envelope: payload fields first, then success, errorCode, errorMessage.
  template <typename Payload>
  void reply(int code, const std::optional<std::string>& message, Payload&& payload) {
    net::HttpResponse res;
    JsonWriter w(res.body, kRestStyle);
    w.begin_object();
    payload(w);
    w.field("success", code == 0).field("errorCode", code).field("errorMessage", message).end_object();
    response = std::move(res);
  }
  void reply(int code, const std::optional<std::string>& message = std::nullopt) {
    reply(code, message, [](JsonWriter&) {});
  }
};

// ------------------------------------------------------------------ dispatch

RestApi::RestApi(Exchange& exchange, TokenStore& tokens, Clock clock, int rate_limit, Duration rate_window)
    : exchange_(exchange), tokens_(tokens), clock_(std::move(clock)), limiter_(rate_limit, rate_window) {
  routes_ = {
      {"/api/Auth/loginKey", {&RestApi::login_key, false}},
      {"/api/Auth/loginApp", {&RestApi::login_app, false}},
      {"/api/Auth/validate", {&RestApi::validate, true}},
      {"/api/Auth/logout", {&RestApi::logout, true}},
      {"/api/Account/search", {&RestApi::account_search, true}},
      {"/api/Position/searchOpen", {&RestApi::position_search_open, true}},
      {"/api/Position/closeContract", {&RestApi::position_close, true}},
      {"/api/Position/partialCloseContract", {&RestApi::position_partial_close, true}},
      {"/api/Order/searchOpen", {&RestApi::order_search_open, true}},
      {"/api/Order/search", {&RestApi::order_search, true}},
      {"/api/Order/v2/query", {&RestApi::order_query_v2, true}},
      {"/api/Order/searchById", {&RestApi::order_search_by_id, true}},
      {"/api/Order/place", {&RestApi::order_place, true}},
      {"/api/Order/cancel", {&RestApi::order_cancel, true}},
      {"/api/Order/modify", {&RestApi::order_modify, true}},
      {"/api/Trade/search", {&RestApi::trade_search, true}},
      {"/api/Contract/search", {&RestApi::contract_search, true}},
      {"/api/Contract/searchById", {&RestApi::contract_search_by_id, true}},
      {"/api/Contract/available", {&RestApi::contract_available, true}},
  };
}

net::HttpResponse RestApi::handle(const net::HttpRequest& request) {
  const Timestamp now = clock_();
  // Paths are case-insensitive in ASP.NET routing.
  const std::string lower_path = to_lower(request.path);
  auto route = routes_.end();
  for (auto it = routes_.begin(); it != routes_.end(); ++it) {
    if (to_lower(it->first) == lower_path) route = it;
  }
  const bool is_ping = lower_path == "/api/status/ping";
  const std::string fault_path = route != routes_.end() ? route->first : (is_ping ? "/api/Status/ping" : request.path);
  ++calls_[fault_path];

  // Injected faults come first: they stand for trouble in front of the application.
  std::optional<std::chrono::milliseconds> delay;
  bool drop = false;
  std::erase_if(faults_, [&](const RestFault& f) { return f.until && *f.until <= now; });
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (it->path != "*" && to_lower(it->path) != lower_path) continue;
    const RestFault f = *it;
    if (!f.until && --it->remaining <= 0) faults_.erase(it);
    if (f.kind == RestFault::Kind::Status) {
      if (f.status == 401) return unauthorized(false);
      if (f.status == 429) {
        net::HttpResponse res;
        res.status = 429;
        res.content_type.clear();
        if (f.retry_after_seconds) res.headers.emplace_back("Retry-After", std::to_string(*f.retry_after_seconds));
        return res;
      }
      return problem(f.status, f.status >= 500 ? "Internal Server Error" : "Injected fault", {});
    }
    if (f.kind == RestFault::Kind::Drop) drop = true;
    if (f.kind == RestFault::Kind::Delay) delay = f.delay;
    break;
  }
  if (drop) {
    net::HttpResponse res;
    res.drop_connection = true;
    return res;
  }

  net::HttpResponse res;
  if (is_ping) {
    if (request.method != "GET") return problem(405, "Method Not Allowed", {});
    res.content_type = "text/plain; charset=utf-8";
    res.body = "pong";
  } else if (route == routes_.end()) {
    res = problem(404, "Not Found", {});
  } else if (request.method != "POST") {
    res = problem(405, "Method Not Allowed", {});
  } else {
    Call call{request, now, {}, {}, {}, {}, {}};
    bool authorized = true;
    if (route->second.second) {
      const std::string_view auth = request.header("Authorization");
      constexpr std::string_view kBearer = "Bearer ";
      if (auth.size() > kBearer.size() && to_lower(std::string(auth.substr(0, kBearer.size()))) == "bearer ") {
        call.token = std::string(auth.substr(kBearer.size()));
      }
      auto user = tokens_.user_of(call.token, now);
      if (!user) {
        res = unauthorized(tokens_.is_expired(call.token, now));
        authorized = false;
      } else {
        call.user = *user;
      }
    }
    Duration retry_after{};
    const std::string caller = call.user.empty() ? "anonymous" : call.user;
    if (authorized && !limiter_.allow(caller, now, &retry_after)) {
      res = net::HttpResponse{};
      res.status = 429;
      res.content_type.clear();
      const auto secs = std::chrono::duration_cast<std::chrono::seconds>(retry_after).count() + 1;
      res.headers.emplace_back("Retry-After", std::to_string(secs));
    } else if (authorized) {
      const bool body_optional = route->first == "/api/Auth/validate" || route->first == "/api/Auth/logout";
      if (request.body.empty() || request.body.find_first_not_of(" \t\r\n") == std::string::npos) {
        if (body_optional) {
          call.body.kind = JsonValue::Kind::Object;
        } else {
          call.errors[""].push_back("A non-empty request body is required.");
        }
      } else {
        auto parsed = parse_json(request.body);
        if (!parsed || !parsed->is_object()) {
          call.errors["$"].push_back(parsed ? "The JSON value could not be converted to the request type."
                                            : parsed.error().message);
        } else {
          call.body = std::move(parsed).value();
        }
      }
      if (!call.invalid()) (this->*(route->second.first))(call);
      res = call.response ? std::move(*call.response) : problem(500, "Internal Server Error", {});
    }
  }
  if (delay) res.delay = *delay;
  return res;
}

bool RestApi::owns(const std::string& user, std::int64_t account_id) const {
  const Account* a = exchange_.account(account_id);
  return a != nullptr && a->user == user;
}

// ------------------------------------------------------------------ auth

void RestApi::login_key(Call& c) {
  const std::string user = c.req_string(c.body, "userName");
  const std::string key = c.req_string(c.body, "apiKey");
  if (c.invalid()) return;
  const LoginResult r = tokens_.login_key(user, key, c.now);
  c.reply(r.error_code, std::nullopt, [&](JsonWriter& w) { w.field("token", r.token); });
}

void RestApi::login_app(Call& c) {
  for (const char* f : {"userName", "password", "deviceId", "appId", "verifyKey"}) (void)c.req_string(c.body, f);
  if (c.invalid()) return;
  // The authorized-application flow is not offered by the simulator: AppNotFound.
  c.reply(4, std::nullopt, [&](JsonWriter& w) { w.field("token", std::optional<std::string>()); });
}

void RestApi::validate(Call& c) {
  const auto token = tokens_.refresh(c.token, c.now);
  c.reply(token ? 0 : 1, std::nullopt, [&](JsonWriter& w) { w.field("newToken", token); });
}

void RestApi::logout(Call& c) { c.reply(tokens_.revoke(c.token) ? 0 : 1); }

// ------------------------------------------------------------------ accounts, positions

void RestApi::account_search(Call& c) {
  const bool only_active = c.req_bool(c.body, "onlyActiveAccounts");
  if (c.invalid()) return;
  (void)only_active;  // every simulated account is active
  c.reply(0, std::nullopt, [&](JsonWriter& w) {
    w.key("accounts").begin_array();
    for (const Account* a : exchange_.accounts()) {
      if (a->user == c.user) write_account(w, *a);
    }
    w.end_array();
  });
}

void RestApi::position_search_open(Call& c) {
  const std::int64_t account = c.req_int(c.body, "accountId");
  if (c.invalid()) return;
  if (!owns(c.user, account)) {
    c.reply(1, "Account not found", [](JsonWriter& w) { w.key("positions").begin_array().end_array(); });
    return;
  }
  c.reply(0, std::nullopt, [&](JsonWriter& w) {
    w.key("positions").begin_array();
    for (const Position* p : exchange_.open_positions(account)) write_position(w, *p);
    w.end_array();
  });
}

void RestApi::position_close(Call& c) {
  const std::int64_t account = c.req_int(c.body, "accountId");
  const std::string contract = c.req_string(c.body, "contractId");
  if (c.invalid()) return;
  if (!owns(c.user, account)) return c.reply(1, "Account not found");
  const CodeResult r = exchange_.close_position(account, contract, c.now);
  c.reply(r.error_code, r.error_message);
}

void RestApi::position_partial_close(Call& c) {
  const std::int64_t account = c.req_int(c.body, "accountId");
  const std::string contract = c.req_string(c.body, "contractId");
  const std::int64_t size = c.req_int(c.body, "size");
  if (c.invalid()) return;
  if (!owns(c.user, account)) return c.reply(1, "Account not found");
  const int clamped = static_cast<int>(std::clamp<std::int64_t>(size, -1, 1'000'000));
  const CodeResult r = exchange_.partial_close_position(account, contract, clamped, c.now);
  c.reply(r.error_code, r.error_message);
}

// ------------------------------------------------------------------ orders

void RestApi::order_search_open(Call& c) {
  const std::int64_t account = c.req_int(c.body, "accountId");
  if (c.invalid()) return;
  if (!owns(c.user, account)) {
    c.reply(1, "Account not found", [](JsonWriter& w) { w.key("orders").begin_array().end_array(); });
    return;
  }
  c.reply(0, std::nullopt, [&](JsonWriter& w) {
    w.key("orders").begin_array();
    for (const Order* o : exchange_.orders(account)) {
      if (o->status == OrderStatus::Open) write_order(w, *o);  // not Suspended bracket legs, as live
    }
    w.end_array();
  });
}

void RestApi::order_search(Call& c) {
  const std::int64_t account = c.req_int(c.body, "accountId");
  if (c.get(c.body, "startTimestamp") == nullptr) c.required("startTimestamp");
  const auto start = c.opt_time(c.body, "startTimestamp");
  const auto end = c.opt_time(c.body, "endTimestamp");
  if (c.invalid()) return;
  if (!owns(c.user, account)) {
    c.reply(1, "Account not found", [](JsonWriter& w) { w.key("orders").begin_array().end_array(); });
    return;
  }
  c.reply(0, std::nullopt, [&](JsonWriter& w) {
    w.key("orders").begin_array();
    for (const Order* o : exchange_.orders(account)) {
      if (start && o->created < *start) continue;
      if (end && o->created > *end) continue;
      write_order(w, *o);
    }
    w.end_array();
  });
}

void RestApi::order_query_v2(Call& c) {
  const JsonValue* filter = c.get(c.body, "filter");
  if (filter == nullptr || !filter->is_object()) {
    c.errors["$"].push_back(
        "JSON deserialization for type 'SearchOrdersV2Request' was missing required properties including: 'filter'.");
    c.invalid();
    return;
  }
  const std::int64_t account = c.req_int(*filter, "accountId");
  std::vector<int> statuses;
  if (const JsonValue* s = c.get(*filter, "statuses")) {
    if (!s->is_array()) {
      c.bad_type("filter.statuses", "System.Int32[]");
    } else {
      for (const auto& item : s->items) {
        if (auto v = item.as_int()) {
          statuses.push_back(static_cast<int>(*v));
        } else {
          c.bad_type("filter.statuses", "System.Int32[]");
        }
      }
    }
  }
  const auto contract = c.opt_string(*filter, "contractId");
  const auto after = c.opt_time(*filter, "createdAfter");
  const auto before = c.opt_time(*filter, "createdBefore");
  const std::int64_t page_size = std::clamp<std::int64_t>(c.opt_int(c.body, "pageSize").value_or(100), 1, 100);
  const std::int64_t offset = std::max<std::int64_t>(0, c.opt_int(c.body, "pageOffset").value_or(0));
  const std::int64_t sort_by = c.opt_int(c.body, "sortBy").value_or(0);
  const std::int64_t direction = c.opt_int(c.body, "sortDirection").value_or(0);
  const bool include_total = c.opt_bool(c.body, "includeTotalCount").value_or(false);
  if (c.invalid()) return;
  if (!owns(c.user, account)) {
    c.reply(1, "Account not found", [](JsonWriter& w) { w.key("orders").begin_array().end_array(); });
    return;
  }
  std::vector<const Order*> rows;
  for (const Order* o : exchange_.orders(account)) {
    if (!statuses.empty() &&
        std::find(statuses.begin(), statuses.end(), static_cast<int>(o->status)) == statuses.end()) {
      continue;
    }
    if (contract && o->contract_id != *contract) continue;
    if (after && o->created < *after) continue;
    if (before && o->created > *before) continue;
    rows.push_back(o);
  }
  // Ids grow with creation time, so both sort keys order the same way; ties on CreatedAt break by id.
  std::stable_sort(rows.begin(), rows.end(), [&](const Order* a, const Order* b) {
    const bool less =
        sort_by == 1 ? a->id < b->id : (a->created < b->created || (a->created == b->created && a->id < b->id));
    const bool greater =
        sort_by == 1 ? a->id > b->id : (a->created > b->created || (a->created == b->created && a->id > b->id));
    return direction == 1 ? greater : less;
  });
  c.reply(0, std::nullopt, [&](JsonWriter& w) {
    w.key("orders").begin_array();
    for (std::int64_t i = offset; i < static_cast<std::int64_t>(rows.size()) && i < offset + page_size; ++i) {
      write_order(w, *rows[static_cast<std::size_t>(i)]);
    }
    w.end_array();
    if (include_total) w.field("totalCount", static_cast<std::int64_t>(rows.size()));
  });
}

void RestApi::order_search_by_id(Call& c) {
  const std::int64_t account = c.req_int(c.body, "accountId");
  const std::int64_t id = c.req_int(c.body, "orderId");
  if (c.invalid()) return;
  const Order* o = exchange_.order(id);
  if (!owns(c.user, account) || o == nullptr || o->account_id != account) {
    c.reply(1, "Order not found", [](JsonWriter& w) { w.field("order", std::optional<std::string>()); });
    return;
  }
  c.reply(0, std::nullopt, [&](JsonWriter& w) {
    w.key("order");
    write_order(w, *o);
  });
}

void RestApi::order_place(Call& c) {
  PlaceRequest r;
  r.account_id = c.req_int(c.body, "accountId");
  r.contract_id = c.req_string(c.body, "contractId");
  r.type = static_cast<int>(c.req_int(c.body, "type"));
  r.side = static_cast<int>(c.req_int(c.body, "side"));
  r.size = static_cast<int>(std::clamp<std::int64_t>(c.req_int(c.body, "size"), -1, 1'000'000));
  r.limit_price = c.opt_decimal(c.body, "limitPrice");
  r.stop_price = c.opt_decimal(c.body, "stopPrice");
  r.trail_price = c.opt_decimal(c.body, "trailPrice");
  r.custom_tag = c.opt_string(c.body, "customTag");
  for (const auto& [name, slot] :
       {std::pair{"stopLossBracket", &r.stop_loss}, std::pair{"takeProfitBracket", &r.take_profit}}) {
    const JsonValue* b = c.get(c.body, name);
    if (b == nullptr) continue;
    if (!b->is_object()) {
      c.bad_type(name, "PlaceOrderBracket");
      continue;
    }
    Bracket bracket;
    bracket.ticks = static_cast<int>(std::clamp<std::int64_t>(c.req_int(*b, "ticks"), -100'000, 100'000));
    bracket.type = static_cast<OrderType>(c.req_int(*b, "type"));
    *slot = bracket;
  }
  if (c.invalid()) return;
  PlaceResult res;
  if (!owns(c.user, r.account_id)) {
    res = {1, "Account not found", std::nullopt};
  } else {
    res = exchange_.place(r, c.now);
  }
  c.reply(res.error_code, res.error_message, [&](JsonWriter& w) { w.field("orderId", res.order_id); });
}

void RestApi::order_cancel(Call& c) {
  const std::int64_t account = c.req_int(c.body, "accountId");
  const std::int64_t id = c.req_int(c.body, "orderId");
  if (c.invalid()) return;
  if (!owns(c.user, account)) return c.reply(1, "Account not found");
  const CodeResult r = exchange_.cancel(account, id, c.now);
  c.reply(r.error_code, r.error_message);
}

void RestApi::order_modify(Call& c) {
  ModifyRequest r;
  r.account_id = c.req_int(c.body, "accountId");
  r.order_id = c.req_int(c.body, "orderId");
  if (auto size = c.opt_int(c.body, "size")) r.size = static_cast<int>(std::clamp<std::int64_t>(*size, -1, 1'000'000));
  r.limit_price = c.opt_decimal(c.body, "limitPrice");
  r.stop_price = c.opt_decimal(c.body, "stopPrice");
  r.trail_price = c.opt_decimal(c.body, "trailPrice");
  if (c.invalid()) return;
  if (!owns(c.user, r.account_id)) return c.reply(1, "Account not found");
  const CodeResult res = exchange_.modify(r, c.now);
  c.reply(res.error_code, res.error_message);
}

// ------------------------------------------------------------------ trades, contracts

void RestApi::trade_search(Call& c) {
  const std::int64_t account = c.req_int(c.body, "accountId");
  const auto start = c.opt_time(c.body, "startTimestamp");
  const auto end = c.opt_time(c.body, "endTimestamp");
  if (c.invalid()) return;
  if (!owns(c.user, account)) {
    c.reply(1, "Account not found", [](JsonWriter& w) { w.key("trades").begin_array().end_array(); });
    return;
  }
  c.reply(0, std::nullopt, [&](JsonWriter& w) {
    w.key("trades").begin_array();
    for (const Trade* t : exchange_.trades(account)) {
      if (start && t->created < *start) continue;
      if (end && t->created > *end) continue;
      write_trade(w, *t);
    }
    w.end_array();
  });
}

void RestApi::contract_search(Call& c) {
  const std::string text = to_lower(c.opt_string(c.body, "searchText").value_or(""));
  (void)c.req_bool(c.body, "live");
  if (c.invalid()) return;
  c.reply(0, std::nullopt, [&](JsonWriter& w) {
    w.key("contracts").begin_array();
    int n = 0;
    for (const Contract* k : exchange_.contracts()) {
      if (n < 20 && matches_text(*k, text)) {
        write_contract(w, *k);
        ++n;
      }
    }
    w.end_array();
  });
}

void RestApi::contract_search_by_id(Call& c) {
  const std::string id = c.req_string(c.body, "contractId");
  if (c.invalid()) return;
  const Contract* k = exchange_.contract(id);
  if (k == nullptr) {
    c.reply(1, "Contract not found", [](JsonWriter& w) { w.field("contract", std::optional<std::string>()); });
    return;
  }
  c.reply(0, std::nullopt, [&](JsonWriter& w) {
    w.key("contract");
    write_contract(w, *k);
  });
}

void RestApi::contract_available(Call& c) {
  (void)c.req_bool(c.body, "live");
  if (c.invalid()) return;
  c.reply(0, std::nullopt, [&](JsonWriter& w) {
    w.key("contracts").begin_array();
    for (const Contract* k : exchange_.contracts()) write_contract(w, *k);
    w.end_array();
  });
}

}  // namespace risk::sim
