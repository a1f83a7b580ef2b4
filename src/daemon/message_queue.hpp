#pragma once
// The engine thread's inbox: many producers (hub threads, the executor, the
// event server, signal handling), one consumer. A mutex and a condition
// variable; producers never wait on the consumer.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace risk::daemon {

template <typename T>
class MessageQueue {
 public:
  void push(T item) {
    {
      const std::lock_guard lock(mutex_);
      items_.push_back(std::move(item));
    }
    cv_.notify_one();
  }

  // Moves everything queued into `out`; waits until something arrives or `until`.
  template <typename Clock, typename Duration>
  void drain_until(std::deque<T>& out, std::chrono::time_point<Clock, Duration> until) {
    std::unique_lock lock(mutex_);
    cv_.wait_until(lock, until, [&] { return !items_.empty(); });
    while (!items_.empty()) {
      out.push_back(std::move(items_.front()));
      items_.pop_front();
    }
  }

  [[nodiscard]] std::size_t size() const {
    const std::lock_guard lock(mutex_);
    return items_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<T> items_;
};

}  // namespace risk::daemon
