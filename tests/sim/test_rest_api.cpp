// The REST surface without sockets: envelope, per-endpoint codes, 400/401/429,
// tokens and their expiry under an injected clock, paging, injected faults.
#include <gtest/gtest.h>

#include "sim/contracts.hpp"
#include "sim/json.hpp"
#include "sim/rest_api.hpp"

namespace risk::sim {
namespace {

Decimal D(const char* s) { return Decimal::parse(s).value(); }
constexpr std::int64_t kAcc = 20258288;

class RestApiTest : public ::testing::Test {
 protected:
  RestApiTest()
      : ex(ExchangeOptions{}, nullptr),
        tokens(std::chrono::hours(24), 42),
        api(
            ex, tokens, [this] { return now; }, 200, std::chrono::seconds(60)) {
    for (const auto& c : default_contracts()) ex.add_contract(c);
    tokens.add_user("Trader", "secret-key");
    tokens.add_user("other", "other-key");
    Account a;
    a.id = kAcc;
    a.name = "150KTC-V2-478426-52758441";
    a.balance = D("150000");
    a.user = "trader";
    ex.add_account(a);
    Account b = a;
    b.id = 555;
    b.user = "other";
    ex.add_account(b);
  }
  net::HttpResponse post(const std::string& path, const std::string& body, const std::string& token = "") {
    net::HttpRequest r;
    r.method = "POST";
    r.path = r.target = path;
    r.body = body;
    r.headers.emplace_back("Content-Type", "application/json");
    if (!token.empty()) r.headers.emplace_back("Authorization", "Bearer " + token);
    return api.handle(r);
  }
  JsonValue json(const net::HttpResponse& res) {
    auto v = parse_json(res.body);
    EXPECT_TRUE(v.ok()) << res.body;
    return v.ok() ? std::move(v).value() : JsonValue{};
  }
  std::string login(const std::string& user = "trader", const std::string& key = "secret-key") {
    const auto res = post("/api/Auth/loginKey", R"({"userName":")" + user + R"(","apiKey":")" + key + R"("})");
    const JsonValue v = json(res);
    const JsonValue* t = v.find("token");
    return t != nullptr && t->is_string() ? t->text : std::string();
  }
  std::int64_t code(const net::HttpResponse& res) { return json(res).find("errorCode")->as_int().value_or(-1); }

  Timestamp now = Timestamp::from_seconds(1'778'000'000);
  Exchange ex;
  TokenStore tokens;
  RestApi api;
};

TEST_F(RestApiTest, LoginKeyReturnsATokenInTheEnvelope) {
  const auto res = post("/api/Auth/loginKey", R"({"userName":"TRADER","apiKey":"secret-key"})");
  EXPECT_EQ(res.status, 200);
  const JsonValue v = json(res);
  EXPECT_TRUE(v.find("success")->boolean);
  EXPECT_EQ(v.find("errorCode")->as_int(), 0);
  EXPECT_TRUE(v.find("errorMessage")->is_null());                                             // REST prints nulls
  EXPECT_EQ(std::count(v.find("token")->text.begin(), v.find("token")->text.end(), '.'), 2);  // JWT-shaped
}

TEST_F(RestApiTest, BadCredentialsAreHttp200WithACode) {
  const auto res = post("/api/Auth/loginKey", R"({"userName":"trader","apiKey":"wrong"})");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, R"({"token":null,"success":false,"errorCode":3,"errorMessage":null})");
  EXPECT_EQ(code(post("/api/Auth/loginKey", R"({"userName":"nobody","apiKey":"x"})")), 1);
}

TEST_F(RestApiTest, MalformedOrIncompleteBodiesAre400ProblemDetails) {
  auto res = post("/api/Auth/loginKey", R"({"userName":"trader"})");
  EXPECT_EQ(res.status, 400);
  EXPECT_NE(res.content_type.find("application/problem+json"), std::string::npos);
  JsonValue v = json(res);
  EXPECT_EQ(v.find("status")->as_int(), 400);
  EXPECT_NE(res.body.find("The apiKey field is required."), std::string::npos);
  res = post("/api/Auth/loginKey", R"({"userName":"trader",)");
  EXPECT_EQ(res.status, 400);
  res = post("/api/Auth/loginKey", R"({"userName":"trader","apiKey":"secret-key"} trailing)");
  EXPECT_EQ(res.status, 400);
  const std::string token = login();
  res = post("/api/Position/searchOpen", R"({"accountId":"not a number"})", token);
  EXPECT_EQ(res.status, 400);
  EXPECT_NE(res.body.find("$.accountId"), std::string::npos);
}

TEST_F(RestApiTest, MissingOrExpiredTokenIs401) {
  EXPECT_EQ(post("/api/Account/search", R"({"onlyActiveAccounts":true})").status, 401);
  EXPECT_EQ(post("/api/Account/search", R"({"onlyActiveAccounts":true})", "garbage").status, 401);
  const std::string token = login();
  EXPECT_EQ(post("/api/Account/search", R"({"onlyActiveAccounts":true})", token).status, 200);
  now += std::chrono::hours(24);
  const auto res = post("/api/Account/search", R"({"onlyActiveAccounts":true})", token);
  EXPECT_EQ(res.status, 401);
  EXPECT_NE(net::find_header(res.headers, "WWW-Authenticate").find("expired"), std::string_view::npos);
  EXPECT_EQ(post("/api/Auth/validate", "", token).status, 401);  // an expired token cannot be refreshed
}

TEST_F(RestApiTest, ValidateReturnsANewTokenAndTheOldOneStaysValid) {
  const std::string token = login();
  now += std::chrono::hours(20);
  const JsonValue v = json(post("/api/Auth/validate", "", token));
  ASSERT_TRUE(v.find("newToken")->is_string());
  const std::string fresh = v.find("newToken")->text;
  EXPECT_NE(fresh, token);
  EXPECT_EQ(post("/api/Account/search", R"({"onlyActiveAccounts":true})", token).status, 200);
  now += std::chrono::hours(5);  // 25 h after the first login, 5 h after the refresh
  EXPECT_EQ(post("/api/Account/search", R"({"onlyActiveAccounts":true})", token).status, 401);
  EXPECT_EQ(post("/api/Account/search", R"({"onlyActiveAccounts":true})", fresh).status, 200);
}

TEST_F(RestApiTest, ExpireAllIsAFaultThatForces401) {
  const std::string token = login();
  EXPECT_EQ(tokens.expire_all(std::nullopt, now), 1);
  EXPECT_EQ(post("/api/Account/search", R"({"onlyActiveAccounts":true})", token).status, 401);
}

TEST_F(RestApiTest, AccountSearchShowsOnlyTheUsersAccounts) {
  const JsonValue v = json(post("/api/Account/search", R"({"onlyActiveAccounts":true})", login()));
  const JsonValue* accounts = v.find("accounts");
  ASSERT_EQ(accounts->items.size(), 1u);
  const JsonValue& a = accounts->items[0];
  EXPECT_EQ(a.find("id")->as_int(), kAcc);
  EXPECT_EQ(a.find("name")->text, "150KTC-V2-478426-52758441");
  EXPECT_EQ(a.find("balance")->text, "150000.000000000");  // REST decimals: 9 digits
  EXPECT_TRUE(a.find("canTrade")->boolean);
  EXPECT_TRUE(a.find("simulated")->boolean);
}

TEST_F(RestApiTest, PlaceSearchAndPerEndpointCodes) {
  const std::string token = login();
  ASSERT_EQ(ex.set_price("CON.F.US.EP.Z26", D("6335.25"), now).error_code, 0);
  auto res = post("/api/Order/place",
                  R"({"accountId":20258288,"contractId":"CON.F.US.EP.Z26","type":2,"side":0,"size":1,)"
                  R"("limitPrice":null,"stopPrice":null,"trailPrice":null,"customTag":null})",
                  token);
  JsonValue v = json(res);
  EXPECT_TRUE(v.find("success")->boolean);
  const std::int64_t order_id = *v.find("orderId")->as_int();
  EXPECT_GE(order_id, 2'934'939'000);

  v = json(post("/api/Position/searchOpen", R"({"accountId":20258288})", token));
  ASSERT_EQ(v.find("positions")->items.size(), 1u);
  const JsonValue& p = v.find("positions")->items[0];
  EXPECT_EQ(p.find("averagePrice")->text, "6335.250000000");
  EXPECT_EQ(p.find("type")->as_int(), 1);
  EXPECT_EQ(p.find("contractDisplayName")->text, "ESZ26");

  v = json(post("/api/Trade/search", R"({"accountId":20258288,"startTimestamp":"2020-01-01T00:00:00Z"})", token));
  ASSERT_EQ(v.find("trades")->items.size(), 1u);
  EXPECT_TRUE(v.find("trades")->items[0].find("profitAndLoss")->is_null());  // opening half-turn: explicit null
  EXPECT_EQ(v.find("trades")->items[0].find("fees")->as_decimal(), D("1.4"));

  v = json(
      post("/api/Order/searchById", R"({"accountId":20258288,"orderId":)" + std::to_string(order_id) + "}", token));
  EXPECT_EQ(v.find("order")->find("status")->as_int(), 2);
  EXPECT_TRUE(v.find("order")->find("limitPrice")->is_null());
  EXPECT_NE(v.find("order")->find("creationTimestamp")->text.find("+00:00"), std::string::npos);

  // The same integer means different things per endpoint.
  EXPECT_EQ(code(post("/api/Position/partialCloseContract",
                      R"({"accountId":20258288,"contractId":"CON.F.US.EP.Z26","size":5})", token)),
            5);  // InvalidCloseSize
  EXPECT_EQ(
      code(post("/api/Position/closeContract", R"({"accountId":20258288,"contractId":"CON.F.US.MES.Z26"})", token)), 2);
  EXPECT_EQ(code(post("/api/Order/cancel", R"({"accountId":20258288,"orderId":1})", token)), 2);
  EXPECT_EQ(code(post("/api/Order/modify", R"({"accountId":20258288,"orderId":1,"size":2})", token)), 2);
  EXPECT_EQ(code(post("/api/Order/searchById", R"({"accountId":20258288,"orderId":1})", token)), 1);
  EXPECT_EQ(code(post("/api/Position/searchOpen", R"({"accountId":555})", token)), 1);  // someone else's account
  EXPECT_EQ(code(post("/api/Order/place",
                      R"({"accountId":20258288,"contractId":"CON.F.US.XX.Z26","type":2,"side":0,"size":1})", token)),
            8);
  EXPECT_EQ(
      code(post("/api/Position/closeContract", R"({"accountId":20258288,"contractId":"CON.F.US.EP.Z26"})", token)), 0);
}

TEST_F(RestApiTest, RejectedPlacementStillReturnsItsOrderId) {
  const std::string token = login();
  ex.set_can_trade(kAcc, false, now);
  const JsonValue v =
      json(post("/api/Order/place",
                R"({"accountId":20258288,"contractId":"CON.F.US.EP.Z26","type":2,"side":0,"size":1})", token));
  EXPECT_FALSE(v.find("success")->boolean);
  EXPECT_EQ(v.find("errorCode")->as_int(), 4);
  EXPECT_TRUE(v.find("orderId")->as_int().has_value());
}

TEST_F(RestApiTest, SearchOpenOmitsSuspendedBracketLegs) {
  const std::string token = login();
  ex.set_auto_oco_brackets(kAcc, true);
  ex.set_price("CON.F.US.EP.Z26", D("6000"), now);
  const JsonValue placed =
      json(post("/api/Order/place",
                R"({"accountId":20258288,"contractId":"CON.F.US.EP.Z26","type":1,"side":0,"size":1,"limitPrice":5990,)"
                R"("stopLossBracket":{"ticks":-40,"type":4},"takeProfitBracket":{"ticks":80,"type":1}})",
                token));
  ASSERT_TRUE(placed.find("success")->boolean) << placed.find("errorMessage")->text;
  JsonValue v = json(post("/api/Order/searchOpen", R"({"accountId":20258288})", token));
  ASSERT_EQ(v.find("orders")->items.size(), 1u);
  EXPECT_EQ(v.find("orders")->items[0].find("limitPrice")->as_decimal(), D("5990"));
  v = json(post("/api/Order/v2/query",
                R"({"filter":{"accountId":20258288,"statuses":[1,6,7,8]},"includeTotalCount":true})", token));
  EXPECT_EQ(v.find("orders")->items.size(), 3u);  // parent + two Suspended legs
  EXPECT_EQ(v.find("totalCount")->as_int(), 3);
  EXPECT_EQ(v.find("orders")->items[1].find("status")->as_int(), 8);
}

TEST_F(RestApiTest, V2QueryNeedsFilterAndPagesByRowOffset) {
  const std::string token = login();
  auto res = post("/api/Order/v2/query", R"({"accountId":20258288,"pageSize":10})", token);
  EXPECT_EQ(res.status, 400);
  EXPECT_NE(res.body.find("missing required properties including: 'filter'"), std::string::npos);
  ex.set_price("CON.F.US.EP.Z26", D("6000"), now);
  for (int i = 0; i < 150; ++i) {
    PlaceRequest r{kAcc, "CON.F.US.EP.Z26", 1, 0, 1, D("5000"), {}, {}, {}, {}, {}};
    ASSERT_EQ(ex.place(r, now + std::chrono::seconds(i)).error_code, 0);
  }
  JsonValue v =
      json(post("/api/Order/v2/query",
                R"({"filter":{"accountId":20258288},"pageSize":500,"pageOffset":0,"includeTotalCount":true})", token));
  EXPECT_EQ(v.find("orders")->items.size(), 100u);  // capped at 100 rows
  EXPECT_EQ(v.find("totalCount")->as_int(), 150);
  v = json(post("/api/Order/v2/query",
                R"({"filter":{"accountId":20258288},"pageSize":100,"pageOffset":120,"sortBy":1,"sortDirection":0})",
                token));
  ASSERT_EQ(v.find("orders")->items.size(), 30u);  // a row offset, not a page index
  EXPECT_EQ(v.find("totalCount"), nullptr);        // only when requested
  const auto first_of_page = *v.find("orders")->items[0].find("id")->as_int();
  v = json(post("/api/Order/v2/query",
                R"({"filter":{"accountId":20258288},"pageSize":1,"pageOffset":0,"sortBy":1,"sortDirection":0})",
                token));
  EXPECT_EQ(*v.find("orders")->items[0].find("id")->as_int() + 120, first_of_page);
  v = json(post("/api/Order/v2/query", R"({"filter":{"accountId":20258288},"pageSize":1,"sortBy":1,"sortDirection":1})",
                token));
  EXPECT_EQ(*v.find("orders")->items[0].find("id")->as_int(), first_of_page + 29);  // newest first
}

TEST_F(RestApiTest, RollingWindowRateLimitAnswers429) {
  api.limiter().configure(3, std::chrono::seconds(10));
  const std::string token = login();  // counted for the anonymous caller, not for "trader"
  EXPECT_EQ(post("/api/Account/search", R"({"onlyActiveAccounts":true})", token).status, 200);  // 1
  EXPECT_EQ(post("/api/Account/search", R"({"onlyActiveAccounts":true})", token).status, 200);  // 2
  now += std::chrono::seconds(6);
  EXPECT_EQ(post("/api/Account/search", R"({"onlyActiveAccounts":true})", token).status, 200);  // 3
  const auto res = post("/api/Account/search", R"({"onlyActiveAccounts":true})", token);
  EXPECT_EQ(res.status, 429);
  EXPECT_FALSE(net::find_header(res.headers, "Retry-After").empty());
  now += std::chrono::seconds(4);  // the two calls at t=0 leave the window: rolling, not fixed
  EXPECT_EQ(post("/api/Account/search", R"({"onlyActiveAccounts":true})", token).status, 200);
}

TEST_F(RestApiTest, InjectedFaultsHitTheNextNCallsOfAPath) {
  const std::string token = login();
  api.add_fault({"/api/Account/search", RestFault::Kind::Status, 503, {}, 2});
  EXPECT_EQ(post("/api/Account/search", R"({"onlyActiveAccounts":true})", token).status, 503);
  EXPECT_EQ(post("/api/Position/searchOpen", R"({"accountId":20258288})", token).status, 200);  // other path
  EXPECT_EQ(post("/api/Account/search", R"({"onlyActiveAccounts":true})", token).status, 503);
  EXPECT_EQ(post("/api/Account/search", R"({"onlyActiveAccounts":true})", token).status, 200);
  api.add_fault({"*", RestFault::Kind::Status, 429, {}, 1});
  EXPECT_EQ(post("/api/Account/search", R"({"onlyActiveAccounts":true})", token).status, 429);
  api.add_fault({"/api/Order/place", RestFault::Kind::Delay, 0, std::chrono::milliseconds(1500), 1});
  const auto res = post("/api/Order/place",
                        R"({"accountId":20258288,"contractId":"CON.F.US.EP.Z26","type":2,"side":0,"size":1})", token);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.delay, std::chrono::milliseconds(1500));  // executed, answered late
  EXPECT_EQ(ex.open_positions(kAcc).size(), 1u);
  api.add_fault({"/api/Account/search", RestFault::Kind::Status, 401, {}, 1});
  EXPECT_EQ(post("/api/Account/search", R"({"onlyActiveAccounts":true})", token).status, 401);
}

TEST_F(RestApiTest, PingContractsAndUnknownPaths) {
  net::HttpRequest ping;
  ping.method = "GET";
  ping.path = ping.target = "/api/Status/ping";
  EXPECT_EQ(api.handle(ping).body, "pong");
  const std::string token = login();
  JsonValue v = json(post("/api/Contract/search", R"({"searchText":"NQ","live":false})", token));
  ASSERT_EQ(v.find("contracts")->items.size(), 2u);  // MNQ and NQ (root ENQ)
  v = json(post("/api/Contract/searchById", R"({"contractId":"CON.F.US.USA.Z26"})", token));
  EXPECT_EQ(v.find("contract")->find("tickSize")->as_decimal(), D("0.03125"));
  EXPECT_EQ(v.find("contract")->find("symbolId")->text, "F.US.USA");
  EXPECT_EQ(code(post("/api/Contract/searchById", R"({"contractId":"CON.F.US.NOPE.Z26"})", token)), 1);
  v = json(post("/api/Contract/available", R"({"live":false})", token));
  EXPECT_GE(v.find("contracts")->items.size(), 9u);
  EXPECT_EQ(post("/api/Nope", "{}", token).status, 404);
}

}  // namespace
}  // namespace risk::sim
