#include <gtest/gtest.h>

#include "state/trade_counter.hpp"
#include "state_test_util.hpp"

using namespace risk;
using risk::test::T;

TEST(TradeCounter, MinuteWindowIsHalfOpenOnTheLeft) {
  TradeCounter c;
  c.add(1, T("2026-03-02T15:00:00Z"));
  c.add(2, T("2026-03-02T15:00:20Z"));
  c.add(3, T("2026-03-02T15:00:40Z"));
  c.add(4, T("2026-03-02T15:01:00Z"));
  // (15:00:00, 15:01:00]: the fill exactly 60 s earlier is out.
  EXPECT_EQ(c.count_in(seconds(60), T("2026-03-02T15:01:00Z")), 3);
  EXPECT_EQ(c.count_in(seconds(60), T("2026-03-02T15:00:59.999Z")), 3);  // 15:00:00 .. 15:00:40
  EXPECT_EQ(c.count_in(seconds(61), T("2026-03-02T15:01:00Z")), 4);
  EXPECT_EQ(c.session_count(), 4);
}

TEST(TradeCounter, CountsOnlyFillsAtOrBeforeT) {
  TradeCounter c;
  c.add(1, T("2026-03-02T15:00:00Z"));
  c.add(2, T("2026-03-02T15:00:30Z"));
  EXPECT_EQ(c.count_in(seconds(60), T("2026-03-02T15:00:10Z")), 1);
}

TEST(TradeCounter, OutOfOrderFillsAreKeptSorted) {
  TradeCounter c;
  c.add(2, T("2026-03-02T15:00:30Z"));
  c.add(1, T("2026-03-02T15:00:00Z"));
  c.add(3, T("2026-03-02T15:00:45Z"));
  EXPECT_EQ(c.count_in(seconds(30), T("2026-03-02T15:00:45Z")), 2);
  EXPECT_EQ(c.count_in(seconds(60), T("2026-03-02T15:00:45Z")), 3);
}

TEST(TradeCounter, HourWindowAndPruningKeepTheLastHour) {
  TradeCounter c;
  for (int i = 0; i < 7; ++i) c.add(i, T("2026-03-02T15:00:00Z") + minutes(10 * i));  // 15:00 .. 16:00
  EXPECT_EQ(c.count_in(minutes(60), T("2026-03-02T16:00:00Z")), 6);
  c.add(100, T("2026-03-02T18:00:00Z"));  // prunes everything older than an hour before it
  EXPECT_EQ(c.count_in(hours(24), T("2026-03-02T18:00:00Z")), 1);
  EXPECT_EQ(c.session_count(), 8);  // the session count is not pruned
}

TEST(TradeCounter, RemoveTakesAVoidedFillOut) {
  TradeCounter c;
  c.add(1, T("2026-03-02T15:00:00Z"));
  c.add(2, T("2026-03-02T15:00:10Z"));
  c.remove(1);
  EXPECT_EQ(c.count_in(seconds(60), T("2026-03-02T15:00:10Z")), 1);
  EXPECT_EQ(c.session_count(), 1);
}

TEST(TradeCounter, NewDayResetsTheSessionCountOnly) {
  TradeCounter c;
  c.add(1, T("2026-03-02T22:59:50Z"));
  c.start_new_day();
  EXPECT_EQ(c.session_count(), 0);
  // Rolling windows do not care about the reset.
  EXPECT_EQ(c.count_in(seconds(60), T("2026-03-02T23:00:10Z")), 1);
  c.restore_session_count(12);
  EXPECT_EQ(c.session_count(), 12);
}
