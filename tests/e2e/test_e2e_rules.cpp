// Every rule end to end: a trader trades through the simulator's REST API
// into the breach; the daemon (over TLS, SignalR and REST) flattens, cancels
// and locks; the simulator shows it, the database records it and an
// event-server client hears it.
#include <functional>
#include <memory>

#include "e2e_fixture.hpp"

using namespace risk;
using namespace risk::e2e;

namespace {
constexpr int kBuy = 0;
constexpr int kSell = 1;

// The market keeps ticking: a quote the daemon's new subscription missed is
// followed by another one, as on the live market hub.
std::function<bool()> ticking(Trader& t, const char* contract, const char* a, const char* b,
                              std::function<bool()> cond) {
  auto flip = std::make_shared<bool>(false);
  return [&t, contract, a, b, cond, flip] {
    *flip = !*flip;
    t.price(contract, *flip ? a : b);
    return cond();
  };
}

bool heard(Listener& l, const char* type, const char* rule) {
  for (const auto& m : l.of_type(type)) {
    if (m.dump().find(rule) != std::string::npos) return true;
  }
  return false;
}
}  // namespace

TEST_F(E2E, Rule003RealizedLossFlattensCancelsAndLocksUntilReset) {
  write_config(rules_yaml({{"daily_realized_loss", "    loss_limit: 100\n"}}));
  start_daemon();
  Listener events(daemon->event_port());
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 2);
  t.limit(kMnq, kBuy, 1, "19000");
  ASSERT_TRUE(eventually([&] { return t.open_contracts() == 2 && t.working_orders() == 1; }));
  t.price(kMnq, "19900");    // -100 points: -200 per contract
  t.market(kMnq, kSell, 1);  // realize -200 - fees: beyond the 100 limit
  EXPECT_TRUE(eventually([&] { return t.open_contracts() == 0; })) << "the remaining contract was not closed";
  EXPECT_TRUE(eventually([&] { return t.working_orders() == 0; })) << "the working order was not cancelled";
  EXPECT_TRUE(eventually([&] { return locked_by(RuleId::DailyRealizedLoss); }));
  const auto locks = db_lockouts();
  ASSERT_FALSE(locks.empty());
  EXPECT_EQ(locks[0].kind, LockoutKind::UntilReset);
  EXPECT_TRUE(eventually([&] { return heard(events, "lockout_set", "RULE-003"); }));
  EXPECT_TRUE(eventually([&] { return heard(events, "enforcement_action", "RULE-003"); }));
}

TEST_F(E2E, LockoutHoldsNewPositionsClosedNewOrdersCancelled) {
  write_config(rules_yaml({{"daily_realized_loss", "    loss_limit: 100\n"}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 1);
  ASSERT_TRUE(eventually([&] { return t.open_contracts() == 1; }));
  t.price(kMnq, "19900");
  t.market(kMnq, kSell, 1);
  ASSERT_TRUE(eventually([&] { return locked_by(RuleId::DailyRealizedLoss); }));
  // While locked the trader tries again.
  t.market(kMnq, kBuy, 1);
  EXPECT_TRUE(eventually([&] { return t.open_contracts() == 0; }, std::chrono::seconds(3)));
  t.limit(kMnq, kBuy, 1, "19000");
  EXPECT_TRUE(eventually([&] { return t.working_orders() == 0; }, std::chrono::seconds(3)));
}

TEST_F(E2E, Rule001MaxContractsClosesAll) {
  write_config(rules_yaml({{"max_contracts", "    limit: 2\n    enforcement: close_all\n"}}));
  start_daemon();
  Listener events(daemon->event_port());
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 2);
  ASSERT_TRUE(eventually([&] { return t.open_contracts() == 2; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(t.open_contracts(), 2) << "at the limit is allowed";
  t.market(kMnq, kBuy, 1);
  EXPECT_TRUE(eventually([&] { return t.open_contracts() == 0; }));
  EXPECT_TRUE(eventually([&] { return heard(events, "enforcement_action", "RULE-001"); }));
}

TEST_F(E2E, Rule002PerInstrumentReducesToTheLimit) {
  write_config(rules_yaml({{"max_contracts_per_instrument",
                            "    limits: {MNQ: 1}\n    unknown_symbol: allow\n    enforcement: reduce_to_limit\n"}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 3);
  EXPECT_TRUE(eventually([&] { return t.open_contracts() == 1; })) << "not reduced to the limit of 1";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(t.open_contracts(), 1);
}

TEST_F(E2E, Rule004UnrealizedLossClosesThePosition) {
  write_config(rules_yaml({{"daily_unrealized_loss", "    loss_limit: 100\n    scope: per_position\n"}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 1);
  ASSERT_TRUE(eventually([&] { return t.open_contracts() == 1; }));
  t.price(kMnq, "19960");  // -80: inside the limit
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_EQ(t.open_contracts(), 1);
  // -120 and beyond
  EXPECT_TRUE(eventually(ticking(t, kMnq, "19940", "19939.75", [&] { return t.open_contracts() == 0; })));
}

TEST_F(E2E, Rule005ProfitTargetTakesTheProfit) {
  write_config(rules_yaml({{"max_unrealized_profit", "    mode: profit_target\n    profit_target: 100\n"}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 1);
  ASSERT_TRUE(eventually([&] { return t.open_contracts() == 1; }));
  // +100 (reached at equality) and beyond
  EXPECT_TRUE(eventually(ticking(t, kMnq, "20050", "20050.25", [&] { return t.open_contracts() == 0; })));
}

TEST_F(E2E, Rule006OvertradingLocksForTheCooldown) {
  write_config(rules_yaml({{"trade_frequency_limit",
                            "    per_minute: 2\n    per_hour: 100\n    per_session: 100\n"
                            "    cooldown_seconds: {minute: 60, hour: 1800, session: 3600}\n"}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 1);
  t.market(kMnq, kSell, 1);
  t.market(kMnq, kBuy, 1);  // the third fill in a minute
  EXPECT_TRUE(eventually([&] { return locked_by(RuleId::TradeFrequencyLimit); }));
  EXPECT_TRUE(eventually([&] { return t.open_contracts() == 0; }));
  const auto locks = db_lockouts();
  ASSERT_FALSE(locks.empty());
  EXPECT_EQ(locks[0].kind, LockoutKind::Cooldown);
}

TEST_F(E2E, Rule007CooldownAfterALosingTrade) {
  write_config(rules_yaml({{"cooldown_after_loss", "    tiers:\n      - {loss: -30, cooldown_seconds: 120}\n"}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 1);
  ASSERT_TRUE(eventually([&] { return t.open_contracts() == 1; }));
  t.price(kMnq, "19980");  // -40 on the close
  t.market(kMnq, kSell, 1);
  EXPECT_TRUE(eventually([&] { return locked_by(RuleId::CooldownAfterLoss); }));
}

TEST_F(E2E, Rule008NoStopLossIsClosedAfterTheGracePeriod) {
  write_config(rules_yaml({{"no_stop_loss_grace", "    grace_period_seconds: 2\n"}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 1);
  ASSERT_TRUE(eventually([&] { return t.open_contracts() == 1; }));
  EXPECT_TRUE(eventually([&] { return t.open_contracts() == 0; }, std::chrono::seconds(6)));
  // With a protective stop it stays.
  t.market(kMnq, kBuy, 1);
  t.stop(kMnq, kSell, 1, "19950");
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(t.open_contracts(), 1);
}

TEST_F(E2E, Rule009OutsideTheSessionIsClosedAndLocked) {
  // A session window that is never now: an hour wide, twelve hours away.
  const auto now = std::chrono::system_clock::now();
  const auto tt = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&tt, &utc);
  const int start_h = (utc.tm_hour + 12) % 24;
  char window[128];
  std::snprintf(window, sizeof window, "    start: \"%02d:00\"\n    end: \"%02d:00\"\n    timezone: UTC\n", start_h,
                (start_h + 1) % 24);
  write_config(rules_yaml({{"session_block_outside", window}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 1);
  EXPECT_TRUE(eventually([&] { return t.open_contracts() == 0; }));
  EXPECT_TRUE(eventually([&] { return locked_by(RuleId::SessionBlockOutside); }));
}

TEST_F(E2E, Rule010BrokerFlagLocksAndUnlocks) {
  write_config(rules_yaml({{"auth_loss_guard", "    auto_unlock: true\n"}}));
  start_daemon();
  Listener events(daemon->event_port());
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 1);
  ASSERT_TRUE(eventually([&] { return t.open_contracts() == 1; }));
  t.control("canTrade", {{"accountId", kAccount}, {"canTrade", false}});
  EXPECT_TRUE(eventually([&] { return locked_by(RuleId::AuthLossGuard); }));
  EXPECT_TRUE(eventually([&] { return t.open_contracts() == 0; }));
  t.control("canTrade", {{"accountId", kAccount}, {"canTrade", true}});
  EXPECT_TRUE(eventually([&] { return !locked_by(RuleId::AuthLossGuard); }));
  EXPECT_TRUE(eventually([&] { return heard(events, "lockout_cleared", "BROKER_FLAG"); }));
}

TEST_F(E2E, Rule011BlockedSymbolIsClosedAndLocked) {
  write_config(rules_yaml({{"symbol_blocks", "    blocked_symbols: [mnq]\n    close_existing: true\n"}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 1);
  EXPECT_TRUE(eventually([&] { return t.open_contracts() == 0; }));
  const auto locks = db_lockouts();
  ASSERT_FALSE(locks.empty());
  EXPECT_EQ(locks[0].rule, RuleId::SymbolBlocks);
  EXPECT_EQ(locks[0].symbol.view(), "MNQ");
}

TEST_F(E2E, Rule012MovesTheStopToBreakeven) {
  write_config(rules_yaml({{"trade_management",
                            "    breakeven: {enabled: true, trigger_ticks: 8, offset_ticks: 1}\n"
                            "    trailing: {enabled: false, activation_ticks: 16, distance_ticks: 8}\n"}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 1);
  t.stop(kMnq, kSell, 1, "19990");
  ASSERT_TRUE(eventually([&] { return t.working_orders() == 1; }));
  // 12 ticks of profit, ticking
  EXPECT_TRUE(eventually(ticking(t, kMnq, "20003", "20003.25", [&] {
    Json j = t.post("/api/Order/searchOpen", {{"accountId", kAccount}});
    for (const auto& o : j["orders"]) {
      if (!o["stopPrice"].is_null() && o["stopPrice"].get<double>() > 20000.0) return true;
    }
    return false;
  }))) << "the stop was not moved to breakeven + 1 tick";
}

TEST_F(E2E, Rule013ProfitTargetLocksInTheDay) {
  write_config(rules_yaml({{"daily_realized_profit", "    profit_target: 50\n"}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 1);
  ASSERT_TRUE(eventually([&] { return t.open_contracts() == 1; }));
  t.price(kMnq, "20050");  // +100 gross
  t.market(kMnq, kSell, 1);
  EXPECT_TRUE(eventually([&] { return locked_by(RuleId::DailyRealizedProfit); }));
}
