#pragma once
// The core's view of an IANA time zone. Loading zone rules reads the system
// tz database, which is I/O, so it happens in an adapter (src/tz); the core
// only asks questions of an already-loaded zone.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/civil.hpp"
#include "core/timestamp.hpp"

namespace risk {

struct LocalDateTime {
  CivilDate date;
  std::int32_t seconds_of_day = 0;  // 0..86399
  friend constexpr bool operator==(const LocalDateTime&, const LocalDateTime&) = default;
};

class TimeZone {
 public:
  TimeZone() = default;
  TimeZone(const TimeZone&) = delete;
  TimeZone& operator=(const TimeZone&) = delete;
  virtual ~TimeZone() = default;

  [[nodiscard]] virtual std::string_view name() const noexcept = 0;
  // Seconds east of UTC in effect at instant `t`.
  [[nodiscard]] virtual std::int64_t offset_at(Timestamp t) const = 0;
  // The instant a local wall-clock time occurs. A time skipped by a DST jump
  // resolves to the transition instant (the first moment after the gap); a
  // time that occurs twice resolves to its first occurrence.
  [[nodiscard]] virtual Timestamp resolve_local(CivilDate date, std::int32_t seconds_of_day) const = 0;
};

using TimeZonePtr = std::shared_ptr<const TimeZone>;

LocalDateTime to_local(const TimeZone& zone, Timestamp t);

// A zone with a constant offset (UTC is offset 0). Pure; used for UTC and in tests.
class FixedOffsetZone final : public TimeZone {
 public:
  FixedOffsetZone(std::string name, std::int64_t offset_seconds) : name_(std::move(name)), offset_(offset_seconds) {}
  [[nodiscard]] std::string_view name() const noexcept override { return name_; }
  [[nodiscard]] std::int64_t offset_at(Timestamp) const override { return offset_; }
  [[nodiscard]] Timestamp resolve_local(CivilDate date, std::int32_t seconds_of_day) const override;

 private:
  std::string name_;
  std::int64_t offset_;
};

TimeZonePtr utc_zone();

}  // namespace risk
