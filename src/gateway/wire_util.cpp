#include "gateway/wire_util.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>

#include "core/checked.hpp"
#include "core/civil.hpp"
#include "net/http_types.hpp"

namespace risk::gateway {
namespace {

int base64url_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-' || c == '+') return 62;
  if (c == '_' || c == '/') return 63;
  return -1;
}

std::optional<std::string> base64url_decode(std::string_view in) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    const int v = base64url_value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFFu));
    }
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

template <typename T>
bool read_number(std::string_view& s, T& out) {
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || p == s.data()) return false;
  s.remove_prefix(static_cast<std::size_t>(p - s.data()));
  return true;
}

bool expect(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

// IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
std::optional<Timestamp> parse_http_date(std::string_view s) {
  static constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto comma = s.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  s = trim(s.substr(comma + 1));
  unsigned day = 0;
  if (!read_number(s, day) || !expect(s, ' ') || s.size() < 4) return std::nullopt;
  unsigned month = 0;
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    if (s.substr(0, 3) == kMonths[i]) month = i + 1;
  }
  if (month == 0) return std::nullopt;
  s.remove_prefix(3);
  int year = 0;
  unsigned hh = 0, mm = 0, ss = 0;
  if (!expect(s, ' ') || !read_number(s, year) || !expect(s, ' ') || !read_number(s, hh) || !expect(s, ':') ||
      !read_number(s, mm) || !expect(s, ':') || !read_number(s, ss)) {
    return std::nullopt;
  }
  if (day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  if (year < checked::kMinYear || year > checked::kMaxYear) return std::nullopt;
  const std::int64_t days = days_from_civil(CivilDate{year, month, day});
  return checked::from_seconds(days * 86'400 + static_cast<std::int64_t>(hh * 3600 + mm * 60 + ss));
}

}  // namespace

std::optional<Timestamp> jwt_expiry(std::string_view token) {
  const auto dot1 = token.find('.');
  if (dot1 == std::string_view::npos) return std::nullopt;
  const auto dot2 = token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos) return std::nullopt;
  const auto payload = base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  if (!payload) return std::nullopt;
  std::string_view p = *payload;
  const auto key = p.find("\"exp\"");
  if (key == std::string_view::npos) return std::nullopt;
  p.remove_prefix(key + 5);
  p = trim(p);
  if (!expect(p, ':')) return std::nullopt;
  p = trim(p);
  std::int64_t seconds = 0;
  // An expiry beyond what a Timestamp holds (after 2262) is no expiry we can use.
  if (!read_number(p, seconds) || seconds <= 0) return std::nullopt;
  return checked::from_seconds(seconds);
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value, Timestamp now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (value.front() >= '0' && value.front() <= '9') {
    std::int64_t seconds = 0;
    std::string_view v = value;
    if (!read_number(v, seconds) || !trim(v).empty()) return std::nullopt;
    return std::chrono::milliseconds(std::min<std::int64_t>(seconds, 86'400) * 1000);
  }
  const auto at = parse_http_date(value);
  if (!at) return std::nullopt;
  if (*at <= now) return std::chrono::milliseconds(0);
  // In whole seconds first: the two may be centuries apart (no 64-bit nanosecond difference).
  if (at->seconds_floor() - now.seconds_floor() > 86'400) return std::chrono::milliseconds(86'400'000);
  return std::chrono::duration_cast<std::chrono::milliseconds>(*at - now);
}

std::string scrub_token(std::string text, std::string_view token) {
  if (token.size() < 8) return text;
  for (const std::string& needle : {std::string(token), net::url_encode(token)}) {
    for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos)) {
      text.replace(pos, needle.size(), "<token>");
    }
  }
  return text;
}

}  // namespace risk::gateway
