#include "state/session_calendar.hpp"

#include <algorithm>

namespace risk {

namespace {

struct Session {
  Timestamp start;
  Timestamp end;
  bool trading = false;
};

Session session_starting_on(const TimeZone& zone, SessionWindow w, const std::vector<CivilDate>& holidays,
                            std::int64_t start_day) {
  const bool wraps = w.end <= w.start;
  const std::int64_t end_day = wraps ? start_day + 1 : start_day;
  Session s;
  s.start = zone.resolve_local(civil_from_days(start_day), w.start.seconds());
  s.end = zone.resolve_local(civil_from_days(end_day), w.end.seconds());
  const unsigned wd = weekday_from_days(end_day);
  const CivilDate trading_date = civil_from_days(end_day);
  s.trading = wd != 0 && wd != 6 && std::find(holidays.begin(), holidays.end(), trading_date) == holidays.end();
  return s;
}

}  // namespace

SessionStatus session_status(const TimeZone& zone, SessionWindow window, const std::vector<CivilDate>& holidays,
                             Timestamp t) {
  SessionStatus st;
  const std::int64_t today = days_from_civil(to_local(zone, t).date);
  for (std::int64_t d = today - 1; d <= today; ++d) {
    const Session s = session_starting_on(zone, window, holidays, d);
    if (s.trading && s.start <= t && t < s.end) {
      st.open = true;
      st.current_start = s.start;
      st.current_end = s.end;
    }
  }
  // The next start after t: at most a few weeks away even with long holiday lists.
  st.next_start = Timestamp::max();
  for (std::int64_t d = today - 1; d <= today + 400; ++d) {
    const Session s = session_starting_on(zone, window, holidays, d);
    if (s.trading && s.start > t) {
      st.next_start = s.start;
      break;
    }
  }
  return st;
}

const SessionStatus& SessionCache::status(const TimeZone& zone, SessionWindow window,
                                          const std::vector<CivilDate>& holidays, Timestamp t) {
  for (auto& e : entries_) {
    if (e.zone != &zone || e.window != window || e.holidays != &holidays) continue;
    if (t >= e.from && t < e.until) return e.status;
    e.status = session_status(zone, window, holidays, t);
    e.from = t;
    e.until = e.status.open ? e.status.current_end : e.status.next_start;
    return e.status;
  }
  if (entries_.size() >= 16) entries_.clear();  // settings were replaced many times: start over
  Entry e{&zone, window, &holidays, t, t, session_status(zone, window, holidays, t)};
  e.until = e.status.open ? e.status.current_end : e.status.next_start;
  entries_.push_back(e);
  return entries_.back().status;
}

}  // namespace risk
