// The daemon as a process and through trouble: SIGKILL during a lockout and a
// restart, a refused configuration, a hub dropped while the trader breaches,
// several credentials, an expired token.
#include <sstream>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e_fixture.hpp"

using namespace risk;
using namespace risk::e2e;

namespace {

constexpr int kBuy = 0;
constexpr int kSell = 1;

std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

struct Process {
  pid_t pid = -1;
  std::string out_file;
  ~Process() { kill_now(); }
  void kill_now() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      int st = 0;
      ::waitpid(pid, &st, 0);
      pid = -1;
    }
  }
  int wait_exit(std::chrono::seconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      int st = 0;
      const pid_t r = ::waitpid(pid, &st, WNOHANG);
      if (r == pid) {
        pid = -1;
        return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }
};

Process spawn(const std::vector<std::string>& args, const std::string& out_file) {
  Process p;
  p.out_file = out_file;
  p.pid = ::fork();
  if (p.pid == 0) {
    FILE* f = std::fopen(out_file.c_str(), "w");
    if (f != nullptr) {
      ::dup2(fileno(f), 1);
      ::dup2(fileno(f), 2);
    }
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  return p;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

bool log_contains(const fs::path& dir, const std::string& text) {
  if (!fs::exists(dir)) return false;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().rfind("daemon", 0) == 0 && slurp(e.path()).find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

class E2EProcess : public E2E {
 protected:
  Process start_binary() {
    std::vector<std::string> args{RISK_DAEMON_BIN,         "--config",  (dir / "config").string(), "--data",
                                  (dir / "data").string(), "--log-dir", (dir / "logs").string()};
    return spawn(args, (dir / ("daemon-" + std::to_string(runs_++) + ".out")).string());
  }
  int runs_ = 0;
};

TEST_F(E2EProcess, SigkillDuringALockoutThenRestartKeepsAndEnforcesIt) {
  write_config(rules_yaml({{"daily_realized_loss", "    loss_limit: 100\n"}}) +
               "event_server:\n  host: 127.0.0.1\n  port: " + std::to_string(free_port()) + "\n");
  Process d = start_binary();
  ASSERT_TRUE(eventually([&] { return log_contains(dir / "logs", "Started Successfully"); }, std::chrono::seconds(20)))
      << slurp(d.out_file);
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 2);
  ASSERT_TRUE(eventually([&] { return t.open_contracts() == 2; }));
  t.price(kMnq, "19900");
  t.market(kMnq, kSell, 1);
  ASSERT_TRUE(eventually([&] { return locked_by(RuleId::DailyRealizedLoss) && t.open_contracts() == 0; }));
  d.kill_now();  // SIGKILL: no chance to flush anything

  fs::remove_all(dir / "logs");
  Process d2 = start_binary();
  ASSERT_TRUE(eventually([&] { return log_contains(dir / "logs", "Started Successfully"); }, std::chrono::seconds(20)))
      << slurp(d2.out_file);
  EXPECT_TRUE(locked_by(RuleId::DailyRealizedLoss)) << "the lockout did not survive SIGKILL";
  // Still enforced after the restart.
  t.market(kMnq, kBuy, 1);
  EXPECT_TRUE(eventually([&] { return t.open_contracts() == 0; }, std::chrono::seconds(5)));
  // The stored P&L matches the simulator's trades.
  Json trades = t.post("/api/Trade/search", {{"accountId", kAccount}, {"startTimestamp", "2000-01-01T00:00:00Z"}});
  Decimal expected;
  for (const auto& tr : trades["trades"]) {
    if (tr["voided"].get<bool>()) continue;
    if (!tr["profitAndLoss"].is_null()) expected += *Decimal::parse(tr["profitAndLoss"].dump());
    expected -= *Decimal::parse(tr["fees"].dump());
    if (tr.contains("commissions") && !tr["commissions"].is_null())
      expected -= *Decimal::parse(tr["commissions"].dump());
  }
  EXPECT_TRUE(eventually([&] {
    auto db = store::open_read_only((dir / "data" / "state.db").string());
    if (!db) return false;
    auto rows = store::read_daily_pnl(db.value(), kAccount, 1);
    return rows && !rows.value().empty() && rows.value()[0].realized == expected;
  })) << "expected realized "
      << expected.to_string();
  ::kill(d2.pid, SIGTERM);
  EXPECT_EQ(d2.wait_exit(std::chrono::seconds(10)), 0) << "graceful stop did not exit 0 within 10 s";
}

TEST_F(E2EProcess, ABadConfigurationIsRefusedWithTheReport) {
  write_config(rules_yaml({{"daily_realized_loss", "    loss_limt: 100\n"}}));
  Process d = start_binary();
  const int rc = d.wait_exit(std::chrono::seconds(10));
  EXPECT_NE(rc, 0);
  const std::string out = slurp(d.out_file);
  EXPECT_NE(out.find("risk_config.yaml"), std::string::npos) << out;
  EXPECT_NE(out.find("loss_limt"), std::string::npos) << out;
  EXPECT_NE(out.find("loss_limit"), std::string::npos) << "no did-you-mean: " << out;
  EXPECT_EQ(out.find(kKey), std::string::npos) << "the API key appeared in the report";
}

TEST_F(E2E, HubDroppedWhileTheTraderBreachesIsStillEnforced) {
  write_config(rules_yaml({{"daily_realized_loss", "    loss_limit: 100\n"}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 2);
  ASSERT_TRUE(eventually([&] { return t.open_contracts() == 2; }));
  t.control("faults/hub", {{"action", "drop"}, {"hub", "user"}});
  t.price(kMnq, "19900");
  t.market(kMnq, kSell, 1);  // the events of this fill are lost with the connection
  EXPECT_TRUE(eventually([&] { return t.open_contracts() == 0; }, std::chrono::seconds(15)));
  EXPECT_TRUE(eventually([&] { return locked_by(RuleId::DailyRealizedLoss); }));
}

// A REST snapshot is older than a hub event that arrives while it is being taken:
// it must not make the daemon forget a position the hub reported (it would then
// stop valuing it and a losing position would go unguarded).
TEST_F(E2E, AReconciliationOlderThanAHubEventNeverHidesThePosition) {
  write_config(rules_yaml({{"daily_unrealized_loss", "    loss_limit: 50\n    scope: per_position\n"}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  net::ClientOptions o;
  o.ca_file = ca();
  net::HttpClient http(base(), o);
  const auto searches = [&]() -> long {
    auto r = http.request("GET", "/_sim/state");
    if (!r.ok()) return -1;
    const Json j = Json::parse(r.value().body, nullptr, false);
    return j.is_object() ? j["restCalls"].value("/api/Position/searchOpen", 0L) : -1;
  };
  const long before = searches();
  // The next open-positions answer is taken at once but delivered 1.5 s later.
  t.control("faults/rest", {{"path", "/api/Position/searchOpen"}, {"kind", "delay"}, {"delayMs", 1500}});
  t.control("faults/hub", {{"action", "drop"}, {"hub", "user"}});  // the reconnection reconciles
  ASSERT_TRUE(eventually([&] { return searches() > before; }, std::chrono::seconds(15)));
  // The snapshot says "flat"; the trader buys while it is on its way.
  t.market(kMnq, kBuy, 1);
  ASSERT_TRUE(eventually([&] { return t.open_contracts() == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));  // the stale snapshot has arrived
  t.price(kMnq, "19960");                                        // -40 points: -80 on one MNQ, beyond the 50 limit
  EXPECT_TRUE(eventually([&] { return t.open_contracts() == 0; }))
      << "the daemon forgot the position the hub reported while its REST snapshot was taken";
}

TEST_F(E2E, TwoCredentialsWithTwoAccountsEachAreAllMonitored) {
  Trader admin(base(), ca());
  admin.control("users", {{"userName", "second"}, {"apiKey", "second-key-0000000002"}});
  admin.control("accounts", {{"userName", kUser}, {"id", 1002}, {"name", "E2E-2"}, {"balance", 50000}});
  admin.control("accounts", {{"userName", "second"}, {"id", 2001}, {"name", "S-1"}, {"balance", 50000}});
  admin.control("accounts", {{"userName", "second"}, {"id", 2002}, {"name", "S-2"}, {"balance", 50000}});
  write_config(rules_yaml({{"max_contracts", "    limit: 1\n    enforcement: close_all\n"}}),
               "  - account_id: 1002\n    username: " + std::string(kUser) + "\n    api_key: " + kKey +
                   "\n  - account_id: 2001\n    username: second\n    api_key: second-key-0000000002\n"
                   "  - account_id: 2002\n    username: second\n    api_key: second-key-0000000002\n");
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  // The second user's trader.
  net::ClientOptions o;
  o.ca_file = ca();
  net::HttpClient http(base(), o);
  auto login =
      http.post_json("/api/Auth/loginKey", Json{{"userName", "second"}, {"apiKey", "second-key-0000000002"}}.dump());
  ASSERT_TRUE(login.ok());
  const std::string token = Json::parse(login.value().body)["token"];
  for (AccountId a : {1002, 2001, 2002}) {
    if (a == 1002) {
      t.market(kMnq, kBuy, 2, a);
    } else {
      auto r = http.post_json(
          "/api/Order/place",
          Json{{"accountId", a}, {"contractId", kMnq}, {"type", 2}, {"side", 0}, {"size", 2}}.dump(), token);
      ASSERT_TRUE(r.ok());
    }
  }
  EXPECT_TRUE(eventually([&] { return t.open_contracts(1002) == 0; })) << "account 1002 (first credential)";
  auto open_of = [&](AccountId a) {
    auto r = http.post_json("/api/Position/searchOpen", Json{{"accountId", a}}.dump(), token);
    int n = 0;
    const Json body = Json::parse(r.value().body);
    for (const auto& p : body["positions"]) n += p["size"].get<int>();
    return n;
  };
  EXPECT_TRUE(eventually([&] { return open_of(2001) == 0 && open_of(2002) == 0; })) << "second credential's accounts";
}

TEST_F(E2E, ExpiredTokensAreReplacedAndEnforcementGoesOn) {
  write_config(rules_yaml({{"max_contracts", "    limit: 1\n    enforcement: close_all\n"}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.control("tokens/expire", {{"userName", kUser}});
  Trader fresh(base(), ca());  // the trader logs in again
  fresh.market(kMnq, kBuy, 2);
  EXPECT_TRUE(eventually([&] { return fresh.open_contracts() == 0; }, std::chrono::seconds(15)))
      << "the daemon did not log in again to enforce";
}

TEST_F(E2E, RestFailuresDuringEnforcementAreRetriedUntilFlat) {
  write_config(rules_yaml({{"max_contracts", "    limit: 1\n    enforcement: close_all\n"}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.control("faults/rest",
            {{"path", "/api/Position/closeContract"}, {"kind", "status"}, {"status", 503}, {"count", 2}});
  t.market(kMnq, kBuy, 2);
  EXPECT_TRUE(eventually([&] { return t.open_contracts() == 0; }, std::chrono::seconds(15)));
}

TEST_F(E2E, DryRunDecidesAndLogsButNeverCallsTheGateway) {
  write_config(rules_yaml({{"max_contracts", "    limit: 1\n    enforcement: close_all\n"}}));
  auto opt = options();
  opt.dry_run = true;
  daemon = std::make_unique<daemon::Daemon>(opt);
  daemon_thread = std::thread([this] { daemon_rc = daemon->run(); });
  ASSERT_TRUE(daemon->wait_ready(std::chrono::seconds(20)));
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 2);
  auto logged = [&] {
    auto db = store::open_read_only((dir / "data" / "state.db").string());
    if (!db) return false;
    auto rows = store::read_enforcement(db.value(), kAccount, 10);
    return rows && !rows.value().empty() && rows.value()[0].kind.find("dry run") != std::string::npos;
  };
  EXPECT_TRUE(eventually(logged)) << "the decision was not logged";
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(t.open_contracts(), 2) << "a dry run closed a position";
}

TEST_F(E2E, ReloadTightensALimitAtOnceAndRejectsABadFile) {
  write_config(rules_yaml({{"max_contracts", "    limit: 5\n    enforcement: close_all\n"}}));
  start_daemon();
  Trader t(base(), ca());
  t.price(kMnq, "20000");
  t.market(kMnq, kBuy, 3);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(t.open_contracts(), 3);
  // A broken file is rejected and the running limits stay.
  write_config(rules_yaml({{"max_contracts", "    limit: two\n"}}));
  daemon->reload();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(t.open_contracts(), 3);
  // A tighter limit applies at once: the three contracts are now too many.
  write_config(rules_yaml({{"max_contracts", "    limit: 2\n    enforcement: close_all\n"}}));
  daemon->reload();
  EXPECT_TRUE(eventually([&] { return t.open_contracts() == 0; }));
}

TEST_F(E2E, AHubDownForTooLongEndsTheProcessForARestart) {
  write_config(rules_yaml({{"max_contracts", "    limit: 1\n"}}));
  auto opt = options();
  opt.hub_outage_limit = std::chrono::seconds(2);
  daemon = std::make_unique<daemon::Daemon>(opt);
  daemon_thread = std::thread([this] { daemon_rc = daemon->run(); });
  ASSERT_TRUE(daemon->wait_ready(std::chrono::seconds(20)));
  sim->stop();  // the gateway goes away: reconnects fail
  EXPECT_TRUE(eventually([&] { return daemon_rc.load() == 1; }, std::chrono::seconds(15)))
      << "the daemon kept running with its hubs down past the limit";
  sim.reset();
}
