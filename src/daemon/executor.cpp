#include "daemon/executor.hpp"

#include "gateway/error_codes.hpp"

namespace risk::daemon {

using gateway::CallOutcome;
using Status = gateway::CallOutcome::Status;

Executor::Executor(TradingPort& port, const Clock& clock, Options options, std::function<void(ExecResult)> on_result)
    : port_(port), clock_(clock), options_(options), on_result_(std::move(on_result)) {
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
    Job job;
    job.ref = ref;
    job.action = action;
    job.trigger_at = trigger_at;
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
      while (true) {
        if (abort_) return;
        // The job that may run soonest.
        auto best = queue_.end();
        for (auto it = queue_.begin(); it != queue_.end(); ++it) {
          if (best == queue_.end() || it->not_before < best->not_before) best = it;
        }
        if (best == queue_.end()) {
          cv_.wait(lock);
          continue;
        }
        if (best->not_before > std::chrono::steady_clock::now()) {
          cv_.wait_until(lock, best->not_before);
          continue;
        }
        job = std::move(*best);
        queue_.erase(best);
        break;
      }
    }
    bool finished = false;
    try {
      finished = attempt(job);
    } catch (const std::exception& e) {  // this request failed in our own code: reported, the worker goes on
      job.result.done = false;
      job.result.note = std::string("internal error: ") + e.what();
      job.result.finished_at = clock_.now();
      finished = true;
    }
    if (!finished) {
      {
        const std::lock_guard lock(mutex_);
        if (!abort_) queue_.push_back(std::move(job));
      }
      cv_.notify_all();
      continue;
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
    if (on_result_) on_result_(std::move(job.result));
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

// After a timeout: did the request take effect? (Only closes and cancels can be checked.)
bool Executor::verify_done(const Action& a) {
  if (a.kind == ActionKind::ClosePosition) {
    auto open = port_.open_positions(a.account_id);
    if (!open) return false;
    for (const auto& p : open.value()) {
      if (p.contract_id == a.contract_id && p.size > 0) return false;
    }
    return true;
  }
  if (a.kind == ActionKind::CancelOrder) {
    auto working = port_.working_orders(a.account_id);
    if (!working) return false;
    for (const auto& o : working.value()) {
      if (o.id == a.order_id) return false;
    }
    return true;
  }
  return false;
}

namespace {
const char* status_name(Status s) {
  switch (s) {
    case Status::Ok:
      return "ok";
    case Status::Rejected:
      return "rejected";
    case Status::RateLimited:
      return "rate limited";
    case Status::Unauthorized:
      return "unauthorized";
    case Status::Timeout:
      return "timeout";
    case Status::Failed:
      return "failed";
  }
  return "unknown";
}

// A rejection that means the thing is already done.
bool already_done(const Action& a, const CallOutcome& o) {
  if (o.status != Status::Rejected) return false;
  switch (a.kind) {
    case ActionKind::ClosePosition:
      return o.error_code == static_cast<int>(gateway::ClosePositionError::PositionNotFound);
    case ActionKind::ReducePosition:
      return o.error_code == static_cast<int>(gateway::PartialClosePositionError::PositionNotFound);
    case ActionKind::CancelOrder:
      return o.error_code == static_cast<int>(gateway::CancelOrderError::OrderNotFound);
    default:
      return false;
  }
}
}  // namespace

bool Executor::attempt(Job& job) {
  ExecResult& r = job.result;
  if (job.attempt == 0) {
    r.ref = job.ref;
    r.action = job.action;
    r.trigger_at = job.trigger_at;
    r.sent_at = clock_.now();
  }
  ++job.attempt;
  r.attempts = job.attempt;
  if (options_.dry_run) {
    r.dry_run = true;
    r.done = true;
    r.finished_at = r.sent_at;
    r.note = "dry run: not sent";
    return true;
  }
  r.last = call(job.action);
  if (r.last.ok()) {
    r.done = true;
  } else if (already_done(job.action, r.last)) {
    r.done = true;
    r.note = "already done at the gateway (" + r.last.message + ")";
  } else if ((r.last.may_have_executed() || r.last.status == Status::Rejected) && verify_done(job.action)) {
    // A timeout may have executed, and a rejected close or cancel may be moot
    // (the order filled or the position closed meanwhile): look, never resend blindly.
    r.done = true;
    r.note =
        r.last.may_have_executed() ? "verified done after a timeout" : "target already gone (" + r.last.message + ")";
  }
  if (r.done || job.attempt >= options_.max_attempts) {
    if (!r.done) {
      r.note = std::string("gave up after ") + std::to_string(r.attempts) +
               " attempts: " + std::string(status_name(r.last.status)) +
               (r.last.message.empty() ? "" : " - " + r.last.message);
    }
    r.finished_at = clock_.now();
    return true;
  }
  auto wait = options_.retry_delay * (1 << (job.attempt - 1));
  if (r.last.status == Status::RateLimited && r.last.retry_after > wait) wait = r.last.retry_after;
  job.not_before = std::chrono::steady_clock::now() + wait;
  return false;
}

}  // namespace risk::daemon
