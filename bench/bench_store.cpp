// The store writer on a real SQLite file: sustained records per second
// (a realistic mix, mostly batched positions and orders), and the delay from
// producing a critical record (a lockout or daily P&L) to its commit.
#include <algorithm>
#include <filesystem>
#include <thread>

#include <benchmark/benchmark.h>

#include "store/store.hpp"
#include "store/writer.hpp"

namespace fs = std::filesystem;
using namespace risk;
using namespace risk::store;

namespace {

std::string fresh_db(const char* name) {
  const fs::path dir = fs::temp_directory_path() / ("risk-bench-store-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto path = (dir / name).string();
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(path + s);
  return path;
}

Database open(const std::string& path) {
  auto r = open_for_writing(path, "bench");
  if (!r) throw std::runtime_error(r.error().message);
  return std::move(r.value().db);
}

PersistRecord record(std::int64_t i) {
  const auto t = Timestamp::from_seconds(1'770'000'000) + std::chrono::milliseconds(i);
  switch (i % 10) {
    case 0: {
      Trade tr;
      tr.id = 5'000'000'000 + i;
      tr.account_id = 1 + i % 50;
      tr.contract_id = ContractId::of("CON.F.US.MNQ.H26");
      tr.created = t;
      tr.price = *Decimal::parse("21000.25");
      tr.fees = *Decimal::parse("0.37");
      return TradeRecord{tr, CivilDate{2026, 3, 3}};
    }
    case 1:
      return DailyPnlRecord{1 + i % 50,
                            CivilDate{2026, 3, 3},
                            Decimal::from_int(-i % 500),
                            Decimal::from_int(-i % 400),
                            Decimal::from_int(3),
                            static_cast<std::int32_t>(i % 100),
                            t};
    case 2:
    case 3:
    case 4:
    case 5: {
      Position p;
      p.id = i;
      p.account_id = 1 + i % 50;
      p.contract_id = ContractId::of("CON.F.US.MNQ.H26");
      p.type = PositionType::Long;
      p.size = static_cast<std::int32_t>(i % 4);
      p.average_price = *Decimal::parse("21000.25");
      p.created = t;
      return PositionRecord{p};
    }
    default: {
      Order o;
      o.id = 3'000'000'000 + i % 500;
      o.account_id = 1 + i % 50;
      o.contract_id = ContractId::of("CON.F.US.MNQ.H26");
      o.status = i % 3 == 0 ? OrderStatus::Cancelled : OrderStatus::Open;
      o.type = OrderType::Stop;
      o.size = 1;
      o.stop_price = *Decimal::parse("20990");
      return OrderRecord{o, false};
    }
  }
}

void BM_WriterSustained(benchmark::State& state) {
  const auto path = fresh_db("sustained.db");
  constexpr std::int64_t kRecords = 200'000;
  double per_sec = 0;
  for (auto _ : state) {
    StoreWriter w(open(path), {});
    const auto start = std::chrono::steady_clock::now();
    std::vector<PersistRecord> batch;
    std::uint64_t seq = 0;
    for (std::int64_t i = 0; i < kRecords; ++i) {
      batch.push_back(record(i));
      if (batch.size() == 8) {  // one engine step's worth
        seq = w.submit(batch);
        batch.clear();
      }
    }
    seq = w.submit(batch);
    w.wait_committed(seq);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    per_sec = static_cast<double>(kRecords) / secs;
  }
  state.counters["store_records_per_sec"] = per_sec;
}
BENCHMARK(BM_WriterSustained)->Unit(benchmark::kMillisecond)->Iterations(1);

// Critical records produced one at a time, a few milliseconds apart (as
// breaches happen), while batched records stream in the background.
void BM_CriticalCommitLatency(benchmark::State& state) {
  const auto path = fresh_db("critical.db");
  std::vector<std::int64_t> lat;
  for (auto _ : state) {
    StoreWriter w(open(path), {});
    for (int i = 0; i < 2000; ++i) {
      for (int k = 0; k < 20; ++k) w.submit(record(2 + (i * 20 + k) % 4));  // positions: batched
      Lockout l;
      l.account_id = 1 + i % 50;
      l.rule = RuleId::DailyRealizedLoss;
      l.kind = LockoutKind::UntilReset;
      l.set_at = Timestamp::from_seconds(1'770'000'000 + i);
      l.until = l.set_at + std::chrono::hours(3);
      l.reason = "bench";
      w.wait_committed(w.submit(LockoutRecord{l}));
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    lat = w.stats().critical_latency_us;
  }
  std::sort(lat.begin(), lat.end());
  auto pct = [&](double p) {
    return static_cast<double>(lat[static_cast<std::size_t>(p * static_cast<double>(lat.size() - 1))]);
  };
  state.counters["store_critical_commit_p50_us"] = pct(0.5);
  state.counters["store_critical_commit_p99_us"] = pct(0.99);
}
BENCHMARK(BM_CriticalCommitLatency)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
