#pragma once
// Arithmetic on values that came from outside (the gateway, the feed, a
// token, a header): checked, so a hostile or corrupt value is refused at the
// boundary instead of overflowing into a wrong time or amount (issue 22).
#include <cstdint>
#include <optional>

#include "core/decimal.hpp"
#include "core/timestamp.hpp"

namespace risk::checked {

// Nanoseconds since 1970 in 64 bits hold 1677-09-21 .. 2262-04-11: whole
// seconds within +-kMaxSeconds (a second of margin for a fraction).
inline constexpr std::int64_t kMaxSeconds = 9'223'372'035;
// Calendar years in which every instant (with any UTC offset) fits.
inline constexpr int kMinYear = 1678;
inline constexpr int kMaxYear = 2261;

// None when `s` is outside +-kMaxSeconds.
constexpr std::optional<Timestamp> from_seconds(std::int64_t s) noexcept {
  if (s < -kMaxSeconds || s > kMaxSeconds) return std::nullopt;
  return Timestamp::from_seconds(s);
}

// None when the result does not fit.
constexpr std::optional<Decimal> add(Decimal a, Decimal b) noexcept {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a.raw(), b.raw(), &r)) return std::nullopt;
  return Decimal::from_raw(r);
}
constexpr std::optional<Decimal> sub(Decimal a, Decimal b) noexcept {
  std::int64_t r = 0;
  if (__builtin_sub_overflow(a.raw(), b.raw(), &r)) return std::nullopt;
  return Decimal::from_raw(r);
}

}  // namespace risk::checked
