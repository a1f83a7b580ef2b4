#pragma once
#include <chrono>

#include "core/clock.hpp"

namespace risk {

// The real clock: UTC wall time from the operating system.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] Timestamp now() const override {
    return Timestamp::from_ns(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
  }
};

}  // namespace risk
