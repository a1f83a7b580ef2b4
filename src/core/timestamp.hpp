#pragma once
// A point in time: nanoseconds since 1970-01-01T00:00:00Z. The gateway prints
// ISO-8601 with 0 to 7 fractional digits and `Z` or an offset; parse accepts
// 0 to 9 digits and normalises to UTC. The core never reads a clock: every
// Timestamp it sees was given to it.
#include <chrono>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace risk {

using Duration = std::chrono::nanoseconds;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

class Timestamp {
 public:
  constexpr Timestamp() noexcept = default;
  static constexpr Timestamp from_ns(std::int64_t ns) noexcept { return Timestamp(ns); }
  static constexpr Timestamp from_seconds(std::int64_t s) noexcept { return Timestamp(s * 1'000'000'000); }
  static constexpr Timestamp min() noexcept { return Timestamp(INT64_MIN); }
  static constexpr Timestamp max() noexcept { return Timestamp(INT64_MAX); }

  // `2026-05-06T13:36:03.4962794+00:00`, `2025-07-18T21:00:01Z`, `...-05:00`.
  // A missing zone designator is read as UTC (a .NET DateTime of unspecified kind).
  static Result<Timestamp> parse(std::string_view text);

  [[nodiscard]] constexpr std::int64_t ns() const noexcept { return ns_; }
  [[nodiscard]] constexpr std::int64_t seconds_floor() const noexcept {
    return ns_ >= 0 ? ns_ / 1'000'000'000 : -((-ns_ + 999'999'999) / 1'000'000'000);
  }

  // `2026-05-06T13:36:03.4962794Z` (fraction trimmed, none when whole seconds).
  [[nodiscard]] std::string to_iso() const;

  constexpr Timestamp& operator+=(Duration d) noexcept {
    ns_ += d.count();
    return *this;
  }
  friend constexpr Timestamp operator+(Timestamp t, Duration d) noexcept { return Timestamp(t.ns_ + d.count()); }
  friend constexpr Timestamp operator-(Timestamp t, Duration d) noexcept { return Timestamp(t.ns_ - d.count()); }
  friend constexpr Duration operator-(Timestamp a, Timestamp b) noexcept { return Duration(a.ns_ - b.ns_); }
  friend constexpr bool operator==(Timestamp, Timestamp) noexcept = default;
  friend constexpr std::strong_ordering operator<=>(Timestamp, Timestamp) noexcept = default;

 private:
  constexpr explicit Timestamp(std::int64_t ns) noexcept : ns_(ns) {}
  std::int64_t ns_ = 0;
};

}  // namespace risk
