// The wire codec on recorded shapes (tests/data/gateway) and edge cases.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "gateway/codec.hpp"

using namespace risk;
using namespace risk::gateway;

namespace {

std::string data_dir() {
  const char* root = std::getenv("RISK_SOURCE_DIR");
  return std::string(root != nullptr ? root : RISK_SOURCE_DIR_FALLBACK) + "/tests/data/gateway/";
}

std::string read_file(const std::string& name) {
  std::ifstream f(data_dir() + name);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// Records of a .jsonl file as one SignalR frame.
std::string frame_of(const std::string& name) {
  std::istringstream in(read_file(name));
  std::string line;
  std::string frame;
  while (std::getline(in, line)) {
    if (!line.empty()) frame += line + kRecordSeparator;
  }
  return frame;
}

Decimal D(const char* s) { return *Decimal::parse(s); }

struct Collect : HubSink {
  std::vector<EventBody> events;
  std::vector<Completion> completions;
  std::vector<CloseMessage> closes;
  std::vector<HandshakeReply> handshakes;
  std::vector<std::string> malformed;
  std::vector<std::string> ignored;
  int pings = 0;
  void on_event(EventBody e) override { events.push_back(std::move(e)); }
  void on_completion(const Completion& c) override { completions.push_back(c); }
  void on_ping() override { ++pings; }
  void on_close(const CloseMessage& c) override { closes.push_back(c); }
  void on_handshake(const HandshakeReply& h) override { handshakes.push_back(h); }
  void on_malformed(std::string_view reason, std::string_view) override { malformed.emplace_back(reason); }
  void on_ignored(std::string_view target) override { ignored.emplace_back(target); }
};

// A decoder that has already seen the handshake reply.
struct Ready {
  HubDecoder decoder;
  Collect sink;
  Ready() {
    decoder.feed(std::string("{}") + kRecordSeparator, sink);
    sink.handshakes.clear();
  }
};

}  // namespace

TEST(HubCodec, LiveWrappedUserEvents) {
  Ready r;
  r.decoder.feed(frame_of("user_live_wrapped.jsonl"), r.sink);
  ASSERT_TRUE(r.sink.malformed.empty()) << r.sink.malformed[0];
  ASSERT_EQ(r.sink.events.size(), 4u);
  const auto& o = std::get<OrderEvent>(r.sink.events[0]).order;
  EXPECT_EQ(o.id, 2934939816);
  EXPECT_EQ(o.account_id, 20258288);
  EXPECT_EQ(o.contract_id.view(), "CON.F.US.MYM.M26");
  EXPECT_EQ(o.status, OrderStatus::Pending);
  EXPECT_EQ(o.type, OrderType::Market);
  EXPECT_EQ(o.side, OrderSide::Bid);
  EXPECT_EQ(o.size, 15);
  EXPECT_FALSE(o.limit_price.has_value());  // omitted null
  EXPECT_EQ(o.created.to_iso(), "2026-05-06T13:36:03.6112156Z");
  const auto& t = std::get<TradeEvent>(r.sink.events[1]).trade;
  EXPECT_EQ(t.id, 2555492505);
  EXPECT_EQ(t.price, D("49909"));
  EXPECT_EQ(t.fees, D("5.55"));
  EXPECT_EQ(t.commissions, D("3.75"));
  EXPECT_FALSE(t.profit_and_loss.has_value()) << "no profitAndLoss key = an opening half-turn";
  EXPECT_FALSE(t.voided);
  EXPECT_EQ(t.order_id, 2934939816);
  const auto& p = std::get<PositionEvent>(r.sink.events[2]).position;
  EXPECT_EQ(p.type, PositionType::Long);
  EXPECT_EQ(p.size, 15);
  EXPECT_EQ(p.average_price, D("49909"));
  const auto& a = std::get<AccountEvent>(r.sink.events[3]).account;
  EXPECT_EQ(a.balance, D("150175.38"));
  EXPECT_TRUE(a.can_trade);
  EXPECT_EQ(a.simulated, true);
  EXPECT_EQ(a.name, "150KTC-V2-478426-52758441");
}

TEST(HubCodec, BareUserEventsAreAcceptedToo) {
  Ready r;
  r.decoder.feed(frame_of("user_bare.jsonl"), r.sink);
  ASSERT_TRUE(r.sink.malformed.empty());
  ASSERT_EQ(r.sink.events.size(), 2u);
  const auto& t = std::get<TradeEvent>(r.sink.events[0]).trade;
  EXPECT_EQ(t.profit_and_loss, D("-468.75"));
  EXPECT_EQ(t.price, D("113.46875"));
  EXPECT_EQ(std::get<PositionEvent>(r.sink.events[1]).position.size, 0) << "a flat position arrives as size 0";
}

TEST(HubCodec, BatchDataArraysAndNullPadding) {
  Ready r;
  const std::string rec =
      R"({"type":1,"target":"GatewayUserOrder","arguments":[{"action":1,"data":[{"id":1,"accountId":2,"contractId":"CON.F.US.MNQ.H26","status":1},null,{"id":3,"accountId":2,"contractId":"CON.F.US.MNQ.H26","status":3}]}]})";
  r.decoder.feed(rec + kRecordSeparator, r.sink);
  ASSERT_EQ(r.sink.events.size(), 2u);
  EXPECT_EQ(std::get<OrderEvent>(r.sink.events[1]).order.status, OrderStatus::Cancelled);
}

TEST(HubCodec, MarketQuotesAreSparseAndTradesDepthIgnored) {
  Ready r;
  r.decoder.feed(frame_of("market.jsonl"), r.sink);
  ASSERT_TRUE(r.sink.malformed.empty()) << r.sink.malformed[0];
  ASSERT_EQ(r.sink.events.size(), 2u);
  const auto& q1 = std::get<QuoteEvent>(r.sink.events[0]).quote;
  EXPECT_EQ(q1.contract_id.view(), "CON.F.US.EP.U25");
  EXPECT_EQ(q1.last_price, D("6335.25"));
  EXPECT_EQ(q1.best_bid, D("6335"));
  EXPECT_EQ(q1.best_ask, D("6335.25"));
  const auto& q2 = std::get<QuoteEvent>(r.sink.events[1]).quote;
  EXPECT_FALSE(q2.last_price.has_value()) << "a missing price is unknown, never zero";
  EXPECT_FALSE(q2.best_ask.has_value());
  EXPECT_EQ(q2.best_bid, D("6335.25"));
  EXPECT_EQ(r.sink.ignored.size(), 2u);  // GatewayTrade, GatewayDepth
}

TEST(HubCodec, HandshakeCoalescedWithTheFirstRecords) {
  HubDecoder d;
  Collect c;
  d.feed(std::string("{}") + kRecordSeparator + R"({"type":6})" + kRecordSeparator + frame_of("market.jsonl"), c);
  ASSERT_EQ(c.handshakes.size(), 1u);
  EXPECT_FALSE(c.handshakes[0].error.has_value());
  EXPECT_EQ(c.pings, 1);
  EXPECT_EQ(c.events.size(), 2u);
}

TEST(HubCodec, HandshakeError) {
  HubDecoder d;
  Collect c;
  d.feed(std::string(R"({"error":"Requested protocol 'messagepack' is not available."})") + kRecordSeparator, c);
  ASSERT_EQ(c.handshakes.size(), 1u);
  EXPECT_EQ(c.handshakes[0].error, "Requested protocol 'messagepack' is not available.");
}

TEST(HubCodec, RecordsSplitAcrossMessagesAtEveryByte) {
  const std::string frame = frame_of("user_live_wrapped.jsonl");
  for (std::size_t cut = 1; cut < frame.size(); cut += 7) {
    Ready r;
    r.decoder.feed(frame.substr(0, cut), r.sink);
    r.decoder.feed(frame.substr(cut), r.sink);
    ASSERT_EQ(r.sink.events.size(), 4u) << "cut at " << cut;
    ASSERT_TRUE(r.sink.malformed.empty());
    EXPECT_EQ(r.decoder.pending_bytes(), 0u);
  }
}

TEST(HubCodec, CompletionsPingsAndClose) {
  Ready r;
  std::string f;
  for (const char* rec :
       {R"({"type":3,"invocationId":"7"})", R"({"type":3,"invocationId":"8","error":"Unauthorized account"})",
        R"({"type":3,"invocationId":"9","result":null})", R"({"type":6})",
        R"({"type":7,"error":"Connection closed with an error. Unauthorized","allowReconnect":false})",
        R"({"type":2,"invocationId":"1","item":1})"}) {
    f += rec;
    f += kRecordSeparator;
  }
  r.decoder.feed(f, r.sink);
  ASSERT_EQ(r.sink.completions.size(), 3u);
  EXPECT_EQ(r.sink.completions[0].invocation_id, "7");
  EXPECT_FALSE(r.sink.completions[0].error.has_value());
  EXPECT_EQ(r.sink.completions[1].error, "Unauthorized account");
  EXPECT_EQ(r.sink.pings, 1);
  ASSERT_EQ(r.sink.closes.size(), 1u);
  EXPECT_FALSE(r.sink.closes[0].allow_reconnect);
  EXPECT_EQ(r.sink.ignored.size(), 1u);
}

TEST(HubCodec, GarbageIsReportedAndDroppedNeverFatal) {
  Ready r;
  r.decoder.feed(frame_of("garbage.jsonl"), r.sink);
  EXPECT_TRUE(r.sink.events.empty()) << "no garbage record may become an event";
  EXPECT_EQ(r.sink.malformed.size(), 12u);
  // ... and the decoder keeps working afterwards.
  r.decoder.feed(frame_of("user_live_wrapped.jsonl"), r.sink);
  EXPECT_EQ(r.sink.events.size(), 4u);
  EXPECT_EQ(r.decoder.stats().malformed, 12u);
}

TEST(HubCodec, RandomBytesNeverCrash) {
  std::uint64_t x = 88172645463325252ull;
  for (int round = 0; round < 300; ++round) {
    Ready r;
    std::string junk;
    const std::string base = frame_of("user_live_wrapped.jsonl");
    junk = base;
    for (int k = 0; k < 10; ++k) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      junk[x % junk.size()] = static_cast<char>(x >> 24);
    }
    r.decoder.feed(junk, r.sink);  // must not crash, throw or hang
    EXPECT_LE(r.sink.events.size(), 4u);
  }
}

TEST(HubCodec, HugeIdsSevenDigitFractionsAndStringNumbers) {
  Ready r;
  const std::string rec =
      R"({"type":1,"target":"GatewayUserTrade","arguments":[{"action":0,"data":{"id":9223372036854775807,"accountId":"20258288","contractId":"CON.F.US.EU6.M26","creationTimestamp":"2026-05-06T13:36:03.4962794-05:00","price":"1.13845","profitAndLoss":-0.000000001,"fees":0,"side":1,"size":1,"voided":false,"orderId":4294967296}}]})";
  r.decoder.feed(rec + kRecordSeparator, r.sink);
  ASSERT_EQ(r.sink.events.size(), 1u) << (r.sink.malformed.empty() ? "" : r.sink.malformed[0]);
  const auto& t = std::get<TradeEvent>(r.sink.events[0]).trade;
  EXPECT_EQ(t.id, 9223372036854775807LL);
  EXPECT_EQ(t.account_id, 20258288);
  EXPECT_EQ(t.order_id, 4294967296LL);
  EXPECT_EQ(t.price, D("1.13845"));
  EXPECT_EQ(t.profit_and_loss, D("-0.000000001"));
  EXPECT_EQ(t.created.to_iso(), "2026-05-06T18:36:03.4962794Z");
  EXPECT_EQ(t.side, OrderSide::Ask);
}

// Issue 22: a timestamp a 64-bit nanosecond count cannot hold (here year 9999)
// is a malformed field: the record is dropped with its reason, never wrapped
// into a time around 1816 that goes on into the engine.
TEST(HubCodec, ATimestampBeyond2262IsRefusedWithItsReason) {
  Ready r;
  const std::string rec =
      R"({"type":1,"target":"GatewayUserTrade","arguments":[{"action":0,"data":{"id":1,"accountId":7,"contractId":"CON.F.US.MNQ.Z26","creationTimestamp":"9999-12-31T23:59:59Z","price":20000,"profitAndLoss":null,"fees":0,"side":0,"size":1,"voided":false,"orderId":2}}]})";
  r.decoder.feed(rec + kRecordSeparator, r.sink);
  EXPECT_TRUE(r.sink.events.empty());
  ASSERT_EQ(r.sink.malformed.size(), 1u);
  EXPECT_NE(r.sink.malformed[0].find("year out of range"), std::string::npos) << r.sink.malformed[0];
}

TEST(HubCodec, MissingCanTradeCountsAsTrue) {
  Ready r;
  r.decoder.feed(
      std::string(
          R"({"type":1,"target":"GatewayUserAccount","arguments":[{"action":1,"data":{"id":5,"balance":100}}]})") +
          kRecordSeparator,
      r.sink);
  ASSERT_EQ(r.sink.events.size(), 1u);
  EXPECT_TRUE(std::get<AccountEvent>(r.sink.events[0]).account.can_trade);
}

TEST(RestCodec, PositionsWithNineDigitPrices) {
  auto r = decode_positions(read_file("rest_positions.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r.value().envelope.success);
  ASSERT_EQ(r.value().payload.size(), 2u);
  EXPECT_EQ(r.value().payload[0].average_price, D("1575.75"));
  EXPECT_EQ(r.value().payload[1].type, PositionType::Short);
  EXPECT_EQ(r.value().payload[1].average_price, D("1.13845"));
}

TEST(RestCodec, OrdersWithExplicitNullsAndUnknownEnums) {
  auto r = decode_orders(read_file("rest_orders.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& o = r.value().payload;
  ASSERT_EQ(o.size(), 3u);
  EXPECT_EQ(o[0].id, 2934939764);
  EXPECT_EQ(o[0].stop_price, D("6300.25"));
  EXPECT_FALSE(o[0].limit_price.has_value());
  EXPECT_EQ(o[1].status, OrderStatus::Suspended);
  EXPECT_EQ(o[1].parent_order_id, 2934939760);
  EXPECT_EQ(o[1].custom_tag, "tp-1");
  EXPECT_EQ(static_cast<int>(o[2].status), 42) << "an unknown status is kept as its number";
  EXPECT_EQ(static_cast<int>(o[2].type), 9);
  EXPECT_FALSE(is_working(o[2].status));
}

TEST(RestCodec, TradesOpeningClosingVoided) {
  auto r = decode_trades(read_file("rest_trades.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& t = r.value().payload;
  ASSERT_EQ(t.size(), 3u);
  EXPECT_FALSE(t[0].profit_and_loss.has_value()) << "null profitAndLoss = opening";
  EXPECT_EQ(t[1].profit_and_loss, D("50"));
  EXPECT_EQ(t[2].profit_and_loss, D("0"));
  EXPECT_TRUE(t[2].voided);
  EXPECT_EQ(t[2].commissions, Decimal{});
}

TEST(RestCodec, LoginFailureEnvelope) {
  auto r = decode_login(read_file("rest_login_failed.json"));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value().envelope.success);
  EXPECT_EQ(r.value().envelope.error_code, 3);
  EXPECT_TRUE(r.value().payload.empty());
}

TEST(RestCodec, NotAnEnvelope) {
  EXPECT_FALSE(decode_positions("<html>502 Bad Gateway</html>").ok());
  EXPECT_FALSE(
      decode_positions(
          R"({"type":"https://tools.ietf.org/html/rfc7231#section-6.5.1","title":"One or more validation errors occurred.","status":400})")
          .ok());
  EXPECT_FALSE(decode_envelope("").ok());
  auto ok = decode_envelope(R"({"success":true,"errorCode":0,"errorMessage":null})");
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok.value().success);
}

TEST(RestCodec, PositionsNullListIsEmpty) {
  auto r = decode_positions(R"({"positions":null,"success":true,"errorCode":0,"errorMessage":null})");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value().payload.empty());
}

TEST(RestCodec, PlaceOrderRejectedStillHasAnId) {
  auto r = decode_place_order(
      R"({"orderId":9056,"success":false,"errorCode":2,"errorMessage":"Brackets cannot be used with Position Brackets. You must enable Auto OCO Brackets."})");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value().envelope.success);
  EXPECT_EQ(r.value().payload, 9056);
  EXPECT_NE(r.value().envelope.error_message.find("Auto OCO"), std::string::npos);
}
