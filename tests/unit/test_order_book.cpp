#include <gtest/gtest.h>

#include "state/order_book.hpp"
#include "state_test_util.hpp"

using namespace risk;
using risk::test::long_pos;
using risk::test::short_pos;
using risk::test::stop_order;

TEST(OrderBook, WorkingOrdersAreAddedModifiedAndRemovedWhenTerminal) {
  OrderBook b;
  Order o = stop_order(1, "CON.F.US.MNQ.H26", OrderSide::Ask, "19990");
  auto c = b.apply(o);
  EXPECT_TRUE(c.added);
  EXPECT_EQ(b.all().size(), 1u);
  EXPECT_FALSE(b.apply(o).modified);  // identical re-send
  o.stop_price = risk::test::D("19995");
  EXPECT_TRUE(b.apply(o).modified);
  EXPECT_EQ(b.find(1)->stop_price, risk::test::D("19995"));
  for (OrderStatus s : {OrderStatus::Pending, OrderStatus::PendingCancellation, OrderStatus::Suspended}) {
    o.status = s;
    b.apply(o);
    EXPECT_NE(b.find(1), nullptr) << to_string(s);
  }
  o.status = OrderStatus::Filled;
  EXPECT_TRUE(b.apply(o).removed);
  EXPECT_TRUE(b.empty());
}

TEST(OrderBook, ATerminalOrderNeverSeenIsNotAdded) {
  OrderBook b;
  for (OrderStatus s : {OrderStatus::Cancelled, OrderStatus::Expired, OrderStatus::Rejected, OrderStatus::Filled}) {
    Order o = stop_order(2, "CON.F.US.MNQ.H26", OrderSide::Ask, "19990");
    o.status = s;
    const auto c = b.apply(o);
    EXPECT_FALSE(c.added || c.removed || c.modified);
  }
  EXPECT_TRUE(b.empty());
}

TEST(OrderBook, ReplaceAllReportsOrdersThatDisappeared) {
  OrderBook b;
  b.apply(stop_order(1, "CON.F.US.MNQ.H26", OrderSide::Ask, "19990"));
  b.apply(stop_order(2, "CON.F.US.MNQ.H26", OrderSide::Ask, "19980"));
  Order terminal = stop_order(4, "CON.F.US.MNQ.H26", OrderSide::Ask, "19970");
  terminal.status = OrderStatus::Cancelled;
  const auto gone = b.replace_all({stop_order(2, "CON.F.US.MNQ.H26", OrderSide::Ask, "19985"),
                                   stop_order(3, "CON.F.US.MES.H26", OrderSide::Bid, "6010"), terminal});
  EXPECT_EQ(gone, std::vector<OrderId>{1});
  EXPECT_EQ(b.all().size(), 2u);
  EXPECT_EQ(b.find(2)->stop_price, risk::test::D("19985"));
  EXPECT_EQ(b.find(4), nullptr);
}

TEST(ProtectiveStop, OppositeSideSameContractWorkingStopTypes) {
  const Position lp = long_pos("CON.F.US.MNQ.H26", 2, "20000");
  EXPECT_TRUE(is_protective_stop(stop_order(1, "CON.F.US.MNQ.H26", OrderSide::Ask, "19990"), lp));
  Order sl = stop_order(2, "CON.F.US.MNQ.H26", OrderSide::Ask, "19990");
  sl.type = OrderType::StopLimit;
  EXPECT_TRUE(is_protective_stop(sl, lp));
  sl.type = OrderType::TrailingStop;
  EXPECT_TRUE(is_protective_stop(sl, lp));
  sl.type = OrderType::Limit;
  EXPECT_FALSE(is_protective_stop(sl, lp));
  EXPECT_FALSE(is_protective_stop(stop_order(3, "CON.F.US.MNQ.H26", OrderSide::Bid, "20010"), lp));
  EXPECT_FALSE(is_protective_stop(stop_order(4, "CON.F.US.MNQ.M26", OrderSide::Ask, "19990"), lp));
  EXPECT_FALSE(is_protective_stop(stop_order(5, "CON.F.US.MNQ.H26", OrderSide::Ask, "19990", 0), lp));
  Order cancelled = stop_order(6, "CON.F.US.MNQ.H26", OrderSide::Ask, "19990");
  cancelled.status = OrderStatus::Cancelled;
  EXPECT_FALSE(is_protective_stop(cancelled, lp));

  const Position sp = short_pos("CON.F.US.MNQ.H26", 1, "20000");
  EXPECT_TRUE(is_protective_stop(stop_order(7, "CON.F.US.MNQ.H26", OrderSide::Bid, "20010"), sp));
  EXPECT_FALSE(is_protective_stop(stop_order(8, "CON.F.US.MNQ.H26", OrderSide::Ask, "19990"), sp));
}

TEST(ProtectiveStop, AStopAtOrBeyondEntryStillCounts) {
  const Position lp = long_pos("CON.F.US.MNQ.H26", 1, "20000");
  EXPECT_TRUE(is_protective_stop(stop_order(1, "CON.F.US.MNQ.H26", OrderSide::Ask, "20000"), lp));
  EXPECT_TRUE(is_protective_stop(stop_order(2, "CON.F.US.MNQ.H26", OrderSide::Ask, "20005"), lp));
  OrderBook b;
  EXPECT_FALSE(has_protective_stop(b, lp));
  b.apply(stop_order(2, "CON.F.US.MNQ.H26", OrderSide::Ask, "20005"));
  EXPECT_TRUE(has_protective_stop(b, lp));
}
