#pragma once
// The clock port. The core never reads a clock; adapters get one injected
// (the system clock in production, a manual clock in tests).
#include "core/timestamp.hpp"

namespace risk {

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual Timestamp now() const = 0;
};

// A clock tests move by hand.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp t) : t_(t) {}
  [[nodiscard]] Timestamp now() const override { return t_; }
  void set(Timestamp t) { t_ = t; }
  void advance(Duration d) { t_ += d; }

 private:
  Timestamp t_;
};

}  // namespace risk
