// The REST poller, stepped by hand with a manual clock and a fake read port.
#include <map>

#include "daemon/poller.hpp"
#include "parts_fixture.hpp"

namespace risk::daemon {
namespace {

using test::CapturedLogs;
using test::T;

class FakeReads final : public ReadPort {
 public:
  std::vector<std::vector<AccountId>> logins{{1001, 1002}};
  std::vector<bool> tokens{true};
  std::vector<int> login_calls = std::vector<int>(1, 0);
  int logins_fail = 0;  // how many logins fail before one succeeds
  int refreshes = 0;
  bool positions_fail = false;
  std::map<AccountId, int> snapshots;  // open_positions calls per account
  std::vector<Timestamp> trades_since;
  std::map<std::string, Contract> contracts;
  int lookups = 0;
  int lookups_fail = 0;  // how many searchById calls fail before they work
  int searches = 0;
  bool search_works = false;
  int warms = 0;
  std::vector<gateway::Priority> priorities;

  std::size_t login_count() const override { return logins.size(); }
  std::string username(std::size_t i) const override { return "user" + std::to_string(i); }
  std::vector<AccountId> accounts_of(std::size_t i) const override { return logins.at(i); }
  std::optional<std::size_t> login_of(AccountId a) const override {
    for (std::size_t i = 0; i < logins.size(); ++i) {
      for (AccountId x : logins[i]) {
        if (x == a) return i;
      }
    }
    return std::nullopt;
  }
  bool has_token(std::size_t i) const override { return tokens.at(i); }
  Result<bool> login(std::size_t i) override {
    ++login_calls.at(i);
    if (logins_fail > 0) {
      --logins_fail;
      return make_error("InvalidCredentials");
    }
    tokens.at(i) = true;
    return true;
  }
  Result<bool> refresh_if_needed(std::size_t) override {
    ++refreshes;
    return true;
  }
  Result<std::vector<Account>> accounts(std::size_t, gateway::Priority) override {
    Account a;
    a.id = 1001;
    a.can_trade = true;
    return std::vector<Account>{a};
  }
  Result<std::vector<Position>> open_positions(AccountId a, gateway::Priority p) override {
    ++snapshots[a];
    priorities.push_back(p);
    if (positions_fail) return make_error("HTTP 500");
    return std::vector<Position>{};
  }
  Result<std::vector<Order>> working_orders(AccountId, gateway::Priority) override { return std::vector<Order>{}; }
  Result<std::vector<Trade>> trades(AccountId, Timestamp since) override {
    trades_since.push_back(since);
    return std::vector<Trade>{};
  }
  Result<Contract> contract(const ContractId& id) override {
    ++lookups;
    if (lookups_fail > 0) {
      --lookups_fail;
      return make_error("HTTP 503");
    }
    const auto it = contracts.find(id.str());
    if (it == contracts.end()) return make_error("ContractNotFound");
    return it->second;
  }
  Result<std::vector<Contract>> search_contracts(const std::string& text) override {
    ++searches;
    if (!search_works) return make_error("HTTP 503");
    std::vector<Contract> out;
    for (const auto& [id, c] : contracts) {
      if (symbol_root(c.id).str() == text) out.push_back(c);
    }
    return out;
  }
  void warm(std::size_t) override { ++warms; }
};

struct PollerTest : ::testing::Test {
  ManualClock clock{T("2026-03-02T15:00:00Z")};
  CapturedLogs logs;
  FakeReads reads;
  std::vector<Event> events;
  std::vector<AccountId> startup_failures;
  Poller poller{reads, clock, logs.logs,
                Poller::Hooks{[this](Event e) { events.push_back(std::move(e)); },
                              [this](AccountId a) { startup_failures.push_back(a); }, [](const std::string&) {}},
                Poller::Options{}};
  void SetUp() override { poller.hub_state(0, true); }
};

TEST_F(PollerTest, ReconcileTakesOneSnapshotStampedWhenRequested) {
  poller.day_started(1001, T("2026-03-02T14:00:00Z"));  // from the engine's schedule
  poller.reconcile(1001, Poller::Read::Startup);
  poller.reconcile(1002);
  poller.reconcile(1002);  // asked twice in one round: one snapshot
  poller.step();
  ASSERT_EQ(events.size(), 2u);
  const auto& s = std::get<ReconciliationSnapshot>(events[0].body);
  EXPECT_EQ(s.account_id, 1001);
  EXPECT_TRUE(s.startup);
  EXPECT_EQ(s.requested_at, T("2026-03-02T15:00:00Z"));
  ASSERT_TRUE(s.account.has_value());
  EXPECT_EQ(reads.snapshots[1002], 1);
  ASSERT_EQ(reads.trades_since.size(), 2u);
  EXPECT_EQ(reads.trades_since[0], T("2026-03-02T14:00:00Z")) << "trades since the start of the trading day";
}

TEST_F(PollerTest, AFailedStartupSnapshotIsReportedSoReadinessDoesNotWait) {
  reads.positions_fail = true;
  poller.reconcile(1001, Poller::Read::Startup);
  poller.step();
  EXPECT_TRUE(events.empty());
  EXPECT_EQ(startup_failures, std::vector<AccountId>{1001});
  EXPECT_TRUE(logs.contains("reconciliation of account 1001 failed: HTTP 500"));
}

TEST_F(PollerTest, AccountsOfACredentialWhoseHubIsDownArePolledEveryTwoSeconds) {
  poller.hub_state(0, false);
  poller.step();
  EXPECT_EQ(reads.snapshots[1001], 1);
  EXPECT_EQ(reads.snapshots[1002], 1);
  clock.advance(milliseconds(1500));
  poller.step();
  EXPECT_EQ(reads.snapshots[1001], 1) << "not before two seconds";
  clock.advance(milliseconds(500));
  poller.step();
  EXPECT_EQ(reads.snapshots[1001], 2);
  poller.hub_state(0, true);
  clock.advance(seconds(10));
  poller.step();
  EXPECT_EQ(reads.snapshots[1001], 2) << "the hub is back: no more polling";
}

TEST_F(PollerTest, AFailedLoginIsRetriedWithDoublingBackoffThenReconciles) {
  reads.tokens[0] = false;
  reads.logins_fail = 2;
  poller.step();  // fails; next in 1 s
  EXPECT_EQ(reads.login_calls[0], 1);
  clock.advance(milliseconds(900));
  poller.step();
  EXPECT_EQ(reads.login_calls[0], 1);
  clock.advance(milliseconds(100));
  poller.step();  // fails again; next in 2 s
  EXPECT_EQ(reads.login_calls[0], 2);
  clock.advance(milliseconds(1999));
  poller.step();
  EXPECT_EQ(reads.login_calls[0], 2);
  clock.advance(milliseconds(1));
  poller.step();  // succeeds: every account of the credential is reconciled
  EXPECT_EQ(reads.login_calls[0], 3);
  EXPECT_TRUE(logs.contains("authenticated user0 (retry)"));
  poller.step();
  EXPECT_EQ(reads.snapshots[1001], 1);
  EXPECT_EQ(reads.snapshots[1002], 1);
}

TEST_F(PollerTest, TokensAreCheckedEveryMinute) {
  poller.step();
  EXPECT_EQ(reads.refreshes, 0) << "fresh logins at start";
  clock.advance(seconds(59));
  poller.step();
  EXPECT_EQ(reads.refreshes, 0);
  clock.advance(seconds(1));
  poller.step();
  EXPECT_EQ(reads.refreshes, 1);
}

Contract mnq() {
  Contract c;
  c.id = ContractId::of("CON.F.US.MNQ.H26");
  c.tick_size = Decimal::parse("0.25").value();
  c.tick_value = Decimal::parse("0.5").value();
  return c;
}

TEST_F(PollerTest, ContractDetailsGoToTheEngineAndAnUnknownOneIsLogged) {
  const Contract c = mnq();
  reads.contracts[c.id.str()] = c;
  poller.lookup_contract(c.id);
  poller.lookup_contract(ContractId::of("CON.F.US.XXX.H26"));
  poller.step();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(std::get<ContractEvent>(events[0].body).contract.tick_value, c.tick_value);
  EXPECT_TRUE(logs.contains("contract CON.F.US.XXX.H26 still unknown after 1 lookup(s) (ContractNotFound)"));
}

// A lookup that fails is tried again with backoff until it works: a contract is
// never left "tick size unknown" for good.
TEST_F(PollerTest, AFailingContractLookupIsRetriedWithBackoffUntilItWorks) {
  const Contract c = mnq();
  reads.contracts[c.id.str()] = c;
  reads.lookups_fail = 3;
  poller.lookup_contract(c.id);
  poller.step();  // fails; next in 1 s
  EXPECT_EQ(reads.lookups, 1);
  clock.advance(milliseconds(999));
  poller.step();
  EXPECT_EQ(reads.lookups, 1);
  clock.advance(milliseconds(1));
  poller.step();  // fails; next in 2 s
  clock.advance(seconds(2));
  poller.step();  // fails; next in 4 s
  EXPECT_EQ(reads.lookups, 3);
  EXPECT_TRUE(events.empty());
  clock.advance(seconds(4));
  poller.step();
  EXPECT_EQ(reads.lookups, 4);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(logs.contains("contract CON.F.US.MNQ.H26 found after 3 failed lookup(s)"));
  clock.advance(seconds(60));
  poller.step();
  EXPECT_EQ(reads.lookups, 4) << "found: no more lookups";
}

TEST_F(PollerTest, AContractSearchServesWhenTheLookupByIdFails) {
  const Contract c = mnq();
  reads.contracts[c.id.str()] = c;
  reads.lookups_fail = 100;
  reads.search_works = true;
  poller.lookup_contract(c.id);
  poller.step();
  EXPECT_EQ(reads.searches, 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(std::get<ContractEvent>(events[0].body).contract.id, c.id);
}

TEST_F(PollerTest, AVerificationReadsPositionsAndOrdersFirstAndBeforeRoutineTraffic) {
  poller.reconcile(1002);
  poller.reconcile(1001, Poller::Read::Verify);
  poller.step();
  ASSERT_EQ(events.size(), 2u);
  const auto& first = std::get<ReconciliationSnapshot>(events[0].body);
  EXPECT_EQ(first.account_id, 1001) << "the verification went first";
  EXPECT_FALSE(first.has_trades) << "positions and orders only";
  EXPECT_FALSE(first.account.has_value());
  ASSERT_EQ(reads.priorities.size(), 2u);
  EXPECT_EQ(reads.priorities[0], gateway::Priority::Critical);
  EXPECT_EQ(reads.priorities[1], gateway::Priority::Routine);
  EXPECT_TRUE(std::get<ReconciliationSnapshot>(events[1].body).has_trades);
}

TEST_F(PollerTest, EveryRoundKeepsTheCredentialsConnectionWarm) {
  poller.step();
  poller.step();
  EXPECT_EQ(reads.warms, 2);
}

}  // namespace
}  // namespace risk::daemon
