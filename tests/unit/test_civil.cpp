#include <gtest/gtest.h>

#include "core/civil.hpp"

using risk::CivilDate;

TEST(Civil, DaysRoundTripAcrossFourCenturies) {
  for (std::int64_t z = -146097 * 2; z <= 146097 * 2; z += 17) {
    EXPECT_EQ(risk::days_from_civil(risk::civil_from_days(z)), z);
  }
}

TEST(Civil, KnownDates) {
  EXPECT_EQ(risk::days_from_civil(CivilDate{1970, 1, 1}), 0);
  EXPECT_EQ(risk::days_from_civil(CivilDate{2000, 3, 1}), 11017);
  EXPECT_EQ(risk::civil_from_days(20454), (CivilDate{2026, 1, 1}));
}

TEST(Civil, Weekdays) {
  EXPECT_EQ(risk::weekday_from_days(0), 4u);                                               // 1970-01-01 was a Thursday
  EXPECT_EQ(risk::weekday_from_days(risk::days_from_civil(CivilDate{2026, 11, 24})), 2u);  // Tuesday
  EXPECT_EQ(risk::weekday_from_days(-1), 3u);
}

TEST(Civil, MonthLengths) {
  EXPECT_EQ(risk::days_in_month(2024, 2), 29u);
  EXPECT_EQ(risk::days_in_month(2100, 2), 28u);
  EXPECT_EQ(risk::days_in_month(2026, 12), 31u);
}
