#include "sim/control_api.hpp"

#include <algorithm>

#include "sim/json.hpp"
#include "sim/wire.hpp"

namespace risk::sim {
namespace {

constexpr JsonWriter::Style kStyle = gateway_style(/*omit_nulls=*/false, /*fixed_decimals=*/false);

net::HttpResponse reply_error(int status, const std::string& message) {
  net::HttpResponse res;
  res.status = status;
  JsonWriter(res.body, kStyle).begin_object().field("ok", false).field("error", message).end_object();
  return res;
}

template <typename Payload>
net::HttpResponse reply_ok(Payload payload) {
  net::HttpResponse res;
  JsonWriter w(res.body, kStyle);
  w.begin_object().field("ok", true);
  payload(w);
  w.end_object();
  return res;
}
net::HttpResponse reply_ok() {
  return reply_ok([](JsonWriter&) {});
}

std::optional<std::string> str(const JsonValue& body, const char* name) {
  const JsonValue* v = body.find(name);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return v->text;
}
std::optional<std::int64_t> integer(const JsonValue& body, const char* name) {
  const JsonValue* v = body.find(name);
  return v == nullptr ? std::nullopt : v->as_int();
}
std::optional<bool> boolean(const JsonValue& body, const char* name) {
  const JsonValue* v = body.find(name);
  if (v == nullptr || !v->is_bool()) return std::nullopt;
  return v->boolean;
}
std::optional<Decimal> decimal(const JsonValue& body, const char* name) {
  const JsonValue* v = body.find(name);
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) {
    auto d = Decimal::parse(v->text);
    return d ? std::optional(*d) : std::nullopt;
  }
  return v->as_decimal();
}
std::optional<HubKind> hub_kind(const JsonValue& body) {
  const auto h = str(body, "hub");
  if (!h) return std::nullopt;
  return *h == "market" ? HubKind::Market : HubKind::User;
}

}  // namespace

bool ControlApi::handles(const net::HttpRequest& request) { return request.path.rfind("/_sim/", 0) == 0; }

void ControlApi::burst(std::string contract_id, std::int64_t remaining, bool up) {
  // Spread over loop turns so the socket writer runs between chunks.
  constexpr std::int64_t kChunk = 256;
  const Contract* k = c_.exchange.contract(contract_id);
  if (k == nullptr) return;
  const std::int64_t n = std::min(remaining, kChunk);
  for (std::int64_t i = 0; i < n; ++i) {
    const Decimal last = c_.exchange.last_price(contract_id).value_or(k->initial_price);
    (void)c_.exchange.set_price(contract_id, up ? last + k->tick_size : last - k->tick_size, c_.clock());
    up = !up;
  }
  if (remaining > n) {
    c_.post([this, contract_id = std::move(contract_id), rest = remaining - n, up]() mutable {
      burst(std::move(contract_id), rest, up);
    });
  }
}

net::HttpResponse ControlApi::handle(const net::HttpRequest& request) {
  const std::string& path = request.path;
  const Timestamp now = c_.clock();
  if (path == "/_sim/state" && request.method == "GET") {
    return reply_ok([&](JsonWriter& w) {
      w.field("time", now).field("hubConnections", static_cast<std::int64_t>(c_.hubs.connection_count()));
      w.key("users").begin_array();
      for (const auto& u : c_.tokens.users()) w.value(u);
      w.end_array();
      w.key("accounts").begin_array();
      for (const Account* a : c_.exchange.accounts()) {
        w.begin_object()
            .field("id", a->id)
            .field("name", a->name)
            .field("userName", a->user)
            .field("balance", a->balance)
            .field("canTrade", a->can_trade)
            .field("autoOcoBrackets", a->auto_oco_brackets)
            .end_object();
      }
      w.end_array();
      w.key("positions").begin_array();
      for (const Account* a : c_.exchange.accounts()) {
        for (const Position* p : c_.exchange.open_positions(a->id)) {
          w.begin_object()
              .field("accountId", p->account_id)
              .field("contractId", p->contract_id)
              .field("type", static_cast<std::int64_t>(p->type))
              .field("size", static_cast<std::int64_t>(p->size))
              .end_object();
        }
      }
      w.end_array();
      w.key("prices").begin_object();
      for (const Contract* k : c_.exchange.contracts()) w.field(k->id, *c_.exchange.last_price(k->id));
      w.end_object();
      w.key("restCalls").begin_object();
      for (const auto& [called, n] : c_.rest.calls()) w.field(called, n);
      w.end_object();
    });
  }
  if (request.method != "POST") return reply_error(405, "control API calls are POST (except GET /_sim/state)");
  JsonValue body;
  body.kind = JsonValue::Kind::Object;
  if (request.body.find_first_not_of(" \t\r\n") != std::string::npos) {
    auto parsed = parse_json(request.body);
    if (!parsed || !parsed->is_object()) return reply_error(400, "body must be a JSON object");
    body = std::move(parsed).value();
  }

  if (path == "/_sim/price") {
    const auto contract = str(body, "contractId");
    const auto price = decimal(body, "price");
    if (!contract || !price) return reply_error(400, "need contractId and price");
    const CodeResult r = c_.exchange.set_price(*contract, *price, now);
    if (r.error_code != 0) return reply_error(400, r.error_message.value_or("bad price"));
    return reply_ok();
  }
  if (path == "/_sim/step") {
    const std::int64_t count = std::clamp<std::int64_t>(integer(body, "count").value_or(1), 1, 100'000);
    for (std::int64_t i = 0; i < count; ++i) c_.exchange.step_prices(now);
    return reply_ok();
  }
  if (path == "/_sim/burst") {
    const auto contract = str(body, "contractId");
    const std::int64_t count = std::clamp<std::int64_t>(integer(body, "count").value_or(1000), 1, 10'000'000);
    if (!contract || c_.exchange.contract(*contract) == nullptr) return reply_error(400, "need a known contractId");
    c_.post([this, id = *contract, count] { burst(id, count, true); });
    return reply_ok([&](JsonWriter& w) { w.field("events", count); });
  }
  if (path == "/_sim/canTrade") {
    const auto account = integer(body, "accountId");
    const auto can_trade = boolean(body, "canTrade");
    if (!account || !can_trade) return reply_error(400, "need accountId and canTrade");
    if (!c_.exchange.set_can_trade(*account, *can_trade, now)) return reply_error(404, "no such account");
    return reply_ok();
  }
  if (path == "/_sim/balance") {
    const auto account = integer(body, "accountId");
    const auto balance = decimal(body, "balance");
    if (!account || !balance) return reply_error(400, "need accountId and balance");
    if (!c_.exchange.set_balance(*account, *balance, now)) return reply_error(404, "no such account");
    return reply_ok();
  }
  if (path == "/_sim/brackets") {
    const auto account = integer(body, "accountId");
    const auto on = boolean(body, "autoOco");
    if (!account || !on) return reply_error(400, "need accountId and autoOco");
    if (!c_.exchange.set_auto_oco_brackets(*account, *on)) return reply_error(404, "no such account");
    return reply_ok();
  }
  if (path == "/_sim/users") {
    const auto user = str(body, "userName");
    const auto key = str(body, "apiKey");
    if (!user || !key || user->empty() || key->empty()) return reply_error(400, "need userName and apiKey");
    c_.tokens.add_user(*user, *key);
    return reply_ok();
  }
  if (path == "/_sim/accounts") {
    const auto user = str(body, "userName");
    if (!user || !c_.tokens.has_user(*user)) return reply_error(400, "need the userName of a known user");
    Account a;
    a.id = integer(body, "id").value_or(next_account_id_++);
    if (c_.exchange.account(a.id) != nullptr) return reply_error(409, "account id already exists");
    a.name = str(body, "name").value_or("SIM-" + std::to_string(a.id));
    a.balance = decimal(body, "balance").value_or(Decimal::from_int(150'000));
    a.can_trade = boolean(body, "canTrade").value_or(true);
    a.simulated = boolean(body, "simulated").value_or(true);
    a.auto_oco_brackets = boolean(body, "autoOcoBrackets").value_or(false);
    a.user = to_lower(*user);
    const Account& added = c_.exchange.add_account(a);
    return reply_ok([&](JsonWriter& w) {
      w.key("account");
      write_account(w, added);
    });
  }
  if (path == "/_sim/tokens/expire") {
    const int n = c_.tokens.expire_all(str(body, "userName"), now);
    return reply_ok([&](JsonWriter& w) { w.field("expired", n); });
  }
  if (path == "/_sim/tokens/lifetime") {
    const auto seconds = integer(body, "seconds");
    if (!seconds || *seconds <= 0) return reply_error(400, "need seconds > 0");
    c_.tokens.set_lifetime(std::chrono::seconds(*seconds));
    return reply_ok();
  }
  if (path == "/_sim/rateLimit") {
    const auto limit = integer(body, "limit");
    const auto window = integer(body, "windowSeconds");
    if (!limit || !window || *limit < 0 || *window <= 0)
      return reply_error(400, "need limit >= 0 and windowSeconds > 0");
    c_.rest.limiter().configure(static_cast<int>(*limit), std::chrono::seconds(*window));
    return reply_ok();
  }
  if (path == "/_sim/faults/rest") {
    RestFault f;
    f.path = str(body, "path").value_or("*");
    const std::string kind = str(body, "kind").value_or("status");
    f.remaining = static_cast<int>(std::clamp<std::int64_t>(integer(body, "count").value_or(1), 1, 1'000'000));
    if (const auto ms = integer(body, "durationMs")) {
      f.until = c_.clock() + std::chrono::milliseconds(std::clamp<std::int64_t>(*ms, 0, 3'600'000));
    }
    if (kind == "status") {
      f.kind = RestFault::Kind::Status;
      f.status = static_cast<int>(integer(body, "status").value_or(500));
      if (f.status < 400 || f.status > 599) return reply_error(400, "status must be 4xx or 5xx");
      // 429: {"retryAfter": seconds} (default 1), or {"retryAfter": null} for no header at all.
      if (const JsonValue* ra = body.find("retryAfter")) {
        f.retry_after_seconds = ra->is_null() ? std::nullopt : integer(body, "retryAfter");
      }
    } else if (kind == "delay") {
      f.kind = RestFault::Kind::Delay;
      f.delay =
          std::chrono::milliseconds(std::clamp<std::int64_t>(integer(body, "delayMs").value_or(1000), 0, 600'000));
    } else if (kind == "drop") {
      f.kind = RestFault::Kind::Drop;
    } else {
      return reply_error(400, "kind is status, delay or drop");
    }
    c_.rest.add_fault(f);
    return reply_ok();
  }
  if (path == "/_sim/quotes") {
    // {"sparse": true, "heartbeatMs": 1000}: only changed fields, and a timestamp-only
    // quote every heartbeatMs for a contract whose price stood still.
    c_.hubs.set_quote_mode(
        boolean(body, "sparse").value_or(false),
        std::chrono::milliseconds(std::clamp<std::int64_t>(integer(body, "heartbeatMs").value_or(0), 0, 3'600'000)));
    return reply_ok();
  }
  if (path == "/_sim/keepAlive") {
    // Idle keep-alive connections: closed after idleMs (mode "close", the default),
    // announced in a Keep-Alive header or not, or black-holed (mode "blackhole").
    net::KeepAlive k;
    k.idle =
        std::chrono::milliseconds(std::clamp<std::int64_t>(integer(body, "idleMs").value_or(300'000), 1, 86'400'000));
    const std::string mode = str(body, "mode").value_or("close");
    if (mode != "close" && mode != "blackhole") return reply_error(400, "mode is close or blackhole");
    k.mode = mode == "close" ? net::KeepAlive::Mode::Close : net::KeepAlive::Mode::BlackHole;
    k.announce = boolean(body, "announce").value_or(false);
    c_.keep_alive(k);
    return reply_ok();
  }
  if (path == "/_sim/faults/clear") {
    c_.rest.clear_faults();
    return reply_ok();
  }
  if (path == "/_sim/faults/hub") {
    HubFault f;
    const std::string action = str(body, "action").value_or("drop");
    if (action == "drop") {
      f.kind = HubFault::Kind::Drop;
    } else if (action == "close") {
      f.kind = HubFault::Kind::Close;
    } else if (action == "stall") {
      f.kind = HubFault::Kind::Stall;
    } else {
      return reply_error(400, "action is drop, close or stall");
    }
    f.hub = hub_kind(body);
    if (auto user = str(body, "userName")) f.user = to_lower(*user);
    f.duration =
        std::chrono::milliseconds(std::clamp<std::int64_t>(integer(body, "durationMs").value_or(30'000), 0, 3'600'000));
    f.allow_reconnect = boolean(body, "allowReconnect").value_or(true);
    if (auto e = str(body, "error")) f.error = *e;
    const int n = c_.hubs.apply(f);
    return reply_ok([&](JsonWriter& w) { w.field("connections", n); });
  }
  return reply_error(404, "unknown control path " + path);
}

}  // namespace risk::sim
