// The whole simulator on loopback over TLS, driven through the same clients
// the daemon will use: REST, hub auth, negotiate, handshake, completions,
// event shapes and order, pings, and injected hub faults.
#include <deque>

#include <gtest/gtest.h>

#include "net/client.hpp"
#include "sim/json.hpp"
#include "sim/sim_server.hpp"

namespace risk::sim {
namespace {

using namespace std::chrono_literals;

class HubClient {
 public:
  static std::unique_ptr<HubClient> open(const std::string& url, const std::string& ca) {
    net::ClientOptions o;
    o.ca_file = ca;
    auto ws = net::WsClient::connect(url, o);
    if (!ws) return nullptr;
    auto c = std::make_unique<HubClient>();
    c->ws = std::move(ws).value();
    return c;
  }
  bool handshake() {
    if (!ws->send(std::string(R"({"protocol":"json","version":1})") + '\x1e')) return false;
    auto first = next();
    return first && first->members.empty();  // {}
  }
  void invoke(const std::string& id, const std::string& target, const std::string& args) {
    ASSERT_TRUE(ws->send(R"({"type":1,"invocationId":")" + id + R"(","target":")" + target + R"(","arguments":)" +
                         args + "}\x1e"));
  }
  // The next record, or nothing after `timeout`.
  std::optional<JsonValue> next(std::chrono::milliseconds timeout = 5s) {
    while (records.empty()) {
      std::string frame;
      if (!ws->read_into(frame, timeout)) return std::nullopt;
      raw_frames.push_back(frame);
      std::size_t start = 0;
      for (auto end = frame.find('\x1e'); end != std::string::npos; end = frame.find('\x1e', start)) {
        auto v = parse_json(std::string_view(frame).substr(start, end - start));
        EXPECT_TRUE(v.ok());
        if (v.ok()) records.push_back(std::move(v).value());
        start = end + 1;
      }
      EXPECT_EQ(start, frame.size()) << "every record ends with 0x1E";
    }
    JsonValue v = std::move(records.front());
    records.pop_front();
    return v;
  }
  // The next record that is not a ping, within `timeout` overall.
  std::optional<JsonValue> next_message(std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      auto v = next(left);
      if (!v || v->find("type") == nullptr || v->find("type")->as_int() != 6) return v;
    }
  }
  std::unique_ptr<net::WsClient> ws;
  std::deque<JsonValue> records;
  std::vector<std::string> raw_frames;
};

class LoopbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SimOptions o;
    o.users.push_back(default_user());
    o.users.push_back({"other", "other-key"});
    o.accounts.push_back(default_account());
    Account other = default_account();
    other.id = 777;
    other.user = "other";
    o.accounts.push_back(other);
    o.price_interval = 0ms;  // prices move only on command
    o.ping_interval = 200ms;
    server = std::make_unique<SimServer>(o);
    auto port = server->start();
    ASSERT_TRUE(port.ok()) << port.error().message;
    net::ClientOptions co;
    co.ca_file = server->cert_file().string();
    http = std::make_unique<net::HttpClient>(server->base_url(), co);
    token = login();
    ASSERT_FALSE(token.empty());
  }
  JsonValue post(const std::string& path, const std::string& body, int expect_status = 200) {
    auto res = http->post_json(path, body, token);
    EXPECT_TRUE(res.ok()) << (res.ok() ? "" : res.error().message);
    if (!res.ok()) return {};
    EXPECT_EQ(res->status, expect_status) << path << " " << res->body;
    auto v = parse_json(res->body);
    return v.ok() ? std::move(v).value() : JsonValue{};
  }
  std::string login() {
    auto res = http->post_json("/api/Auth/loginKey", R"({"userName":"trader","apiKey":"sim-api-key"})");
    if (!res.ok()) return {};
    auto v = parse_json(res->body);
    const JsonValue* t = v.ok() ? v->find("token") : nullptr;
    return t != nullptr && t->is_string() ? t->text : std::string();
  }
  std::unique_ptr<HubClient> hub(const std::string& name, const std::string& query_extra = "") {
    return HubClient::open(
        server->hub_base_url() + "/hubs/" + name + "?access_token=" + net::url_encode(token) + query_extra,
        server->cert_file().string());
  }
  static std::string target(const JsonValue& v) {
    const JsonValue* t = v.find("target");
    return t != nullptr ? t->text : "";
  }
  static const JsonValue& data(const JsonValue& v) { return *v.find("arguments")->items.at(0).find("data"); }

  std::unique_ptr<SimServer> server;
  std::unique_ptr<net::HttpClient> http;
  std::string token;
};

TEST_F(LoopbackTest, RestOverTlsWithTheWrittenCertificate) {
  const JsonValue v = post("/api/Account/search", R"({"onlyActiveAccounts":true})");
  ASSERT_NE(v.find("accounts"), nullptr);
  EXPECT_EQ(v.find("accounts")->items.size(), 1u);
  auto ping = http->request("GET", "/api/Status/ping");
  ASSERT_TRUE(ping.ok());
  EXPECT_EQ(ping->body, "pong");
  // Without the certificate the TLS handshake must fail (it is self-signed).
  net::HttpClient untrusting(server->base_url(), net::ClientOptions{"/dev/null", true, 2000ms});
  EXPECT_FALSE(untrusting.request("GET", "/api/Status/ping").ok());
}

TEST_F(LoopbackTest, HubRefusesABadTokenWith401) {
  net::ClientOptions o;
  o.ca_file = server->cert_file().string();
  auto ws = net::WsClient::connect(server->hub_base_url() + "/hubs/user?access_token=nope", o);
  ASSERT_FALSE(ws.ok());
  EXPECT_NE(ws.error().message.find("401"), std::string::npos) << ws.error().message;
  server->with_exchange([](Exchange&) {});
  auto expired_post = http->post_json("/_sim/tokens/expire", "{}");
  ASSERT_TRUE(expired_post.ok());
  auto again =
      net::WsClient::connect(server->hub_base_url() + "/hubs/market?access_token=" + net::url_encode(token), o);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("401"), std::string::npos);
}

TEST_F(LoopbackTest, HandshakeCompletionsAndTheMarketFillSequence) {
  auto user = hub("user");
  ASSERT_NE(user, nullptr);
  ASSERT_TRUE(user->handshake());
  user->invoke("1", "SubscribeAccounts", "[]");
  user->invoke("2", "SubscribeOrders", "[20258288]");
  user->invoke("3", "SubscribePositions", "[20258288]");
  user->invoke("4", "SubscribeTrades", "[20258288]");
  user->invoke("5", "SubscribeOrders", "[777]");  // not this user's account
  user->invoke("6", "NoSuchMethod", "[]");
  for (const char* id : {"1", "2", "3", "4"}) {
    auto c = user->next_message();
    ASSERT_TRUE(c);
    EXPECT_EQ(c->find("type")->as_int(), 3);
    EXPECT_EQ(c->find("invocationId")->text, id);
    EXPECT_EQ(c->find("error"), nullptr);
  }
  auto denied = user->next_message();
  ASSERT_TRUE(denied);
  EXPECT_NE(denied->find("error")->text.find("Account not found"), std::string::npos);
  auto unknown = user->next_message();
  ASSERT_TRUE(unknown);
  EXPECT_NE(unknown->find("error")->text.find("NoSuchMethod"), std::string::npos);

  post("/_sim/price", R"({"contractId":"CON.F.US.MYM.Z26","price":49909})");
  const JsonValue placed =
      post("/api/Order/place", R"({"accountId":20258288,"contractId":"CON.F.US.MYM.Z26","type":2,"side":0,"size":15})");
  const std::int64_t order_id = placed.find("orderId")->as_int().value_or(0);

  std::vector<std::string> sequence;
  std::vector<JsonValue> events;
  for (int i = 0; i < 6; ++i) {
    auto e = user->next_message();
    ASSERT_TRUE(e) << "event " << i;
    sequence.push_back(target(*e));
    events.push_back(*e);
  }
  EXPECT_EQ(sequence, (std::vector<std::string>{"GatewayUserOrder", "GatewayUserTrade", "GatewayUserOrder",
                                                "GatewayUserPosition", "GatewayUserAccount", "GatewayUserAccount"}));
  EXPECT_EQ(data(events[0]).find("status")->as_int(), 6);
  EXPECT_EQ(data(events[0]).find("id")->as_int(), order_id);
  EXPECT_EQ(data(events[0]).find("limitPrice"), nullptr);  // nulls omitted on hubs
  EXPECT_EQ(events[0].find("arguments")->items[0].find("action")->as_int(), 1);
  EXPECT_EQ(events[1].find("arguments")->items[0].find("action")->as_int(), 0);
  EXPECT_EQ(data(events[1]).find("profitAndLoss"), nullptr);
  EXPECT_EQ(data(events[1]).find("price")->text, "49909");  // minimal decimal form
  EXPECT_EQ(data(events[1]).find("fees")->text, "5.55");
  EXPECT_EQ(data(events[1]).find("commissions")->text, "3.75");
  EXPECT_EQ(data(events[2]).find("status")->as_int(), 2);
  EXPECT_EQ(data(events[3]).find("size")->as_int(), 15);
  EXPECT_EQ(data(events[3]).find("contractDisplayName")->text, "MYMZ26");
  EXPECT_EQ(data(events[4]).find("balance")->text, "149990.7");  // 150000 - 5.55 - 3.75

  // Close: Pending, closing trade with P&L, the opening trade again, Filled, size 0, accounts.
  post("/_sim/price", R"({"contractId":"CON.F.US.MYM.Z26","price":49983})");
  post("/api/Position/closeContract", R"({"accountId":20258288,"contractId":"CON.F.US.MYM.Z26"})");
  sequence.clear();
  events.clear();
  for (int i = 0; i < 7; ++i) {
    auto e = user->next_message();
    ASSERT_TRUE(e) << "event " << i;
    sequence.push_back(target(*e));
    events.push_back(*e);
  }
  EXPECT_EQ(sequence,
            (std::vector<std::string>{"GatewayUserOrder", "GatewayUserTrade", "GatewayUserTrade", "GatewayUserOrder",
                                      "GatewayUserPosition", "GatewayUserAccount", "GatewayUserAccount"}));
  EXPECT_EQ(data(events[1]).find("profitAndLoss")->text, "555");
  EXPECT_EQ(data(events[2]).find("price")->text, "49909");
  EXPECT_EQ(data(events[4]).find("size")->as_int(), 0);
  EXPECT_EQ(data(events[5]).find("balance")->text, "150536.4");  // 149990.70 + 555 - 9.30
}

TEST_F(LoopbackTest, MarketHubQuotesTradesAndDepthAsContractPayloadPairs) {
  auto market = hub("market");
  ASSERT_NE(market, nullptr);
  ASSERT_TRUE(market->handshake());
  market->invoke("1", "SubscribeContractQuotes", R"(["CON.F.US.EP.Z26"])");
  market->invoke("2", "SubscribeContractTrades", R"(["CON.F.US.EP.Z26"])");
  market->invoke("3", "SubscribeContractMarketDepth", R"(["CON.F.US.EP.Z26"])");
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(market->next_message());
  post("/_sim/price", R"({"contractId":"CON.F.US.EP.Z26","price":"6400.25"})");
  auto quote = market->next_message();
  ASSERT_TRUE(quote);
  EXPECT_EQ(target(*quote), "GatewayQuote");
  const auto& args = quote->find("arguments")->items;
  ASSERT_EQ(args.size(), 2u);
  EXPECT_EQ(args[0].text, "CON.F.US.EP.Z26");
  EXPECT_EQ(args[1].find("lastPrice")->text, "6400.25");
  EXPECT_EQ(args[1].find("bestBid")->text, "6400");
  EXPECT_EQ(args[1].find("bestAsk")->text, "6400.5");
  EXPECT_EQ(args[1].find("symbol")->text, "F.US.EP");
  auto trades = market->next_message();
  ASSERT_TRUE(trades);
  EXPECT_EQ(target(*trades), "GatewayTrade");
  EXPECT_TRUE(trades->find("arguments")->items[1].is_array());
  auto depth = market->next_message();
  ASSERT_TRUE(depth);
  EXPECT_EQ(target(*depth), "GatewayDepth");
  EXPECT_EQ(depth->find("arguments")->items[1].items.size(), 2u);
}

TEST_F(LoopbackTest, NegotiateThenConnectWithTheConnectionToken) {
  auto res = http->request("POST", "/hubs/user/negotiate?negotiateVersion=1&access_token=" + net::url_encode(token));
  ASSERT_TRUE(res.ok());
  ASSERT_EQ(res->status, 200);
  auto v = parse_json(res->body);
  ASSERT_TRUE(v.ok());
  const std::string id = v->find("connectionToken")->text;
  EXPECT_EQ(v->find("availableTransports")->items[0].find("transport")->text, "WebSockets");
  auto user = hub("user", "&id=" + id);
  ASSERT_NE(user, nullptr);
  ASSERT_TRUE(user->handshake());
  // A connection token works once.
  EXPECT_EQ(hub("user", "&id=" + id), nullptr);
  auto unauth = http->request("POST", "/hubs/user/negotiate?negotiateVersion=1");
  ASSERT_TRUE(unauth.ok());
  EXPECT_EQ(unauth->status, 401);
}

TEST_F(LoopbackTest, BadHandshakeIsAnsweredWithAnError) {
  auto user = hub("user");
  ASSERT_NE(user, nullptr);
  ASSERT_TRUE(user->ws->send(std::string(R"({"protocol":"messagepack","version":1})") + '\x1e'));
  auto reply = user->next();
  ASSERT_TRUE(reply);
  EXPECT_NE(reply->find("error")->text.find("messagepack"), std::string::npos);
}

TEST_F(LoopbackTest, ServerPingsAndSubscriptionsDoNotSurviveReconnect) {
  auto user = hub("user");
  ASSERT_TRUE(user->handshake());
  user->invoke("1", "SubscribeAccounts", "[]");
  ASSERT_TRUE(user->next_message());
  auto ping = user->next(2s);  // ping interval is 200 ms in this fixture
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->find("type")->as_int(), 6);
  user.reset();
  auto again = hub("user");
  ASSERT_TRUE(again->handshake());
  post("/_sim/canTrade", R"({"accountId":20258288,"canTrade":false})");
  auto e = again->next_message(600ms);
  EXPECT_FALSE(e.has_value()) << "a fresh connection has no subscriptions";
}

TEST_F(LoopbackTest, HubFaultsDropCloseAndStall) {
  auto user = hub("user");
  ASSERT_TRUE(user->handshake());
  const JsonValue closed =
      post("/_sim/faults/hub", R"({"action":"close","hub":"user","allowReconnect":true,"error":"maintenance"})");
  EXPECT_EQ(closed.find("connections")->as_int(), 1);
  auto close = user->next_message();
  ASSERT_TRUE(close);
  EXPECT_EQ(close->find("type")->as_int(), 7);
  EXPECT_EQ(close->find("error")->text, "maintenance");
  EXPECT_TRUE(close->find("allowReconnect")->boolean);

  auto market = hub("market");
  ASSERT_TRUE(market->handshake());
  post("/_sim/faults/hub", R"({"action":"stall","hub":"market","durationMs":800})");
  EXPECT_FALSE(market->next(500ms).has_value()) << "no pings while stalled";

  auto second = hub("market");
  ASSERT_TRUE(second->handshake());
  post("/_sim/faults/hub", R"({"action":"drop","hub":"market"})");
  EXPECT_FALSE(second->next(2s).has_value());
  EXPECT_FALSE(second->ws->is_open());
}

TEST_F(LoopbackTest, RestFaultsThroughTheControlApi) {
  post("/_sim/faults/rest", R"({"path":"/api/Account/search","kind":"status","status":503,"count":1})");
  post("/api/Account/search", R"({"onlyActiveAccounts":true})", 503);
  post("/api/Account/search", R"({"onlyActiveAccounts":true})", 200);
  post("/_sim/faults/rest", R"({"path":"/api/Account/search","kind":"delay","delayMs":300})");
  const auto start = std::chrono::steady_clock::now();
  post("/api/Account/search", R"({"onlyActiveAccounts":true})", 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 300ms);
  post("/_sim/faults/rest", R"({"path":"/api/Account/search","kind":"drop"})");
  auto dropped = http->post_json("/api/Account/search", R"({"onlyActiveAccounts":true})", token);
  EXPECT_FALSE(dropped.ok());
  post("/_sim/rateLimit", R"({"limit":1,"windowSeconds":60})");
  post("/api/Account/search", R"({"onlyActiveAccounts":true})", 200);
  post("/api/Account/search", R"({"onlyActiveAccounts":true})", 429);
}

}  // namespace
}  // namespace risk::sim
