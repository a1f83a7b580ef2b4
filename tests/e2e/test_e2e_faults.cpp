// Enforcement under gateway faults, end to end (issue 16): projectx-sim
// misbehaves the way real gateways and networks do, and the daemon must still
// take every breached account flat, never act twice, and never slow down. Each
// test asserts the end state exactly (sizes, the money-moving requests the
// simulator received) and its time bound with generous margins.
#include "e2e_fixture.hpp"

namespace risk::e2e {
namespace {

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

constexpr int kBuy = 0;
constexpr const char* kMes = "CON.F.US.MES.Z26";
constexpr const char* kClose = "/api/Position/closeContract";
constexpr const char* kPartialClose = "/api/Position/partialCloseContract";

std::int64_t ms_since(steady::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - t0).count();
}

// 1. HTTP 429 without Retry-After on the close call, for seconds: the account
// is an open obligation, worked until the gateway shows it flat, and the
// trader is told it is failing, since when and why.
TEST_F(E2E, ACloseRateLimitedWithoutRetryAfterIsWorkedUntilFlat) {
  write_config(rules_yaml({{"max_contracts", "    limit: 1\n    enforcement: close_all\n"}}));
  start_daemon();
  Listener feed(daemon->event_port());
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.control("faults/rest",
            {{"path", kClose}, {"kind", "status"}, {"status", 429}, {"retryAfter", nullptr}, {"durationMs", 4000}});
  const auto storm_end = steady::now() + 4000ms;
  t.market(kMnq, kBuy, 2);
  ASSERT_TRUE(eventually([&] { return !feed.of_type("enforcement_status").empty(); }, 5s))
      << "the trader is never told enforcement is failing";
  const Json failing = feed.of_type("enforcement_status").front()["data"];
  EXPECT_EQ(failing["state"], "failing");
  EXPECT_EQ(failing["reason"], "429");
  EXPECT_NE(failing["message"].get<std::string>().find("enforcement still failing since"), std::string::npos);
  EXPECT_GT(t.open_contracts(), 0) << "flat while every close was refused?";
  // Worked until flat, without waiting for another event; at most a few seconds once the limit clears.
  ASSERT_TRUE(eventually([&] { return t.open_contracts() == 0; }, 15s)) << "the breached account was left open";
  const auto cleared_to_flat = std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - storm_end);
  EXPECT_LT(cleared_to_flat, 7000ms) << "too long between the limit clearing and the close";
  EXPECT_GE(t.calls(kClose), 2) << "it never tried again";
  ASSERT_TRUE(eventually(
      [&] {
        for (const auto& m : feed.of_type("enforcement_status")) {
          if (m["data"]["state"] == "recovered") return true;
        }
        return false;
      },
      15s))
      << "recovery was not told";
  const std::string log = enforcement_log();
  EXPECT_NE(log.find("ENFORCEMENT FAILING account=1001"), std::string::npos) << log;
  EXPECT_NE(log.find("ENFORCEMENT RECOVERED account=1001"), std::string::npos) << log;
}

// 2. A partial close whose reply comes after the request timeout: the daemon
// reads the state before doing anything else, and the position goes 2 -> 1,
// never 2 -> 0.
TEST_F(E2E, APartialCloseAnsweredAfterTheTimeoutIsNeverAppliedTwice) {
  request_timeout_seconds = 1;
  write_config(rules_yaml({{"max_contracts", "    limit: 1\n    enforcement: reduce_to_limit\n"}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.control("faults/rest", {{"path", kPartialClose}, {"kind", "delay"}, {"delayMs", 2500}});
  t.market(kMnq, kBuy, 2);
  ASSERT_TRUE(eventually([&] { return t.open_contracts() == 1; }, 10s));
  std::this_thread::sleep_for(4s);  // the reply, the verification read, the decision from it
  EXPECT_EQ(t.open_contracts(), 1) << "the reduction was applied twice";
  EXPECT_EQ(t.calls(kPartialClose), 1) << "a partial close of unknown outcome was sent again";
  EXPECT_EQ(t.calls(kClose), 0);
}

// 3. Contract details failing a few times for a new contract: the lookup is
// tried again until it works, and an unrealized loss on it is judged.
TEST_F(E2E, AFailingContractLookupIsRetriedUntilTheLossIsJudged) {
  write_config(rules_yaml({{"daily_unrealized_loss", "    loss_limit: 20\n    scope: per_position\n"}}));
  start_daemon();
  Listener feed(daemon->event_port());
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  // Both ways to learn a contract fail for a while (the lookup falls back to Contract/search).
  t.control("faults/rest", {{"path", "/api/Contract/searchById"}, {"kind", "status"}, {"status", 503}, {"count", 4}});
  t.control("faults/rest", {{"path", "/api/Contract/search"}, {"kind", "status"}, {"status", 503}, {"count", 4}});
  t.market(kMnq, kBuy, 1);
  // Meanwhile the trader sees that the position cannot be valued, and why.
  ASSERT_TRUE(eventually(
      [&] {
        for (const auto& s : feed.of_type("snapshot")) {
          for (const auto& p : s["data"]["positions"]) {
            if (p["valuation"] == "contract tick size/value unknown") return true;
          }
        }
        return false;
      },
      5s))
      << "the feed never said the contract is unknown";
  t.price(kMnq, "19950");  // -50 points x 2 x 0.5 = -50, beyond the 20 limit
  ASSERT_TRUE(eventually([&] { return t.open_contracts() == 0; }, 25s)) << "the loss was never judged";
  EXPECT_GE(t.calls("/api/Contract/searchById") + t.calls("/api/Contract/search"), 5) << "it gave up";
  EXPECT_EQ(t.calls(kClose), 1);
}

// 3b. Known contracts are stored: after a restart the loss is judged at once
// although every contract lookup fails.
TEST_F(E2E, ARestartNeverDependsOnTheContractLookup) {
  write_config(rules_yaml({{"daily_unrealized_loss", "    loss_limit: 20\n    scope: per_position\n"}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 1);
  ASSERT_TRUE(eventually([&] { return t.calls("/api/Contract/searchById") >= 1; }, 5s));
  std::this_thread::sleep_for(500ms);  // the contract's details are committed with the next batch (100 ms)
  stop_daemon();
  const auto lookups = t.calls("/api/Contract/searchById") + t.calls("/api/Contract/search");
  for (const char* path : {"/api/Contract/searchById", "/api/Contract/search"}) {
    t.control("faults/rest", {{"path", path}, {"kind", "status"}, {"status", 503}, {"durationMs", 60000}});
  }
  start_daemon();
  t.price(kMnq, "19950");  // -50 points x 0.5 = -25, beyond the 20 limit
  ASSERT_TRUE(eventually([&] { return t.open_contracts() == 0; }, 10s)) << "the loss was not judged after the restart";
  EXPECT_EQ(t.calls("/api/Contract/searchById") + t.calls("/api/Contract/search"), lookups)
      << "the restart looked the contract up again";
}

// 4. A quiet market: the hub sends only what changed, and a quote event with no
// price (the price stood still) still refreshes the price's age, so RULE-004
// total is judged although the price is older than max_quote_age_seconds.
TEST_F(E2E, SparseQuotesKeepAStandingPriceFresh) {
  global_extra = "  max_quote_age_seconds: 2\n";
  write_config(rules_yaml({{"daily_unrealized_loss", "    loss_limit: 100\n    scope: total\n"}}));
  start_daemon();
  Listener feed(daemon->event_port());
  Trader t(base(), ca());
  t.control("quotes", {{"sparse", true}, {"heartbeatMs", 500}});
  t.price(kMnq, "20000");
  t.price(kMes, "6000");
  t.market(kMnq, kBuy, 1);
  t.market(kMes, kBuy, 1);
  // The daemon subscribes to a contract's quotes once it holds it, and the hub
  // sends no snapshot on subscribe: the price moves until the daemon has it.
  // (The daemon passes each quote it applied on to the feed as GatewayQuote.)
  auto daemon_has = [&](const char* contract, const std::string& price) {
    for (const auto& q : feed.of_type("GatewayQuote")) {
      if (q["data"]["contract_id"] == contract && q["data"].value("last", "") == price) return true;
    }
    return false;
  };
  auto settle = [&](const char* contract, const std::string& price, const std::string& next_to) {
    const auto end = steady::now() + 20s;
    while (!daemon_has(contract, price) && steady::now() < end) {
      t.price(contract, next_to);
      t.price(contract, price);
      eventually([&] { return daemon_has(contract, price); }, 300ms);
    }
    return daemon_has(contract, price);
  };
  ASSERT_TRUE(settle(kMes, "6000", "6000.25")) << "MES never reached the daemon";
  ASSERT_TRUE(settle(kMnq, "19990", "19990.25"))
      << "MNQ never reached the daemon";  // -10 points: -20; then it stands still
  std::this_thread::sleep_for(4s);
  // MES -17.5 points: -87.5, and with MNQ's standing -20 the day is beyond -100
  // only if MNQ's price still counts.
  t.price(kMes, "5982.5");
  ASSERT_TRUE(eventually([&] { return t.open_contracts() == 0; }, 10s))
      << "RULE-004 total was not judged: a steady price was taken for stale";
  EXPECT_EQ(t.calls(kClose), 2) << "each position closed once";
}

// 5. A stalled hub (socket open, no events, no pings): a breach made during
// the stall is enforced within max_blind_seconds (5) from REST reads.
TEST_F(E2E, ABreachDuringAStalledHubIsEnforcedWithinMaxBlind) {
  write_config(rules_yaml({{"max_contracts", "    limit: 1\n    enforcement: close_all\n"}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 1);
  std::this_thread::sleep_for(1s);
  t.control("faults/hub", {{"action", "stall"}, {"hub", "user"}, {"durationMs", 30000}});
  std::this_thread::sleep_for(500ms);
  const auto breach = steady::now();
  t.market(kMnq, kBuy, 1);  // 2 contracts: a breach the hub does not tell
  ASSERT_TRUE(eventually([&] { return t.open_contracts() == 0; }, 15s)) << "the stalled hub left the breach open";
  EXPECT_LT(ms_since(breach), 5000 + 2500) << "longer than max_blind_seconds (with margin)";
  std::this_thread::sleep_for(12s);  // the unconfirmed close is read, not sent again
  EXPECT_EQ(t.calls(kClose), 1) << "closed twice";
}

// 6. Idle keep-alive connections closed by the server (with and without
// announcing its timeout) or dropped without a word: the first close after a
// quiet spell is as fast as a warm one and sent once.
class IdleConnections : public E2E, public ::testing::WithParamInterface<const char*> {};

TEST_P(IdleConnections, TheFirstCloseAfterAQuietSpellIsFastAndSentOnce) {
  const std::string mode = GetParam();
  write_config(rules_yaml({{"max_contracts", "    limit: 1\n    enforcement: close_all\n"}}));
  start_daemon();
  Trader t(base(), ca());
  if (mode == "close") t.control("keepAlive", {{"idleMs", 2000}, {"mode", "close"}});
  if (mode == "announced") t.control("keepAlive", {{"idleMs", 2000}, {"mode", "close"}, {"announce", true}});
  // A middlebox that forgets a connection after 8 s idle, without a FIN.
  if (mode == "blackhole") t.control("keepAlive", {{"idleMs", 8000}, {"mode", "blackhole"}});
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 1);
  std::this_thread::sleep_for(mode == "blackhole" ? 10s : 4s);  // no REST traffic from the daemon meanwhile
  const auto closes_before = t.calls(kClose);
  const auto breach = steady::now();
  t.market(kMnq, kBuy, 1);
  ASSERT_TRUE(eventually([&] { return t.open_contracts() == 0; }, 10s));
  EXPECT_LT(ms_since(breach), 1500) << "the first close after the quiet spell was slow";
  EXPECT_EQ(t.calls(kClose) - closes_before, 1);
}

INSTANTIATE_TEST_SUITE_P(E2E, IdleConnections, ::testing::Values("close", "announced", "blackhole"));

// A close that finishes while the daemon shuts down is still on record.
TEST_F(E2E, ACloseFinishingDuringShutdownIsStillLogged) {
  write_config(rules_yaml({{"max_contracts", "    limit: 1\n    enforcement: close_all\n"}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.control("faults/rest", {{"path", kClose}, {"kind", "delay"}, {"delayMs", 1500}});
  t.market(kMnq, kBuy, 2);
  ASSERT_TRUE(eventually([&] { return t.calls(kClose) == 1; }, 5s));
  stop_daemon();  // while the close's answer is on its way
  EXPECT_NE(enforcement_log().find("SENT account=1001"), std::string::npos) << enforcement_log();
}

}  // namespace
}  // namespace risk::e2e
