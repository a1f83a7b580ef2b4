// Parsing of the gateway's numbers and timestamps: on every inbound event.
#include <array>
#include <string_view>

#include <benchmark/benchmark.h>

#include "core/decimal.hpp"
#include "core/timestamp.hpp"

namespace {

void BM_DecimalParse(benchmark::State& state) {
  constexpr std::array<std::string_view, 4> kInputs{"6335.250000000", "49909", "113.46875", "-500.01"};
  std::size_t i = 0;
  for (auto _ : state) {
    auto r = risk::Decimal::parse(kInputs[i++ & 3]);
    benchmark::DoNotOptimize(r);
  }
  state.counters["decimal_parse_per_sec"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DecimalParse);

void BM_TimestampParse(benchmark::State& state) {
  constexpr std::array<std::string_view, 2> kInputs{"2026-05-06T13:36:03.4962794+00:00", "2025-07-18T21:00:01Z"};
  std::size_t i = 0;
  for (auto _ : state) {
    auto r = risk::Timestamp::parse(kInputs[i++ & 1]);
    benchmark::DoNotOptimize(r);
  }
  state.counters["timestamp_parse_per_sec"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TimestampParse);

void BM_PnlMulDiv(benchmark::State& state) {
  const auto diff = *risk::Decimal::parse("12.75");
  const auto tick_value = *risk::Decimal::parse("0.5");
  const auto tick_size = *risk::Decimal::parse("0.25");
  std::int64_t size = 3;
  for (auto _ : state) {
    benchmark::DoNotOptimize(size);
    auto v = risk::Decimal::mul_div(diff * size, tick_value, tick_size);
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_PnlMulDiv);

}  // namespace

BENCHMARK_MAIN();
