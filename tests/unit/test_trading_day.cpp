#include <gtest/gtest.h>

#include "state/trading_day.hpp"
#include "state_test_util.hpp"

using namespace risk;
using risk::test::T;
using risk::test::Z;

namespace {
constexpr TimeOfDay k17 = TimeOfDay::hm(17, 0);
}

TEST(TradingDay, ChicagoDayRunsFromResetToResetAndIsNamedForItsEnd) {
  const auto chi = Z("America/Chicago");
  const TradingDay d = trading_day_at(*chi, k17, T("2026-03-02T15:00:00Z"));
  EXPECT_EQ(d.start, T("2026-03-01T23:00:00Z"));
  EXPECT_EQ(d.end, T("2026-03-02T23:00:00Z"));
  EXPECT_EQ(d.date, (CivilDate{2026, 3, 2}));
  EXPECT_TRUE(d.contains(T("2026-03-01T23:00:00Z")));
  EXPECT_FALSE(d.contains(T("2026-03-02T23:00:00Z")));
}

TEST(TradingDay, TheResetInstantStartsTheNextDay) {
  const auto chi = Z("America/Chicago");
  const TradingDay before = trading_day_at(*chi, k17, T("2026-03-02T22:59:59.999Z"));
  const TradingDay at = trading_day_at(*chi, k17, T("2026-03-02T23:00:00Z"));
  EXPECT_EQ(before.date, (CivilDate{2026, 3, 2}));
  EXPECT_EQ(at.date, (CivilDate{2026, 3, 3}));
  EXPECT_EQ(at.start, before.end);
}

TEST(TradingDay, ChicagoSpringForwardDayIs23Hours) {
  const auto chi = Z("America/Chicago");
  const TradingDay d = trading_day_at(*chi, k17, T("2026-03-08T12:00:00Z"));
  EXPECT_EQ(d.start, T("2026-03-07T23:00:00Z"));  // 17:00 CST
  EXPECT_EQ(d.end, T("2026-03-08T22:00:00Z"));    // 17:00 CDT
  EXPECT_EQ(d.end - d.start, hours(23));
  EXPECT_EQ(d.date, (CivilDate{2026, 3, 8}));
  const TradingDay next = trading_day_at(*chi, k17, d.end);
  EXPECT_EQ(next.start, d.end);
  EXPECT_EQ(next.end - next.start, hours(24));
}

TEST(TradingDay, ChicagoFallBackDayIs25Hours) {
  const auto chi = Z("America/Chicago");
  const TradingDay d = trading_day_at(*chi, k17, T("2026-11-01T12:00:00Z"));
  EXPECT_EQ(d.start, T("2026-10-31T22:00:00Z"));  // 17:00 CDT
  EXPECT_EQ(d.end, T("2026-11-01T23:00:00Z"));    // 17:00 CST
  EXPECT_EQ(d.end - d.start, hours(25));
  // 17:00 in the old offset (22:00Z) is inside the day, not a reset.
  EXPECT_TRUE(d.contains(T("2026-11-01T22:00:00Z")));
}

TEST(TradingDay, NewYorkAcrossBothDstChanges) {
  const auto ny = Z("America/New_York");
  const TradingDay spring = trading_day_at(*ny, k17, T("2026-03-08T12:00:00Z"));
  EXPECT_EQ(spring.start, T("2026-03-07T22:00:00Z"));
  EXPECT_EQ(spring.end, T("2026-03-08T21:00:00Z"));
  const TradingDay fall = trading_day_at(*ny, k17, T("2026-11-01T12:00:00Z"));
  EXPECT_EQ(fall.start, T("2026-10-31T21:00:00Z"));
  EXPECT_EQ(fall.end, T("2026-11-01T22:00:00Z"));
}

TEST(TradingDay, ConsecutiveDaysTileWithoutGapsOrOverlapsThroughAYear) {
  const auto chi = Z("America/Chicago");
  TradingDay d = trading_day_at(*chi, k17, T("2026-01-01T23:00:00Z"));  // starts 2026-01-01 17:00 CST
  ASSERT_EQ(d.start, T("2026-01-01T23:00:00Z"));
  int days = 0;
  while (d.start < T("2027-01-01T23:00:00Z")) {
    const TradingDay next = trading_day_at(*chi, k17, d.end);
    ASSERT_EQ(next.start, d.end);
    ASSERT_EQ(days_from_civil(next.date), days_from_civil(d.date) + 1);
    d = next;
    ++days;
  }
  EXPECT_EQ(days, 365);
}

TEST(TradingDay, ResetInsideTheSpringGapResolvesToTheTransition) {
  // 02:30 does not exist on 2026-03-08 in Chicago: the reset happens at 03:00 CDT (08:00Z).
  const auto chi = Z("America/Chicago");
  const TimeOfDay r = TimeOfDay::hm(2, 30);
  const TradingDay d = trading_day_at(*chi, r, T("2026-03-08T07:59:59Z"));
  EXPECT_EQ(d.start, T("2026-03-07T08:30:00Z"));
  EXPECT_EQ(d.end, T("2026-03-08T08:00:00Z"));
  const TradingDay next = trading_day_at(*chi, r, T("2026-03-08T08:00:00Z"));
  EXPECT_EQ(next.start, d.end);
  EXPECT_EQ(next.end, T("2026-03-09T07:30:00Z"));
}

TEST(TradingDay, ResetInsideTheRepeatedHourHappensOnce) {
  // 01:30 occurs twice on 2026-11-01 in Chicago; the reset is the first one (06:30Z).
  const auto chi = Z("America/Chicago");
  const TimeOfDay r = TimeOfDay::hm(1, 30);
  const TradingDay first = trading_day_at(*chi, r, T("2026-11-01T06:30:00Z"));
  EXPECT_EQ(first.start, T("2026-11-01T06:30:00Z"));
  const TradingDay second = trading_day_at(*chi, r, T("2026-11-01T07:30:00Z"));  // the second 01:30
  EXPECT_EQ(second, first);
  EXPECT_EQ(first.end, T("2026-11-02T07:30:00Z"));
}

TEST(TradingDay, MidnightResetNamesTheDayByItsLocalDate) {
  const auto utc = utc_zone();
  const TradingDay d = trading_day_at(*utc, TimeOfDay::hm(0, 0), T("2026-03-02T15:00:00Z"));
  EXPECT_EQ(d.start, T("2026-03-02T00:00:00Z"));
  EXPECT_EQ(d.end, T("2026-03-03T00:00:00Z"));
  EXPECT_EQ(d.date, (CivilDate{2026, 3, 2}));
}
