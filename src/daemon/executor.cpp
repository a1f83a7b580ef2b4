#include "daemon/executor.hpp"

#include "gateway/error_codes.hpp"

namespace risk::daemon {

using gateway::CallOutcome;
using Status = gateway::CallOutcome::Status;

namespace {

// A rejection that means the thing is already done.
bool already_done(const Action& a, const CallOutcome& o) {
  if (o.status != Status::Rejected) return false;
  switch (a.kind) {
    case ActionKind::ClosePosition:
      return o.error_code == static_cast<int>(gateway::ClosePositionError::PositionNotFound);
    case ActionKind::ReducePosition:
      return o.error_code == static_cast<int>(gateway::PartialClosePositionError::PositionNotFound);
    case ActionKind::CancelOrder:
      // Rejected is the answer for an order that is no longer working (it filled
      // or was cancelled in the meantime). Taking it for done is safe: the
      // engine still waits for the order's state to show it, and reads again
      // if it does not.
      return o.error_code == static_cast<int>(gateway::CancelOrderError::OrderNotFound) ||
             o.error_code == static_cast<int>(gateway::CancelOrderError::Rejected);
    default:
      return false;
  }
}

}  // namespace

std::string short_reason(const CallOutcome& o) {
  switch (o.status) {
    case Status::Ok:
      return "ok";
    case Status::Rejected:
      return "rejected";
    case Status::RateLimited:
      return o.http_status == 429 ? "429" : "rate limit";
    case Status::Unauthorized:
      return "401";
    case Status::Timeout:
      return o.http_status >= 500 ? "HTTP " + std::to_string(o.http_status) : "timeout";
    case Status::NotSent:
      return "not sent";
    case Status::Failed:
      return o.http_status != 0 ? "HTTP " + std::to_string(o.http_status) : "failed";
  }
  return "failed";
}

Executor::Executor(TradingPort& port, const Clock& clock, Options options, std::function<void(ExecResult)> on_result)
    : port_(port), clock_(clock), options_(std::move(options)), on_result_(std::move(on_result)) {
  for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { work(); });
}

Executor::~Executor() { stop(std::chrono::milliseconds(0)); }

Executor::Key Executor::key_of(const Action& a) {
  // One close/reduce per contract, one cancel/modify per order, one stop placement per contract.
  const int kind =
      (a.kind == ActionKind::ReducePosition) ? static_cast<int>(ActionKind::ClosePosition) : static_cast<int>(a.kind);
  return {a.account_id, kind, a.contract_id.str(), a.order_id};
}

void Executor::submit(ActionRef ref, const Action& action, Timestamp trigger_at) {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) return;
    Job job{ref, action, trigger_at};
    if (!in_flight_.insert(key_of(action)).second) {
      deferred_[key_of(action)] = std::move(job);  // after the one in flight
      return;
    }
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
}

void Executor::stop(std::chrono::milliseconds drain) {
  {
    std::unique_lock lock(mutex_);
    stopping_ = true;
    cv_.wait_for(lock, drain, [&] { return in_flight_.empty(); });
    abort_ = true;
  }
  cv_.notify_all();
  for (auto& t : workers_) {
    if (t.joinable()) t.join();
  }
  workers_.clear();
}

void Executor::work() {
  try {
    serve();
  } catch (const std::exception& e) {
    if (options_.on_fatal) options_.on_fatal(std::string("an enforcement worker stopped: ") + e.what());
  }
}

void Executor::serve() {
  while (true) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return abort_ || !queue_.empty(); });
      if (abort_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    ExecResult result;
    try {
      result = carry_out(job);
    } catch (const std::exception& e) {  // this request failed in our own code: reported, the worker goes on
      result.ref = job.ref;
      result.action = job.action;
      result.trigger_at = job.trigger_at;
      result.sent_at = result.finished_at = clock_.now();
      result.note = std::string("internal error: ") + e.what();
      result.reason = "internal error";
    }
    {
      const std::lock_guard lock(mutex_);
      const Key key = key_of(job.action);
      if (auto d = deferred_.find(key); d != deferred_.end() && !abort_) {
        queue_.push_back(std::move(d->second));  // stays in flight
        deferred_.erase(d);
      } else {
        in_flight_.erase(key);
      }
    }
    cv_.notify_all();
    if (on_result_) on_result_(std::move(result));
  }
}

CallOutcome Executor::call(const Action& a) {
  switch (a.kind) {
    case ActionKind::ClosePosition:
      return port_.close_position(a.account_id, a.contract_id);
    case ActionKind::ReducePosition:
      return port_.partial_close(a.account_id, a.contract_id, a.size);
    case ActionKind::CancelOrder:
      return port_.cancel_order(a.account_id, a.order_id);
    case ActionKind::ModifyStop:
      return port_.modify_stop(a.account_id, a.order_id, a.stop_price);
    case ActionKind::PlaceStop:
      return port_.place_stop(a.account_id, a.contract_id, a.side, a.size, a.stop_price);
  }
  return CallOutcome{};
}

ExecResult Executor::carry_out(const Job& job) {
  ExecResult r;
  r.ref = job.ref;
  r.action = job.action;
  r.trigger_at = job.trigger_at;
  r.sent_at = clock_.now();
  if (options_.dry_run) {
    r.dry_run = true;
    r.done = true;
    r.finished_at = r.sent_at;
    r.note = "dry run: not sent";
    return r;
  }
  r.last = call(job.action);
  r.finished_at = clock_.now();
  if (r.last.ok()) {
    r.done = true;
  } else if (already_done(job.action, r.last)) {
    r.done = true;
    r.note = "already done at the gateway (" + r.last.message + ")";
  } else {
    r.reason = short_reason(r.last);
    if (const auto p = r.last.message.find("rejected: "); r.last.status == Status::Rejected && p != std::string::npos) {
      r.reason += ": " + r.last.message.substr(p + 10);  // "rejected: 5 OrderRejected"
    }
    r.note = std::string(gateway::to_string(r.last.status)) + (r.last.message.empty() ? "" : " - " + r.last.message);
  }
  return r;
}

}  // namespace risk::daemon
