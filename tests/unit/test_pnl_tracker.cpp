#include <gtest/gtest.h>

#include "state/pnl_tracker.hpp"
#include "state_test_util.hpp"

using namespace risk;
using risk::test::D;
using risk::test::T;

namespace {
TradingDay day() { return TradingDay{T("2026-03-01T23:00:00Z"), T("2026-03-02T23:00:00Z"), CivilDate{2026, 3, 2}}; }

Trade fill(TradeId id, std::optional<std::string_view> pnl, std::string_view fees = "0", std::string_view comm = "0",
           std::string_view at = "2026-03-02T15:00:00Z") {
  Trade t;
  t.id = id;
  t.account_id = 1;
  t.contract_id = ContractId::of("CON.F.US.MNQ.H26");
  t.created = T(at);
  if (pnl) t.profit_and_loss = D(*pnl);
  t.fees = D(fees);
  t.commissions = D(comm);
  t.size = 1;
  return t;
}
}  // namespace

TEST(PnlTracker, ClosingFillsAddGrossAllFillsAddFees) {
  PnlTracker p;
  EXPECT_EQ(p.apply(fill(1, std::nullopt, "0.37", "0.25"), day()).outcome, PnlTracker::Outcome::Counted);
  EXPECT_EQ(p.apply(fill(2, "555", "5.55", "3.75"), day()).outcome, PnlTracker::Outcome::Counted);
  EXPECT_EQ(p.totals().gross, D("555"));
  EXPECT_EQ(p.totals().fees, D("9.92"));
  EXPECT_EQ(p.totals().realized(true), D("545.08"));
  EXPECT_EQ(p.totals().realized(false), D("555"));
}

TEST(PnlTracker, ZeroPnlIsAClosingFillNotAnOpeningOne) {
  PnlTracker p;
  const auto r = p.apply(fill(1, "0", "1.40"), day());
  EXPECT_EQ(r.outcome, PnlTracker::Outcome::Counted);
  EXPECT_EQ(p.totals().realized(true), D("-1.40"));
}

TEST(PnlTracker, DuplicateByIdIsIgnoredAndReportsBeforeAndAfter) {
  PnlTracker p;
  const auto first = p.apply(fill(7, "-100"), day());
  EXPECT_EQ(first.before.gross, D("0"));
  EXPECT_EQ(first.after.gross, D("-100"));
  const auto again = p.apply(fill(7, "-100"), day());
  EXPECT_EQ(again.outcome, PnlTracker::Outcome::Duplicate);
  EXPECT_EQ(again.before, again.after);
  EXPECT_EQ(p.totals().gross, D("-100"));
}

TEST(PnlTracker, VoidedFillNeverCountsAndVoidingTakesACountedFillOut) {
  PnlTracker p;
  Trade v = fill(1, "-900", "2");
  v.voided = true;
  EXPECT_EQ(p.apply(v, day()).outcome, PnlTracker::Outcome::Counted);
  EXPECT_EQ(p.totals().gross, D("0"));
  EXPECT_EQ(p.totals().fees, D("0"));

  Trade t = fill(2, "-300", "1");
  p.apply(t, day());
  EXPECT_EQ(p.totals().realized(true), D("-301"));
  t.voided = true;
  EXPECT_EQ(p.apply(t, day()).outcome, PnlTracker::Outcome::Changed);
  EXPECT_EQ(p.totals().realized(true), D("0"));
  t.voided = false;  // un-voided: counted again, once
  EXPECT_EQ(p.apply(t, day()).outcome, PnlTracker::Outcome::Changed);
  EXPECT_EQ(p.apply(t, day()).outcome, PnlTracker::Outcome::Duplicate);
  EXPECT_EQ(p.totals().realized(true), D("-301"));
}

TEST(PnlTracker, FillFromBeforeTheDayIsRememberedNotCounted) {
  PnlTracker p;
  const auto r = p.apply(fill(1, "-800", "1", "0", "2026-03-01T22:59:59Z"), day());
  EXPECT_EQ(r.outcome, PnlTracker::Outcome::OtherDay);
  EXPECT_EQ(p.totals(), PnlTotals{});
  EXPECT_EQ(p.apply(fill(1, "-800", "1", "0", "2026-03-01T22:59:59Z"), day()).outcome, PnlTracker::Outcome::Duplicate);
  // Voiding an other-day fill changes nothing today.
  Trade v = fill(1, "-800", "1", "0", "2026-03-01T22:59:59Z");
  v.voided = true;
  EXPECT_NE(p.apply(v, day()).outcome, PnlTracker::Outcome::Changed);
  EXPECT_EQ(p.totals(), PnlTotals{});
  EXPECT_EQ(p.apply(fill(2, "-1", "0", "0", "2026-03-01T23:00:00Z"), day()).outcome, PnlTracker::Outcome::Counted);
}

TEST(PnlTracker, NewDayStartsAtZeroAndForgetsIds) {
  PnlTracker p;
  p.apply(fill(1, "-100"), day());
  p.start_new_day();
  EXPECT_EQ(p.totals(), PnlTotals{});
  const TradingDay next{T("2026-03-02T23:00:00Z"), T("2026-03-03T23:00:00Z"), CivilDate{2026, 3, 3}};
  EXPECT_EQ(p.apply(fill(1, "-100"), next).outcome, PnlTracker::Outcome::OtherDay);
}

TEST(PnlTracker, RestoreSetsTotalsBeforeReplay) {
  PnlTracker p;
  p.restore(PnlTotals{D("-250"), D("5")});
  EXPECT_EQ(p.totals().realized(true), D("-255"));
}
