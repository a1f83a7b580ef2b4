#include <gtest/gtest.h>

#include "core/checked.hpp"
#include "core/timestamp.hpp"

using risk::Timestamp;

namespace {
Timestamp T(std::string_view s) {
  auto r = Timestamp::parse(s);
  EXPECT_TRUE(r.ok()) << s << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : Timestamp{};
}
}  // namespace

TEST(Timestamp, ParsesEpoch) { EXPECT_EQ(T("1970-01-01T00:00:00Z").ns(), 0); }

TEST(Timestamp, ParsesSevenFractionalDigitsWithOffset) {
  const Timestamp t = T("2026-05-06T13:36:03.4962794+00:00");
  EXPECT_EQ(t.ns() % 1'000'000'000, 496'279'400);
  EXPECT_EQ(t.to_iso(), "2026-05-06T13:36:03.4962794Z");
}

TEST(Timestamp, ParsesEveryFractionLength) {
  EXPECT_EQ(T("2025-07-18T21:00:01Z"), T("2025-07-18T21:00:01.0Z"));
  EXPECT_EQ(T("2025-07-18T21:00:01.268009+00:00").ns() % 1'000'000'000, 268'009'000);
  EXPECT_EQ(T("2025-07-18T21:00:01.1Z").ns() % 1'000'000'000, 100'000'000);
  EXPECT_EQ(T("2025-07-18T21:00:01.123456789Z").ns() % 1'000'000'000, 123'456'789);
  EXPECT_EQ(T("2025-07-18T21:00:01.1234567890Z"), T("2025-07-18T21:00:01.123456789Z"));
}

TEST(Timestamp, AppliesOffsets) {
  EXPECT_EQ(T("2026-03-08T02:00:00-05:00"), T("2026-03-08T07:00:00Z"));
  EXPECT_EQ(T("2026-03-08T02:00:00+0530"), T("2026-03-07T20:30:00Z"));
  EXPECT_EQ(T("2026-01-01T00:00:00+01:00"), T("2025-12-31T23:00:00Z"));
}

TEST(Timestamp, NoZoneMeansUtc) { EXPECT_EQ(T("2025-07-18T21:00:01"), T("2025-07-18T21:00:01Z")); }

TEST(Timestamp, LeapDay) {
  EXPECT_TRUE(Timestamp::parse("2024-02-29T00:00:00Z").ok());
  EXPECT_FALSE(Timestamp::parse("2025-02-29T00:00:00Z").ok());
  EXPECT_FALSE(Timestamp::parse("1900-02-29T00:00:00Z").ok());
  EXPECT_TRUE(Timestamp::parse("2000-02-29T00:00:00Z").ok());
}

TEST(Timestamp, RejectsGarbage) {
  for (const char* bad :
       {"", "2025", "2025-07-18", "2025-07-18T21:00", "2025-13-01T00:00:00Z", "2025-00-01T00:00:00Z",
        "2025-04-31T00:00:00Z", "2025-07-18T24:00:00Z", "2025-07-18T23:60:00Z", "2025-07-18T23:00:60Z",
        "2025-07-18T21:00:01.Z", "2025-07-18T21:00:01.0000000001Z", "2025-07-18T21:00:01+25:00",
        "2025-07-18T21:00:01Zjunk", "2025-07-18X21:00:01Z", "2025/07/18T21:00:01Z", "abcd-ef-ghTij:kl:mnZ"}) {
    EXPECT_FALSE(Timestamp::parse(bad).ok()) << bad;
  }
}

TEST(Timestamp, FormatsBeforeEpoch) { EXPECT_EQ(T("1969-12-31T23:59:59.5Z").to_iso(), "1969-12-31T23:59:59.5Z"); }

TEST(Timestamp, Arithmetic) {
  const Timestamp t = T("2026-01-01T00:00:00Z");
  EXPECT_EQ(t + risk::seconds(90), T("2026-01-01T00:01:30Z"));
  EXPECT_EQ(T("2026-01-01T00:01:30Z") - t, risk::seconds(90));
  EXPECT_LT(t, t + risk::Duration(1));
}

TEST(Timestamp, RoundTrip) {
  for (const char* s : {"2026-05-06T13:36:03.4962794Z", "2099-12-31T23:59:59.999999999Z", "2000-02-29T12:00:00Z"}) {
    EXPECT_EQ(T(s).to_iso(), s);
  }
}

// Issue 22: nanoseconds since 1970 in 64 bits hold 1678-2262; a gateway
// timestamp beyond that is refused at the boundary, never wrapped into 1816.
TEST(Timestamp, RefusesYearsItCannotHold) {
  for (const char* bad : {"9999-12-31T23:59:59Z", "2262-04-12T00:00:00Z", "0000-01-01T00:00:00Z",
                          "1677-09-21T00:12:44Z", "2262-01-01T00:00:00Z"}) {
    const auto r = Timestamp::parse(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().message.find("year out of range"), std::string::npos) << r.error().message;
  }
  EXPECT_EQ(T("2261-12-31T23:59:59.999999999-23:59").to_iso(), "2262-01-01T23:58:59.999999999Z");
  EXPECT_EQ(T("1678-01-01T00:00:00+23:59").to_iso(), "1677-12-31T00:01:00Z");
}

TEST(Timestamp, CheckedFromSecondsRefusesWhatDoesNotFit) {
  EXPECT_EQ(risk::checked::from_seconds(0), Timestamp{});
  EXPECT_TRUE(risk::checked::from_seconds(risk::checked::kMaxSeconds).has_value());
  EXPECT_TRUE(risk::checked::from_seconds(-risk::checked::kMaxSeconds).has_value());
  EXPECT_FALSE(risk::checked::from_seconds(risk::checked::kMaxSeconds + 1).has_value());
  EXPECT_FALSE(risk::checked::from_seconds(253'402'300'799).has_value());  // 9999-12-31
  EXPECT_FALSE(risk::checked::from_seconds(INT64_MIN).has_value());
}
