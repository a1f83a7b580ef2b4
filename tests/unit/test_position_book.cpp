#include <gtest/gtest.h>

#include "state/position_book.hpp"
#include "state_test_util.hpp"

using namespace risk;
using risk::test::C;
using risk::test::D;
using risk::test::long_pos;
using risk::test::short_pos;
using risk::test::stop_order;
using risk::test::T;

TEST(PositionBook, OpenGrowShrinkClose) {
  PositionBook b;
  auto c = b.apply(long_pos("CON.F.US.MNQ.H26", 2, "20000"), T("2026-03-02T15:00:00Z"));
  EXPECT_TRUE(c.opened && c.grew && c.size_changed);
  EXPECT_EQ(b.total_contracts(), 2);
  c = b.apply(long_pos("CON.F.US.MNQ.H26", 3, "20001"), T("2026-03-02T15:00:10Z"));
  EXPECT_FALSE(c.opened);
  EXPECT_TRUE(c.grew && c.size_changed);
  EXPECT_EQ(c.old_size, 2);
  EXPECT_EQ(b.find(C("CON.F.US.MNQ.H26"))->opened_at, T("2026-03-02T15:00:00Z"));
  EXPECT_EQ(b.find(C("CON.F.US.MNQ.H26"))->position.average_price, D("20001"));
  c = b.apply(long_pos("CON.F.US.MNQ.H26", 1, "20001"), T("2026-03-02T15:00:20Z"));
  EXPECT_FALSE(c.grew);
  EXPECT_TRUE(c.size_changed);
  c = b.apply(long_pos("CON.F.US.MNQ.H26", 1, "20001"), T("2026-03-02T15:00:25Z"));
  EXPECT_FALSE(c.size_changed || c.grew || c.opened || c.closed);
  c = b.apply(long_pos("CON.F.US.MNQ.H26", 0, "20001"), T("2026-03-02T15:00:30Z"));
  EXPECT_TRUE(c.closed);
  EXPECT_TRUE(b.empty());
  // A flat event for an unknown contract is nothing.
  c = b.apply(long_pos("CON.F.US.MES.H26", 0, "6000"), T("2026-03-02T15:00:30Z"));
  EXPECT_FALSE(c.closed || c.opened);
}

TEST(PositionBook, ReversalIsANewPosition) {
  PositionBook b;
  b.apply(long_pos("CON.F.US.MNQ.H26", 2, "20000"), T("2026-03-02T15:00:00Z"));
  const auto c = b.apply(short_pos("CON.F.US.MNQ.H26", 1, "19990"), T("2026-03-02T15:01:00Z"));
  EXPECT_TRUE(c.opened && c.grew);
  const PositionState* s = b.find(C("CON.F.US.MNQ.H26"));
  EXPECT_EQ(s->opened_at, T("2026-03-02T15:01:00Z"));
  EXPECT_EQ(s->unprotected_since, T("2026-03-02T15:01:00Z"));
  EXPECT_EQ(s->best_price, D("19990"));
}

TEST(PositionBook, ContractsPerRootAndTotal) {
  PositionBook b;
  b.apply(long_pos("CON.F.US.MNQ.H26", 2, "20000"), T("2026-03-02T15:00:00Z"));
  b.apply(short_pos("CON.F.US.MNQ.M26", 1, "20100"), T("2026-03-02T15:00:00Z"));
  b.apply(long_pos("CON.F.US.MES.H26", 3, "6000"), T("2026-03-02T15:00:00Z"));
  EXPECT_EQ(b.total_contracts(), 6);
  EXPECT_EQ(b.contracts_in_root(SymbolRoot::of("MNQ")), 3);
  EXPECT_EQ(b.contracts_in_root(SymbolRoot::of("MES")), 3);
  EXPECT_EQ(b.contracts_in_root(SymbolRoot::of("ES")), 0);
}

TEST(PositionBook, ProtectionBookkeeping) {
  PositionBook b;
  OrderBook orders;
  b.apply(long_pos("CON.F.US.MNQ.H26", 1, "20000"), T("2026-03-02T15:00:00Z"));
  b.update_protection(orders, T("2026-03-02T15:00:00Z"));
  EXPECT_EQ(b.find(C("CON.F.US.MNQ.H26"))->unprotected_since, T("2026-03-02T15:00:00Z"));
  // Still unprotected later: the clock is not restarted.
  b.update_protection(orders, T("2026-03-02T15:00:10Z"));
  EXPECT_EQ(b.find(C("CON.F.US.MNQ.H26"))->unprotected_since, T("2026-03-02T15:00:00Z"));
  orders.apply(stop_order(1, "CON.F.US.MNQ.H26", OrderSide::Ask, "19990"));
  b.update_protection(orders, T("2026-03-02T15:00:15Z"));
  EXPECT_FALSE(b.find(C("CON.F.US.MNQ.H26"))->unprotected_since.has_value());
  // A size change keeps the protection state.
  b.apply(long_pos("CON.F.US.MNQ.H26", 2, "20000"), T("2026-03-02T15:00:20Z"));
  b.update_protection(orders, T("2026-03-02T15:00:20Z"));
  EXPECT_FALSE(b.find(C("CON.F.US.MNQ.H26"))->unprotected_since.has_value());
  Order gone = stop_order(1, "CON.F.US.MNQ.H26", OrderSide::Ask, "19990");
  gone.status = OrderStatus::Cancelled;
  orders.apply(gone);
  b.update_protection(orders, T("2026-03-02T15:00:40Z"));
  EXPECT_EQ(b.find(C("CON.F.US.MNQ.H26"))->unprotected_since, T("2026-03-02T15:00:40Z"));
}

TEST(PositionBook, BestPriceIsTheMostFavourableMark) {
  PositionBook b;
  b.apply(long_pos("CON.F.US.MNQ.H26", 1, "20000"), T("2026-03-02T15:00:00Z"));
  b.apply(short_pos("CON.F.US.MES.H26", 1, "6000"), T("2026-03-02T15:00:00Z"));
  b.observe_mark(C("CON.F.US.MNQ.H26"), D("20010"));
  b.observe_mark(C("CON.F.US.MNQ.H26"), D("20005"));
  b.observe_mark(C("CON.F.US.MES.H26"), D("5990"));
  b.observe_mark(C("CON.F.US.MES.H26"), D("5995"));
  EXPECT_EQ(b.find(C("CON.F.US.MNQ.H26"))->best_price, D("20010"));
  EXPECT_EQ(b.find(C("CON.F.US.MES.H26"))->best_price, D("5990"));
}

TEST(PositionBook, ReplaceAllKeepsKnownStateAndReportsClosed) {
  PositionBook b;
  b.apply(long_pos("CON.F.US.MNQ.H26", 1, "20000"), T("2026-03-02T14:00:00Z"));
  b.apply(long_pos("CON.F.US.MES.H26", 1, "6000"), T("2026-03-02T14:00:00Z"));
  b.observe_mark(C("CON.F.US.MNQ.H26"), D("20050"));
  Position fresh = short_pos("CON.F.US.EP.H26", 1, "6000");
  fresh.created = T("2026-03-02T14:30:00Z");
  Position future = long_pos("CON.F.US.MYM.H26", 1, "40000");
  future.created = T("2026-03-02T16:00:00Z");  // clock skew: clamped to now
  const auto closed =
      b.replace_all({long_pos("CON.F.US.MNQ.H26", 3, "20010"), fresh, future}, T("2026-03-02T15:00:00Z"));
  EXPECT_EQ(closed, std::vector<ContractId>{C("CON.F.US.MES.H26")});
  const PositionState* mnq = b.find(C("CON.F.US.MNQ.H26"));
  EXPECT_EQ(mnq->position.size, 3);
  EXPECT_EQ(mnq->opened_at, T("2026-03-02T14:00:00Z"));
  EXPECT_EQ(mnq->best_price, D("20050"));
  EXPECT_EQ(b.find(C("CON.F.US.EP.H26"))->opened_at, T("2026-03-02T14:30:00Z"));
  EXPECT_EQ(b.find(C("CON.F.US.MYM.H26"))->opened_at, T("2026-03-02T15:00:00Z"));
}
