#pragma once
// MOD-001, the enforcement executor: the only component that calls the
// gateway to change anything. It carries out the engine's actions on worker
// threads so event processing never waits on the network.
//  - idempotent: an action already in flight for the same target is not sent twice;
//  - a rejection that means "already done" (position not found, order not
//    found) counts as done; a pending or failed call is retried with backoff;
//  - a timeout may have executed: it is verified through a REST search before
//    anything is sent again;
//  - a 429 waits for the window; a 401 logs in again (the REST client does it);
//  - after the attempts run out it reports failure (CRITICAL); the engine asks
//    again while the breach persists.
// Confirmation (the position flat, the order gone) is the daemon's job: it
// watches the engine's state, which follows the gateway's events.
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

// The gateway as the executor needs it (implemented over RestClient per
// credential; faked in unit tests).
class TradingPort {
 public:
  virtual ~TradingPort() = default;
  virtual gateway::CallOutcome close_position(AccountId, const ContractId&) = 0;
  virtual gateway::CallOutcome partial_close(AccountId, const ContractId&, std::int32_t size) = 0;
  virtual gateway::CallOutcome cancel_order(AccountId, OrderId) = 0;
  virtual gateway::CallOutcome modify_stop(AccountId, OrderId, Decimal stop) = 0;
  virtual gateway::CallOutcome place_stop(AccountId, const ContractId&, OrderSide, std::int32_t size, Decimal stop) = 0;
  virtual Result<std::vector<Position>> open_positions(AccountId) = 0;
  virtual Result<std::vector<Order>> working_orders(AccountId) = 0;
};

struct ExecResult {
  ActionRef ref;
  Action action;
  Timestamp trigger_at;
  Timestamp sent_at;  // the first request
  Timestamp finished_at;
  bool done = false;  // the gateway accepted it, or it was already done
  bool dry_run = false;
  int attempts = 0;
  gateway::CallOutcome last;
  std::string note;  // "already flat", "verified after a timeout", the failure
};

class Executor {
 public:
  struct Options {
    int workers = 2;
    int max_attempts = 3;
    std::chrono::milliseconds retry_delay{2000};  // the seed's 3 tries, 2 s apart (doubling)
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
  // One action on its way. A retry goes back in the queue with a time before
  // which it must not run, so a target that keeps failing never holds a worker while
  // other positions wait to be closed.
  struct Job {
    ActionRef ref;
    Action action;
    Timestamp trigger_at;
    int attempt = 0;
    std::chrono::steady_clock::time_point not_before{};
    ExecResult result;
  };
  using Key = std::tuple<AccountId, int, std::string, OrderId>;
  static Key key_of(const Action& a);
  void work();  // a worker's thread: serve() behind a log-and-exit boundary
  void serve();
  // One attempt; true when the job is finished (done or out of attempts).
  bool attempt(Job& job);
  gateway::CallOutcome call(const Action& a);
  bool verify_done(const Action& a);

  TradingPort& port_;
  const Clock& clock_;
  Options options_;
  std::function<void(ExecResult)> on_result_;
  mutable std::mutex mutex_;
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

}  // namespace risk::daemon
