// The gateway client (REST + SignalR hubs) against projectx-sim, in process,
// over TLS on loopback with the simulator's generated certificate. Timeouts,
// pings and backoffs are shortened through Endpoints and HubOptions; waits poll
// with deadlines.
#include <atomic>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "gateway/error_codes.hpp"
#include "gateway/hub_client.hpp"
#include "gateway/rest_client.hpp"
#include "gateway/wire_util.hpp"
#include "net/client.hpp"
#include "sim/json.hpp"
#include "sim/sim_server.hpp"

namespace risk::gateway {
namespace {

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

constexpr AccountId kAccount = 20'258'288;
constexpr AccountId kAccount2 = 20'258'289;
constexpr AccountId kOtherUsersAccount = 777;
constexpr std::string_view kMnq = "CON.F.US.MNQ.Z26";

class SystemClock final : public Clock {
 public:
  [[nodiscard]] Timestamp now() const override {
    return Timestamp::from_ns(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
  }
};

template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout = 5s) {
  const auto deadline = steady::now() + timeout;
  while (steady::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return pred();
}

// Log lines from every client of a test, checked for secrets at the end.
class LogCapture {
 public:
  std::function<void(const std::string&)> sink() {
    return [this](const std::string& line) {
      std::lock_guard lk(mu_);
      lines_.push_back(line);
    };
  }
  std::vector<std::string> lines() const {
    std::lock_guard lk(mu_);
    return lines_;
  }
  bool contains(std::string_view text) const {
    std::lock_guard lk(mu_);
    for (const auto& l : lines_) {
      if (l.find(text) != std::string::npos) return true;
    }
    return false;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> lines_;
};

// What a hub client reported, thread-safe.
struct HubRecorder {
  std::mutex mu;
  std::vector<EventBody> events;
  std::vector<std::string> subscribe_failures;
  std::vector<std::string> disconnects;
  std::atomic<int> connects{0};
  std::atomic<int> reconnects{0};
  std::atomic<int> auth_failures{0};
  std::atomic<int> malformed{0};

  HubCallbacks callbacks(LogCapture& log) {
    HubCallbacks cb;
    cb.on_event = [this](EventBody e) {
      std::lock_guard lk(mu);
      events.push_back(std::move(e));
    };
    cb.on_connected = [this](bool reconnect) {
      ++connects;
      if (reconnect) ++reconnects;
    };
    cb.on_disconnected = [this](const std::string& reason) {
      std::lock_guard lk(mu);
      disconnects.push_back(reason);
    };
    cb.on_subscribe_failed = [this](const std::string& what) {
      std::lock_guard lk(mu);
      subscribe_failures.push_back(what);
    };
    cb.on_auth_failure = [this] { ++auth_failures; };
    cb.on_malformed = [this](std::string_view, std::string_view) { ++malformed; };
    cb.on_log = log.sink();
    return cb;
  }
  template <typename T>
  std::size_t count(std::function<bool(const T&)> pred = {}) {
    std::lock_guard lk(mu);
    std::size_t n = 0;
    for (const auto& e : events) {
      if (const T* t = std::get_if<T>(&e); t != nullptr && (!pred || pred(*t))) ++n;
    }
    return n;
  }
  std::size_t failures() {
    std::lock_guard lk(mu);
    return subscribe_failures.size();
  }
};

class GatewayClientTest : public ::testing::Test {
 protected:
  virtual Duration token_lifetime() const { return std::chrono::hours(24); }

  void SetUp() override {
    sim::SimOptions o;
    o.users.push_back(sim::default_user());
    o.users.push_back({"other", "other-key"});
    o.accounts.push_back(sim::default_account());
    sim::Account second = sim::default_account();
    second.id = kAccount2;
    second.name = "150KTC-V2-478426-00000002";
    o.accounts.push_back(second);
    sim::Account others = sim::default_account();
    others.id = kOtherUsersAccount;
    others.name = "OTHER-777";
    others.user = "other";
    o.accounts.push_back(others);
    o.price_interval = 0ms;  // prices move only on command
    o.ping_interval = 100ms;
    o.token_lifetime = token_lifetime();
    server = std::make_unique<sim::SimServer>(o);
    auto port = server->start();
    ASSERT_TRUE(port.ok()) << port.error().message;
    net::ClientOptions co;
    co.ca_file = server->cert_file().string();
    control = std::make_unique<net::HttpClient>(server->base_url(), co);
    // A second session of the trader, as a trading platform would have, to make things happen.
    auto login = control->post_json("/api/Auth/loginKey", R"({"userName":"trader","apiKey":"sim-api-key"})");
    ASSERT_TRUE(login.ok());
    auto v = sim::parse_json(login->body);
    ASSERT_TRUE(v.ok());
    platform_token = v->find("token")->text;
    ASSERT_TRUE(sim_post("/_sim/price", R"({"contractId":"CON.F.US.MNQ.Z26","price":21000})"));
  }

  void TearDown() override {
    // No client may ever log a secret: the API key or any token it held.
    for (const auto& line : log.lines()) {
      EXPECT_EQ(line.find("sim-api-key"), std::string::npos) << line;
      for (const auto& t : tokens_seen) EXPECT_EQ(line.find(t), std::string::npos) << line;
      for (const auto& t : tokens_seen) EXPECT_EQ(line.find(net::url_encode(t)), std::string::npos) << line;
    }
    if (server) server->stop();
  }

  Endpoints endpoints() const {
    Endpoints e;
    e.rest_base_url = server->base_url();
    e.user_hub_url = server->base_url() + "/hubs/user";  // https:// like the real configuration
    e.market_hub_url = server->base_url() + "/hubs/market";
    e.ca_file = server->cert_file().string();
    e.connect_timeout = 2000ms;
    e.request_timeout = 2000ms;
    e.max_retry_wait = 300ms;
    e.retry_backoff = 20ms;
    return e;
  }

  std::unique_ptr<RestClient> make_rest(Endpoints e, const Clock& c, const std::string& user = "trader",
                                        const std::string& key = "sim-api-key") {
    return std::make_unique<RestClient>(std::move(e), user, Secret(key), c, log.sink());
  }
  std::unique_ptr<RestClient> make_rest() { return make_rest(endpoints(), clock); }

  void remember_token(const RestClient& r) {
    const std::string t = r.token();
    if (!t.empty()) tokens_seen.push_back(t);
  }

  bool sim_post(const std::string& path, const std::string& body) {
    auto r = control->post_json(path, body);
    return r.ok() && r->status == 200;
  }
  // Gateway calls of the "platform" session. Returns the parsed body.
  sim::JsonValue platform(const std::string& path, const std::string& body) {
    auto r = control->post_json(path, body, platform_token);
    EXPECT_TRUE(r.ok());
    if (!r.ok()) return {};
    EXPECT_EQ(r->status, 200) << path << " " << r->body;
    auto v = sim::parse_json(r->body);
    return v.ok() ? std::move(v).value() : sim::JsonValue{};
  }
  void market_buy(AccountId account, int size) {
    const auto v = platform("/api/Order/place", R"({"accountId":)" + std::to_string(account) +
                                                    R"(,"contractId":"CON.F.US.MNQ.Z26","type":2,"side":0,"size":)" +
                                                    std::to_string(size) + "}");
    ASSERT_NE(v.find("success"), nullptr);
    ASSERT_TRUE(v.find("success")->boolean);
  }
  OrderId resting_buy_stop(AccountId account, const std::string& price) {
    const auto v =
        platform("/api/Order/place", R"({"accountId":)" + std::to_string(account) +
                                         R"(,"contractId":"CON.F.US.MNQ.Z26","type":4,"side":0,"size":1,"stopPrice":)" +
                                         price + "}");
    const auto* id = v.find("orderId");
    return id != nullptr ? id->as_int().value_or(0) : 0;
  }
  // Requests the simulator received on `path` (faults and refusals included).
  std::int64_t rest_calls(const std::string& path) {
    auto r = control->request("GET", "/_sim/state");
    if (!r.ok()) return -1;
    auto v = sim::parse_json(r->body);
    if (!v.ok()) return -1;
    const auto* calls = v->find("restCalls");
    const auto* n = calls != nullptr ? calls->find(path) : nullptr;
    return n != nullptr ? n->as_int().value_or(-1) : 0;
  }

  std::unique_ptr<HubClient> make_hub(HubClient::Kind kind, RestClient& rest, HubRecorder& rec, HubOptions o = fast()) {
    const Endpoints e = endpoints();
    const std::string url = kind == HubClient::Kind::User ? e.user_hub_url : e.market_hub_url;
    o.username = "trader";
    return std::make_unique<HubClient>(
        kind, url, e, [&rest] { return rest.token(); }, rec.callbacks(log), o);
  }
  static HubOptions fast() {
    HubOptions o;
    o.ping_interval = 200ms;
    o.silence_timeout = 1500ms;
    o.backoff_initial = 50ms;
    o.backoff_max = 400ms;
    return o;
  }

  SystemClock clock;
  LogCapture log;
  std::vector<std::string> tokens_seen;
  std::unique_ptr<sim::SimServer> server;
  std::unique_ptr<net::HttpClient> control;
  std::string platform_token;
};

// ---- wire helpers --------------------------------------------------------------

TEST(WireUtil, JwtExpiryRetryAfterScrubAndJsonStrings) {
  // {"sub":"trader","exp":1767225600} base64url
  EXPECT_EQ(jwt_expiry("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0cmFkZXIiLCJleHAiOjE3NjcyMjU2MDB9.c2ln"),
            Timestamp::from_seconds(1'767'225'600));
  EXPECT_FALSE(jwt_expiry("opaque-token").has_value());
  EXPECT_FALSE(jwt_expiry("a.!!!.c").has_value());
  EXPECT_FALSE(jwt_expiry("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0cmFkZXIifQ.c2ln").has_value());  // no exp

  const Timestamp now = Timestamp::parse("2015-10-21T07:27:50Z").value();
  EXPECT_EQ(parse_retry_after("3", now), std::chrono::milliseconds(3000));
  EXPECT_EQ(parse_retry_after(" 0 ", now), std::chrono::milliseconds(0));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now), std::chrono::milliseconds(10'000));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now), std::chrono::milliseconds(0));  // past
  EXPECT_FALSE(parse_retry_after("", now).has_value());
  EXPECT_FALSE(parse_retry_after("soon", now).has_value());
  EXPECT_FALSE(parse_retry_after("-5", now).has_value());

  EXPECT_EQ(scrub_token("url ?access_token=ab+c/defgh&x", "ab+c/defgh"), "url ?access_token=<token>&x");
  EXPECT_EQ(scrub_token("url ?access_token=ab%2Bc%2Fdefgh", "ab+c/defgh"), "url ?access_token=<token>");

  std::string s;
  append_json_string(s, "a\"b\\c\n\x01");
  EXPECT_EQ(s, R"("a\"b\\c\n\u0001")");
}

TEST(WireUtil, PerEndpointErrorNames) {
  EXPECT_EQ(error_name("/api/Position/closeContract", 5), "OrderRejected");
  EXPECT_EQ(error_name("/api/Position/partialCloseContract", 5), "InvalidCloseSize");
  EXPECT_EQ(error_name("/api/Order/place", 4), "AccountViolation");
  EXPECT_EQ(error_name("/api/Auth/loginKey", 3), "InvalidCredentials");
  EXPECT_EQ(error_name("/api/Order/place", 42), "Unknown(42)");
  EXPECT_EQ(error_name("/api/Nope", 1), "Unknown(1)");
}

// ---- REST --------------------------------------------------------------------------

TEST_F(GatewayClientTest, LoginAndTypedReads) {
  auto rest = make_rest();
  EXPECT_FALSE(rest->has_token());
  ASSERT_TRUE(rest->login().ok());
  remember_token(*rest);
  EXPECT_TRUE(rest->has_token());
  ASSERT_TRUE(rest->token_expires().has_value());
  // The sim's tokens are JWT-shaped: the expiry is the token's own `exp` (24 h here).
  const auto left = *rest->token_expires() - clock.now();
  EXPECT_GT(left, std::chrono::hours(23));
  EXPECT_LE(left, std::chrono::hours(24));
  EXPECT_TRUE(rest->ping().ok());

  auto accounts = rest->accounts();
  ASSERT_TRUE(accounts.ok()) << accounts.error().message;
  ASSERT_EQ(accounts->size(), 2u);  // not the other user's
  EXPECT_EQ((*accounts)[0].id, kAccount);
  EXPECT_EQ((*accounts)[0].balance, Decimal::from_int(150'000));

  const Timestamp before = clock.now() - std::chrono::seconds(1);
  market_buy(kAccount, 2);
  auto positions = rest->open_positions(kAccount);
  ASSERT_TRUE(positions.ok()) << positions.error().message;
  ASSERT_EQ(positions->size(), 1u);
  EXPECT_EQ((*positions)[0].contract_id.view(), kMnq);
  EXPECT_EQ((*positions)[0].size, 2);
  EXPECT_EQ((*positions)[0].type, PositionType::Long);
  EXPECT_EQ((*positions)[0].average_price, Decimal::from_int(21'000));
  auto none = rest->open_positions(kAccount2);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  auto trades = rest->trades(kAccount, before);
  ASSERT_TRUE(trades.ok()) << trades.error().message;
  ASSERT_EQ(trades->size(), 1u);
  EXPECT_EQ((*trades)[0].size, 2);
  EXPECT_FALSE((*trades)[0].is_closing());
  auto later = rest->trades(kAccount, clock.now() + std::chrono::hours(1));
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(later->empty());

  auto contract = rest->contract(ContractId::of(kMnq));
  ASSERT_TRUE(contract.ok()) << contract.error().message;
  EXPECT_EQ(contract->tick_size, Decimal::parse("0.25").value());
  EXPECT_EQ(contract->tick_value, Decimal::parse("0.5").value());
  auto missing = rest->contract(ContractId::of("CON.F.US.NOPE.Z26"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("ContractNotFound"), std::string::npos) << missing.error().message;

  // Reads of an account of another user come back as the endpoint's error, named.
  auto foreign = rest->open_positions(kOtherUsersAccount);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.error().message.find("AccountNotFound"), std::string::npos) << foreign.error().message;

  EXPECT_EQ(rest->stats().logins, 1u);
  EXPECT_GE(rest->stats().requests, 9u);
}

TEST_F(GatewayClientTest, LoginWithABadKeyNamesTheGatewayCode) {
  auto rest = make_rest(endpoints(), clock, "trader", "wrong-key-123456");
  auto r = rest->login();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("InvalidCredentials"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("wrong-key-123456"), std::string::npos);
  EXPECT_FALSE(rest->has_token());
  EXPECT_FALSE(log.contains("wrong-key-123456"));
}

TEST_F(GatewayClientTest, WorkingOrdersPagesThroughV2Query) {
  ASSERT_TRUE(sim_post("/_sim/rateLimit", R"({"limit":0,"windowSeconds":60})"));
  std::set<OrderId> placed;
  for (int i = 0; i < 130; ++i) placed.insert(resting_buy_stop(kAccount, "21100"));
  ASSERT_EQ(placed.size(), 130u);
  // One filled order (not working) and one working order on the second account.
  market_buy(kAccount, 1);
  resting_buy_stop(kAccount2, "21100");

  auto rest = make_rest();
  const auto calls_before = rest_calls("/api/Order/v2/query");
  auto orders = rest->working_orders(kAccount);
  ASSERT_TRUE(orders.ok()) << orders.error().message;
  EXPECT_EQ(orders->size(), 130u);
  std::set<OrderId> got;
  for (const Order& o : *orders) {
    got.insert(o.id);
    EXPECT_EQ(o.account_id, kAccount);
    EXPECT_EQ(o.status, OrderStatus::Open);
    EXPECT_EQ(o.type, OrderType::Stop);
  }
  EXPECT_EQ(got, placed);
  EXPECT_EQ(rest_calls("/api/Order/v2/query") - calls_before, 2);  // 100 + 30 rows
}

TEST_F(GatewayClientTest, MoneyMovingCallsAndTheirEndpointCodes) {
  auto rest = make_rest();
  // place_stop: a sell stop below the market protects a long.
  market_buy(kAccount, 3);
  CallOutcome placed =
      rest->place_stop(kAccount, ContractId::of(kMnq), OrderSide::Ask, 3, Decimal::parse("20990").value());
  ASSERT_TRUE(placed.ok()) << placed.message;
  ASSERT_TRUE(placed.order_id.has_value());
  // A sell stop above the market is rejected, and the rejected order still has an id.
  CallOutcome bad =
      rest->place_stop(kAccount, ContractId::of(kMnq), OrderSide::Ask, 1, Decimal::parse("21010").value());
  EXPECT_EQ(bad.status, CallOutcome::Status::Rejected);
  EXPECT_EQ(bad.error_code, static_cast<int>(PlaceOrderError::OrderRejected));
  EXPECT_TRUE(bad.order_id.has_value());
  EXPECT_FALSE(bad.may_have_executed());

  CallOutcome moved = rest->modify_stop(kAccount, *placed.order_id, Decimal::parse("20995.25").value());
  ASSERT_TRUE(moved.ok()) << moved.message;
  auto orders = rest->working_orders(kAccount);
  ASSERT_TRUE(orders.ok());
  ASSERT_EQ(orders->size(), 1u);
  EXPECT_EQ((*orders)[0].stop_price, Decimal::parse("20995.25").value());
  EXPECT_EQ((*orders)[0].size, 3);  // modify sent only the stop price

  CallOutcome partial = rest->partial_close(kAccount, ContractId::of(kMnq), 5);
  EXPECT_EQ(partial.status, CallOutcome::Status::Rejected);
  EXPECT_EQ(partial.error_code, static_cast<int>(PartialClosePositionError::InvalidCloseSize));
  EXPECT_NE(partial.message.find("InvalidCloseSize"), std::string::npos) << partial.message;
  EXPECT_TRUE(rest->partial_close(kAccount, ContractId::of(kMnq), 1).ok());

  EXPECT_TRUE(rest->cancel_order(kAccount, *placed.order_id).ok());
  CallOutcome again = rest->cancel_order(kAccount, 1);
  EXPECT_EQ(again.status, CallOutcome::Status::Rejected);
  EXPECT_EQ(again.error_code, static_cast<int>(CancelOrderError::OrderNotFound));

  EXPECT_TRUE(rest->close_position(kAccount, ContractId::of(kMnq)).ok());
  auto positions = rest->open_positions(kAccount);
  ASSERT_TRUE(positions.ok());
  EXPECT_TRUE(positions->empty());
  CallOutcome flat = rest->close_position(kAccount, ContractId::of(kMnq));
  EXPECT_EQ(flat.status, CallOutcome::Status::Rejected);
  EXPECT_EQ(flat.error_code, static_cast<int>(ClosePositionError::PositionNotFound));
}

TEST_F(GatewayClientTest, ExpiredTokenLogsInAgainOnce) {
  auto rest = make_rest();
  ASSERT_TRUE(rest->login().ok());
  remember_token(*rest);
  const std::string first = rest->token();
  ASSERT_TRUE(sim_post("/_sim/tokens/expire", R"({"userName":"trader"})"));
  auto accounts = rest->accounts();
  ASSERT_TRUE(accounts.ok()) << accounts.error().message;
  remember_token(*rest);
  EXPECT_NE(rest->token(), first);
  EXPECT_EQ(rest->stats().logins, 2u);
  EXPECT_EQ(rest_calls("/api/Account/search"), 2);  // the 401, then the retry
  // A money-moving call answered 401 was not executed: it is retried after the login too.
  ASSERT_TRUE(sim_post("/_sim/tokens/expire", R"({"userName":"trader"})"));
  CallOutcome o = rest->cancel_order(kAccount, 1);
  remember_token(*rest);
  EXPECT_EQ(o.status, CallOutcome::Status::Rejected);  // OrderNotFound: it reached the gateway
  EXPECT_EQ(rest->stats().logins, 3u);
  EXPECT_EQ(rest_calls("/api/Order/cancel"), 2);
}

TEST_F(GatewayClientTest, UnauthorizedEvenAfterAFreshLogin) {
  auto rest = make_rest();
  ASSERT_TRUE(rest->login().ok());
  remember_token(*rest);
  ASSERT_TRUE(sim_post("/_sim/faults/rest", R"({"path":"/api/Order/cancel","kind":"status","status":401,"count":5})"));
  CallOutcome o = rest->cancel_order(kAccount, 1);
  remember_token(*rest);
  EXPECT_EQ(o.status, CallOutcome::Status::Unauthorized);
  EXPECT_EQ(o.http_status, 401);
  EXPECT_EQ(rest->stats().logins, 2u);            // one fresh login, not a loop
  EXPECT_EQ(rest_calls("/api/Order/cancel"), 2);  // the first try and one retry
}

TEST_F(GatewayClientTest, TooManyRequestsWaitsRetryAfterThenGivesUp) {
  auto rest = make_rest();
  ASSERT_TRUE(rest->login().ok());
  remember_token(*rest);
  // One 429 (Retry-After: 1, capped to 300 ms by the options): waited out, then success.
  ASSERT_TRUE(sim_post("/_sim/faults/rest", R"({"path":"/api/Account/search","kind":"status","status":429})"));
  const auto t0 = steady::now();
  auto accounts = rest->accounts();
  ASSERT_TRUE(accounts.ok()) << accounts.error().message;
  EXPECT_GE(steady::now() - t0, 250ms);
  EXPECT_EQ(rest->stats().rate_limited, 1u);
  EXPECT_EQ(rest_calls("/api/Account/search"), 2);
  // 429 on a money-moving call: not executed, and never sent again by the client
  // (gateway-api.md §6.1): RateLimited at once, with how long to wait.
  ASSERT_TRUE(sim_post("/_sim/faults/rest",
                       R"({"path":"/api/Position/closeContract","kind":"status","status":429,"count":10})"));
  CallOutcome o = rest->close_position(kAccount, ContractId::of(kMnq));
  EXPECT_EQ(o.status, CallOutcome::Status::RateLimited);
  EXPECT_EQ(o.http_status, 429);
  EXPECT_EQ(o.retry_after, 300ms);
  EXPECT_FALSE(o.may_have_executed());
  EXPECT_EQ(rest_calls("/api/Position/closeContract"), 1);
  // The credential now waits: another money-moving call is not even sent, and says for how long.
  CallOutcome again = rest->close_position(kAccount, ContractId::of(kMnq));
  EXPECT_EQ(again.status, CallOutcome::Status::RateLimited);
  EXPECT_GT(again.retry_after, 0ms);
  EXPECT_LE(again.retry_after, 301ms);
  EXPECT_EQ(rest_calls("/api/Position/closeContract"), 1);
  // A 429 without Retry-After: the client's own backoff (1 s, capped to 300 ms here).
  std::this_thread::sleep_for(310ms);
  ASSERT_TRUE(sim_post("/_sim/faults/clear", "{}"));
  ASSERT_TRUE(sim_post("/_sim/faults/rest",
                       R"({"path":"/api/Position/closeContract","kind":"status","status":429,"retryAfter":null})"));
  CallOutcome bare = rest->close_position(kAccount, ContractId::of(kMnq));
  EXPECT_EQ(bare.status, CallOutcome::Status::RateLimited);
  EXPECT_EQ(bare.retry_after, 300ms);
  EXPECT_EQ(rest_calls("/api/Position/closeContract"), 2);
}

TEST_F(GatewayClientTest, TheSimulatorsRollingWindowIsHonoured) {
  // The gateway's own limiter (3 per second) answers 429 with Retry-After; the client waits.
  ASSERT_TRUE(sim_post("/_sim/rateLimit", R"({"limit":3,"windowSeconds":1})"));
  Endpoints e = endpoints();
  e.max_retry_wait = 2500ms;
  auto rest = make_rest(e, clock);
  ASSERT_TRUE(rest->login().ok());  // anonymous caller
  remember_token(*rest);
  for (int i = 0; i < 5; ++i) {
    auto r = rest->accounts();
    ASSERT_TRUE(r.ok()) << i << " " << r.error().message;
  }
  EXPECT_GE(rest->stats().rate_limited, 1u);
}

TEST_F(GatewayClientTest, LocalRollingWindowLimiterWaitsForRoom) {
  Endpoints e = endpoints();
  e.rate_limit = 3;
  e.rate_window = 400ms;
  auto rest = make_rest(e, clock);
  const auto t0 = steady::now();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(rest->ping().ok());
  EXPECT_LT(steady::now() - t0, 350ms);
  ASSERT_TRUE(rest->ping().ok());  // the 4th waits until the first leaves the window
  EXPECT_GE(steady::now() - t0, 390ms);
  EXPECT_EQ(rest_calls("/api/Status/ping"), 4);
  // No room within the request timeout: not sent at all.
  e.rate_limit = 1;
  e.rate_window = 10s;
  e.request_timeout = 200ms;
  auto strict = make_rest(e, clock);
  ASSERT_TRUE(strict->ping().ok());
  auto refused = strict->ping();
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("rate limiter"), std::string::npos) << refused.error().message;
  EXPECT_EQ(rest_calls("/api/Status/ping"), 5);
}

TEST_F(GatewayClientTest, ReadsRetryServerErrorsAndDrops) {
  auto rest = make_rest();
  ASSERT_TRUE(rest->login().ok());
  remember_token(*rest);
  ASSERT_TRUE(sim_post("/_sim/faults/rest", R"({"path":"/api/Account/search","kind":"status","status":503})"));
  ASSERT_TRUE(rest->accounts().ok());
  ASSERT_TRUE(sim_post("/_sim/faults/rest", R"({"path":"/api/Position/searchOpen","kind":"drop"})"));
  ASSERT_TRUE(rest->open_positions(kAccount).ok());
  EXPECT_EQ(rest_calls("/api/Account/search"), 2);
  EXPECT_EQ(rest_calls("/api/Position/searchOpen"), 2);
  // More failures than retries: an error naming the status.
  ASSERT_TRUE(
      sim_post("/_sim/faults/rest", R"({"path":"/api/Account/search","kind":"status","status":500,"count":5})"));
  auto failed = rest->accounts();
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("HTTP 500"), std::string::npos) << failed.error().message;
  EXPECT_EQ(rest_calls("/api/Account/search"), 2 + 3);  // 1 + read_retries
  // A 400 is not retried.
  ASSERT_TRUE(sim_post("/_sim/faults/clear", "{}"));
  ASSERT_TRUE(sim_post("/_sim/faults/rest", R"({"path":"/api/Trade/search","kind":"status","status":400})"));
  auto bad = rest->trades(kAccount, clock.now());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(rest_calls("/api/Trade/search"), 1);
}

TEST_F(GatewayClientTest, MoneyMovingCallIsNeverResentAfterATimeoutOrADrop) {
  Endpoints e = endpoints();
  e.request_timeout = 400ms;
  auto rest = make_rest(e, clock);
  ASSERT_TRUE(rest->login().ok());
  remember_token(*rest);
  market_buy(kAccount, 2);
  const OrderId stop = resting_buy_stop(kAccount, "21100");
  ASSERT_NE(stop, 0);

  // Delay past the request timeout: the cancel executes at the gateway, the answer comes too late.
  ASSERT_TRUE(sim_post("/_sim/faults/rest", R"({"path":"/api/Order/cancel","kind":"delay","delayMs":900})"));
  CallOutcome cancel = rest->cancel_order(kAccount, stop);
  EXPECT_EQ(cancel.status, CallOutcome::Status::Timeout) << cancel.message;
  EXPECT_TRUE(cancel.may_have_executed());
  EXPECT_EQ(rest_calls("/api/Order/cancel"), 1);
  // The caller reconciles: the order is gone although the call "failed".
  EXPECT_TRUE(eventually([&] {
    auto w = rest->working_orders(kAccount);
    return w.ok() && w->empty();
  }));

  // Dropped connection on a close: Timeout, not re-sent (the drop did not execute it).
  ASSERT_TRUE(sim_post("/_sim/faults/rest", R"({"path":"/api/Position/closeContract","kind":"drop"})"));
  CallOutcome close = rest->close_position(kAccount, ContractId::of(kMnq));
  EXPECT_EQ(close.status, CallOutcome::Status::Timeout) << close.message;
  EXPECT_TRUE(close.may_have_executed());
  EXPECT_EQ(rest_calls("/api/Position/closeContract"), 1);
  auto positions = rest->open_positions(kAccount);
  ASSERT_TRUE(positions.ok());
  EXPECT_EQ(positions->size(), 1u);

  // Delay on a placement: the stop exists once.
  ASSERT_TRUE(sim_post("/_sim/faults/rest", R"({"path":"/api/Order/place","kind":"delay","delayMs":900})"));
  CallOutcome place =
      rest->place_stop(kAccount, ContractId::of(kMnq), OrderSide::Ask, 2, Decimal::parse("20990").value());
  EXPECT_EQ(place.status, CallOutcome::Status::Timeout);
  EXPECT_EQ(rest_calls("/api/Order/place"), 3);  // two by the platform session above, one by the client
  std::this_thread::sleep_for(600ms);
  auto orders = rest->working_orders(kAccount);
  ASSERT_TRUE(orders.ok());
  EXPECT_EQ(orders->size(), 1u);

  // Nothing listening: never sent, so Failed (not "may have executed").
  Endpoints dead = endpoints();
  dead.rest_base_url = "https://127.0.0.1:1";
  auto nowhere = make_rest(dead, clock);
  CallOutcome refused = nowhere->cancel_order(kAccount, 1);
  EXPECT_EQ(refused.status, CallOutcome::Status::Failed) << refused.message;  // the login could not be sent
  EXPECT_FALSE(refused.may_have_executed());
}

class ShortLivedTokens : public GatewayClientTest {
 protected:
  Duration token_lifetime() const override { return std::chrono::hours(3); }
};

TEST_F(ShortLivedTokens, RefreshValidatesUnderFourHoursAndLogsInWhenExpired) {
  ManualClock manual(clock.now());
  auto rest = make_rest(endpoints(), manual);
  ASSERT_TRUE(rest->login().ok());
  remember_token(*rest);
  const std::string first = rest->token();
  const Timestamp first_expiry = *rest->token_expires();
  // 3 h left (< 4 h): validate, and take newToken.
  ASSERT_TRUE(rest->refresh_if_needed().ok());
  remember_token(*rest);
  EXPECT_NE(rest->token(), first);
  EXPECT_EQ(rest->stats().refreshes, 1u);
  EXPECT_EQ(rest->stats().logins, 1u);
  EXPECT_EQ(rest_calls("/api/Auth/validate"), 1);
  EXPECT_GE(*rest->token_expires(), first_expiry);
  // Past the expiry by the client's clock: a fresh login, no validate.
  manual.advance(std::chrono::hours(5));
  ASSERT_TRUE(rest->refresh_if_needed().ok());
  remember_token(*rest);
  EXPECT_EQ(rest->stats().logins, 2u);
  EXPECT_EQ(rest_calls("/api/Auth/validate"), 1);
  // Validation refused (the sim expired every token): log in again.
  ASSERT_TRUE(sim_post("/_sim/tokens/expire", R"({"userName":"trader"})"));
  manual.set(clock.now());
  ASSERT_TRUE(rest->refresh_if_needed().ok());
  remember_token(*rest);
  EXPECT_EQ(rest_calls("/api/Auth/validate"), 2);
  EXPECT_EQ(rest->stats().logins, 3u);
  EXPECT_TRUE(rest->accounts().ok());
}

TEST_F(GatewayClientTest, RefreshIsCheapWhenNothingIsDue) {
  auto rest = make_rest();
  ASSERT_TRUE(rest->refresh_if_needed().ok());  // no token yet: login
  remember_token(*rest);
  EXPECT_EQ(rest->stats().logins, 1u);
  const auto requests = rest->stats().requests;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(rest->refresh_if_needed().ok());
  EXPECT_EQ(rest->stats().requests, requests);
  EXPECT_EQ(rest_calls("/api/Auth/validate"), 0);
}

TEST_F(GatewayClientTest, ConcurrentCallersShareOneLogin) {
  auto rest = make_rest();
  ASSERT_TRUE(rest->login().ok());
  remember_token(*rest);
  ASSERT_TRUE(sim_post("/_sim/tokens/expire", R"({"userName":"trader"})"));
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 5; ++j) {
        if (rest->accounts().ok()) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  remember_token(*rest);
  EXPECT_EQ(ok.load(), 20);
  EXPECT_EQ(rest->stats().logins, 2u);  // the 401s of all four threads led to one login
}

// ---- hubs ------------------------------------------------------------------------------

TEST_F(GatewayClientTest, WsClientPollKeepsTheConnectionAndWakes) {
  auto rest = make_rest();
  ASSERT_TRUE(rest->login().ok());
  remember_token(*rest);
  net::ClientOptions o;
  o.ca_file = server->cert_file().string();
  auto ws =
      net::WsClient::connect(server->hub_base_url() + "/hubs/user?access_token=" + net::url_encode(rest->token()), o);
  ASSERT_TRUE(ws.ok()) << ws.error().message;
  auto& c = **ws;
  std::string frame;
  // Nothing is sent before the handshake: a poll times out and the connection stays.
  EXPECT_EQ(c.poll(frame, 50ms), net::WsClient::PollResult::Timeout);
  EXPECT_TRUE(c.is_open());
  ASSERT_TRUE(c.send(std::string("{\"protocol\":\"json\",\"version\":1}\x1e")).ok());
  ASSERT_EQ(c.poll(frame, 2s), net::WsClient::PollResult::Message);
  EXPECT_EQ(frame, "{}\x1e");
  // wake() from another thread ends a long poll early. The hub is stalled
  // first, and a ping already on its way is read, so the poll has nothing to get.
  ASSERT_TRUE(sim_post("/_sim/faults/hub", R"({"action":"stall","durationMs":3000})"));
  while (c.poll(frame, 300ms) == net::WsClient::PollResult::Message) {
  }
  std::thread waker([&] {
    std::this_thread::sleep_for(50ms);
    c.wake();
  });
  const auto t0 = steady::now();
  const auto polled = c.poll(frame, 5s);
  EXPECT_EQ(polled, net::WsClient::PollResult::Timeout) << "got: " << frame;
  EXPECT_LT(steady::now() - t0, 1s);
  waker.join();
  EXPECT_TRUE(c.is_open());
  c.abort();
  EXPECT_EQ(c.poll(frame, 50ms), net::WsClient::PollResult::Closed);
}

TEST_F(GatewayClientTest, UserHubSubscribesSeveralAccountsAndReceivesTheirEvents) {
  auto rest = make_rest();
  ASSERT_TRUE(rest->login().ok());
  remember_token(*rest);
  HubRecorder rec;
  auto hub = make_hub(HubClient::Kind::User, *rest, rec);
  EXPECT_EQ(hub->name(), "user:trader");
  hub->subscribe_accounts({kAccount, kAccount2});  // before start: remembered, sent on connect
  hub->start();
  ASSERT_TRUE(eventually([&] { return rec.connects == 1; }));
  EXPECT_TRUE(hub->connected());
  EXPECT_EQ(rec.reconnects, 0);
  market_buy(kAccount, 1);
  market_buy(kAccount2, 2);
  auto of = [](AccountId a) { return [a](const PositionEvent& p) { return p.position.account_id == a; }; };
  // on_connected came after the server confirmed every subscription: nothing placed now is missed.
  ASSERT_TRUE(eventually(
      [&] { return rec.count<PositionEvent>(of(kAccount)) >= 1 && rec.count<PositionEvent>(of(kAccount2)) >= 1; }));
  EXPECT_GE(rec.count<OrderEvent>(), 4u);
  EXPECT_EQ(rec.count<TradeEvent>(), 2u);
  EXPECT_GE(rec.count<AccountEvent>(), 2u);
  EXPECT_EQ(rec.failures(), 0u);
  EXPECT_EQ(rec.malformed, 0);
  const auto t0 = steady::now();
  hub->stop();
  EXPECT_LT(steady::now() - t0, 500ms);
  EXPECT_FALSE(hub->connected());
}

TEST_F(GatewayClientTest, AFailedSubscribeIsReported) {
  auto rest = make_rest();
  ASSERT_TRUE(rest->login().ok());
  remember_token(*rest);
  HubRecorder rec;
  auto hub = make_hub(HubClient::Kind::User, *rest, rec);
  hub->start();
  hub->subscribe_accounts({kAccount, kOtherUsersAccount});
  ASSERT_TRUE(eventually([&] { return rec.failures() >= 3; }));  // orders, positions, trades of 777
  {
    std::lock_guard lk(rec.mu);
    for (const auto& f : rec.subscribe_failures) EXPECT_NE(f.find("[777]"), std::string::npos) << f;
  }
  // Our own account works on the same connection.
  market_buy(kAccount, 1);
  ASSERT_TRUE(eventually([&] { return rec.count<TradeEvent>() == 1; }));
  EXPECT_EQ(rec.failures(), 3u);
}

TEST_F(GatewayClientTest, DropReconnectsResubscribesAndSignalsReconciliation) {
  auto rest = make_rest();
  ASSERT_TRUE(rest->login().ok());
  remember_token(*rest);
  HubRecorder rec;
  auto hub = make_hub(HubClient::Kind::User, *rest, rec);
  hub->subscribe_accounts({kAccount, kAccount2});
  hub->start();
  ASSERT_TRUE(eventually([&] { return rec.connects == 1; }));
  ASSERT_TRUE(sim_post("/_sim/faults/hub", R"({"action":"drop","hub":"user"})"));
  ASSERT_TRUE(eventually([&] { return rec.reconnects == 1; }));
  EXPECT_EQ(hub->reconnects(), 1u);
  {
    std::lock_guard lk(rec.mu);
    ASSERT_EQ(rec.disconnects.size(), 1u);
  }
  // Resubscribed: events of both accounts arrive on the new connection.
  market_buy(kAccount2, 1);
  market_buy(kAccount, 1);
  ASSERT_TRUE(eventually([&] { return rec.count<TradeEvent>() == 2; }));
  // A server close (not auth) reconnects the same way.
  ASSERT_TRUE(sim_post("/_sim/faults/hub", R"({"action":"close","hub":"user","error":"Server is restarting."})"));
  ASSERT_TRUE(eventually([&] { return rec.reconnects == 2; }));
  EXPECT_EQ(rec.auth_failures, 0);
  EXPECT_TRUE(log.contains("Server is restarting."));
}

TEST_F(GatewayClientTest, SilenceIsADeadConnection) {
  auto rest = make_rest();
  ASSERT_TRUE(rest->login().ok());
  remember_token(*rest);
  HubRecorder rec;
  HubOptions o = fast();
  o.silence_timeout = 500ms;
  auto hub = make_hub(HubClient::Kind::User, *rest, rec, o);
  hub->subscribe_accounts({kAccount});
  hub->start();
  ASSERT_TRUE(eventually([&] { return rec.connects == 1; }));
  // The server's pings (every 100 ms) keep a quiet connection alive well past the silence timeout.
  std::this_thread::sleep_for(800ms);
  EXPECT_EQ(rec.reconnects, 0);
  const auto t0 = steady::now();
  ASSERT_TRUE(sim_post("/_sim/faults/hub", R"({"action":"stall","hub":"user","durationMs":10000})"));
  ASSERT_TRUE(eventually([&] { return rec.reconnects == 1; }, 3s));
  EXPECT_GE(steady::now() - t0, 400ms);
  {
    std::lock_guard lk(rec.mu);
    ASSERT_EQ(rec.disconnects.size(), 1u);
    EXPECT_NE(rec.disconnects[0].find("dead connection"), std::string::npos) << rec.disconnects[0];
  }
  market_buy(kAccount, 1);
  ASSERT_TRUE(eventually([&] { return rec.count<TradeEvent>() == 1; }));
}

TEST_F(GatewayClientTest, AuthCloseAsksForAFreshTokenWithoutAHotLoop) {
  auto rest = make_rest();
  ASSERT_TRUE(rest->login().ok());
  remember_token(*rest);
  HubRecorder rec;
  auto hub = make_hub(HubClient::Kind::User, *rest, rec);
  hub->subscribe_accounts({kAccount});
  hub->start();
  ASSERT_TRUE(eventually([&] { return rec.connects == 1; }));
  const std::string old_token = rest->token();
  // Every token dies and the server closes with an auth error: the old token now gets 401 on the upgrade.
  ASSERT_TRUE(sim_post("/_sim/tokens/expire", R"({"userName":"trader"})"));
  ASSERT_TRUE(
      sim_post("/_sim/faults/hub",
               R"({"action":"close","hub":"user","error":"Unauthorized: the token expired","allowReconnect":false})"));
  ASSERT_TRUE(eventually([&] { return rec.auth_failures >= 1; }));
  // Nobody renews the token for a while: attempts back off (50, 100, 200, 400 ms ...), no hot loop.
  std::this_thread::sleep_for(1200ms);
  const int failures = rec.auth_failures;
  EXPECT_GE(failures, 2);  // the close, then 401s on the upgrade
  EXPECT_LE(failures, 8);
  EXPECT_FALSE(hub->connected());
  // The daemon logs in again; the next attempt uses the current token.
  ASSERT_TRUE(rest->login().ok());
  remember_token(*rest);
  EXPECT_NE(rest->token(), old_token);
  ASSERT_TRUE(eventually([&] { return rec.reconnects == 1; }, 3s));
  EXPECT_TRUE(hub->connected());
}

TEST_F(GatewayClientTest, UpgradeRefusedWith401IsAnAuthFailure) {
  auto rest = make_rest();
  ASSERT_TRUE(rest->login().ok());
  remember_token(*rest);
  ASSERT_TRUE(sim_post("/_sim/tokens/expire", R"({"userName":"trader"})"));
  HubRecorder rec;
  HubCallbacks cb = rec.callbacks(log);
  std::atomic<int> logins{0};
  auto hub = std::make_unique<HubClient>(
      HubClient::Kind::Market, endpoints().market_hub_url, endpoints(), [&rest] { return rest->token(); },
      [&] {
        HubCallbacks c = cb;
        c.on_auth_failure = [&] {
          ++rec.auth_failures;
          if (rest->login().ok()) ++logins;  // what the daemon does
        };
        return c;
      }(),
      fast());
  EXPECT_EQ(hub->name(), "market");
  hub->start();
  ASSERT_TRUE(eventually([&] { return rec.connects == 1; }));
  remember_token(*rest);
  EXPECT_EQ(rec.auth_failures, 1);
  EXPECT_EQ(logins, 1);
}

TEST_F(GatewayClientTest, MarketHubQuotesSurviveAReconnect) {
  auto rest = make_rest();
  ASSERT_TRUE(rest->login().ok());
  remember_token(*rest);
  HubRecorder rec;
  auto hub = make_hub(HubClient::Kind::Market, *rest, rec);
  hub->subscribe_quotes(ContractId::of(kMnq));
  hub->start();
  ASSERT_TRUE(eventually([&] { return rec.connects == 1; }));
  auto mnq_at = [](const char* price) {
    return [p = Decimal::parse(price).value()](const QuoteEvent& q) {
      return q.quote.contract_id.view() == kMnq && q.quote.last_price == p;
    };
  };
  ASSERT_TRUE(sim_post("/_sim/price", R"({"contractId":"CON.F.US.MNQ.Z26","price":21001})"));
  ASSERT_TRUE(eventually([&] { return rec.count<QuoteEvent>(mnq_at("21001")) == 1; }));
  ASSERT_TRUE(sim_post("/_sim/faults/hub", R"({"action":"drop","hub":"market"})"));
  ASSERT_TRUE(eventually([&] { return rec.reconnects == 1; }));
  ASSERT_TRUE(sim_post("/_sim/price", R"({"contractId":"CON.F.US.MNQ.Z26","price":21002})"));
  ASSERT_TRUE(eventually([&] { return rec.count<QuoteEvent>(mnq_at("21002")) == 1; }));
  // Unsubscribed: no more quotes for it.
  hub->unsubscribe_quotes(ContractId::of(kMnq));
  std::this_thread::sleep_for(100ms);
  ASSERT_TRUE(sim_post("/_sim/price", R"({"contractId":"CON.F.US.MNQ.Z26","price":21003})"));
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(rec.count<QuoteEvent>(mnq_at("21003")), 0u);
  EXPECT_EQ(rec.failures(), 0u);
}

TEST_F(GatewayClientTest, ACallbackThatThrowsDoesNotStopTheHub) {
  auto rest = make_rest();
  ASSERT_TRUE(rest->login().ok());
  remember_token(*rest);
  HubRecorder rec;
  HubCallbacks cb = rec.callbacks(log);
  std::atomic<int> seen{0};
  cb.on_event = [&](EventBody) {
    ++seen;
    throw std::runtime_error("bad consumer");
  };
  HubOptions o = fast();
  o.username = "trader";
  HubClient hub(
      HubClient::Kind::User, endpoints().user_hub_url, endpoints(), [&rest] { return rest->token(); }, cb, o);
  hub.subscribe_accounts({kAccount});
  hub.start();
  ASSERT_TRUE(eventually([&] { return rec.connects == 1; }));
  market_buy(kAccount, 1);
  ASSERT_TRUE(eventually([&] { return seen >= 5; }));  // every event of the fill, each throwing
  EXPECT_TRUE(hub.connected());
  EXPECT_EQ(rec.reconnects, 0);
  EXPECT_TRUE(log.contains("on_event callback threw: bad consumer"));
}

TEST_F(GatewayClientTest, StopIsPromptInEveryState) {
  auto rest = make_rest();
  ASSERT_TRUE(rest->login().ok());
  remember_token(*rest);
  HubRecorder rec;
  HubOptions slow;  // production timings: 15 s pings, 30 s silence, backoff from 1 s
  slow.username = "trader";
  {
    auto hub = make_hub(HubClient::Kind::User, *rest, rec, slow);
    hub->start();
    ASSERT_TRUE(eventually([&] { return rec.connects == 1; }));
    const auto t0 = steady::now();
    hub->stop();
    EXPECT_LT(steady::now() - t0, 300ms);
  }
  {
    // Waiting in backoff (the token is dead): stop does not wait it out.
    ASSERT_TRUE(sim_post("/_sim/tokens/expire", R"({"userName":"trader"})"));
    slow.backoff_initial = 20s;
    slow.backoff_max = 30s;
    auto hub = make_hub(HubClient::Kind::User, *rest, rec, slow);
    hub->start();
    ASSERT_TRUE(eventually([&] { return rec.auth_failures == 1; }));
    const auto t0 = steady::now();
    hub->stop();
    EXPECT_LT(steady::now() - t0, 300ms);
  }
}

// Issue 22, found by fuzzing: seconds beyond what a Timestamp holds, from a
// token's exp claim or a Retry-After date, are refused, never wrapped.
TEST(WireUtil, OutOfRangeTimesFromTheGatewayAreRefused) {
  // {"exp":253402300799} (year 9999) and {"exp":-5}
  EXPECT_FALSE(jwt_expiry("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjI1MzQwMjMwMDc5OX0.c2ln").has_value());
  EXPECT_FALSE(jwt_expiry("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOi01fQ.c2ln").has_value());
  const Timestamp now = Timestamp::parse("2026-12-03T12:00:00Z").value();
  EXPECT_FALSE(parse_retry_after("d,1 Oct 0 0:8:0", now).has_value());  // the fuzzer's input: year 0
  EXPECT_FALSE(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now).has_value());
  // Far in the past or the future but representable: no wait, or a day at most.
  EXPECT_EQ(parse_retry_after("Sat, 01 Jan 1678 00:00:00 GMT", now), std::chrono::milliseconds(0));
  EXPECT_EQ(parse_retry_after("Wed, 31 Dec 2261 23:59:59 GMT", now), std::chrono::milliseconds(86'400'000));
}

}  // namespace
}  // namespace risk::gateway
