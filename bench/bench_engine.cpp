// The engine alone on a mixed stream for 50 accounts: about 80 % quotes, the
// rest orders, positions and trades, with some breaches (and so lockouts, the
// gate, and enforcement plans). Reports engine_events_per_sec, the per-event
// latency percentiles and the heap the state of 100 accounts takes.
#include <algorithm>
#include <chrono>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>
#include <malloc.h>

#include "engine/engine.hpp"
#include "tz/iana_zone.hpp"

namespace {

using namespace risk;

struct Instrument {
  const char* id;
  const char* tick;
  const char* value;
  std::int64_t start_ticks;  // price in ticks
};
constexpr Instrument kInstruments[] = {
    {"CON.F.US.MNQ.H26", "0.25", "0.5", 80000},     {"CON.F.US.MES.H26", "0.25", "1.25", 24000},
    {"CON.F.US.EP.H26", "0.25", "12.5", 24000},     {"CON.F.US.ENQ.H26", "0.25", "5", 80000},
    {"CON.F.US.RTY.H26", "0.1", "5", 22000},        {"CON.F.US.CLE.H26", "0.01", "10", 7000},
    {"CON.F.US.GCE.H26", "0.1", "10", 26000},       {"CON.F.US.EU6.H26", "0.00005", "6.25", 23000},
    {"CON.F.US.USA.H26", "0.03125", "31.25", 3600},
};
constexpr int kInstrumentCount = static_cast<int>(std::size(kInstruments));

Decimal D(const char* s) { return *Decimal::parse(s); }

EngineSettingsPtr make_settings(int accounts) {
  auto s = std::make_shared<EngineSettings>();
  auto chicago = *tz::load("America/Chicago");
  for (int i = 0; i < accounts; ++i) {
    AccountSettings a;
    a.account_id = 1000 + i;
    a.timezone_name = "America/Chicago";
    a.timezone = chicago;
    a.rules.session_block_outside.timezone = chicago;
    a.rules.max_contracts_per_instrument.unknown_symbol = MaxContractsPerInstrumentConfig::UnknownSymbol::Allow;
    a.rules.daily_realized_loss.loss_limit = Decimal::from_int(2000);
    s->accounts.push_back(std::move(a));
  }
  return s;
}

// A deterministic stream. Every account trades one or two instruments with a
// protective stop; prices random-walk; now and then a large loss breaches RULE-003.
std::vector<Event> make_stream(int accounts, std::size_t count, Timestamp start) {
  std::mt19937_64 rng(42);
  std::vector<Event> out;
  out.reserve(count);
  std::vector<std::int64_t> price(kInstrumentCount);
  for (int i = 0; i < kInstrumentCount; ++i) price[static_cast<std::size_t>(i)] = kInstruments[i].start_ticks;
  std::vector<int> held(static_cast<std::size_t>(accounts));
  TradeId next_trade = 5'000'000'000;
  OrderId next_order = 3'000'000'000;
  Timestamp t = start;
  auto tick_price = [&](int inst) {
    return Decimal::mul_div(Decimal::from_int(price[static_cast<std::size_t>(inst)]), D(kInstruments[inst].tick),
                            Decimal::from_int(1));
  };
  auto cid = [](int inst) { return *ContractId::from(kInstruments[inst].id); };
  // Open a position with a stop for every account.
  for (int a = 0; a < accounts; ++a) {
    const int inst = a % kInstrumentCount;
    held[static_cast<std::size_t>(a)] = inst;
    Position p;
    p.id = a + 1;
    p.account_id = 1000 + a;
    p.contract_id = cid(inst);
    p.created = t;
    p.type = a % 2 == 0 ? PositionType::Long : PositionType::Short;
    p.size = 1 + a % 2;
    p.average_price = tick_price(inst);
    out.push_back(Event{t, PositionEvent{p}});
    Order o;
    o.id = next_order++;
    o.account_id = p.account_id;
    o.contract_id = p.contract_id;
    o.status = OrderStatus::Open;
    o.type = OrderType::Stop;
    o.side = p.is_long() ? OrderSide::Ask : OrderSide::Bid;
    o.size = p.size;
    o.stop_price = p.is_long() ? p.average_price - D(kInstruments[inst].tick) * 40
                               : p.average_price + D(kInstruments[inst].tick) * 40;
    out.push_back(Event{t, OrderEvent{o}});
  }
  std::uniform_int_distribution<int> pick(0, 99);
  std::uniform_int_distribution<int> step(-2, 2);
  while (out.size() < count) {
    t += std::chrono::microseconds(200);
    const int r = pick(rng);
    const int a = static_cast<int>(rng() % static_cast<std::uint64_t>(accounts));
    const int inst = held[static_cast<std::size_t>(a)];
    if (r < 80) {
      const int qi = static_cast<int>(rng() % kInstrumentCount);
      price[static_cast<std::size_t>(qi)] += step(rng);
      QuoteUpdate q;
      q.contract_id = cid(qi);
      q.last_price = tick_price(qi);
      if (r % 2 == 0) {
        q.best_bid = tick_price(qi) - D(kInstruments[qi].tick);
        q.best_ask = tick_price(qi);
      }
      out.push_back(Event{t, QuoteEvent{q}});
    } else if (r < 88) {
      // Each account works at most three limit orders: placed, modified, cancelled.
      Order o;
      o.id = 4'000'000'000 + a * 3 + static_cast<OrderId>(rng() % 3);
      o.account_id = 1000 + a;
      o.contract_id = cid(inst);
      o.status = r % 2 == 0 ? OrderStatus::Open : OrderStatus::Cancelled;
      o.type = OrderType::Limit;
      o.side = OrderSide::Bid;
      o.size = 1;
      o.limit_price = tick_price(inst) - D(kInstruments[inst].tick) * 10;
      out.push_back(Event{t, OrderEvent{o}});
    } else if (r < 94) {
      Position p;
      p.id = a + 1;
      p.account_id = 1000 + a;
      p.contract_id = cid(inst);
      p.created = start;
      p.type = a % 2 == 0 ? PositionType::Long : PositionType::Short;
      p.size = 1 + (r % 2);
      p.average_price = tick_price(inst);
      out.push_back(Event{t, PositionEvent{p}});
    } else {
      Trade tr;
      tr.id = next_trade++;
      tr.account_id = 1000 + a;
      tr.contract_id = cid(inst);
      tr.created = t;
      tr.price = tick_price(inst);
      tr.fees = D("0.37");
      tr.commissions = D("0.25");
      tr.side = OrderSide::Ask;
      tr.size = 1;
      if (r % 2 == 0)
        tr.profit_and_loss = r == 98 ? D("-2500") : Decimal::from_int(static_cast<std::int64_t>(step(rng)) * 25);
      out.push_back(Event{t, TradeEvent{tr}});
    }
  }
  return out;
}

const Timestamp kStart = *Timestamp::parse("2026-03-03T15:00:00Z");  // a Tuesday, inside the 08:30-15:00 CT session

// What the daemon's executor does for every action a step decided: reports on
// it (here at once, as in a dry run), so the engine's book of actions in
// flight stays as small as in the daemon, where the reports come within
// milliseconds. Timed with the event that decided them.
void report(Engine& engine, Timestamp at, const Effects& fx, Effects& scratch) {
  for (const auto& n : fx.notices) {
    const auto* plan = std::get_if<EnforcementPlan>(&n);
    if (plan == nullptr) continue;
    for (std::uint32_t i = 0; i < plan->actions.size(); ++i) {
      scratch.clear();
      engine.step(Event{at, ActionOutcome{ActionRef{plan->id, i}, ActionOutcome::Result::DryRun, "bench", {}, {}}},
                  scratch);
    }
  }
}

void BM_EngineMixedStream(benchmark::State& state) {
  constexpr int kAccounts = 50;
  const auto stream = make_stream(kAccounts, 200'000, kStart);
  std::vector<std::int64_t> lat;
  lat.reserve(stream.size());
  std::size_t events = 0;
  std::size_t plans = 0;
  for (auto _ : state) {
    state.PauseTiming();
    Engine engine(make_settings(kAccounts), kStart);
    Effects fx;
    Effects outcomes;
    lat.clear();
    state.ResumeTiming();
    for (const Event& e : stream) {
      const auto t0 = std::chrono::steady_clock::now();
      engine.step(e, fx);
      report(engine, e.at, fx, outcomes);
      const auto t1 = std::chrono::steady_clock::now();
      lat.push_back((t1 - t0).count());
      for (const auto& n : fx.notices) plans += std::holds_alternative<EnforcementPlan>(n) ? 1u : 0u;
      fx.clear();
    }
    events += stream.size();
  }
  std::sort(lat.begin(), lat.end());
  auto pct = [&](double p) {
    return static_cast<double>(lat[static_cast<std::size_t>(p * static_cast<double>(lat.size() - 1))]);
  };
  state.counters["engine_events_per_sec"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["engine_p50_ns"] = pct(0.50);
  state.counters["engine_p99_ns"] = pct(0.99);
  state.counters["engine_p999_ns"] = pct(0.999);
  state.counters["engine_plans"] = static_cast<double>(plans);
}
BENCHMARK(BM_EngineMixedStream)->Unit(benchmark::kMillisecond)->Iterations(3);

// Heap used by the engine's state for 100 accounts after a stream.
void BM_EngineStateMemory(benchmark::State& state) {
  constexpr int kAccounts = 100;
  const auto stream = make_stream(kAccounts, 100'000, kStart);
  double bytes = 0;
  for (auto _ : state) {
    const auto before = mallinfo2().uordblks;
    auto engine = std::make_unique<Engine>(make_settings(kAccounts), kStart);
    Effects fx;
    Effects outcomes;
    for (const Event& e : stream) {
      engine->step(e, fx);
      report(*engine, e.at, fx, outcomes);
      fx.clear();
    }
    outcomes.notices.shrink_to_fit();
    outcomes.persist.shrink_to_fit();
    fx.notices.shrink_to_fit();
    fx.persist.shrink_to_fit();
    const auto after = mallinfo2().uordblks;
    bytes = static_cast<double>(after - before);
    benchmark::DoNotOptimize(engine);
  }
  state.counters["engine_state_100_accounts_bytes"] = bytes;
}
BENCHMARK(BM_EngineStateMemory)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
