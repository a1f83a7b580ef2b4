// Decoding recorded user-hub frames (the live TopstepX shapes) into domain
// events: decode_events_per_sec on one core.
#include <string>

#include <benchmark/benchmark.h>

#include "gateway/codec.hpp"

using namespace risk;
using namespace risk::gateway;

namespace {

const char* kRecords[] = {
    R"({"type":1,"target":"GatewayUserOrder","arguments":[{"action":1,"data":{"id":2934939816,"accountId":20258288,"contractId":"CON.F.US.MYM.M26","symbolId":"F.US.MYM","creationTimestamp":"2026-05-06T13:36:03.6112156+00:00","updateTimestamp":"2026-05-06T13:36:03.6112156+00:00","status":6,"type":2,"side":0,"size":15,"fillVolume":0}}]})",
    R"({"type":1,"target":"GatewayUserTrade","arguments":[{"action":0,"data":{"id":2555492505,"accountId":20258288,"contractId":"CON.F.US.MYM.M26","creationTimestamp":"2026-05-06T13:36:03.6185676+00:00","price":49909,"fees":5.55,"commissions":3.75,"side":0,"size":15,"voided":false,"orderId":2934939816}}]})",
    R"({"type":1,"target":"GatewayUserPosition","arguments":[{"action":1,"data":{"id":703034494,"accountId":20258288,"contractId":"CON.F.US.MYM.M26","contractDisplayName":"MYMM26","creationTimestamp":"2026-05-06T13:36:03.6247335+00:00","type":1,"size":15,"averagePrice":49909}}]})",
    R"({"type":1,"target":"GatewayUserAccount","arguments":[{"action":1,"data":{"id":20258288,"name":"150KTC-V2-478426-52758441","balance":150175.38,"canTrade":true,"isVisible":true,"simulated":true}}]})",
};

struct Count : HubSink {
  std::size_t events = 0;
  std::size_t bad = 0;
  void on_event(EventBody e) override {
    benchmark::DoNotOptimize(e);
    ++events;
  }
  void on_completion(const Completion&) override {}
  void on_ping() override {}
  void on_close(const CloseMessage&) override {}
  void on_handshake(const HandshakeReply&) override {}
  void on_malformed(std::string_view, std::string_view) override { ++bad; }
};

void BM_DecodeUserHub(benchmark::State& state) {
  // Frames as they arrive: one record per WebSocket message, the live mix.
  std::vector<std::string> frames;
  for (const char* r : kRecords) frames.push_back(std::string(r) + kRecordSeparator);
  HubDecoder decoder;
  Count sink;
  decoder.feed(std::string("{}") + kRecordSeparator, sink);
  std::size_t i = 0;
  for (auto _ : state) decoder.feed(frames[i++ & 3], sink);
  if (sink.bad != 0) state.SkipWithError("malformed records in the benchmark input");
  state.counters["decode_events_per_sec"] =
      benchmark::Counter(static_cast<double>(sink.events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DecodeUserHub);

void BM_DecodeQuote(benchmark::State& state) {
  const std::string frame =
      std::string(
          R"({"type":1,"target":"GatewayQuote","arguments":["CON.F.US.EP.U25",{"symbol":"F.US.EP","symbolName":"/ES","lastPrice":6335.25,"bestBid":6335,"bestAsk":6335.25,"change":12.5,"changePercent":0.2,"open":6320,"high":6340,"low":6318.75,"volume":123456,"lastUpdated":"2025-07-18T21:00:01.268009+00:00","timestamp":"2025-07-18T21:00:01.268009+00:00"}]})") +
      kRecordSeparator;
  HubDecoder decoder;
  Count sink;
  decoder.feed(std::string("{}") + kRecordSeparator, sink);
  for (auto _ : state) decoder.feed(frame, sink);
  state.counters["decode_quotes_per_sec"] =
      benchmark::Counter(static_cast<double>(sink.events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DecodeQuote);

}  // namespace

BENCHMARK_MAIN();
