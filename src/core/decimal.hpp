#pragma once
// Exact decimal for prices and money: a signed 64-bit count of 1e-9 units.
// Range is about +/- 9.2e9, far beyond any price or account balance, and nine
// fractional digits cover every price the gateway prints (`6335.250000000`).
// No binary floating point is involved anywhere: parsing, arithmetic and
// printing are all integer operations, so -500.00 compares exactly with a
// limit of 500.
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace risk {

class Decimal {
 public:
  static constexpr int kScale = 9;
  static constexpr std::int64_t kUnit = 1'000'000'000;

  constexpr Decimal() noexcept = default;

  static constexpr Decimal from_raw(std::int64_t raw) noexcept { return Decimal(raw); }
  static constexpr Decimal from_int(std::int64_t whole) noexcept { return Decimal(whole * kUnit); }

  // Parses a JSON-style decimal number: optional sign, digits, optional
  // fraction, optional exponent (`49909`, `113.46875`, `-500.01`,
  // `6335.250000000`, `1.5e-3`). Fails (never rounds) when the value has
  // significant digits below 1e-9 or does not fit.
  static Result<Decimal> parse(std::string_view text);

  [[nodiscard]] constexpr std::int64_t raw() const noexcept { return raw_; }
  [[nodiscard]] constexpr bool is_zero() const noexcept { return raw_ == 0; }
  [[nodiscard]] constexpr bool is_negative() const noexcept { return raw_ < 0; }
  [[nodiscard]] constexpr bool is_positive() const noexcept { return raw_ > 0; }
  [[nodiscard]] constexpr Decimal abs() const noexcept { return Decimal(raw_ < 0 ? -raw_ : raw_); }

  constexpr Decimal operator-() const noexcept { return Decimal(-raw_); }
  constexpr Decimal& operator+=(Decimal o) noexcept {
    raw_ += o.raw_;
    return *this;
  }
  constexpr Decimal& operator-=(Decimal o) noexcept {
    raw_ -= o.raw_;
    return *this;
  }
  friend constexpr Decimal operator+(Decimal a, Decimal b) noexcept { return Decimal(a.raw_ + b.raw_); }
  friend constexpr Decimal operator-(Decimal a, Decimal b) noexcept { return Decimal(a.raw_ - b.raw_); }
  friend constexpr Decimal operator*(Decimal a, std::int64_t n) noexcept { return Decimal(a.raw_ * n); }
  friend constexpr Decimal operator*(std::int64_t n, Decimal a) noexcept { return Decimal(a.raw_ * n); }

  friend constexpr bool operator==(Decimal, Decimal) noexcept = default;
  friend constexpr std::strong_ordering operator<=>(Decimal, Decimal) noexcept = default;

  // a * b / c with a 128-bit intermediate, rounded half away from zero to
  // 1e-9. Used for P&L: (mark - avg) * tickValue * size / tickSize.
  // c must not be zero (checked by the caller; returns zero if it is).
  [[nodiscard]] static Decimal mul_div(Decimal a, Decimal b, Decimal c) noexcept;
  // a * b / c where b is a plain integer (contract count).
  [[nodiscard]] static Decimal mul_div(Decimal a, std::int64_t b, Decimal c) noexcept;
  // Exact product of two decimals, rounded half away from zero to 1e-9.
  [[nodiscard]] static Decimal mul(Decimal a, Decimal b) noexcept;
  // Whole number of `step`s in this value, truncated toward zero (ticks in a price distance).
  [[nodiscard]] std::int64_t div_trunc(Decimal step) const noexcept;

  // Shortest exact form: `49909`, `113.46875`, `-500.01`, `0`.
  [[nodiscard]] std::string to_string() const;
  // Fixed number of fractional digits (0..9), rounded half away from zero: money as `-500.00`.
  [[nodiscard]] std::string to_string_fixed(int digits) const;

 private:
  constexpr explicit Decimal(std::int64_t raw) noexcept : raw_(raw) {}
  std::int64_t raw_ = 0;
};

}  // namespace risk
