#include "core/timestamp.hpp"

#include <cstdio>

#include "core/checked.hpp"
#include "core/civil.hpp"

namespace risk {
namespace {

bool read_digits(std::string_view s, std::size_t& i, int count, int& out) {
  if (i + static_cast<std::size_t>(count) > s.size()) return false;
  int v = 0;
  for (int k = 0; k < count; ++k) {
    const char c = s[i + static_cast<std::size_t>(k)];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  i += static_cast<std::size_t>(count);
  return true;
}

bool expect(std::string_view s, std::size_t& i, char c) {
  if (i < s.size() && s[i] == c) {
    ++i;
    return true;
  }
  return false;
}

}  // namespace

Result<Timestamp> Timestamp::parse(std::string_view s) {
  auto fail = [&](const char* why) { return make_error("timestamp '" + std::string(s) + "': " + why); };
  std::size_t i = 0;
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!read_digits(s, i, 4, year) || !expect(s, i, '-') || !read_digits(s, i, 2, month) || !expect(s, i, '-') ||
      !read_digits(s, i, 2, day)) {
    return fail("expected YYYY-MM-DD");
  }
  if (i >= s.size() || (s[i] != 'T' && s[i] != 't' && s[i] != ' ')) return fail("expected 'T' after the date");
  ++i;
  if (!read_digits(s, i, 2, hour) || !expect(s, i, ':') || !read_digits(s, i, 2, minute) || !expect(s, i, ':') ||
      !read_digits(s, i, 2, second)) {
    return fail("expected hh:mm:ss");
  }
  // Years a 64-bit nanosecond count cannot hold are refused, never wrapped.
  if (year < checked::kMinYear || year > checked::kMaxYear) return fail("year out of range (1678-2261)");
  if (month < 1 || month > 12) return fail("month out of range");
  if (day < 1 || static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month))) {
    return fail("day out of range");
  }
  if (hour > 23 || minute > 59 || second > 59) return fail("time of day out of range");
  std::int64_t frac_ns = 0;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    ++i;
    int ndig = 0;
    std::int64_t scale = 100'000'000;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (ndig >= 9) {
        if (s[i] != '0') return fail("more than 9 fractional digits");
      } else {
        frac_ns += (s[i] - '0') * scale;
        scale /= 10;
      }
      ++ndig;
      ++i;
    }
    if (ndig == 0) return fail("empty fraction");
  }
  std::int64_t offset_s = 0;
  if (i < s.size()) {
    const char z = s[i];
    if (z == 'Z' || z == 'z') {
      ++i;
    } else if (z == '+' || z == '-') {
      ++i;
      int oh = 0;
      int om = 0;
      if (!read_digits(s, i, 2, oh)) return fail("bad UTC offset");
      expect(s, i, ':');
      if (!read_digits(s, i, 2, om)) return fail("bad UTC offset");
      if (oh > 23 || om > 59) return fail("UTC offset out of range");
      offset_s = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
    } else {
      return fail("unexpected character after the time");
    }
  }
  if (i != s.size()) return fail("trailing characters");
  const std::int64_t days = days_from_civil(CivilDate{year, static_cast<unsigned>(month), static_cast<unsigned>(day)});
  const std::int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offset_s;
  return Timestamp(secs * 1'000'000'000 + frac_ns);
}

std::string Timestamp::to_iso() const {
  const std::int64_t secs = seconds_floor();
  const std::int64_t frac = ns_ - secs * 1'000'000'000;
  std::int64_t days = secs / 86400;
  std::int64_t sod = secs % 86400;
  if (sod < 0) {
    sod += 86400;
    --days;
  }
  const CivilDate d = civil_from_days(days);
  char buf[64];
  int len = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", d.year, d.month, d.day,
                          static_cast<int>(sod / 3600), static_cast<int>(sod % 3600 / 60), static_cast<int>(sod % 60));
  std::string out(buf, static_cast<std::size_t>(len));
  if (frac != 0) {
    len = std::snprintf(buf, sizeof buf, ".%09lld", static_cast<long long>(frac));
    std::string f(buf, static_cast<std::size_t>(len));
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  out.push_back('Z');
  return out;
}

}  // namespace risk
