// Fault soak: a scripted trader breaches again and again while the simulator
// misbehaves at random (429 storms with and without Retry-After, 5xx, replies
// delayed beyond the client's timeout while the action takes effect, dropped
// connections, failing verification reads, stalled hubs, idle connections
// closed or black-holed, sparse quotes). Invariants checked all the time:
//   - every breach ends where the rule asked: a position over its limit ends at
//     exactly the limit, a blocked symbol ends flat;
//   - no position is ever reduced below what the rule asked (no reduction
//     applied twice);
//   - no lockout is lost (the blocked symbol's lockout stays, and stays enforced);
//   - the daemon never exits.
// RISK_SOAK_SECONDS sets the length (60 in `make test`, 600 in `make soak`);
// RISK_SOAK_SEED replays a run (the seed is printed).
#include <cstdlib>
#include <random>

#include "e2e_fixture.hpp"

namespace risk::e2e {
namespace {

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

constexpr int kBuy = 0;
constexpr int kSell = 1;
constexpr const char* kMes = "CON.F.US.MES.Z26";
constexpr int kLimit = 2;  // MNQ contracts allowed

std::int64_t env_int(const char* name, std::int64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoll(v, nullptr, 10) : fallback;
}

// Sizes of the account's open positions by contract, as the simulator holds them.
std::map<std::string, int> sizes(Trader& t) {
  std::map<std::string, int> out;
  const Json s = t.state();
  if (!s.contains("positions")) return out;
  for (const auto& p : s["positions"]) {
    if (p["accountId"].get<AccountId>() == kAccount) out[p["contractId"].get<std::string>()] = p["size"].get<int>();
  }
  return out;
}

int size_of(Trader& t, const char* contract) {
  const auto all = sizes(t);
  const auto it = all.find(contract);
  return it == all.end() ? 0 : it->second;
}

class Soak {
 public:
  Soak(Trader& t, std::uint64_t seed) : t_(t), rng_(seed) {}

  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  // Switches one fault on (or clears them); says which, for the failure report.
  std::string fault() {
    const char* paths[] = {"/api/Position/partialCloseContract", "/api/Position/closeContract"};
    const std::string path = paths[pick(0, 1)];
    switch (pick(0, 9)) {
      case 0:
        t_.control("faults/clear", Json::object());
        return "none";
      case 1:
        t_.control("faults/rest", {{"path", path},
                                   {"kind", "status"},
                                   {"status", 429},
                                   {"retryAfter", nullptr},
                                   {"durationMs", pick(500, 4000)}});
        return "429 without Retry-After on " + path;
      case 2:
        // The verification reads too (the trader's own orders are never refused).
        for (const char* p : {"/api/Position/searchOpen", "/api/Order/v2/query", paths[0], paths[1]}) {
          t_.control("faults/rest",
                     {{"path", p}, {"kind", "status"}, {"status", 429}, {"retryAfter", 1}, {"count", pick(1, 3)}});
        }
        return "429 with Retry-After on the closes and the reads";
      case 3:
        t_.control("faults/rest", {{"path", path}, {"kind", "delay"}, {"delayMs", 4000}, {"count", 1}});
        return "reply after the timeout on " + path;
      case 4:
        t_.control("faults/rest", {{"path", path}, {"kind", "status"}, {"status", 503}, {"count", pick(1, 3)}});
        return "503 on " + path;
      case 5:
        t_.control("faults/rest", {{"path", path}, {"kind", "drop"}, {"count", 1}});
        return "dropped connection on " + path;
      case 6:
        // The simulator discards what a stalled hub should have sent. A stall
        // is noticed once the hub is silent for longer than its probes allow
        // (3 s); a shorter one that loses an event cannot be told from a
        // quiet market (the hub has no sequence numbers), so it is not drawn.
        t_.control("faults/hub", {{"action", "stall"}, {"hub", "user"}, {"durationMs", pick(3500, 8000)}});
        return "stalled user hub";
      case 7:
        t_.control("keepAlive", {{"idleMs", pick(300, 3000)},
                                 {"mode", pick(0, 2) == 0 ? "blackhole" : "close"},
                                 {"announce", pick(0, 1) == 1}});
        return "idle connections closed";
      case 8:
        t_.control("faults/rest", {{"path", "/api/Position/searchOpen"},
                                   {"kind", "status"},
                                   {"status", 500},
                                   {"durationMs", pick(500, 3000)}});
        return "failing position reads";
      default:
        t_.control("quotes", {{"sparse", pick(0, 1) == 1}, {"heartbeatMs", 500}});
        return "sparse quotes";
    }
  }

 private:
  Trader& t_;
  std::mt19937_64 rng_;
};

TEST_F(E2E, FaultSoakEveryBreachEndsAtTheLimitAndNothingIsDoneTwice) {
  const auto seconds = env_int("RISK_SOAK_SECONDS", 60);
  const auto seed = static_cast<std::uint64_t>(env_int("RISK_SOAK_SEED", std::random_device{}()));
  std::cout << "soak: " << seconds << " s, RISK_SOAK_SEED=" << seed << "\n";
  write_config(rules_yaml({{"max_contracts_per_instrument",
                            "    limits: {MNQ: 2}\n    unknown_symbol: allow\n    enforcement: reduce_to_limit\n"},
                           {"symbol_blocks", "    blocked_symbols: [MES]\n    close_existing: true\n"}}));
  start_daemon();
  Trader t(base(), ca());
  Soak soak(t, seed);
  t.price(kMnq, "20000");
  t.price(kMes, "6000");
  t.market(kMes, kBuy, 1);
  ASSERT_TRUE(eventually([&] { return size_of(t, kMes) == 0; }, 10s));
  ASSERT_TRUE(eventually([&] { return locked_by(RuleId::SymbolBlocks); }, 5s));

  const auto end = steady::now() + std::chrono::seconds(seconds);
  int rounds = 0;
  std::vector<std::string> faults;
  while (steady::now() < end) {
    ++rounds;
    faults.push_back(soak.fault());
    if (soak.pick(0, 2) == 0) faults.push_back(soak.fault());
    const std::string during = faults.back();
    SCOPED_TRACE("round " + std::to_string(rounds) + ", fault: " + during);
    ASSERT_EQ(daemon_rc.load(), -1) << "the daemon exited";

    if (soak.pick(0, 3) == 0) {
      // The blocked symbol: the lockout stands and is enforced.
      t.market(kMes, kBuy, soak.pick(1, 2));
      ASSERT_TRUE(eventually([&] { return size_of(t, kMes) == 0; }, 30s)) << "a locked symbol was left open";
      ASSERT_TRUE(locked_by(RuleId::SymbolBlocks)) << "the lockout was lost";
      continue;
    }
    // Over the MNQ limit: reduced to exactly the limit, never below.
    const int size = kLimit + soak.pick(1, 3);
    t.market(kMnq, kBuy, size);
    int lowest = size;
    const bool reduced = eventually(
        [&] {
          const int now = size_of(t, kMnq);
          if (now != 0) lowest = std::min(lowest, now);
          return now == kLimit;
        },
        30s);
    ASSERT_TRUE(reduced) << "MNQ " << size << " was not reduced to " << kLimit << " (now " << size_of(t, kMnq) << ")";
    // A reply that arrives late, or a resend, would show within a few seconds.
    const auto settle = steady::now() + 4s;
    while (steady::now() < settle) {
      lowest = std::min(lowest, size_of(t, kMnq));
      std::this_thread::sleep_for(100ms);
    }
    ASSERT_EQ(lowest, kLimit) << "a reduction was applied twice";
    // The trader gets out on their own, through the faults the daemon sees (not theirs).
    t.market(kMnq, kSell, kLimit);
    ASSERT_TRUE(eventually([&] { return size_of(t, kMnq) == 0; }, 10s));
  }
  t.control("faults/clear", Json::object());
  ASSERT_EQ(daemon_rc.load(), -1) << "the daemon exited";
  EXPECT_TRUE(locked_by(RuleId::SymbolBlocks));
  EXPECT_EQ(sizes(t).size(), 0U) << "positions left open";
  std::cout << "soak: " << rounds << " rounds, " << faults.size() << " faults\n";
}

}  // namespace
}  // namespace risk::e2e
