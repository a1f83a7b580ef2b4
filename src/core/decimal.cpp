#include "core/decimal.hpp"

#include <array>
#include <limits>

namespace risk {
namespace {

__extension__ using i128 = __int128;           // GCC/Clang 128-bit integers for exact
__extension__ using u128 = unsigned __int128;  // intermediate products.

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

i128 round_div(i128 num, i128 den) noexcept {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  i128 q = num / den;
  i128 r = num % den;
  if (r < 0) r = -r;
  if (2 * r >= den) q += (num < 0) ? -1 : 1;
  return q;
}

std::int64_t clamp64(i128 v) noexcept {
  if (v > static_cast<i128>(kMax)) return kMax;
  if (v < -static_cast<i128>(kMax)) return -kMax;
  return static_cast<std::int64_t>(v);
}

}  // namespace

Result<Decimal> Decimal::parse(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  bool negative = false;
  if (i < n && (text[i] == '-' || text[i] == '+')) {
    negative = text[i] == '-';
    ++i;
  }
  // Collect all significant digits as one integer mantissa with a decimal exponent.
  u128 mantissa = 0;
  int exponent = 0;  // value = mantissa * 10^exponent
  bool any_digit = false;
  constexpr u128 kMantissaLimit = static_cast<u128>(1) << 100;
  while (i < n && text[i] >= '0' && text[i] <= '9') {
    any_digit = true;
    if (mantissa < kMantissaLimit) {
      mantissa = mantissa * 10 + static_cast<unsigned>(text[i] - '0');
    } else {
      return make_error("decimal '" + std::string(text) + "' is too large");
    }
    ++i;
  }
  if (i < n && text[i] == '.') {
    ++i;
    bool frac_digit = false;
    while (i < n && text[i] >= '0' && text[i] <= '9') {
      frac_digit = true;
      any_digit = true;
      const unsigned d = static_cast<unsigned>(text[i] - '0');
      if (mantissa < kMantissaLimit) {
        mantissa = mantissa * 10 + d;
        --exponent;
      } else if (d != 0) {
        return make_error("decimal '" + std::string(text) + "' has too many digits");
      }
      ++i;
    }
    if (!frac_digit) return make_error("decimal '" + std::string(text) + "' has no digits after '.'");
  }
  if (!any_digit) return make_error("'" + std::string(text) + "' is not a decimal number");
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < n && (text[i] == '-' || text[i] == '+')) {
      exp_negative = text[i] == '-';
      ++i;
    }
    int e = 0;
    bool exp_digit = false;
    while (i < n && text[i] >= '0' && text[i] <= '9') {
      exp_digit = true;
      if (e < 1000) e = e * 10 + (text[i] - '0');
      ++i;
    }
    if (!exp_digit) return make_error("decimal '" + std::string(text) + "' has an empty exponent");
    exponent += exp_negative ? -e : e;
  }
  if (i != n) return make_error("'" + std::string(text) + "' is not a decimal number");
  // Scale to 1e-9 units.
  int shift = exponent + kScale;
  if (mantissa == 0) return Decimal(0);
  while (shift < 0) {
    if (mantissa % 10 != 0) {
      return make_error("decimal '" + std::string(text) + "' has more than 9 fractional digits");
    }
    mantissa /= 10;
    ++shift;
  }
  constexpr u128 kLimit = static_cast<u128>(kMax);
  while (shift > 0) {
    mantissa *= 10;
    --shift;
    if (mantissa > kLimit) break;
  }
  if (mantissa > kLimit) return make_error("decimal '" + std::string(text) + "' is out of range");
  const auto v = static_cast<std::int64_t>(mantissa);
  return Decimal(negative ? -v : v);
}

Decimal Decimal::mul_div(Decimal a, Decimal b, Decimal c) noexcept {
  if (c.raw_ == 0) return Decimal(0);
  const i128 num = static_cast<i128>(a.raw_) * b.raw_;
  return Decimal(clamp64(round_div(num, c.raw_)));
}

Decimal Decimal::mul_div(Decimal a, std::int64_t b, Decimal c) noexcept {
  if (c.raw_ == 0) return Decimal(0);
  const i128 num = static_cast<i128>(a.raw_) * b * kUnit;
  return Decimal(clamp64(round_div(num, c.raw_)));
}

Decimal Decimal::mul(Decimal a, Decimal b) noexcept {
  const i128 num = static_cast<i128>(a.raw_) * b.raw_;
  return Decimal(clamp64(round_div(num, kUnit)));
}

std::int64_t Decimal::div_trunc(Decimal step) const noexcept {
  if (step.raw_ == 0) return 0;
  return raw_ / step.raw_;
}

std::string Decimal::to_string() const {
  const bool neg = raw_ < 0;
  const u128 mag = neg ? static_cast<u128>(-static_cast<i128>(raw_)) : static_cast<u128>(raw_);
  auto whole = static_cast<std::uint64_t>(mag / kUnit);
  auto frac = static_cast<std::uint64_t>(mag % kUnit);
  std::string out;
  if (neg) out.push_back('-');
  out += std::to_string(whole);
  if (frac != 0) {
    std::array<char, kScale> buf{};
    for (int k = kScale - 1; k >= 0; --k) {
      buf[static_cast<std::size_t>(k)] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    std::size_t len = kScale;
    while (len > 0 && buf[len - 1] == '0') --len;
    out.push_back('.');
    out.append(buf.data(), len);
  }
  return out;
}

std::string Decimal::to_string_fixed(int digits) const {
  if (digits < 0) digits = 0;
  if (digits > kScale) digits = kScale;
  std::int64_t div = 1;
  for (int k = 0; k < kScale - digits; ++k) div *= 10;
  const i128 rounded = round_div(raw_, div);  // units of 10^-digits
  const bool neg = rounded < 0;
  const auto mag = static_cast<u128>(neg ? -rounded : rounded);
  std::uint64_t scale = 1;
  for (int k = 0; k < digits; ++k) scale *= 10;
  const auto whole = static_cast<std::uint64_t>(mag / scale);
  auto frac = static_cast<std::uint64_t>(mag % scale);
  std::string out;
  if (neg) out.push_back('-');
  out += std::to_string(whole);
  if (digits > 0) {
    std::string f(static_cast<std::size_t>(digits), '0');
    for (int k = digits - 1; k >= 0; --k) {
      f[static_cast<std::size_t>(k)] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    out.push_back('.');
    out += f;
  }
  return out;
}

}  // namespace risk
