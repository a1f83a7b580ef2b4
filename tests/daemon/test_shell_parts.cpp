// The publisher, the admin commands and the hub watch, stepped by hand with a
// manual clock.
#include "daemon/admin_commands.hpp"
#include "daemon/hub_watch.hpp"
#include "daemon/publisher.hpp"
#include "parts_fixture.hpp"

namespace risk::daemon {
namespace {

using test::CapturedLogs;
using test::RecordingFeed;
using test::T;

// ---- publisher -------------------------------------------------------------------

struct PublisherTest : ::testing::Test {
  ManualClock clock{T("2026-03-02T15:00:00Z")};
  CapturedLogs logs;
  RecordingFeed feed;
  std::vector<AccountId> holders{1001, 1002};
  int summaries = 0;
  Publisher publisher{clock, logs.logs, feed,
                      Publisher::Views{[this](AccountId id, Timestamp now) {
                                         ++summaries;
                                         AccountSummary s;
                                         s.account_id = id;
                                         s.as_of = now;
                                         return std::optional<AccountSummary>(s);
                                       },
                                       [this](const ContractId&) { return holders; }}};

  static Lockout lockout() {
    Lockout l;
    l.account_id = 1001;
    l.rule = RuleId::DailyRealizedLoss;
    l.kind = LockoutKind::UntilReset;
    l.set_at = T("2026-03-02T15:00:00Z");
    l.until = T("2026-03-02T23:00:00Z");
    l.reason = "daily realized P&L -512.40";
    return l;
  }
  static Event quote() {
    QuoteUpdate q;
    q.contract_id = ContractId::of("CON.F.US.MNQ.H26");
    q.last_price = Decimal::from_int(20000);
    return Event{T("2026-03-02T15:00:00Z"), QuoteEvent{q}};
  }
};

TEST_F(PublisherTest, ALockoutIsLoggedBroadcastAndFollowedByASnapshot) {
  publisher.publish({LockoutSet{lockout()}}, nullptr);
  EXPECT_EQ(feed.types(), (std::vector<std::string>{"lockout_set", "snapshot"}));
  EXPECT_TRUE(logs.contains("LOCKOUT_SET account=1001 rule=RULE-003 kind=until_daily_reset"));
}

TEST_F(PublisherTest, NobodyListeningMeansNoSnapshotIsBuilt) {
  feed.clients_ = 0;
  publisher.publish({LockoutSet{lockout()}}, nullptr);
  EXPECT_EQ(summaries, 0);
  EXPECT_TRUE(logs.contains("LOCKOUT_SET")) << "the log line does not depend on listeners";
}

TEST_F(PublisherTest, QuotesReachEveryHolderAndTheirSnapshotsAreThrottledButNeverLost) {
  const Event q = quote();
  publisher.publish({GatewayEventApplied{0}}, &q);
  // The quote to both holders, then a snapshot each (none sent before).
  EXPECT_EQ(feed.types(), (std::vector<std::string>{"GatewayQuote", "GatewayQuote", "snapshot", "snapshot"}));
  clock.advance(milliseconds(100));
  publisher.publish({GatewayEventApplied{0}}, &q);
  EXPECT_EQ(feed.types(), (std::vector<std::string>{"GatewayQuote", "GatewayQuote"})) << "within 250 ms: held back";
  clock.advance(milliseconds(149));
  publisher.tick();
  EXPECT_TRUE(feed.types().empty());
  clock.advance(milliseconds(1));
  publisher.tick();
  EXPECT_EQ(feed.types(), (std::vector<std::string>{"snapshot", "snapshot"})) << "the last quote's figures go out";
  clock.advance(seconds(1));
  publisher.tick();
  EXPECT_TRUE(feed.types().empty()) << "nothing new";
}

TEST_F(PublisherTest, StatusCarriesConnectionsAndUptime) {
  Publisher::Status s;
  s.version = "test";
  s.started_at = T("2026-03-02T14:59:00Z");
  s.connections = {HubWatch::Connection{"market", true, T("2026-03-02T14:59:01Z")}};
  s.accounts = {1001};
  publisher.status(s);
  const auto sent = feed.take();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].message["type"], "daemon_status");
  EXPECT_EQ(sent[0].message["data"]["uptime_s"], 60);
  EXPECT_EQ(sent[0].message["data"]["connections"][0]["name"], "market");
}

// ---- admin commands --------------------------------------------------------------

struct AdminTest : ::testing::Test {
  ManualClock clock{T("2026-03-02T15:00:00Z")};
  CapturedLogs logs;
  AdminCommands admin{clock, logs.logs};
  static server::EventServer::AdminAttempt refused(int n) {
    return {static_cast<std::uint64_t>(n), "", "bad MAC " + std::to_string(n)};
  }
};

TEST_F(AdminTest, RefusalsAreLoggedTenAMinuteThenCounted) {
  for (int i = 0; i < 15; ++i) EXPECT_FALSE(admin.admit(refused(i)));
  EXPECT_TRUE(logs.contains("bad MAC 9"));
  EXPECT_FALSE(logs.contains("bad MAC 10"));
  clock.advance(seconds(61));
  EXPECT_FALSE(admin.admit(refused(99)));
  EXPECT_TRUE(logs.contains("5 more admin command(s) refused in the last minute"));
  EXPECT_TRUE(logs.contains("bad MAC 99"));
  EXPECT_TRUE(admin.admit({1, R"({"op":"reload"})", ""}));
}

TEST_F(AdminTest, ParsesClearsAndReloadsAndRefusesWhatItCannotRead) {
  const std::vector<AccountId> monitored{1001};
  auto c = admin.parse(R"({"op":"clear_lockout","account":1001,"rule":"RULE-003","symbol":"mnq","reason":"ok\nforged",
                          "admin":"root"})",
                       monitored);
  const auto* clear = std::get_if<AdminCommands::Clear>(&c);
  ASSERT_NE(clear, nullptr);
  EXPECT_EQ(clear->clear.rule, RuleId::DailyRealizedLoss);
  EXPECT_EQ(clear->clear.symbol, SymbolRoot::of("MNQ"));
  EXPECT_EQ(clear->clear.reason, "ok forged") << "no line breaks into one-line logs";
  EXPECT_TRUE(std::holds_alternative<AdminCommands::Reload>(admin.parse(R"({"op":"reload"})", monitored)));
  auto refusal = [&](const char* text) {
    const auto r = admin.parse(text, monitored);
    const auto* x = std::get_if<AdminCommands::Refuse>(&r);
    return x != nullptr ? x->error : std::string("(not refused)");
  };
  EXPECT_EQ(refusal(R"({"op":"clear_lockout","account":1002,"reason":"x"})"),
            "account 1002 is not monitored by this daemon");
  EXPECT_EQ(refusal(R"({"op":"clear_lockout","account":1001})"), "a lockout clear needs a reason (it is audited)");
  EXPECT_EQ(refusal(R"({"op":"clear_lockout","account":1001,"reason":"x","rule":"RULE-999"})"),
            "unknown rule 'RULE-999'");
  EXPECT_NE(refusal(R"({"op":"clear_lockout","account":"1001","reason":"x"})").find("malformed command"),
            std::string::npos);
  EXPECT_EQ(refusal(R"({"op":"shutdown"})"), "unknown admin op 'shutdown' (clear_lockout, reload)");
  EXPECT_EQ(refusal("not json"), "an admin command is a JSON object with an \"op\"");
}

TEST_F(AdminTest, AClearIsAuditedWithWhatItCleared) {
  AdminClearLockout c;
  c.account_id = 1001;
  c.reason = "broker error";
  c.admin = "root";
  Lockout l;
  l.account_id = 1001;
  l.rule = RuleId::DailyRealizedLoss;
  const auto reply = nlohmann::json::parse(admin.cleared(c, {LockoutCleared{l, ClearedBy::AdminOverride}}));
  EXPECT_EQ(reply["type"], "admin_result");
  EXPECT_EQ(reply["ok"], true);
  EXPECT_EQ(reply["cleared"].size(), 1u);
  EXPECT_TRUE(logs.contains("ADMIN_OVERRIDE account=1001 rule=all cleared=1 admin=\"root\" reason=\"broker error\""));
}

// ---- hub watch -------------------------------------------------------------------

TEST(HubWatch, ReadyOnceEveryHubConnectedAndAnOutageBeyondTheLimitEndsTheDaemon) {
  ManualClock clock{T("2026-03-02T15:00:00Z")};
  HubWatch w{clock, seconds(900)};
  w.expect(2);
  w.on_status("user:a", true);
  EXPECT_FALSE(w.all_connected_once());
  w.on_status("market", true);
  EXPECT_TRUE(w.all_connected_once());
  w.on_status("market", false);
  EXPECT_TRUE(w.all_connected_once()) << "once is enough";
  clock.advance(seconds(900));
  EXPECT_FALSE(w.outage().has_value()) << "at the limit is allowed";
  clock.advance(seconds(1));
  ASSERT_TRUE(w.outage().has_value());
  EXPECT_NE(w.outage()->find("the market hub has been down for more than 900 s"), std::string::npos);
  w.on_status("market", true);
  EXPECT_FALSE(w.outage().has_value());
  const auto conns = w.connections();
  ASSERT_EQ(conns.size(), 2u);
  EXPECT_EQ(conns[0].name, "market");
  EXPECT_EQ(conns[0].since, T("2026-03-02T15:15:01Z"));
}

}  // namespace
}  // namespace risk::daemon
