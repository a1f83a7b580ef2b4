#include <gtest/gtest.h>

#include "state/quote_book.hpp"
#include "state_test_util.hpp"

using namespace risk;
using risk::test::C;
using risk::test::D;
using risk::test::T;

TEST(QuoteBook, SparseUpdatesMergeAndNeverZeroAPrice) {
  QuoteBook b;
  QuoteUpdate q;
  q.contract_id = C("CON.F.US.EP.H26");
  q.last_price = D("6000.25");
  q.best_bid = D("6000");
  b.apply(q, T("2026-03-02T15:00:00Z"));

  QuoteUpdate ask_only;
  ask_only.contract_id = C("CON.F.US.EP.H26");
  ask_only.best_ask = D("6000.5");
  const QuoteState& s = b.apply(ask_only, T("2026-03-02T15:00:05Z"));
  ASSERT_TRUE(s.last && s.bid && s.ask);
  EXPECT_EQ(s.last->price, D("6000.25"));
  // The hub sends only what changed: the last price it did not send still
  // stands, confirmed by this event (rules.md, Conventions).
  EXPECT_EQ(s.last->received, T("2026-03-02T15:00:05Z"));
  EXPECT_EQ(s.bid->price, D("6000"));
  EXPECT_EQ(s.ask->price, D("6000.5"));
  EXPECT_EQ(s.ask->received, T("2026-03-02T15:00:05Z"));
}

TEST(QuoteBook, AnEventWithNoPriceConfirmsThePricesThatStand) {
  QuoteBook b;
  QuoteUpdate q;
  q.contract_id = C("CON.F.US.EP.H26");
  q.last_price = D("6000.25");
  b.apply(q, T("2026-03-02T15:00:00Z"));
  QuoteUpdate heartbeat;  // only a timestamp or a volume on the wire
  heartbeat.contract_id = C("CON.F.US.EP.H26");
  const QuoteState& s = b.apply(heartbeat, T("2026-03-02T15:00:40Z"));
  ASSERT_TRUE(s.last);
  EXPECT_EQ(s.last->price, D("6000.25"));
  EXPECT_EQ(s.last->received, T("2026-03-02T15:00:40Z"));
}

TEST(QuoteBook, AnEmptyUpdateChangesNothing) {
  QuoteBook b;
  QuoteUpdate q;
  q.contract_id = C("CON.F.US.EP.H26");
  const QuoteState& s = b.apply(q, T("2026-03-02T15:00:00Z"));
  EXPECT_FALSE(s.last || s.bid || s.ask);
  q.last_price = D("0");  // a real zero price is a price, kept as sent
  EXPECT_EQ(b.apply(q, T("2026-03-02T15:00:01Z")).last->price, D("0"));
}

TEST(QuoteBook, ContractsAreSeparate) {
  QuoteBook b;
  QuoteUpdate q;
  q.contract_id = C("CON.F.US.EP.H26");
  q.last_price = D("6000");
  b.apply(q, T("2026-03-02T15:00:00Z"));
  EXPECT_EQ(b.find(C("CON.F.US.MES.H26")), nullptr);
  ASSERT_NE(b.find(C("CON.F.US.EP.H26")), nullptr);
  EXPECT_EQ(b.size(), 1u);
}
