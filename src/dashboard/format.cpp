#include "dashboard/format.hpp"

#include <cstdio>

namespace risk::dashboard {

std::string fmt_money(Decimal d) {
  std::string s = d.to_string_fixed(2);
  const bool neg = !s.empty() && s[0] == '-';
  std::string digits = s.substr(neg ? 1 : 0);
  const auto dot = digits.find('.');
  std::string whole = digits.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : digits.substr(dot);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(whole[i]);
  }
  if (neg && (grouped != "0" || frac != ".00")) grouped.insert(grouped.begin(), '-');
  return grouped + frac;
}

std::string fmt_money(const std::optional<Decimal>& d, const char* missing) { return d ? fmt_money(*d) : missing; }

std::string fmt_price(const std::optional<Decimal>& d, const char* missing) { return d ? d->to_string() : missing; }

std::string fmt_duration(Duration d) {
  std::int64_t s = std::chrono::duration_cast<seconds>(d).count();
  if (d.count() > 0 && d < seconds(1)) s = 1;  // a countdown never shows 0s while still running
  if (s < 0) s = 0;
  const std::int64_t days = s / 86400;
  const std::int64_t h = s % 86400 / 3600;
  const std::int64_t m = s % 3600 / 60;
  const std::int64_t sec = s % 60;
  char buf[48];
  if (days > 0) {
    std::snprintf(buf, sizeof buf, "%lldd %02lldh %02lldm", static_cast<long long>(days), static_cast<long long>(h),
                  static_cast<long long>(m));
  } else if (h > 0) {
    std::snprintf(buf, sizeof buf, "%lldh %02lldm %02llds", static_cast<long long>(h), static_cast<long long>(m),
                  static_cast<long long>(sec));
  } else if (m > 0) {
    std::snprintf(buf, sizeof buf, "%lldm %02llds", static_cast<long long>(m), static_cast<long long>(sec));
  } else {
    std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(sec));
  }
  return buf;
}

std::string fmt_time(Timestamp t, const TimeZone& zone) {
  const LocalDateTime l = to_local(zone, t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", l.seconds_of_day / 3600, l.seconds_of_day % 3600 / 60,
                l.seconds_of_day % 60);
  return buf;
}

std::string fmt_day_time(Timestamp t, const TimeZone& zone) {
  const LocalDateTime l = to_local(zone, t);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%02u-%02u %02d:%02d", l.date.month, l.date.day, l.seconds_of_day / 3600,
                l.seconds_of_day % 3600 / 60);
  return buf;
}

std::string fmt_age(Duration d) {
  if (d.count() < 0) d = Duration{0};
  const auto ms = std::chrono::duration_cast<milliseconds>(d).count();
  if (ms < 10'000) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%lld.%llds", static_cast<long long>(ms / 1000),
                  static_cast<long long>(ms % 1000 / 100));
    return buf;
  }
  return fmt_duration(d);
}

std::string fmt_us(std::int64_t us) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%lld ms", static_cast<long long>(us / 1000),
                static_cast<long long>((us < 0 ? -us : us) % 1000 / 100));
  return buf;
}

std::string pad(std::string_view s, std::size_t width) {
  std::string out(s.substr(0, width));
  out.resize(width, ' ');
  return out;
}

std::string rpad(std::string_view s, std::size_t width) {
  if (s.size() >= width) return std::string(s.substr(0, width));
  return std::string(width - s.size(), ' ') + std::string(s);
}

}  // namespace risk::dashboard
