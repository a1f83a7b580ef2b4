// The enforcement tracker, stepped by hand with a manual clock: the record
// written before anything is sent, the requests, the outcome.
#include "daemon/enforcement_tracker.hpp"
#include "parts_fixture.hpp"

namespace risk::daemon {
namespace {

using test::CapturedLogs;
using test::RecordingFeed;
using test::T;

struct TrackerTest : ::testing::Test {
  ManualClock clock{T("2026-03-02T15:00:00.000Z")};
  CapturedLogs logs;
  RecordingFeed feed;
  std::vector<store::EnforcementLogEntry> records;
  std::vector<std::pair<ActionRef, Action>> submitted;
  EnforcementTracker tracker{
      clock, logs.logs,
      EnforcementTracker::Ports{[this](const store::EnforcementLogEntry& e) { records.push_back(e); },
                                [this](ActionRef r, const Action& a, Timestamp) { submitted.emplace_back(r, a); },
                                [this](AccountId id, const std::string& m) { feed.broadcast(id, m); }},
      false};

  static Action close(const char* contract) {
    Action a;
    a.kind = ActionKind::ClosePosition;
    a.account_id = 1001;
    a.contract_id = ContractId::of(contract);
    a.rule = RuleId::DailyRealizedLoss;
    return a;
  }
  EnforcementPlan plan(std::vector<Action> actions) {
    EnforcementPlan p;
    p.id = 42;
    p.account_id = 1001;
    p.trigger_at = clock.now();
    p.breaches = {Breach{RuleId::DailyRealizedLoss, "daily realized P&L -512.40 is beyond the loss limit"}};
    p.actions = std::move(actions);
    return p;
  }
  ExecResult sent(ActionRef ref, const Action& a, Timestamp trigger) {
    ExecResult r;
    r.ref = ref;
    r.action = a;
    r.trigger_at = trigger;
    r.sent_at = clock.now();
    r.done = true;
    return r;
  }
};

TEST_F(TrackerTest, RecordsBeforeSendingThenCompletesWithTimingsWhenEveryActionIsConfirmed) {
  const Timestamp trigger = clock.now();
  tracker.on_plan(plan({close("CON.F.US.MNQ.H26"), close("CON.F.US.EP.H26")}));
  ASSERT_EQ(records.size(), 1u) << "the critical record before any request";
  EXPECT_FALSE(records[0].success.has_value());
  EXPECT_EQ(records[0].id, 42);
  EXPECT_EQ(records[0].rule, RuleId::DailyRealizedLoss);
  ASSERT_EQ(submitted.size(), 2u);
  EXPECT_EQ(submitted[1].first, (ActionRef{42, 1}));
  auto msgs = feed.take();
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].message["data"]["status"], "decided");

  clock.advance(milliseconds(3));
  EXPECT_EQ(tracker.on_result(sent({42, 0}, submitted[0].second, trigger)).result, ActionOutcome::Result::Accepted);
  clock.advance(milliseconds(1));
  EXPECT_EQ(tracker.on_result(sent({42, 1}, submitted[1].second, trigger)).result, ActionOutcome::Result::Accepted);
  EXPECT_TRUE(logs.contains("SENT account=1001 plan=42 close_position contract=CON.F.US.MNQ.H26 request_us=3000"));

  tracker.on_settled(ActionSettled{
      1001, {42, 0}, submitted[0].second, ActionSettled::Outcome::Confirmed, "confirmed", trigger + milliseconds(20)});
  EXPECT_EQ(records.size(), 1u) << "one action still open";
  EXPECT_EQ(tracker.open_plans(), 1u);
  tracker.on_settled(ActionSettled{
      1001, {42, 1}, submitted[1].second, ActionSettled::Outcome::Confirmed, "confirmed", trigger + milliseconds(25)});
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].success, true);
  EXPECT_EQ(records[1].trigger_to_request_us, 3000);
  EXPECT_EQ(records[1].trigger_to_confirm_us, 25000);
  EXPECT_EQ(tracker.open_plans(), 0u);
  msgs = feed.take();
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].message["data"]["status"], "confirmed");
  EXPECT_EQ(msgs[0].message["data"]["actions"][1]["result"], "confirmed");
  EXPECT_TRUE(logs.contains("CONFIRMED account=1001 plan=42 close_position contract=CON.F.US.EP.H26 confirm_us=25000"));
}

TEST_F(TrackerTest, AFailedRequestFailsThePlanAndIsLoggedCritical) {
  tracker.on_plan(plan({close("CON.F.US.MNQ.H26")}));
  ExecResult r = sent({42, 0}, submitted[0].second, clock.now());
  r.done = false;
  r.note = "rate limited";
  r.reason = "429";
  r.last.retry_after = std::chrono::milliseconds(2000);
  const ActionOutcome told = tracker.on_result(r);
  EXPECT_EQ(told.result, ActionOutcome::Result::Failed);
  EXPECT_EQ(told.reason, "429") << "the engine hears why";
  EXPECT_EQ(told.retry_after, std::chrono::milliseconds(2000)) << "and how long the gateway asked to wait";
  EXPECT_TRUE(
      logs.contains("critical: FAILED account=1001 plan=42 close_position contract=CON.F.US.MNQ.H26: rate limited"));
  tracker.on_settled(
      ActionSettled{1001, {42, 0}, submitted[0].second, ActionSettled::Outcome::Failed, "rate limited", std::nullopt});
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].success, false);
  feed.take();  // decided
}

TEST_F(TrackerTest, AnUnconfirmedActionIsLoggedAndFailsThePlan) {
  tracker.on_plan(plan({close("CON.F.US.MNQ.H26")}));
  tracker.on_result(sent({42, 0}, submitted[0].second, clock.now()));
  tracker.on_settled(ActionSettled{1001,
                                   {42, 0},
                                   submitted[0].second,
                                   ActionSettled::Outcome::Unconfirmed,
                                   "not confirmed by the gateway in time",
                                   std::nullopt});
  EXPECT_TRUE(logs.contains("UNCONFIRMED account=1001 plan=42 close_position contract=CON.F.US.MNQ.H26"));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].success, false);
}

TEST_F(TrackerTest, ALockoutWithNothingToCloseIsCompleteAtOnce) {
  tracker.on_plan(plan({}));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].success, true);
  EXPECT_TRUE(submitted.empty());
  EXPECT_EQ(tracker.open_plans(), 0u);
}

TEST_F(TrackerTest, ADryRunSendsNothingAndRecordsItself) {
  EnforcementTracker dry{
      clock, logs.logs,
      EnforcementTracker::Ports{[this](const store::EnforcementLogEntry& e) { records.push_back(e); },
                                [this](ActionRef r, const Action& a, Timestamp) { submitted.emplace_back(r, a); },
                                [this](AccountId id, const std::string& m) { feed.broadcast(id, m); }},
      true};
  dry.on_plan(plan({close("CON.F.US.MNQ.H26")}));
  EXPECT_EQ(records[0].kind, "enforcement (dry run)");
  ExecResult r = sent({42, 0}, submitted[0].second, clock.now());
  r.dry_run = true;
  EXPECT_EQ(dry.on_result(r).result, ActionOutcome::Result::DryRun);
  dry.on_settled(ActionSettled{
      1001, {42, 0}, submitted[0].second, ActionSettled::Outcome::DryRun, "dry run: not sent", std::nullopt});
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].success, true);
  const auto msgs = feed.take();
  EXPECT_EQ(msgs.back().message["data"]["status"], "dry_run");
}

}  // namespace
}  // namespace risk::daemon
