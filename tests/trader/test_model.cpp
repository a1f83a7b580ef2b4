// The dashboard's model: every event-server message type applied to it,
// exact money, countdowns from an injected now, quote age classes, backoff.
#include <gtest/gtest.h>

#include "dashboard/format.hpp"
#include "dashboard/keys.hpp"
#include "dashboard/model.hpp"
#include "dashboard/render.hpp"
#include "fixture.hpp"

namespace risk::dashboard {
namespace {

using test::D;
using test::kNow;
using test::T;

Model snapshot_only() {
  Model m(1001);
  auto r = m.apply_message(test::snapshot_message(), T("2026-11-24T19:29:59Z"));
  EXPECT_TRUE(r.ok() && r.value());
  return m;
}

void feed(Model& m, const std::string& msg, Timestamp at = kNow) {
  auto r = m.apply_message(msg, at);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(r.value()) << msg;
}

TEST(TraderModel, SnapshotFillsEverything) {
  Model m = snapshot_only();
  EXPECT_EQ(m.source, Source::Live);
  EXPECT_TRUE(m.have_snapshot);
  EXPECT_EQ(m.nickname, "demo");
  EXPECT_EQ(m.account_name, "TOPSTEP-50K-1");
  EXPECT_EQ(m.trading_date, "2026-11-24");
  EXPECT_EQ(m.realized, D("-312.50"));
  EXPECT_EQ(m.gross, D("-300"));
  EXPECT_EQ(m.fees, D("12.5"));
  EXPECT_TRUE(m.realized_includes_fees);
  EXPECT_EQ(m.fills, 14);
  ASSERT_EQ(m.positions.size(), 2u);
  EXPECT_EQ(m.positions[0].average_price, D("21000.25"));
  EXPECT_EQ(m.unrealized(), D("-40"));
  EXPECT_EQ(m.total(), D("-352.50"));
  EXPECT_EQ(m.orders.size(), 2u);
  EXPECT_EQ(m.trades.size(), 3u);
  ASSERT_EQ(m.lockouts.size(), 1u);
  EXPECT_EQ(m.lockouts[0].until, T("2026-11-24T19:34:05Z"));
  ASSERT_EQ(m.rules.size(), 8u);
  EXPECT_TRUE(m.rule("cooldown_after_loss")->breached);  // its lockout is active
  EXPECT_FALSE(m.rule("daily_realized_loss")->breached);
  EXPECT_EQ(Model::room_left(*m.rule("daily_realized_loss")), D("187.50"));
  ASSERT_TRUE(m.session.has_value());
  EXPECT_TRUE(m.session->open);
  // Quote age from quote_age_ms at as_of: 19:29:59 - 7 s.
  EXPECT_EQ(m.quote_time("CON.F.US.MES.Z26"), T("2026-11-24T19:29:52Z"));
}

// The dashboard shows the daemon's figures and never recomputes them: a fill
// joins the day's list, its P&L arrives in the daemon's snapshot that follows.
TEST(TraderModel, TradesJoinTheListAndTheFiguresAreTheDaemonsOwn) {
  Model m = snapshot_only();
  for (int i = 0; i < 1000; ++i) {
    feed(
        m,
        R"({"type":"GatewayUserTrade","account_id":1001,"ts":"2026-11-24T19:30:00Z","data":{"id":)" +
            std::to_string(10000 + i) +
            R"(,"contract_id":"CON.F.US.MNQ.Z26","created":"2026-11-24T19:30:00Z","price":"21000","pnl":"0.10","fees":"0.01","commissions":"0.02","side":"Sell","size":1,"voided":false}})");
  }
  EXPECT_EQ(m.trades.size(), 1003u);
  EXPECT_EQ(m.realized, D("-312.50")) << "no figure moves between two snapshots";
  EXPECT_EQ(m.rule("daily_realized_loss")->current, D("-312.50"));
  // The daemon's next snapshot carries its exact figures (0.1 + 0.2 stays 0.3: decimal text end to end).
  std::string snap = test::snapshot_message();
  snap.replace(snap.find(R"("realized":"-312.50")"), 20, R"("realized":"-242.50")");
  feed(m, snap);
  EXPECT_EQ(m.realized, D("-242.50"));
}

TEST(TraderModel, ARepeatedOrVoidedTradeReplacesItsEntry) {
  Model m = snapshot_only();
  const std::string trade =
      R"({"type":"GatewayUserTrade","account_id":1001,"ts":"2026-11-24T19:30:00Z","data":{"id":900,
    "contract_id":"CON.F.US.MNQ.Z26","created":"2026-11-24T19:30:00Z","price":"20950","pnl":"-25.10","fees":"0.37",
    "commissions":"0.37","side":"Sell","size":1,"voided":false}})";
  feed(m, trade);
  feed(m, trade);  // the gateway repeats itself: one entry
  EXPECT_EQ(m.trades.size(), 4u);
  std::string voided = trade;
  voided.replace(voided.find("\"voided\":false"), 14, "\"voided\":true");
  feed(m, voided);
  EXPECT_EQ(m.trades.size(), 4u);
  EXPECT_TRUE(m.trades.back().voided);
  EXPECT_EQ(m.realized, D("-312.50"));
  EXPECT_EQ(Model::room_left(*m.rule("daily_realized_loss")), D("187.50")) << "the daemon's room";
}

TEST(TraderModel, WhetherFeesCountIsTheDaemonsSetting) {
  Model m(1001);
  std::string snap = test::snapshot_message();
  snap.replace(snap.find(R"("realized":"-312.50")"), 20, R"("realized":"-300.00")");
  feed(m, snap);
  EXPECT_FALSE(m.realized_includes_fees);
  EXPECT_EQ(m.realized, D("-300"));
}

TEST(TraderModel, PositionsAddReplaceAndCloseAtSizeZero) {
  Model m = snapshot_only();
  feed(
      m,
      R"({"type":"GatewayUserPosition","account_id":1001,"data":{"contract_id":"CON.F.US.MGC.Z26","type":"Long","size":1,
    "average_price":"2650.1","opened_at":"2026-11-24T19:29:50Z","unrealized":"3.00","mark":"2650.4","quote_age_ms":100,"valuation":"ok"}})");
  ASSERT_EQ(m.positions.size(), 3u);
  EXPECT_EQ(m.unrealized(), D("-37"));
  feed(
      m,
      R"({"type":"GatewayUserPosition","account_id":1001,"data":{"contract_id":"CON.F.US.MGC.Z26","type":"Long","size":3,
    "average_price":"2650.2","unrealized":null,"mark":null,"quote_age_ms":null,"valuation":"no quote yet"}})");
  ASSERT_EQ(m.positions.size(), 3u);
  EXPECT_EQ(m.positions[2].size, 3);
  EXPECT_FALSE(m.unrealized().has_value());  // one position cannot be valued: no total
  EXPECT_FALSE(m.total().has_value());
  feed(
      m,
      R"({"type":"GatewayUserPosition","account_id":1001,"data":{"contract_id":"CON.F.US.MGC.Z26","type":"Long","size":0,"average_price":"0"}})");
  EXPECT_EQ(m.positions.size(), 2u);
  EXPECT_EQ(m.unrealized(), D("-40"));
}

TEST(TraderModel, OrdersStayWhileWorkingAndLeaveWhenTerminal) {
  Model m = snapshot_only();
  feed(
      m,
      R"({"type":"GatewayUserOrder","account_id":1001,"data":{"id":7003,"contract_id":"CON.F.US.MNQ.Z26","status":"Open","type":"Limit","side":"Buy","size":1,"limit_price":"20900","stop_price":null,"fill_volume":0}})");
  EXPECT_EQ(m.orders.size(), 3u);
  feed(
      m,
      R"({"type":"GatewayUserOrder","account_id":1001,"data":{"id":7003,"contract_id":"CON.F.US.MNQ.Z26","status":"PendingCancellation","type":"Limit","side":"Buy","size":1,"limit_price":"20900","fill_volume":0}})");
  EXPECT_EQ(m.orders.size(), 3u);
  EXPECT_EQ(m.orders[2].status, "PendingCancellation");
  feed(
      m,
      R"({"type":"GatewayUserOrder","account_id":1001,"data":{"id":7003,"contract_id":"CON.F.US.MNQ.Z26","status":"Cancelled","type":"Limit","side":"Buy","size":1,"fill_volume":0}})");
  EXPECT_EQ(m.orders.size(), 2u);
  // The gateway's numeric enums are understood too.
  feed(
      m,
      R"({"type":"GatewayUserOrder","account_id":1001,"data":{"id":7004,"contract_id":"X","status":1,"type":4,"side":1,"size":1,"stop_price":"1","fill_volume":0}})");
  ASSERT_EQ(m.orders.size(), 3u);
  EXPECT_EQ(m.orders[2].type, "Stop");
  EXPECT_EQ(m.orders[2].side, "Sell");
  feed(
      m,
      R"({"type":"GatewayUserOrder","account_id":1001,"data":{"id":7004,"contract_id":"X","status":2,"type":4,"side":1,"size":1,"fill_volume":1}})");
  EXPECT_EQ(m.orders.size(), 2u);
}

TEST(TraderModel, AccountUpdatesBalanceAndBrokerFlag) {
  Model m = snapshot_only();
  feed(
      m,
      R"({"type":"GatewayUserAccount","account_id":1001,"data":{"id":1001,"name":"TOPSTEP-50K-1","balance":"49600.01","can_trade":false}})");
  EXPECT_EQ(m.balance, D("49600.01"));
  EXPECT_EQ(m.can_trade, false);
}

TEST(TraderModel, QuotesRefreshAgeAndTheValuesStayTheDaemons) {
  Model m = snapshot_only();
  feed(
      m,
      R"({"type":"GatewayQuote","account_id":1001,"ts":"2026-11-24T19:30:01Z","data":{"contract_id":"CON.F.US.MNQ.Z26","last":"21010.25","bid":"21010","ask":"21010.5"}})");
  EXPECT_EQ(m.quote_time("CON.F.US.MNQ.Z26"), T("2026-11-24T19:30:01Z"));
  EXPECT_EQ(m.quotes["CON.F.US.MNQ.Z26"].last, D("21010.25"));
  // The position keeps the daemon's mark and P&L until its next snapshot.
  EXPECT_EQ(m.positions[0].unrealized, D("-20"));
  EXPECT_EQ(m.positions[0].mark, D("20995.25"));
  // Sparse: a bid alone keeps the last price.
  feed(
      m,
      R"({"type":"GatewayQuote","account_id":1001,"ts":"2026-11-24T19:30:02Z","data":{"contract_id":"CON.F.US.MNQ.Z26","bid":"21011"}})");
  EXPECT_EQ(m.quotes["CON.F.US.MNQ.Z26"].last, D("21010.25"));
  EXPECT_EQ(m.quote_time("CON.F.US.MNQ.Z26"), T("2026-11-24T19:30:02Z"));
  EXPECT_EQ(m.unrealized(), D("-40"));
}

TEST(TraderModel, APositionEventKeepsTheDaemonsValuationUntilTheNextSnapshot) {
  Model m = snapshot_only();
  feed(
      m,
      R"({"type":"GatewayUserPosition","account_id":1001,"data":{"contract_id":"CON.F.US.MNQ.Z26","type":"Long","size":3,"average_price":"21000.25"}})");
  ASSERT_EQ(m.positions[0].size, 3);
  EXPECT_EQ(m.positions[0].unrealized, D("-20"));
}

TEST(TraderModel, QuoteAgeClasses) {
  const Timestamp q = T("2026-11-24T19:29:00Z");
  EXPECT_EQ(quote_age_class(q, q + seconds(5)), QuoteAge::Fresh);
  EXPECT_EQ(quote_age_class(q, q + seconds(5) + milliseconds(1)), QuoteAge::Stale);
  EXPECT_EQ(quote_age_class(q, q + seconds(30)), QuoteAge::Stale);
  EXPECT_EQ(quote_age_class(q, q + seconds(30) + milliseconds(1)), QuoteAge::NoData);
  EXPECT_EQ(quote_age_class(std::nullopt, q), QuoteAge::NoData);
}

TEST(TraderModel, LockoutSetReplacesByRuleAndSymbolAndCountdownUsesNow) {
  Model m = snapshot_only();
  feed(m,
       R"({"type":"lockout_set","account_id":1001,"data":{"rule":"RULE-011","rule_key":"symbol_blocks","symbol":"MES",
    "kind":"while_symbol_blocked","set_at":"2026-11-24T19:30:00Z","until":null,"reason":"MES is blocked"}})");
  ASSERT_EQ(m.lockouts.size(), 2u);
  feed(
      m,
      R"({"type":"lockout_set","account_id":1001,"data":{"rule":"RULE-007","rule_key":"cooldown_after_loss","symbol":"",
    "kind":"cooldown","set_at":"2026-11-24T19:29:05Z","until":"2026-11-24T19:40:00Z","reason":"extended"}})");
  ASSERT_EQ(m.lockouts.size(), 2u);  // same (rule, symbol): replaced, never doubled
  EXPECT_EQ(m.lockouts[0].reason, "extended");
  EXPECT_EQ(fmt_duration(*m.lockouts[0].until - kNow), "10m 00s");
  EXPECT_EQ(fmt_duration(*m.lockouts[0].until - (kNow + seconds(599))), "1s");
  EXPECT_EQ(fmt_duration(*m.lockouts[0].until - (kNow + minutes(11))), "0s");
  EXPECT_EQ(fmt_duration(*m.next_reset - kNow), "3h 30m 00s");
}

TEST(TraderModel, LockoutClearedMovesItToHistory) {
  Model m = snapshot_only();
  feed(m,
       R"({"type":"lockout_cleared","account_id":1001,"ts":"2026-11-24T19:34:05Z","data":{"lockout":{"rule":"RULE-007",
    "rule_key":"cooldown_after_loss","symbol":"","kind":"cooldown","set_at":"2026-11-24T19:29:05Z","until":"2026-11-24T19:34:05Z",
    "reason":"r"},"cleared_by":"TIMER_EXPIRY","note":""}})");
  EXPECT_TRUE(m.lockouts.empty());
  ASSERT_EQ(m.lockout_history.size(), 1u);
  EXPECT_EQ(m.lockout_history[0].cleared_by, "TIMER_EXPIRY");
  EXPECT_EQ(m.lockout_history[0].cleared_at, T("2026-11-24T19:34:05Z"));
  EXPECT_FALSE(m.rule("cooldown_after_loss")->breached);
}

TEST(TraderModel, EnforcementDecidedThenConfirmedIsOneEntry) {
  Model m = snapshot_only();
  feed(m, test::kEnforcementDecided);
  ASSERT_EQ(m.enforcement.size(), 1u);
  EXPECT_EQ(m.enforcement[0].status, "decided");
  feed(m, test::kEnforcementConfirmed);
  ASSERT_EQ(m.enforcement.size(), 1u);
  EXPECT_EQ(m.enforcement[0].status, "confirmed");
  EXPECT_EQ(m.enforcement[0].confirm_us, 84900);
  ASSERT_EQ(m.enforcement[0].actions.size(), 1u);
  EXPECT_EQ(m.enforcement[0].actions[0].order_id, 6999);
  EXPECT_EQ(m.enforcement[0].breaches[0].first, "RULE-007");
}

TEST(TraderModel, DailyResetStartsANewDay) {
  Model m = snapshot_only();
  feed(
      m,
      R"({"type":"lockout_set","account_id":1001,"data":{"rule":"RULE-003","rule_key":"daily_realized_loss","symbol":"",
    "kind":"until_daily_reset","set_at":"2026-11-24T19:30:00Z","until":"2026-11-24T23:00:00Z","reason":"loss"}})");
  feed(
      m,
      R"({"type":"daily_reset","account_id":1001,"ts":"2026-11-24T23:00:00Z","data":{"closed_trading_date":"2026-11-24",
    "trading_date":"2026-11-25","closed_day_realized":"-312.50","next_reset":"2026-11-25T23:00:00Z"}})");
  EXPECT_EQ(m.trading_date, "2026-11-25");
  EXPECT_EQ(m.next_reset, T("2026-11-25T23:00:00Z"));
  EXPECT_EQ(m.day_start, T("2026-11-24T23:00:00Z"));
  EXPECT_TRUE(m.trades.empty());
  EXPECT_EQ(m.realized, Decimal{});
  EXPECT_EQ(m.fills, 0);
  ASSERT_EQ(m.lockouts.size(), 1u);  // the cooldown stays; the until-reset lockout is gone
  EXPECT_EQ(m.lockouts[0].rule, "RULE-007");
  // The rules' figures of the new day come in the daemon's snapshot that follows.
  EXPECT_FALSE(m.rule("daily_realized_loss")->current.has_value());
  EXPECT_FALSE(m.rule("daily_realized_loss")->percent_used.has_value());
  EXPECT_EQ(m.rule("daily_realized_loss")->limit, D("500"));
}

TEST(TraderModel, RuleWarningUpdatesPercentAndIsKept) {
  Model m = snapshot_only();
  feed(m, test::kRuleWarning);
  EXPECT_EQ(m.rule("trade_frequency_limit")->percent_used, 75);
  ASSERT_EQ(m.warnings.size(), 1u);
  EXPECT_EQ(m.warnings[0].message, "15 of 20 fills this hour");
}

TEST(TraderModel, DaemonStatus) {
  Model m(1001);
  feed(m, test::kDaemonStatus, kNow);
  ASSERT_TRUE(m.daemon.has_value());
  EXPECT_EQ(m.daemon->version, "0.1.0");
  EXPECT_EQ(m.daemon->uptime_s, 7388);
  ASSERT_EQ(m.daemon->connections.size(), 2u);
  EXPECT_FALSE(m.daemon->connections[1].connected);
  EXPECT_EQ(m.daemon->accounts, (std::vector<std::int64_t>{1001, 1002}));
  EXPECT_EQ(m.last_event_at, kNow);
}

TEST(TraderModel, OtherAccountsUnknownTypesAndGarbageChangeNothing) {
  Model m = snapshot_only();
  auto other = m.apply_message(
      R"({"type":"lockout_set","account_id":1002,"data":{"rule":"RULE-003","kind":"until_daily_reset"}})", kNow);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other.value());
  EXPECT_EQ(m.lockouts.size(), 1u);
  auto snap2 = test::snapshot_message();
  snap2.replace(snap2.find(R"("account_id":1001,"nickname")"), 17, R"("account_id":1002)");
  auto r2 = m.apply_message(snap2, kNow);
  ASSERT_TRUE(r2.ok());
  EXPECT_FALSE(r2.value());
  EXPECT_EQ(m.account_id(), 1001);
  auto unknown = m.apply_message(R"({"type":"something_new","account_id":1001,"data":{}})", kNow);
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown.value());
  EXPECT_FALSE(m.apply_message("{not json", kNow).ok());
  EXPECT_FALSE(m.apply_message(R"({"type":"lockout_set","account_id":1001})", kNow).ok());
  EXPECT_EQ(m.rejected_messages, 2);
  EXPECT_EQ(m.realized, D("-312.50"));
}

TEST(TraderModel, AccountZeroAdoptsTheFirstSnapshot) {
  Model m(0);
  feed(m, test::snapshot_message());
  EXPECT_EQ(m.account_id(), 1001);
}

TEST(TraderProtocol, SubscribeMessage) {
  EXPECT_EQ(subscribe_message(1001), R"({"subscribe":[1001]})");
  EXPECT_EQ(subscribe_message(0), R"({"subscribe":"all"})");
}

TEST(TraderReconnect, BackoffIsOneTwoFourEightThenTen) {
  std::vector<std::int64_t> got;
  for (int attempt = 1; attempt <= 8; ++attempt)
    got.push_back(std::chrono::duration_cast<seconds>(reconnect_delay(attempt)).count());
  EXPECT_EQ(got, (std::vector<std::int64_t>{1, 2, 4, 8, 10, 10, 10, 10}));
}

TEST(TraderColours, UsageThresholds) {
  EXPECT_EQ(usage_style(0, false), Style::Good);
  EXPECT_EQ(usage_style(69, false), Style::Good);
  EXPECT_EQ(usage_style(70, false), Style::Warn);
  EXPECT_EQ(usage_style(90, false), Style::Warn);
  EXPECT_EQ(usage_style(91, false), Style::Bad);
  EXPECT_EQ(usage_style(10, true), Style::Bad);
  EXPECT_EQ(usage_style(std::nullopt, false), Style::Plain);
}

TEST(TraderFormat, Money) {
  EXPECT_EQ(fmt_money(D("-1234567.5")), "-1,234,567.50");
  EXPECT_EQ(fmt_money(D("0")), "0.00");
  EXPECT_EQ(fmt_money(D("-0.001")), "0.00");
  EXPECT_EQ(fmt_money(D("999.995")), "1,000.00");
  EXPECT_EQ(fmt_money(std::optional<Decimal>{}), "--");
}

TEST(TraderKeys, ParsesDigitsArrowsAndQuit) {
  const auto k = parse_keys("1\x1b[C\x1b[D\x1bOA\x1b[B\x1b[5~\x1b[6~8q");
  EXPECT_EQ(k, (std::vector<Key>{Key::Tab1, Key::Right, Key::Left, Key::Up, Key::Down, Key::PageUp, Key::PageDown,
                                 Key::Tab8, Key::Quit}));
  ViewState v;
  EXPECT_TRUE(handle_key(v, Key::Left, 20));
  EXPECT_EQ(v.tab, Tab::Connections);  // wraps
  EXPECT_TRUE(handle_key(v, Key::Right, 20));
  EXPECT_EQ(v.tab, Tab::Overview);
  EXPECT_TRUE(handle_key(v, Key::Tab4, 20));
  EXPECT_EQ(v.tab, Tab::Rules);
  EXPECT_TRUE(handle_key(v, Key::PageDown, 20));
  EXPECT_EQ(v.scroll, 19);
  EXPECT_TRUE(handle_key(v, Key::Tab5, 20));
  EXPECT_EQ(v.scroll, 0);
  EXPECT_FALSE(handle_key(v, Key::Quit, 20));
}

// Issue 22: figures near the edge of what a decimal holds, and absurd quote
// ages, from the feed never overflow: the sum is unknown, the age ignored.
TEST(TraderModel, HostileFiguresFromTheFeedNeverOverflow) {
  Model m(1001);
  std::string snap = test::snapshot_message();
  snap.replace(snap.find(R"("gross":"-300.00","fees":"12.50")"), 32, R"("gross":"9223372036","fees":"-9223372036")");
  snap.replace(snap.find(R"("quote_age_ms":800)"), 18, R"("quote_age_ms":9223372036854775807)");
  snap.replace(snap.find(R"("quote_age_ms":7000)"), 19, R"("quote_age_ms":-9223372036854775807)");
  for (int i = 0; i < 2; ++i) snap.replace(snap.find(R"("unrealized":"-20.00")"), 21, R"("unrealized":"9223372036")");
  feed(m, snap);
  EXPECT_FALSE(m.realized_includes_fees);
  EXPECT_FALSE(m.unrealized().has_value()) << "a sum that does not fit is unknown";
  EXPECT_FALSE(m.total().has_value());
  EXPECT_FALSE(m.quote_time("CON.F.US.MES.Z26").has_value()) << "a negative age is ignored";
  EXPECT_FALSE(m.quote_time("CON.F.US.MNQ.Z26").has_value()) << "an age beyond a day is ignored";
}

}  // namespace
}  // namespace risk::dashboard
