#pragma once
// Text formatting for the dashboard and `status`: exact money, countdowns,
// local times. Pure functions of their arguments.
#include <optional>
#include <string>

#include "core/decimal.hpp"
#include "core/time_zone.hpp"
#include "core/timestamp.hpp"

namespace risk::dashboard {

// `-1,234.50`, `0.00`, `+` never printed. Money is rounded half away from zero to cents for display only.
std::string fmt_money(Decimal d);
std::string fmt_money(const std::optional<Decimal>& d, const char* missing = "--");
// A price in its shortest exact form (`21000.25`, `1.08215`).
std::string fmt_price(const std::optional<Decimal>& d, const char* missing = "-");
// `1h 02m 03s`, `4m 05s`, `12s`, `2d 03h 10m`; negative durations print as `0s`.
std::string fmt_duration(Duration d);
// `HH:MM:SS` in `zone`.
std::string fmt_time(Timestamp t, const TimeZone& zone);
// `MM-DD HH:MM` in `zone`.
std::string fmt_day_time(Timestamp t, const TimeZone& zone);
// `0.8s`, `12s`, `3m 05s`.
std::string fmt_age(Duration d);
// `12.3 ms` from microseconds.
std::string fmt_us(std::int64_t us);

// Pads or truncates to exactly `width` characters.
std::string pad(std::string_view s, std::size_t width);
std::string rpad(std::string_view s, std::size_t width);  // right-aligned

}  // namespace risk::dashboard
