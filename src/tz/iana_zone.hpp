#pragma once
// IANA time zones for the core, backed by Howard Hinnant's date/tz reading the
// system zoneinfo (tzdata). Loading is I/O and happens here, at configuration
// time; the returned zone answers from memory.
#include <string_view>

#include "core/result.hpp"
#include "core/time_zone.hpp"

namespace risk::tz {

// `America/Chicago`, `America/New_York`, `UTC`, ... Fails with a message for an unknown name.
Result<TimeZonePtr> load(std::string_view name);

}  // namespace risk::tz
