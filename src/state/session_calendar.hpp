#pragma once
// RULE-009's trading sessions: a daily window [start, end) in a time zone.
// A window with end < start wraps midnight and belongs to the trading date it
// ends on (a Sunday 17:00 - Monday 16:00 session is Monday's), so weekends and
// holidays are judged on that date. Saturdays, Sundays and listed holidays
// have no session.
#include <optional>
#include <vector>

#include "core/settings.hpp"

namespace risk {

struct SessionStatus {
  bool open = false;
  Timestamp current_start;  // when open
  Timestamp current_end;    // when open: the session end
  Timestamp next_start;     // the next session start after t
};

SessionStatus session_status(const TimeZone& zone, SessionWindow window, const std::vector<CivilDate>& holidays,
                             Timestamp t);

// Memoises session_status: the answer for a window cannot change before the
// session's next start or end, so it is computed once per boundary instead of
// on every event (zone lookups are the costly part). Time only moves forward.
class SessionCache {
 public:
  const SessionStatus& status(const TimeZone& zone, SessionWindow window, const std::vector<CivilDate>& holidays,
                              Timestamp t);

 private:
  struct Entry {
    const TimeZone* zone;
    SessionWindow window;
    const std::vector<CivilDate>* holidays;
    Timestamp from;
    Timestamp until;
    SessionStatus status;
  };
  std::vector<Entry> entries_;
};

}  // namespace risk
