#pragma once
// The clock port. The core never reads a clock; adapters get one injected
// (the system clock in production, a manual clock in tests).
#include <atomic>
#include <cstdint>

#include "core/timestamp.hpp"

namespace risk {

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual Timestamp now() const = 0;
};

// A clock tests move by hand. Safe to read from several threads while a test
// moves it (the daemon's parts each have one).
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp t) : ns_(t.ns()) {}
  [[nodiscard]] Timestamp now() const override { return Timestamp::from_ns(ns_.load()); }
  void set(Timestamp t) { ns_.store(t.ns()); }
  void advance(Duration d) { ns_.fetch_add(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count()); }

 private:
  std::atomic<std::int64_t> ns_;
};

}  // namespace risk
