#pragma once
// MOD-004: the daily reset schedule. A trading day runs from one reset to the
// next (default 17:00 America/Chicago, the CME day). Days are computed from
// instants, never by adding 24 h, so DST changes neither skip nor double a
// reset; a day missed while the daemon was down is caught up once.
#include "core/civil.hpp"
#include "core/settings.hpp"
#include "core/time_zone.hpp"
#include "core/timestamp.hpp"

namespace risk {

struct TradingDay {
  Timestamp start;  // the reset that opened this day
  Timestamp end;    // the next reset
  CivilDate date;   // the local date the day ends on (CME trade date for a 17:00 reset)
  friend bool operator==(const TradingDay&, const TradingDay&) = default;
  [[nodiscard]] bool contains(Timestamp t) const noexcept { return t >= start && t < end; }
};

// The trading day containing instant `t`.
TradingDay trading_day_at(const TimeZone& zone, TimeOfDay reset, Timestamp t);

}  // namespace risk
