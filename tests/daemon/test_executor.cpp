// The enforcement executor against a fake trading port (a port fake, as the
// design allows): what it sends, what counts as done, retries, timeouts.
#include <algorithm>
#include <atomic>
#include <deque>
#include <future>
#include <mutex>

#include <gtest/gtest.h>

#include "daemon/executor.hpp"

using namespace risk;
using namespace risk::daemon;
using gateway::CallOutcome;
using Status = CallOutcome::Status;

namespace {

class FakePort final : public TradingPort {
 public:
  std::mutex m;
  std::deque<CallOutcome> scripted;  // next outcomes; Ok when empty
  std::vector<std::string> calls;
  std::vector<Position> positions;  // what a verification search sees
  std::atomic<int> searches{0};
  std::chrono::milliseconds call_delay{0};

  CallOutcome next(std::string what) {
    if (call_delay.count() > 0) std::this_thread::sleep_for(call_delay);
    const std::lock_guard lock(m);
    calls.push_back(std::move(what));
    if (scripted.empty()) {
      CallOutcome ok;
      ok.status = Status::Ok;
      return ok;
    }
    CallOutcome o = scripted.front();
    scripted.pop_front();
    return o;
  }
  CallOutcome close_position(AccountId a, const ContractId& c) override {
    return next("close " + std::to_string(a) + " " + c.str());
  }
  CallOutcome partial_close(AccountId, const ContractId& c, std::int32_t n) override {
    return next("reduce " + c.str() + " " + std::to_string(n));
  }
  CallOutcome cancel_order(AccountId, OrderId o) override { return next("cancel " + std::to_string(o)); }
  CallOutcome modify_stop(AccountId, OrderId o, Decimal p) override {
    return next("modify " + std::to_string(o) + " " + p.to_string());
  }
  CallOutcome place_stop(AccountId, const ContractId& c, OrderSide, std::int32_t n, Decimal p) override {
    return next("place " + c.str() + " " + std::to_string(n) + " " + p.to_string());
  }
  Result<std::vector<Position>> open_positions(AccountId) override {
    ++searches;
    const std::lock_guard lock(m);
    return positions;
  }
  Result<std::vector<Order>> working_orders(AccountId) override {
    ++searches;
    return std::vector<Order>{};
  }
  std::vector<std::string> sent() {
    const std::lock_guard lock(m);
    return calls;
  }
};

CallOutcome outcome(Status s, int code = 0) {
  CallOutcome o;
  o.status = s;
  o.error_code = code;
  o.message = "scripted";
  return o;
}

Action close_action(const char* contract = "CON.F.US.MNQ.H26") {
  Action a;
  a.kind = ActionKind::ClosePosition;
  a.account_id = 7;
  a.contract_id = ContractId::of(contract);
  a.rule = RuleId::DailyRealizedLoss;
  return a;
}

struct Results {
  std::mutex m;
  std::condition_variable cv;
  std::vector<ExecResult> items;
  void add(ExecResult r) {
    {
      const std::lock_guard lock(m);
      items.push_back(std::move(r));
    }
    cv.notify_all();
  }
  bool wait(std::size_t n) {
    std::unique_lock lock(m);
    return cv.wait_for(lock, std::chrono::seconds(10), [&] { return items.size() >= n; });
  }
};

Executor::Options fast() {
  Executor::Options o;
  o.retry_delay = std::chrono::milliseconds(5);
  return o;
}

ManualClock kClock(*Timestamp::parse("2026-03-03T15:00:00Z"));

}  // namespace

TEST(Executor, SendsTheActionAndReportsItDone) {
  FakePort port;
  Results res;
  Executor ex(port, kClock, fast(), [&](ExecResult r) { res.add(std::move(r)); });
  ex.submit(ActionRef{1, 0}, close_action(), kClock.now());
  ASSERT_TRUE(res.wait(1));
  EXPECT_TRUE(res.items[0].done);
  EXPECT_EQ(res.items[0].attempts, 1);
  EXPECT_EQ(port.sent(), std::vector<std::string>{"close 7 CON.F.US.MNQ.H26"});
}

TEST(Executor, PositionNotFoundMeansAlreadyFlat) {
  FakePort port;
  port.scripted.push_back(outcome(Status::Rejected, 2));
  Results res;
  Executor ex(port, kClock, fast(), [&](ExecResult r) { res.add(std::move(r)); });
  ex.submit(ActionRef{1, 0}, close_action(), kClock.now());
  ASSERT_TRUE(res.wait(1));
  EXPECT_TRUE(res.items[0].done);
  EXPECT_EQ(port.sent().size(), 1u) << "no retry once the gateway says there is nothing to close";
}

TEST(Executor, RetriesWithBackoffThenGivesUp) {
  FakePort port;
  for (int i = 0; i < 5; ++i) port.scripted.push_back(outcome(Status::Rejected, 5));  // OrderRejected
  Position still_open;
  still_open.account_id = 7;
  still_open.contract_id = ContractId::of("CON.F.US.MNQ.H26");
  still_open.size = 1;
  port.positions.push_back(still_open);  // a search shows it still open each time
  Results res;
  Executor ex(port, kClock, fast(), [&](ExecResult r) { res.add(std::move(r)); });
  ex.submit(ActionRef{1, 0}, close_action(), kClock.now());
  ASSERT_TRUE(res.wait(1));
  EXPECT_FALSE(res.items[0].done);
  EXPECT_EQ(res.items[0].attempts, 3);
  EXPECT_EQ(port.sent().size(), 3u);
  EXPECT_NE(res.items[0].note.find("gave up"), std::string::npos);
}

TEST(Executor, RetriesAFailureUntilItSucceeds) {
  FakePort port;
  port.scripted.push_back(outcome(Status::Failed));
  port.scripted.push_back(outcome(Status::Unauthorized));
  Results res;
  Executor ex(port, kClock, fast(), [&](ExecResult r) { res.add(std::move(r)); });
  ex.submit(ActionRef{1, 0}, close_action(), kClock.now());
  ASSERT_TRUE(res.wait(1));
  EXPECT_TRUE(res.items[0].done);
  EXPECT_EQ(res.items[0].attempts, 3);
}

TEST(Executor, ATimeoutIsVerifiedNotResentBlindly) {
  FakePort port;
  port.scripted.push_back(outcome(Status::Timeout));
  // The search shows the position gone: the close did execute.
  Results res;
  Executor ex(port, kClock, fast(), [&](ExecResult r) { res.add(std::move(r)); });
  ex.submit(ActionRef{1, 0}, close_action(), kClock.now());
  ASSERT_TRUE(res.wait(1));
  EXPECT_TRUE(res.items[0].done);
  EXPECT_EQ(port.sent().size(), 1u) << "a close that may have executed was sent again without looking";
  EXPECT_GE(port.searches.load(), 1);
  EXPECT_NE(res.items[0].note.find("verified"), std::string::npos);
}

TEST(Executor, ATimeoutWithThePositionStillOpenIsSentAgain) {
  FakePort port;
  port.scripted.push_back(outcome(Status::Timeout));
  Position p;
  p.account_id = 7;
  p.contract_id = ContractId::of("CON.F.US.MNQ.H26");
  p.size = 2;
  port.positions.push_back(p);
  Results res;
  Executor ex(port, kClock, fast(), [&](ExecResult r) { res.add(std::move(r)); });
  ex.submit(ActionRef{1, 0}, close_action(), kClock.now());
  ASSERT_TRUE(res.wait(1));
  EXPECT_TRUE(res.items[0].done);
  EXPECT_EQ(port.sent().size(), 2u);
}

TEST(Executor, TheSameTargetInFlightIsNotSentConcurrentlyButAfterwards) {
  FakePort port;
  port.call_delay = std::chrono::milliseconds(100);
  Results res;
  Executor ex(port, kClock, fast(), [&](ExecResult r) { res.add(std::move(r)); });
  ex.submit(ActionRef{1, 0}, close_action(), kClock.now());
  ex.submit(ActionRef{2, 0}, close_action(), kClock.now());  // same target while in flight: waits for it
  ex.submit(ActionRef{3, 0}, close_action(), kClock.now());  // replaces the waiting one
  ex.submit(ActionRef{4, 0}, close_action("CON.F.US.MES.H26"), kClock.now());
  ASSERT_TRUE(res.wait(3));
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  EXPECT_EQ(port.sent().size(), 3u) << "MNQ once, MNQ once more after it, MES once";
  std::vector<std::int64_t> plans;
  for (const auto& r : res.items) plans.push_back(r.ref.plan_id);
  EXPECT_EQ(std::count(plans.begin(), plans.end(), 2), 0) << "the replaced request also ran";
  EXPECT_EQ(std::count(plans.begin(), plans.end(), 3), 1);
}

TEST(Executor, DryRunSendsNothing) {
  FakePort port;
  Results res;
  auto opt = fast();
  opt.dry_run = true;
  Executor ex(port, kClock, opt, [&](ExecResult r) { res.add(std::move(r)); });
  ex.submit(ActionRef{1, 0}, close_action(), kClock.now());
  ASSERT_TRUE(res.wait(1));
  EXPECT_TRUE(res.items[0].dry_run);
  EXPECT_TRUE(port.sent().empty());
}

TEST(Executor, RateLimitedWaitsForTheWindow) {
  FakePort port;
  auto limited = outcome(Status::RateLimited);
  limited.retry_after = std::chrono::milliseconds(60);
  port.scripted.push_back(limited);
  Results res;
  Executor ex(port, kClock, fast(), [&](ExecResult r) { res.add(std::move(r)); });
  const auto start = std::chrono::steady_clock::now();
  ex.submit(ActionRef{1, 0}, close_action(), kClock.now());
  ASSERT_TRUE(res.wait(1));
  EXPECT_TRUE(res.items[0].done);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(60));
}

TEST(Executor, ARejectedCloseOfAPositionAlreadyGoneIsDone) {
  FakePort port;
  port.scripted.push_back(outcome(Status::Rejected, 5));
  Results res;
  Executor ex(port, kClock, fast(), [&](ExecResult r) { res.add(std::move(r)); });
  ex.submit(ActionRef{1, 0}, close_action(), kClock.now());
  ASSERT_TRUE(res.wait(1));
  EXPECT_TRUE(res.items[0].done);
  EXPECT_EQ(port.sent().size(), 1u);
  EXPECT_NE(res.items[0].note.find("already gone"), std::string::npos);
}

TEST(Executor, ATargetBeingRetriedNeverHoldsUpOthers) {
  FakePort port;
  Position still_open;
  still_open.account_id = 7;
  still_open.contract_id = ContractId::of("CON.F.US.MNQ.H26");
  still_open.size = 1;
  port.positions.push_back(still_open);
  for (int i = 0; i < 4; ++i) port.scripted.push_back(outcome(Status::Rejected, 5));
  Results res;
  auto opt = fast();
  opt.workers = 1;
  opt.retry_delay = std::chrono::milliseconds(2000);
  Executor ex(port, kClock, opt, [&](ExecResult r) { res.add(std::move(r)); });
  ex.submit(ActionRef{1, 0}, close_action(), kClock.now());  // rejected, retried in 2 s, 4 s
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  {
    const std::lock_guard lock(port.m);
    port.scripted.clear();
  }
  ex.submit(ActionRef{2, 0}, close_action("CON.F.US.MES.H26"), kClock.now());
  ASSERT_TRUE(res.wait(1));
  EXPECT_EQ(res.items[0].ref.plan_id, 2) << "the second close waited behind the first one's retries";
  EXPECT_TRUE(res.items[0].done);
}
