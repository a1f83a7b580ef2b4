#include "core/time_zone.hpp"

namespace risk {

LocalDateTime to_local(const TimeZone& zone, Timestamp t) {
  const std::int64_t local = t.seconds_floor() + zone.offset_at(t);
  std::int64_t days = local / 86400;
  std::int64_t sod = local % 86400;
  if (sod < 0) {
    sod += 86400;
    --days;
  }
  return LocalDateTime{civil_from_days(days), static_cast<std::int32_t>(sod)};
}

Timestamp FixedOffsetZone::resolve_local(CivilDate date, std::int32_t seconds_of_day) const {
  return Timestamp::from_seconds(days_from_civil(date) * 86400 + seconds_of_day - offset_);
}

TimeZonePtr utc_zone() {
  static const TimeZonePtr kUtc = std::make_shared<FixedOffsetZone>("UTC", 0);
  return kUtc;
}

}  // namespace risk
