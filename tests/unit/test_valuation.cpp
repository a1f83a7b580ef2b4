#include <gtest/gtest.h>

#include "state/valuation.hpp"
#include "state_test_util.hpp"

using namespace risk;
using risk::test::C;
using risk::test::D;
using risk::test::long_pos;
using risk::test::short_pos;
using risk::test::T;

namespace {
Contract K(std::string_view id, std::string_view tick, std::string_view value) {
  Contract c;
  c.id = C(id);
  c.tick_size = D(tick);
  c.tick_value = D(value);
  return c;
}
QuoteState Q(std::optional<std::string_view> last, std::optional<std::string_view> bid = std::nullopt,
             std::optional<std::string_view> ask = std::nullopt, std::string_view at = "2026-03-02T15:00:00Z") {
  QuoteState q;
  if (last) q.last = QuotePrice{D(*last), T(at)};
  if (bid) q.bid = QuotePrice{D(*bid), T(at)};
  if (ask) q.ask = QuotePrice{D(*ask), T(at)};
  return q;
}
const Timestamp kNow = risk::test::T("2026-03-02T15:00:10Z");
const Duration kAge = seconds(30);
}  // namespace

TEST(Valuation, LongAndShortTickMath) {
  const Contract mnq = K("CON.F.US.MNQ.H26", "0.25", "0.5");
  EXPECT_EQ(unrealized_pnl(long_pos("CON.F.US.MNQ.H26", 2, "20000"), D("20010.25"), mnq), D("41"));
  EXPECT_EQ(unrealized_pnl(long_pos("CON.F.US.MNQ.H26", 1, "20000"), D("19849.75"), mnq), D("-300.5"));
  EXPECT_EQ(unrealized_pnl(short_pos("CON.F.US.MNQ.H26", 1, "20000"), D("19849.75"), mnq), D("300.5"));
  EXPECT_EQ(unrealized_pnl(short_pos("CON.F.US.MNQ.H26", 3, "20000"), D("20001"), mnq), D("-6"));
}

TEST(Valuation, SixEAndZbTickValuesAreExact) {
  const Contract e6 = K("CON.F.US.EU6.H26", "0.00005", "6.25");
  EXPECT_EQ(unrealized_pnl(long_pos("CON.F.US.EU6.H26", 2, "1.08000"), D("1.07880"), e6), D("-300"));
  EXPECT_EQ(unrealized_pnl(short_pos("CON.F.US.EU6.H26", 1, "1.08000"), D("1.07995"), e6), D("6.25"));
  const Contract zb = K("CON.F.US.USA.H26", "0.03125", "31.25");
  EXPECT_EQ(unrealized_pnl(short_pos("CON.F.US.USA.H26", 15, "113.46875"), D("113.5"), zb), D("-468.75"));
  EXPECT_EQ(unrealized_pnl(long_pos("CON.F.US.USA.H26", 1, "113.46875"), D("113.78125"), zb), D("312.5"));
  // An average price off the tick grid (several fills) is valued proportionally.
  EXPECT_EQ(unrealized_pnl(long_pos("CON.F.US.USA.H26", 2, "113.484375"), D("113.5"), zb), D("31.25"));
}

TEST(Valuation, MarkModes) {
  const QuoteState q = Q("100", "99.75", "100.25");
  EXPECT_EQ(mark_for(long_pos("X", 1, "100"), q, MarkPriceMode::Last)->price, D("100"));
  EXPECT_EQ(mark_for(long_pos("X", 1, "100"), q, MarkPriceMode::BidAsk)->price, D("99.75"));
  EXPECT_EQ(mark_for(short_pos("X", 1, "100"), q, MarkPriceMode::BidAsk)->price, D("100.25"));
  EXPECT_FALSE(mark_for(short_pos("X", 1, "100"), Q("100", "99.75"), MarkPriceMode::BidAsk).has_value());
}

TEST(Valuation, GapsAreReportedNotValued) {
  const Contract mnq = K("CON.F.US.MNQ.H26", "0.25", "0.5");
  const Position p = long_pos("CON.F.US.MNQ.H26", 1, "20000");
  const QuoteState q = Q("19000");
  EXPECT_EQ(value_position(p, &q, nullptr, MarkPriceMode::Last, kNow, kAge).gap, ValuationGap::NoContract);
  const Contract zero = K("CON.F.US.MNQ.H26", "0", "0.5");
  EXPECT_EQ(value_position(p, &q, &zero, MarkPriceMode::Last, kNow, kAge).gap, ValuationGap::NoContract);
  EXPECT_EQ(value_position(p, nullptr, &mnq, MarkPriceMode::Last, kNow, kAge).gap, ValuationGap::NoQuote);
  const QuoteState bid_only = Q(std::nullopt, "19000");
  EXPECT_EQ(value_position(p, &bid_only, &mnq, MarkPriceMode::Last, kNow, kAge).gap, ValuationGap::NoQuote);
  const Valuation ok = value_position(p, &bid_only, &mnq, MarkPriceMode::BidAsk, kNow, kAge);
  EXPECT_TRUE(ok.known());
  EXPECT_EQ(ok.pnl, D("-2000"));
  EXPECT_FALSE(to_string(ValuationGap::StaleQuote).empty());
}

TEST(Valuation, StaleAfterMaxAgeNotAtIt) {
  const Contract mnq = K("CON.F.US.MNQ.H26", "0.25", "0.5");
  const Position p = long_pos("CON.F.US.MNQ.H26", 1, "20000");
  const QuoteState q = Q("19990");  // received 15:00:00
  const Valuation at_age = value_position(p, &q, &mnq, MarkPriceMode::Last, T("2026-03-02T15:00:30Z"), kAge);
  EXPECT_TRUE(at_age.known());
  EXPECT_EQ(at_age.pnl, D("-20"));
  const Valuation stale = value_position(p, &q, &mnq, MarkPriceMode::Last, T("2026-03-02T15:00:30.000000001Z"), kAge);
  EXPECT_EQ(stale.gap, ValuationGap::StaleQuote);
  EXPECT_EQ(stale.mark, D("19990"));  // the stale mark is still reported
}
