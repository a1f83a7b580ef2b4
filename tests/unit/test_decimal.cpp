#include <gtest/gtest.h>

#include "core/checked.hpp"
#include "core/decimal.hpp"

using risk::Decimal;

namespace {
Decimal D(std::string_view s) {
  auto r = Decimal::parse(s);
  EXPECT_TRUE(r.ok()) << s << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : Decimal{};
}
}  // namespace

TEST(Decimal, ParsesGatewayForms) {
  EXPECT_EQ(D("6335.250000000").raw(), 6335'250'000'000LL);
  EXPECT_EQ(D("49909").raw(), 49909'000'000'000LL);
  EXPECT_EQ(D("113.46875").raw(), 113'468'750'000LL);
  EXPECT_EQ(D("-500.01").raw(), -500'010'000'000LL);
  EXPECT_EQ(D("0.00005").raw(), 50'000LL);
  EXPECT_EQ(D("0").raw(), 0);
  EXPECT_EQ(D("-0.0").raw(), 0);
  EXPECT_EQ(D("+12.5").raw(), 12'500'000'000LL);
  EXPECT_EQ(D("150175.38").raw(), 150175'380'000'000LL);
}

TEST(Decimal, ParsesExponents) {
  EXPECT_EQ(D("1.5e-3"), D("0.0015"));
  EXPECT_EQ(D("2E2"), D("200"));
  EXPECT_EQ(D("125e-2"), D("1.25"));
  EXPECT_EQ(D("1e-9").raw(), 1);
}

TEST(Decimal, TrailingZerosBeyondNineDigitsAreExact) { EXPECT_EQ(D("1.0000000000000"), D("1")); }

TEST(Decimal, RejectsWhatItCannotHoldExactly) {
  EXPECT_FALSE(Decimal::parse("0.0000000001").ok());
  EXPECT_FALSE(Decimal::parse("1e-10").ok());
  EXPECT_FALSE(Decimal::parse("99999999999").ok());
  EXPECT_FALSE(Decimal::parse("1e30").ok());
}

TEST(Decimal, RejectsGarbage) {
  for (const char* bad :
       {"", "-", "+", ".", "1.", ".5x", "abc", "1,5", "1.2.3", "1e", "1e+", " 1", "1 ", "--1", "nan", "inf", "0x10"}) {
    EXPECT_FALSE(Decimal::parse(bad).ok()) << bad;
  }
  EXPECT_TRUE(Decimal::parse(".5").ok());
}

TEST(Decimal, ComparesExactlyAtTheLimit) {
  const Decimal limit = D("500");
  EXPECT_FALSE(D("-500.00") < -limit);
  EXPECT_TRUE(D("-500.01") < -limit);
  EXPECT_EQ(D("-500.00"), -limit);
  EXPECT_TRUE(D("0.1") + D("0.2") == D("0.3"));
}

TEST(Decimal, Arithmetic) {
  EXPECT_EQ(D("555.00") - D("5.55") - D("3.75"), D("545.70"));
  EXPECT_EQ(D("1.25") * 4, D("5"));
  EXPECT_EQ(Decimal::from_int(-3), D("-3"));
  EXPECT_EQ(D("-2.5").abs(), D("2.5"));
}

TEST(Decimal, MulDivComputesPnlExactly) {
  // MYM: 74 points, tick 1 = $0.50, 15 lots -> 555
  EXPECT_EQ(Decimal::mul_div(D("74") * 15, D("0.5"), D("1")), D("555"));
  // ZB short 1 tick (0.03125) x $31.25 x 15 = -468.75
  EXPECT_EQ(Decimal::mul_div(-D("0.03125"), 15, D("0.03125")) * 1, D("-15"));
  EXPECT_EQ(Decimal::mul_div(-D("0.03125") * 15, D("31.25"), D("0.03125")), D("-468.75"));
  // 6E: 0.00005 tick = $6.25; 7 ticks x 2 lots = 87.50
  EXPECT_EQ(Decimal::mul_div(D("0.00035") * 2, D("6.25"), D("0.00005")), D("87.5"));
  // Average price off the tick grid: MNQ avg 21000.125, mark 21001.00, 3 lots -> 0.875 pt = 3.5 ticks x 0.5 x 3
  EXPECT_EQ(Decimal::mul_div((D("21001") - D("21000.125")) * 3, D("0.5"), D("0.25")), D("5.25"));
  EXPECT_EQ(Decimal::mul_div(D("1"), D("1"), Decimal{}), Decimal{});
}

TEST(Decimal, MulRoundsHalfAwayFromZero) {
  EXPECT_EQ(Decimal::mul(D("0.000000001"), D("0.5")).raw(), 1);
  EXPECT_EQ(Decimal::mul(D("-0.000000001"), D("0.5")).raw(), -1);
  EXPECT_EQ(Decimal::mul(D("1.5"), D("2")), D("3"));
}

TEST(Decimal, DivTrunc) {
  EXPECT_EQ(D("1.00").div_trunc(D("0.25")), 4);
  EXPECT_EQ(D("1.10").div_trunc(D("0.25")), 4);
  EXPECT_EQ(D("-1.10").div_trunc(D("0.25")), -4);
  EXPECT_EQ(D("1").div_trunc(Decimal{}), 0);
}

TEST(Decimal, PrintsShortestExactForm) {
  EXPECT_EQ(D("6335.250000000").to_string(), "6335.25");
  EXPECT_EQ(D("49909").to_string(), "49909");
  EXPECT_EQ(D("113.46875").to_string(), "113.46875");
  EXPECT_EQ(D("-500.01").to_string(), "-500.01");
  EXPECT_EQ(D("-0.5").to_string(), "-0.5");
  EXPECT_EQ(Decimal{}.to_string(), "0");
  EXPECT_EQ(D("0.000000001").to_string(), "0.000000001");
}

TEST(Decimal, PrintsFixed) {
  EXPECT_EQ(D("-500").to_string_fixed(2), "-500.00");
  EXPECT_EQ(D("1.005").to_string_fixed(2), "1.01");
  EXPECT_EQ(D("-1.005").to_string_fixed(2), "-1.01");
  EXPECT_EQ(D("-0.004").to_string_fixed(2), "0.00");
  EXPECT_EQ(D("12.5").to_string_fixed(0), "13");
  EXPECT_EQ(D("3.14159").to_string_fixed(9), "3.141590000");
}

TEST(Decimal, RoundTripsThroughText) {
  for (const char* s : {"0.25", "-468.75", "150175.38", "0.00005", "9000000000", "-9000000000.999999999"}) {
    EXPECT_EQ(D(D(s).to_string()), D(s)) << s;
  }
}

// Issue 22: sums of values that came from outside are checked.
TEST(Decimal, CheckedSumsSayWhenTheResultDoesNotFit) {
  const Decimal big = D("9223372036");
  EXPECT_EQ(risk::checked::add(D("1.5"), D("2.25")), D("3.75"));
  EXPECT_EQ(risk::checked::sub(D("1.5"), D("2.25")), D("-0.75"));
  EXPECT_FALSE(risk::checked::add(big, big).has_value());
  EXPECT_FALSE(risk::checked::sub(big, -big).has_value());
  EXPECT_FALSE(risk::checked::sub(-big, big).has_value());
  EXPECT_TRUE(risk::checked::sub(big, big).has_value());
}
