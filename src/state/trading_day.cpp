#include "state/trading_day.hpp"

namespace risk {

namespace {
CivilDate add_days(CivilDate d, std::int64_t n) { return civil_from_days(days_from_civil(d) + n); }
}  // namespace

TradingDay trading_day_at(const TimeZone& zone, TimeOfDay reset, Timestamp t) {
  const LocalDateTime local = to_local(zone, t);
  const Timestamp today = zone.resolve_local(local.date, reset.seconds());
  TradingDay day;
  if (t >= today) {
    day.start = today;
    day.end = zone.resolve_local(add_days(local.date, 1), reset.seconds());
  } else {
    day.start = zone.resolve_local(add_days(local.date, -1), reset.seconds());
    day.end = today;
  }
  day.date = to_local(zone, day.end - Duration(1)).date;
  return day;
}

}  // namespace risk
