// The matching engine and its money arithmetic against hand-computed values,
// including the live examples of gateway-api.md §6.4.
#include <gtest/gtest.h>

#include "sim/contracts.hpp"
#include "sim/exchange.hpp"

namespace risk::sim {
namespace {

Decimal D(const char* s) { return Decimal::parse(s).value(); }
Timestamp T(std::int64_t s) { return Timestamp::from_seconds(1'778'000'000 + s); }

const std::string kMYM = "CON.F.US.MYM.Z26";
const std::string kZB = "CON.F.US.USA.Z26";
const std::string kES = "CON.F.US.EP.Z26";
const std::string kMNQ = "CON.F.US.MNQ.Z26";
constexpr std::int64_t kAcc = 20258288;

struct Recorder : EventSink {
  std::vector<std::string> log;
  std::vector<Order> orders;
  std::vector<Trade> trades;
  std::vector<Position> positions;
  std::vector<Account> accounts;
  std::vector<Quote> quotes;
  void on_order(const Order& o) override {
    orders.push_back(o);
    log.push_back("order:" + std::to_string(static_cast<int>(o.status)));
  }
  void on_trade(const Trade& t) override {
    trades.push_back(t);
    log.push_back(t.profit_and_loss ? "trade:close" : "trade:open");
  }
  void on_position(const Position& p) override {
    positions.push_back(p);
    log.push_back("position:" + std::to_string(p.size));
  }
  void on_account(const Account& a) override {
    accounts.push_back(a);
    log.push_back("account");
  }
  void on_quote(const Quote& q) override { quotes.push_back(q); }
  void on_market_trades(const std::string&, const std::vector<MarketTrade>&) override {}
  void on_depth(const std::string&, const std::vector<DepthEntry>&) override {}
  void clear() {
    log.clear();
    orders.clear();
    trades.clear();
    positions.clear();
    accounts.clear();
  }
};

class ExchangeTest : public ::testing::Test {
 protected:
  ExchangeTest() : ex(ExchangeOptions{}, &rec) {
    for (const auto& c : default_contracts()) ex.add_contract(c);
    Account a;
    a.id = kAcc;
    a.name = "150KTC-V2-478426-52758441";
    a.balance = D("150000");
    a.user = "trader";
    ex.add_account(a);
  }
  PlaceResult market(const std::string& contract, int side, int size, Timestamp now = T(0)) {
    PlaceRequest r;
    r.account_id = kAcc;
    r.contract_id = contract;
    r.type = 2;
    r.side = side;
    r.size = size;
    return ex.place(r, now);
  }
  Decimal balance() const { return ex.account(kAcc)->balance; }
  Recorder rec;
  Exchange ex;
};

TEST_F(ExchangeTest, ContractsUseGatewayIdsAndRealTickValues) {
  ASSERT_NE(ex.contract("CON.F.US.EP.Z26"), nullptr);
  EXPECT_EQ(ex.contract("CON.F.US.EP.Z26")->tick_value, D("12.5"));
  EXPECT_EQ(ex.contract("CON.F.US.ENQ.Z26")->tick_value, D("5"));
  EXPECT_EQ(ex.contract("CON.F.US.MNQ.Z26")->tick_value, D("0.5"));
  EXPECT_EQ(ex.contract("CON.F.US.MES.Z26")->tick_value, D("1.25"));
  EXPECT_EQ(ex.contract("CON.F.US.RTY.Z26")->tick_size, D("0.1"));
  EXPECT_EQ(ex.contract("CON.F.US.CLE.Z26")->tick_value, D("10"));
  EXPECT_EQ(ex.contract("CON.F.US.GCE.Z26")->tick_size, D("0.1"));
  EXPECT_EQ(ex.contract("CON.F.US.EU6.Z26")->tick_size, D("0.00005"));
  EXPECT_EQ(ex.contract("CON.F.US.EU6.Z26")->tick_value, D("6.25"));
  EXPECT_EQ(ex.contract("CON.F.US.USA.Z26")->tick_size, D("0.03125"));
  EXPECT_EQ(ex.contract("CON.F.US.USA.Z26")->tick_value, D("31.25"));
  EXPECT_EQ(ex.contract("CON.F.US.EP.Z26")->symbol_id, "F.US.EP");
  EXPECT_EQ(ex.contract("CON.F.US.EP.Z26")->name, "ESZ6");
  EXPECT_EQ(ex.contract("CON.F.US.EP.Z26")->fees, D("1.40"));
}

TEST_F(ExchangeTest, MymLongRoundTripMatchesTheLiveArithmetic) {
  ASSERT_TRUE(ex.set_price(kMYM, D("49909"), T(0)).error_code == 0);
  rec.clear();
  const PlaceResult open = market(kMYM, 0, 15);
  ASSERT_EQ(open.error_code, 0);
  ASSERT_TRUE(open.order_id.has_value());
  EXPECT_GT(*open.order_id, std::int64_t{1} << 31);
  // §5.5: Pending, opening trade, Filled, position, account x2.
  EXPECT_EQ(rec.log,
            (std::vector<std::string>{"order:6", "trade:open", "order:2", "position:15", "account", "account"}));
  const Trade opening = rec.trades.at(0);  // a copy: rec is cleared below
  EXPECT_EQ(opening.price, D("49909"));
  EXPECT_EQ(opening.fees, D("5.55"));         // 0.37 x 15
  EXPECT_EQ(opening.commissions, D("3.75"));  // 0.25 x 15
  EXPECT_FALSE(opening.profit_and_loss.has_value());
  EXPECT_EQ(rec.positions.at(0).type, PositionType::Long);
  EXPECT_EQ(rec.positions.at(0).average_price, D("49909"));
  EXPECT_EQ(rec.positions.at(0).display_name, "MYMZ26");
  EXPECT_EQ(balance(), D("150000") - D("9.30"));

  // Live: the balance before the closing fill was 150175.38.
  ASSERT_TRUE(ex.set_balance(kAcc, D("150175.38"), T(1)));
  ASSERT_EQ(ex.set_price(kMYM, D("49983"), T(2)).error_code, 0);  // +74 points
  rec.clear();
  ASSERT_EQ(ex.close_position(kAcc, kMYM, T(3)).error_code, 0);
  EXPECT_EQ(rec.log, (std::vector<std::string>{"order:6", "trade:close", "trade:open", "order:2", "position:0",
                                               "account", "account"}));
  const Trade& closing = rec.trades.at(0);
  EXPECT_EQ(*closing.profit_and_loss, D("555"));  // 74 pts x $0.50 x 15 (tick 1 = $0.50)
  EXPECT_EQ(closing.side, OrderSide::Ask);
  EXPECT_EQ(rec.trades.at(1).id, opening.id);  // the opening half-turn, re-emitted
  EXPECT_EQ(rec.positions.at(0).size, 0);
  EXPECT_EQ(rec.positions.at(0).average_price, D("49909"));  // retained on the flat event
  EXPECT_EQ(balance(), D("150721.08"));                      // 150175.38 + 555.00 - 5.55 - 3.75
  EXPECT_EQ(rec.accounts.at(0).balance, D("150721.08"));
  EXPECT_TRUE(ex.open_positions(kAcc).empty());
}

TEST_F(ExchangeTest, ZbShortLosingOneTick) {
  ASSERT_EQ(ex.set_price(kZB, D("113.46875"), T(0)).error_code, 0);
  ASSERT_EQ(market(kZB, 1, 15).error_code, 0);
  ASSERT_EQ(ex.open_positions(kAcc).at(0)->type, PositionType::Short);
  ASSERT_EQ(ex.set_price(kZB, D("113.5"), T(1)).error_code, 0);
  rec.clear();
  ASSERT_EQ(market(kZB, 0, 15, T(2)).error_code, 0);
  EXPECT_EQ(*rec.trades.at(0).profit_and_loss, D("-468.75"));  // short 1 tick x 31.25 x 15
  EXPECT_EQ(rec.trades.at(0).fees, D("13.35"));                // 0.89 x 15
  EXPECT_EQ(rec.trades.at(0).commissions, D("7.5"));           // 0.50 x 15
  // Two half-turns of fees and commissions, and the loss.
  EXPECT_EQ(balance(), D("150000") - D("468.75") - D("13.35") * 2 - D("7.5") * 2);
}

TEST_F(ExchangeTest, EsFeesPerContract) {
  ASSERT_EQ(market(kES, 0, 2).error_code, 0);
  EXPECT_EQ(rec.trades.at(0).fees, D("2.80"));
}

TEST_F(ExchangeTest, AddingUsesTheSizeWeightedAveragePrice) {
  ex.set_price(kMNQ, D("100"), T(0));
  market(kMNQ, 0, 1);
  ex.set_price(kMNQ, D("104"), T(1));
  market(kMNQ, 0, 3, T(1));
  const auto pos = ex.open_positions(kAcc);
  ASSERT_EQ(pos.size(), 1u);
  EXPECT_EQ(pos[0]->size, 4);
  EXPECT_EQ(pos[0]->average_price, D("103"));  // (100 + 3 x 104) / 4
  ex.set_price(kMNQ, D("105"), T(2));
  rec.clear();
  ASSERT_EQ(ex.partial_close_position(kAcc, kMNQ, 1, T(2)).error_code, 0);
  EXPECT_EQ(*rec.trades.at(0).profit_and_loss, D("4"));  // 2 pts = 8 ticks x 0.50 x 1
  EXPECT_EQ(ex.open_positions(kAcc).at(0)->size, 3);
  EXPECT_EQ(ex.open_positions(kAcc).at(0)->average_price, D("103"));
}

TEST_F(ExchangeTest, ReversalClosesThenOpensTheRemainder) {
  ex.set_price(kMNQ, D("100"), T(0));
  market(kMNQ, 0, 2);
  ex.set_price(kMNQ, D("101"), T(1));
  rec.clear();
  market(kMNQ, 1, 5, T(1));
  ASSERT_EQ(rec.trades.size(), 3u);  // closing 2, re-emitted opening, opening 3
  EXPECT_EQ(rec.trades[0].size, 2);
  EXPECT_EQ(*rec.trades[0].profit_and_loss, D("4"));  // 1 pt = 4 ticks x 0.50 x 2
  EXPECT_EQ(rec.trades[2].size, 3);
  EXPECT_FALSE(rec.trades[2].profit_and_loss.has_value());
  ASSERT_EQ(rec.positions.size(), 2u);
  EXPECT_EQ(rec.positions[0].size, 0);
  EXPECT_EQ(rec.positions[1].type, PositionType::Short);
  EXPECT_EQ(rec.positions[1].size, 3);
  EXPECT_NE(rec.positions[1].id, rec.positions[0].id);
  EXPECT_EQ(rec.positions[1].average_price, D("101"));
}

TEST_F(ExchangeTest, LimitOrderRestsThenFillsAtItsPrice) {
  ex.set_price(kES, D("6335.25"), T(0));
  rec.clear();
  PlaceRequest r{kAcc, kES, 1, 0, 1, D("6330"), {}, {}, {}, {}, {}};
  const PlaceResult res = ex.place(r, T(0));
  ASSERT_EQ(res.error_code, 0);
  EXPECT_EQ(rec.log, (std::vector<std::string>{"order:6", "order:1"}));
  ex.set_price(kES, D("6331"), T(1));
  EXPECT_EQ(ex.order(*res.order_id)->status, OrderStatus::Open);
  rec.clear();
  ex.set_price(kES, D("6330"), T(2));
  // A resting order reports Filled before its trade.
  EXPECT_EQ(rec.log, (std::vector<std::string>{"order:2", "trade:open", "position:1", "account", "account"}));
  EXPECT_EQ(ex.order(*res.order_id)->filled_price, D("6330"));
  EXPECT_EQ(ex.order(*res.order_id)->fill_volume, 1);
}

TEST_F(ExchangeTest, MisalignedLimitPriceIsRejectedButKeepsItsId) {
  PlaceRequest r{kAcc, kES, 1, 0, 1, D("6330.1"), {}, {}, {}, {}, {}};
  const PlaceResult res = ex.place(r, T(0));
  EXPECT_EQ(res.error_code, 2);
  ASSERT_TRUE(res.order_id.has_value());
  EXPECT_EQ(ex.order(*res.order_id)->status, OrderStatus::Rejected);
  EXPECT_EQ(rec.log, (std::vector<std::string>{"order:6", "order:5"}));
}

TEST_F(ExchangeTest, StopOrderTriggersAtTheLastPrice) {
  ex.set_price(kES, D("6000"), T(0));
  market(kES, 0, 1);
  PlaceRequest stop{kAcc, kES, 4, 1, 1, {}, D("5990"), {}, {}, {}, {}};
  const PlaceResult res = ex.place(stop, T(0));
  ASSERT_EQ(res.error_code, 0);
  ex.set_price(kES, D("5995"), T(1));
  EXPECT_EQ(ex.order(*res.order_id)->status, OrderStatus::Open);
  ex.set_price(kES, D("5989"), T(2));  // gaps through the stop
  EXPECT_EQ(ex.order(*res.order_id)->status, OrderStatus::Filled);
  EXPECT_EQ(ex.order(*res.order_id)->filled_price, D("5989"));
  EXPECT_TRUE(ex.open_positions(kAcc).empty());
  // A sell stop above the market is refused.
  PlaceRequest bad{kAcc, kES, 4, 1, 1, {}, D("6100"), {}, {}, {}, {}};
  EXPECT_EQ(ex.place(bad, T(3)).error_code, 2);
}

TEST_F(ExchangeTest, TrailingStopFollowsThePrice) {
  ex.set_price(kES, D("6000"), T(0));
  market(kES, 0, 1);
  // trailPrice is an absolute level: 10 ticks below the last price.
  PlaceRequest trail{kAcc, kES, 5, 1, 1, {}, {}, D("5997.5"), {}, {}, {}};
  const PlaceResult res = ex.place(trail, T(0));
  ASSERT_EQ(res.error_code, 0);
  const Order* o = ex.order(*res.order_id);
  EXPECT_EQ(o->trail_distance, 10);
  EXPECT_EQ(o->trail_price, D("2.5"));  // read back as a distance
  ex.set_price(kES, D("6005"), T(1));   // stop trails up to 6002.5
  EXPECT_EQ(o->stop_price, D("6002.5"));
  ex.set_price(kES, D("6003"), T(2));
  EXPECT_EQ(o->status, OrderStatus::Open);
  ex.set_price(kES, D("6002.5"), T(3));
  EXPECT_EQ(o->status, OrderStatus::Filled);
  const Trade& closing = rec.trades.at(rec.trades.size() - 2);  // the last one is the re-emitted opening trade
  ASSERT_TRUE(closing.profit_and_loss.has_value());
  EXPECT_EQ(*closing.profit_and_loss, D("125"));  // 2.5 pts = 10 ticks x 12.50
}

TEST_F(ExchangeTest, TrailingStopValidationMessages) {
  ex.set_price(kES, D("6000"), T(0));
  PlaceRequest r{kAcc, kES, 5, 1, 1, {}, {}, {}, {}, {}, {}};
  EXPECT_EQ(ex.place(r, T(0)).error_message, "Trail Distance not set.");
  r.trail_price = D("5999.1");
  EXPECT_EQ(ex.place(r, T(0)).error_message, "Invalid trail price. Price is not aligned to tick size.");
  r.trail_price = D("5749.75");  // 1001 ticks
  EXPECT_EQ(ex.place(r, T(0)).error_message, "Trail Distance exceeds maximum (1000)");
}

TEST_F(ExchangeTest, BracketsNeedAutoOcoMode) {
  PlaceRequest r{kAcc, kES, 2, 0, 1, {}, {}, {}, {}, Bracket{-8, OrderType::Stop}, Bracket{16, OrderType::Limit}};
  const PlaceResult res = ex.place(r, T(0));
  EXPECT_EQ(res.error_code, 2);
  EXPECT_EQ(res.error_message, "Brackets cannot be used with Position Brackets. You must enable Auto OCO Brackets.");
  EXPECT_TRUE(res.order_id.has_value());
  EXPECT_EQ(rec.log, (std::vector<std::string>{"order:6", "order:5"}));
}

TEST_F(ExchangeTest, OcoBracketLegsWaitThenCancelEachOther) {
  ex.set_auto_oco_brackets(kAcc, true);
  ex.set_price(kES, D("6000"), T(0));
  PlaceRequest r{kAcc, kES, 2, 0, 1, {}, {}, {}, {}, Bracket{-8, OrderType::Stop}, Bracket{16, OrderType::Limit}};
  const PlaceResult res = ex.place(r, T(0));
  ASSERT_EQ(res.error_code, 0);
  const Order* sl = ex.order(*res.order_id + 1);
  const Order* tp = ex.order(*res.order_id + 2);
  ASSERT_NE(sl, nullptr);
  ASSERT_NE(tp, nullptr);
  EXPECT_EQ(sl->parent_order_id, res.order_id);
  EXPECT_EQ(sl->linked_order_id, tp->id);
  EXPECT_EQ(sl->status, OrderStatus::Open);  // the parent filled at once
  EXPECT_EQ(sl->stop_price, D("5998"));      // 6000 - 8 ticks
  EXPECT_EQ(tp->limit_price, D("6004"));     // 6000 + 16 ticks
  ex.set_price(kES, D("6004"), T(1));
  EXPECT_EQ(tp->status, OrderStatus::Filled);
  EXPECT_EQ(sl->status, OrderStatus::Cancelled);
  EXPECT_TRUE(ex.open_positions(kAcc).empty());
  // Wrong tick sign for a long stop loss.
  PlaceRequest wrong{kAcc, kES, 2, 0, 1, {}, {}, {}, {}, Bracket{8, OrderType::Stop}, {}};
  EXPECT_EQ(ex.place(wrong, T(2)).error_message, "Ticks should be less than zero when longing");
}

TEST_F(ExchangeTest, SuspendedLegsOfARestingParent) {
  ex.set_auto_oco_brackets(kAcc, true);
  ex.set_price(kES, D("6000"), T(0));
  PlaceRequest r{kAcc, kES, 1, 0, 1, D("5990"), {}, {}, {}, Bracket{-8, OrderType::Stop}, {}};
  const PlaceResult res = ex.place(r, T(0));
  const Order* sl = ex.order(*res.order_id + 1);
  EXPECT_EQ(sl->status, OrderStatus::Suspended);
  ASSERT_EQ(ex.cancel(kAcc, *res.order_id, T(1)).error_code, 0);
  EXPECT_EQ(sl->status, OrderStatus::Cancelled);
  EXPECT_EQ(ex.cancel(kAcc, *res.order_id, T(1)).error_code, 3);
  EXPECT_EQ(ex.cancel(kAcc, 42, T(1)).error_code, 2);
  EXPECT_EQ(ex.cancel(999, 42, T(1)).error_code, 1);
}

TEST_F(ExchangeTest, CanTradeFalseRejectsPlacementButAllowsClosing) {
  market(kES, 0, 1);
  rec.clear();
  ASSERT_TRUE(ex.set_can_trade(kAcc, false, T(1)));
  EXPECT_EQ(rec.log, (std::vector<std::string>{"account", "account"}));
  EXPECT_FALSE(rec.accounts[0].can_trade);
  const PlaceResult res = market(kES, 0, 1, T(2));
  EXPECT_EQ(res.error_code, 4);
  EXPECT_TRUE(res.order_id.has_value());
  EXPECT_EQ(ex.order(*res.order_id)->status, OrderStatus::Rejected);
  EXPECT_EQ(ex.close_position(kAcc, kES, T(3)).error_code, 0);
  EXPECT_TRUE(ex.open_positions(kAcc).empty());
}

TEST_F(ExchangeTest, ClosingErrorCodesFollowTheirOwnEnums) {
  EXPECT_EQ(ex.close_position(kAcc, kES, T(0)).error_code, 2);  // PositionNotFound
  EXPECT_EQ(ex.close_position(kAcc, "CON.F.US.XX.Z26", T(0)).error_code, 3);
  EXPECT_EQ(ex.close_position(1, kES, T(0)).error_code, 1);
  market(kES, 0, 2);
  EXPECT_EQ(ex.partial_close_position(kAcc, kES, 3, T(0)).error_code, 5);  // InvalidCloseSize
  EXPECT_EQ(ex.partial_close_position(kAcc, kES, 0, T(0)).error_code, 5);
  EXPECT_EQ(ex.partial_close_position(kAcc, kES, 2, T(0)).error_code, 0);
  PlaceRequest unknown{kAcc, "CON.F.US.XX.Z26", 2, 0, 1, {}, {}, {}, {}, {}, {}};
  const PlaceResult res = ex.place(unknown, T(0));
  EXPECT_EQ(res.error_code, 8);  // ContractNotFound, no order created
  EXPECT_FALSE(res.order_id.has_value());
}

TEST_F(ExchangeTest, ModifyMovesALimitAndCanMakeItFill) {
  ex.set_price(kES, D("6000"), T(0));
  PlaceRequest r{kAcc, kES, 1, 0, 2, D("5990"), {}, {}, {}, {}, {}};
  const auto id = *ex.place(r, T(0)).order_id;
  ModifyRequest m{kAcc, id, 3, D("5995"), {}, {}};
  ASSERT_EQ(ex.modify(m, T(1)).error_code, 0);
  EXPECT_EQ(ex.order(id)->size, 3);
  EXPECT_EQ(ex.order(id)->limit_price, D("5995"));
  ModifyRequest through{kAcc, id, {}, D("6000"), {}, {}};
  ASSERT_EQ(ex.modify(through, T(2)).error_code, 0);
  EXPECT_EQ(ex.order(id)->status, OrderStatus::Filled);
  EXPECT_EQ(ex.modify(through, T(3)).error_code, 3);
  ModifyRequest missing{kAcc, 7, {}, {}, {}, {}};
  EXPECT_EQ(ex.modify(missing, T(3)).error_code, 2);
}

TEST_F(ExchangeTest, RandomWalkIsDeterministicForASeed) {
  Recorder r1;
  Recorder r2;
  Exchange a(ExchangeOptions{}, &r1);
  Exchange b(ExchangeOptions{}, &r2);
  for (const auto& c : default_contracts()) {
    a.add_contract(c);
    b.add_contract(c);
  }
  for (int i = 0; i < 50; ++i) {
    a.step_prices(T(i));
    b.step_prices(T(i));
  }
  ASSERT_FALSE(r1.quotes.empty());
  ASSERT_EQ(r1.quotes.size(), r2.quotes.size());
  for (std::size_t i = 0; i < r1.quotes.size(); ++i) EXPECT_EQ(r1.quotes[i].last_price, r2.quotes[i].last_price);
  for (const Contract* c : a.contracts()) {
    EXPECT_EQ(a.last_price(c->id)->raw() % c->tick_size.raw(), 0) << c->id;  // stays on the tick grid
  }
  const Quote q = r1.quotes.back();
  EXPECT_EQ(q.best_bid + a.contract(q.contract_id)->tick_size, q.last_price);
  EXPECT_EQ(q.best_ask - a.contract(q.contract_id)->tick_size, q.last_price);
}

TEST_F(ExchangeTest, PricePathReplacesTheRandomWalk) {
  ex.set_price_path(kES, {D("6001"), D("6002.25"), D("6000")});
  ex.step_prices(T(0));
  EXPECT_EQ(ex.last_price(kES), D("6001"));
  ex.step_prices(T(1));
  ex.step_prices(T(2));
  ex.step_prices(T(3));
  EXPECT_EQ(ex.last_price(kES), D("6000"));  // the last value holds
}

}  // namespace
}  // namespace risk::sim
