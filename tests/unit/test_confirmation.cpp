// The confirmation predicate: when does the account's state show an
// enforcement action done? (engine/enforcement_book.hpp)
#include <gtest/gtest.h>

#include "engine/enforcement_book.hpp"
#include "state_test_util.hpp"

namespace risk {
namespace {

using test::C;
using test::D;
using test::long_pos;
using test::stop_order;
using test::T;

constexpr const char* kMnq = "CON.F.US.MNQ.H26";

Action action(ActionKind k) {
  Action a;
  a.kind = k;
  a.account_id = 1;
  a.contract_id = C(kMnq);
  return a;
}

TEST(Confirmation, CloseNeedsThePositionGone) {
  AccountState acct;
  acct.positions.apply(long_pos(kMnq, 2, "20000"), T("2026-03-02T15:00:00Z"));
  const Action close = action(ActionKind::ClosePosition);
  EXPECT_FALSE(action_confirmed(close, 2, acct));
  acct.positions.apply(long_pos(kMnq, 1, "20000"), T("2026-03-02T15:00:01Z"));
  EXPECT_FALSE(action_confirmed(close, 2, acct)) << "a smaller position is not a close";
  acct.positions.apply(long_pos(kMnq, 0, "20000"), T("2026-03-02T15:00:02Z"));
  EXPECT_TRUE(action_confirmed(close, 2, acct));
}

TEST(Confirmation, ReduceIsJudgedFromTheSizeWhenDecided) {
  AccountState acct;
  acct.positions.apply(long_pos(kMnq, 3, "20000"), T("2026-03-02T15:00:00Z"));
  Action reduce = action(ActionKind::ReducePosition);
  reduce.size = 1;
  EXPECT_FALSE(action_confirmed(reduce, 3, acct));
  acct.positions.apply(long_pos(kMnq, 2, "20000"), T("2026-03-02T15:00:01Z"));
  EXPECT_TRUE(action_confirmed(reduce, 3, acct)) << "3 -> 2";
  // Decided when the position was already 2 (the same request must take it to 1).
  EXPECT_FALSE(action_confirmed(reduce, 2, acct));
  acct.positions.apply(long_pos(kMnq, 0, "20000"), T("2026-03-02T15:00:02Z"));
  EXPECT_TRUE(action_confirmed(reduce, 2, acct)) << "gone is at least as small";
}

TEST(Confirmation, CancelNeedsTheOrderNoLongerWorking) {
  AccountState acct;
  Order o = stop_order(7, kMnq, OrderSide::Ask, "19900");
  acct.orders.apply(o);
  Action cancel = action(ActionKind::CancelOrder);
  cancel.order_id = 7;
  EXPECT_FALSE(action_confirmed(cancel, 0, acct));
  o.status = OrderStatus::PendingCancellation;
  acct.orders.apply(o);
  EXPECT_FALSE(action_confirmed(cancel, 0, acct)) << "pending cancellation still works until cancelled";
  o.status = OrderStatus::Cancelled;
  acct.orders.apply(o);
  EXPECT_TRUE(action_confirmed(cancel, 0, acct));
}

TEST(Confirmation, ModifyNeedsTheNewStopPrice) {
  AccountState acct;
  Order o = stop_order(7, kMnq, OrderSide::Ask, "19900");
  acct.orders.apply(o);
  Action modify = action(ActionKind::ModifyStop);
  modify.order_id = 7;
  modify.stop_price = D("19950");
  EXPECT_FALSE(action_confirmed(modify, 0, acct));
  o.stop_price = D("19950");
  acct.orders.apply(o);
  EXPECT_TRUE(action_confirmed(modify, 0, acct));
}

TEST(Confirmation, PlaceNeedsAStopAtThePriceInTheContract) {
  AccountState acct;
  Action place = action(ActionKind::PlaceStop);
  place.side = OrderSide::Ask;
  place.size = 1;
  place.stop_price = D("19900");
  acct.orders.apply(stop_order(8, "CON.F.US.EP.H26", OrderSide::Ask, "19900"));
  EXPECT_FALSE(action_confirmed(place, 0, acct)) << "another contract";
  acct.orders.apply(stop_order(9, kMnq, OrderSide::Ask, "19875"));
  EXPECT_FALSE(action_confirmed(place, 0, acct)) << "another price";
  acct.orders.apply(stop_order(10, kMnq, OrderSide::Ask, "19900"));
  EXPECT_TRUE(action_confirmed(place, 0, acct));
}

}  // namespace
}  // namespace risk
