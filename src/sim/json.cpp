#include "sim/json.hpp"

#include <charconv>
#include <cstdio>

#include "core/civil.hpp"

namespace risk::sim {

std::string format_gateway_time(Timestamp t) {
  const std::int64_t secs = t.seconds_floor();
  const std::int64_t frac = t.ns() - secs * 1'000'000'000;
  std::int64_t days = secs / 86400;
  std::int64_t sod = secs % 86400;
  if (sod < 0) {
    sod += 86400;
    --days;
  }
  const CivilDate d = civil_from_days(days);
  char buf[48];
  const int len = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%07lld+00:00", d.year, d.month, d.day,
                                static_cast<int>(sod / 3600), static_cast<int>(sod % 3600 / 60),
                                static_cast<int>(sod % 60), static_cast<long long>(frac / 100));
  return std::string(buf, static_cast<std::size_t>(len));
}

}  // namespace risk::sim
