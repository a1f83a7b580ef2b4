#pragma once
// MOD-001, the enforcement executor: the only component that calls the
// gateway to change anything. It carries out the engine's actions on worker
// threads so event processing never waits on the network.
//  - each action is sent at most once (gateway-api.md §6.1: never resend a
//    money-moving call blindly). The REST client may send it again at once
//    only when the first try provably never left (it could not connect);
//  - a rejection that means "already done" (position not found, order not
//    found) counts as done;
//  - anything else is reported as failed, with a short reason and how long the
//    gateway asked to wait: the engine then reads the account's state and
//    decides again (a timeout or a 5xx may have executed; a 429 says wait);
//  - an action for a target already in flight (the position reopened while
//    its close was on the wire) waits for the one in flight.
// Confirmation (the position flat, the order gone) is the engine's: it
// watches its state, which follows the gateway's events.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "core/clock.hpp"
#include "core/effects.hpp"
#include "gateway/rest_client.hpp"

namespace risk::daemon {

// The gateway's money-moving calls as the executor needs them (implemented over
// RestClient per credential; faked in unit tests).
class TradingPort {
 public:
  virtual ~TradingPort() = default;
  virtual gateway::CallOutcome close_position(AccountId, const ContractId&) = 0;
  virtual gateway::CallOutcome partial_close(AccountId, const ContractId&, std::int32_t size) = 0;
  virtual gateway::CallOutcome cancel_order(AccountId, OrderId) = 0;
  virtual gateway::CallOutcome modify_stop(AccountId, OrderId, Decimal stop) = 0;
  virtual gateway::CallOutcome place_stop(AccountId, const ContractId&, OrderSide, std::int32_t size, Decimal stop) = 0;
};

struct ExecResult {
  ActionRef ref;
  Action action;
  Timestamp trigger_at;
  Timestamp sent_at;
  Timestamp finished_at;
  bool done = false;  // the gateway accepted it, or it was already done
  bool dry_run = false;
  gateway::CallOutcome last;
  std::string note;    // "already flat", the failure in words
  std::string reason;  // failed: short, for the trader ("429", "timeout", "HTTP 503", "rejected: OrderRejected")
};

class Executor {
 public:
  struct Options {
    int workers = 2;
    bool dry_run = false;
    // A worker thread stopped on an unexpected exception (it cannot go on).
    std::function<void(const std::string&)> on_fatal;
  };

  Executor(TradingPort& port, const Clock& clock, Options options, std::function<void(ExecResult)> on_result);
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  void submit(ActionRef ref, const Action& action, Timestamp trigger_at);
  // Stops taking work, waits up to `drain` for what is in flight, then stops.
  void stop(std::chrono::milliseconds drain);

 private:
  struct Job {
    ActionRef ref;
    Action action;
    Timestamp trigger_at;
  };
  using Key = std::tuple<AccountId, int, std::string, OrderId>;
  static Key key_of(const Action& a);
  void work();  // a worker's thread: serve() behind a log-and-exit boundary
  void serve();
  ExecResult carry_out(const Job& job);
  gateway::CallOutcome call(const Action& a);

  TradingPort& port_;
  const Clock& clock_;
  Options options_;
  std::function<void(ExecResult)> on_result_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  std::set<Key> in_flight_;
  // A request for a target that is in flight (the position reopened while its
  // close was on the wire): run once the one in flight has finished.
  std::map<Key, Job> deferred_;
  bool stopping_ = false;
  bool abort_ = false;
  std::vector<std::thread> workers_;
};

// A failed call in a few words for the trader and the logs: "429", "timeout",
// "HTTP 503", "not sent", "401", "rejected: OrderRejected".
std::string short_reason(const gateway::CallOutcome& o);

}  // namespace risk::daemon
