// The scripted trader (the demo's bad trader) against a real simulator: it
// logs in, trades through the public REST API, and its fills reach the books.
#include <sstream>

#include <gtest/gtest.h>

#include "net/client.hpp"
#include "sim/json.hpp"
#include "sim/scripted_trader.hpp"
#include "sim/sim_server.hpp"

using namespace risk;
using namespace risk::sim;

TEST(ScriptedTrader, TradesThroughThePublicApiAndOvertrades) {
  SimOptions o;
  o.users.push_back(default_user());
  o.accounts.push_back(default_account());
  o.price_interval = std::chrono::milliseconds(20);  // a moving market
  SimServer server(o);
  ASSERT_TRUE(server.start().ok());

  TraderOptions t;
  t.base_url = server.base_url();
  t.ca_file = server.cert_file().string();
  t.user_name = default_user().user_name;
  t.api_key = default_user().api_key;
  t.actions = 25;
  t.interval = std::chrono::milliseconds(30);
  std::ostringstream log;
  EXPECT_EQ(run_scripted_trader(t, log), 0) << log.str();
  EXPECT_EQ(log.str().find(t.api_key), std::string::npos) << "the trader printed its API key";

  // Its fills are in the simulator's books, as seen through the public API.
  net::ClientOptions co;
  co.ca_file = server.cert_file().string();
  net::HttpClient http(server.base_url(), co);
  auto login = http.post_json("/api/Auth/loginKey", R"({"userName":"trader","apiKey":"sim-api-key"})");
  ASSERT_TRUE(login.ok());
  auto token = parse_json(login->body);
  ASSERT_TRUE(token.ok());
  auto trades = http.post_json(
      "/api/Trade/search",
      R"({"accountId":)" + std::to_string(default_account().id) + R"(,"startTimestamp":"2000-01-01T00:00:00Z"})",
      token->find("token")->text);
  ASSERT_TRUE(trades.ok());
  auto body = parse_json(trades->body);
  ASSERT_TRUE(body.ok());
  const JsonValue* list = body->find("trades");
  ASSERT_NE(list, nullptr);
  EXPECT_GE(list->items.size(), 6u) << "an overtrader makes many fills: " << log.str();
  server.stop();
}
