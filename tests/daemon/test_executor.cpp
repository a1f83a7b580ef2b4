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

Executor::Options fast() { return Executor::Options{}; }

ManualClock kClock(*Timestamp::parse("2026-03-03T15:00:00Z"));

}  // namespace

TEST(Executor, SendsTheActionAndReportsItDone) {
  FakePort port;
  Results res;
  Executor ex(port, kClock, fast(), [&](ExecResult r) { res.add(std::move(r)); });
  ex.submit(ActionRef{1, 0}, close_action(), kClock.now());
  ASSERT_TRUE(res.wait(1));
  EXPECT_TRUE(res.items[0].done);
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
  EXPECT_NE(res.items[0].note.find("already done"), std::string::npos);
}

// gateway-api.md §6.1: a money-moving call is never resent by the executor. A
// failure of any kind is reported with its reason; the engine reads the
// account's state and decides again.
TEST(Executor, AnyFailureIsReportedOnceWithItsReasonNeverResent) {
  struct Case {
    CallOutcome outcome;
    const char* reason;
  };
  auto with_http = [](CallOutcome o, int status) {
    o.http_status = status;
    return o;
  };
  CallOutcome rate_limited = with_http(outcome(Status::RateLimited), 429);
  rate_limited.retry_after = std::chrono::milliseconds(3000);
  CallOutcome rejected = outcome(Status::Rejected, 5);
  rejected.message = "/api/Position/closeContract rejected: 5 OrderRejected";
  const Case cases[] = {
      {rate_limited, "429"},
      {outcome(Status::Timeout), "timeout"},
      {with_http(outcome(Status::Timeout), 503), "HTTP 503"},
      {outcome(Status::NotSent), "not sent"},
      {outcome(Status::Unauthorized), "401"},
      {rejected, "rejected: 5 OrderRejected"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.reason);
    FakePort port;
    port.scripted.push_back(c.outcome);
    port.scripted.push_back(outcome(Status::Ok));  // what a resend would get
    Results res;
    Executor ex(port, kClock, fast(), [&](ExecResult r) { res.add(std::move(r)); });
    ex.submit(ActionRef{1, 0}, close_action(), kClock.now());
    ASSERT_TRUE(res.wait(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_FALSE(res.items[0].done);
    EXPECT_EQ(res.items[0].reason, c.reason);
    EXPECT_EQ(port.sent().size(), 1u) << "the executor sent it again";
    EXPECT_EQ(res.items[0].last.retry_after, c.outcome.retry_after);
  }
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

TEST(Executor, ASlowTargetNeverHoldsUpOthers) {
  // The MNQ close hangs on the network until released; the MES close is done meanwhile.
  struct GatedPort final : public TradingPort {
    std::promise<void> release;
    std::shared_future<void> gate = release.get_future().share();
    CallOutcome close_position(AccountId, const ContractId& c) override {
      if (c.str() == "CON.F.US.MNQ.H26") gate.wait();
      CallOutcome ok;
      ok.status = Status::Ok;
      return ok;
    }
    CallOutcome partial_close(AccountId, const ContractId&, std::int32_t) override { return {}; }
    CallOutcome cancel_order(AccountId, OrderId) override { return {}; }
    CallOutcome modify_stop(AccountId, OrderId, Decimal) override { return {}; }
    CallOutcome place_stop(AccountId, const ContractId&, OrderSide, std::int32_t, Decimal) override { return {}; }
  } port;
  Results res;
  Executor ex(port, kClock, fast(), [&](ExecResult r) { res.add(std::move(r)); });  // two workers
  ex.submit(ActionRef{1, 0}, close_action(), kClock.now());
  ex.submit(ActionRef{2, 0}, close_action("CON.F.US.MES.H26"), kClock.now());
  ASSERT_TRUE(res.wait(1));
  EXPECT_EQ(res.items[0].ref.plan_id, 2) << "the MES close waited for the hanging MNQ one";
  port.release.set_value();
  ASSERT_TRUE(res.wait(2));
}
