#include <gtest/gtest.h>

#include "state/session_calendar.hpp"
#include "state_test_util.hpp"

using namespace risk;
using risk::test::T;
using risk::test::Z;

namespace {
const SessionWindow kDay{TimeOfDay::hm(8, 30), TimeOfDay::hm(15, 0)};
const SessionWindow kGlobex{TimeOfDay::hm(17, 0), TimeOfDay::hm(16, 0)};
}  // namespace

TEST(SessionCalendar, DayWindowStartInclusiveEndExclusive) {
  const auto chi = Z("America/Chicago");
  EXPECT_FALSE(session_status(*chi, kDay, {}, T("2026-03-02T14:29:59Z")).open);
  const SessionStatus at_start = session_status(*chi, kDay, {}, T("2026-03-02T14:30:00Z"));
  EXPECT_TRUE(at_start.open);
  EXPECT_EQ(at_start.current_start, T("2026-03-02T14:30:00Z"));
  EXPECT_EQ(at_start.current_end, T("2026-03-02T21:00:00Z"));
  EXPECT_EQ(at_start.next_start, T("2026-03-03T14:30:00Z"));
  EXPECT_TRUE(session_status(*chi, kDay, {}, T("2026-03-02T20:59:59Z")).open);
  const SessionStatus at_end = session_status(*chi, kDay, {}, T("2026-03-02T21:00:00Z"));
  EXPECT_FALSE(at_end.open);
  EXPECT_EQ(at_end.next_start, T("2026-03-03T14:30:00Z"));
}

TEST(SessionCalendar, WeekendIsClosedAndNextStartIsMonday) {
  const auto chi = Z("America/Chicago");
  const SessionStatus fri_evening = session_status(*chi, kDay, {}, T("2026-03-06T22:00:00Z"));
  EXPECT_FALSE(fri_evening.open);
  EXPECT_EQ(fri_evening.next_start, T("2026-03-09T13:30:00Z"));                  // 08:30 CDT, after the DST change
  EXPECT_FALSE(session_status(*chi, kDay, {}, T("2026-03-07T16:00:00Z")).open);  // Saturday 10:00
  EXPECT_FALSE(session_status(*chi, kDay, {}, T("2026-03-08T16:00:00Z")).open);  // Sunday 11:00
}

TEST(SessionCalendar, WrappingWindowBelongsToTheDateItEndsOn) {
  const auto chi = Z("America/Chicago");
  // Sunday 17:30 CST: the session that ends Monday 16:00 is open.
  const SessionStatus sun = session_status(*chi, kGlobex, {}, T("2026-03-01T23:30:00Z"));
  EXPECT_TRUE(sun.open);
  EXPECT_EQ(sun.current_start, T("2026-03-01T23:00:00Z"));
  EXPECT_EQ(sun.current_end, T("2026-03-02T22:00:00Z"));
  // Monday 02:00 (after midnight) is still that session.
  EXPECT_TRUE(session_status(*chi, kGlobex, {}, T("2026-03-02T08:00:00Z")).open);
  // The daily break 16:00-17:00.
  const SessionStatus brk = session_status(*chi, kGlobex, {}, T("2026-03-02T22:30:00Z"));
  EXPECT_FALSE(brk.open);
  EXPECT_EQ(brk.next_start, T("2026-03-02T23:00:00Z"));
  // Friday 17:30: that session would end on Saturday.
  const SessionStatus fri = session_status(*chi, kGlobex, {}, T("2026-03-06T23:30:00Z"));
  EXPECT_FALSE(fri.open);
  EXPECT_EQ(fri.next_start, T("2026-03-08T22:00:00Z"));  // Sunday 17:00 CDT
}

TEST(SessionCalendar, HolidaysAreClosedByTradingDate) {
  const auto chi = Z("America/Chicago");
  const std::vector<CivilDate> holidays{CivilDate{2026, 4, 3}};
  const SessionStatus day = session_status(*chi, kDay, holidays, T("2026-04-03T15:00:00Z"));
  EXPECT_FALSE(day.open);
  EXPECT_EQ(day.next_start, T("2026-04-06T13:30:00Z"));
  // Thursday evening's wrapping session ends on the holiday: closed.
  const SessionStatus thu = session_status(*chi, kGlobex, holidays, T("2026-04-02T22:30:00Z"));
  EXPECT_FALSE(thu.open);
  EXPECT_EQ(thu.next_start, T("2026-04-05T22:00:00Z"));
  // The day before is unaffected.
  EXPECT_TRUE(session_status(*chi, kDay, holidays, T("2026-04-02T15:00:00Z")).open);
}

TEST(SessionCalendar, NextStartSkipsConsecutiveHolidays) {
  const auto utc = utc_zone();
  const std::vector<CivilDate> holidays{CivilDate{2026, 12, 24}, CivilDate{2026, 12, 25}};
  const SessionStatus s = session_status(*utc, kDay, holidays, T("2026-12-23T16:00:00Z"));
  EXPECT_FALSE(s.open);
  EXPECT_EQ(s.next_start, T("2026-12-28T08:30:00Z"));  // Thu, Fri holidays, then the weekend
}

TEST(SessionCalendar, NewYorkWindowAcrossTheSpringChange) {
  const auto ny = Z("America/New_York");
  const SessionWindow w{TimeOfDay::hm(9, 30), TimeOfDay::hm(16, 0)};
  EXPECT_TRUE(session_status(*ny, w, {}, T("2026-03-06T14:30:00Z")).open);  // Fri 09:30 EST
  EXPECT_TRUE(session_status(*ny, w, {}, T("2026-03-09T13:30:00Z")).open);  // Mon 09:30 EDT
  EXPECT_FALSE(session_status(*ny, w, {}, T("2026-03-09T13:29:59Z")).open);
}
