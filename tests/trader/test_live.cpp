// The dashboard against a real WebSocket server (risk_net's Server) speaking
// docs/event-server.md, and against a real SQLite file written by the
// store's StoreWriter: live updates, the only message sent is the subscribe,
// the fallback to the database when the server goes away, reconnection, and
// `status --json` (library and executable).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include "dashboard/feed.hpp"
#include "dashboard/render.hpp"
#include "dashboard/status.hpp"
#include "fixture.hpp"
#include "net/server.hpp"
#include "store/store.hpp"
#include "store/writer.hpp"

namespace risk::dashboard {
namespace {

namespace fs = std::filesystem;
using test::D;
using test::T;
using namespace std::chrono_literals;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("risk-trader-test-" + std::to_string(::getpid()) + "-" + std::to_string(n_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  [[nodiscard]] std::string file(const char* name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
  static inline int n_ = 0;
};

// What the daemon would have saved: the day's P&L beyond the loss limit, the
// lockout it caused, a trade, a position, the reset schedule, a cleared
// lockout, an enforcement, contract tick sizes.
void write_database(const std::string& path) {
  auto opened = store::open_for_writing(path, "test");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  store::StoreWriter writer(std::move(opened.value().db), {});
  const Timestamp now = T("2026-11-24T19:30:00Z");
  const Timestamp next_reset = T("2026-11-24T23:00:00Z");
  const CivilDate day{2026, 11, 24};
  std::vector<PersistRecord> records;
  records.push_back(ResetScheduleRecord{1001, T("2026-11-23T23:00:00Z"), next_reset, day});
  records.push_back(DailyPnlRecord{1001, day, D("-512.40"), D("-500.00"), D("12.40"), 9, now});
  Lockout l;
  l.account_id = 1001;
  l.rule = RuleId::DailyRealizedLoss;
  l.kind = LockoutKind::UntilReset;
  l.set_at = now - seconds(60);
  l.until = next_reset;
  l.reason = "realized -512.40 beyond the 500.00 daily loss limit";
  records.push_back(LockoutRecord{l});
  Lockout old = l;
  old.rule = RuleId::TradeFrequencyLimit;
  old.kind = LockoutKind::Cooldown;
  old.set_at = T("2026-11-24T18:01:00Z");
  old.until = T("2026-11-24T18:02:00Z");
  old.reason = "4 fills in a minute";
  records.push_back(LockoutRecord{old});
  records.push_back(LockoutRemovedRecord{old, ClearedBy::TimerExpiry, T("2026-11-24T18:02:00Z"), {}});
  Trade t;
  t.id = 777;
  t.account_id = 1001;
  t.contract_id = ContractId::of("CON.F.US.MNQ.Z26");
  t.created = now - seconds(61);
  t.price = D("20900.25");
  t.profit_and_loss = D("-200.00");
  t.fees = D("0.37");
  t.commissions = D("0.25");
  t.side = OrderSide::Ask;
  t.size = 2;
  records.push_back(TradeRecord{t, day});
  Position p;
  p.id = 55;
  p.account_id = 1001;
  p.contract_id = ContractId::of("CON.F.US.MES.Z26");
  p.created = now - minutes(5);
  p.type = PositionType::Short;
  p.size = 1;
  p.average_price = D("6010.50");
  records.push_back(PositionRecord{p});
  Contract c;
  c.id = ContractId::of("CON.F.US.MNQ.Z26");
  c.name = "MNQZ6";
  c.tick_size = D("0.25");
  c.tick_value = D("0.50");
  records.push_back(ContractRecord{c});
  writer.submit(records);
  store::EnforcementLogEntry e;
  e.id = 9001;
  e.account_id = 1001;
  e.at = now - seconds(60);
  e.rule = RuleId::DailyRealizedLoss;
  e.kind = "enforcement";
  e.reason = "realized -512.40 beyond the 500.00 daily loss limit";
  e.details_json = R"({"actions":[{"kind":"close_position","contract_id":"CON.F.US.MNQ.Z26","result":"ok"}]})";
  e.success = true;
  e.trigger_to_request_us = 900;
  e.trigger_to_confirm_us = 61000;
  writer.log_enforcement(e);
  writer.flush();
}

// A stand-in for the daemon's event server: answers a subscribe with the
// snapshot and a few live messages, and records everything it receives.
struct FakeEventServer {
  std::mutex mutex;
  std::vector<std::string> received;
  std::vector<std::string> live;  // sent after the snapshot
  std::unique_ptr<net::Server> server;

  class Handler : public net::WsHandler {
   public:
    explicit Handler(FakeEventServer& s) : s_(s) {}
    void on_open(std::shared_ptr<net::WsConnection> c) override { conn_ = std::move(c); }
    void on_message(std::string_view text) override {
      std::vector<std::string> to_send;
      {
        std::lock_guard lock(s_.mutex);
        s_.received.emplace_back(text);
        to_send = s_.live;
      }
      if (text.find("subscribe") == std::string_view::npos) return;
      conn_->send(test::snapshot_message());
      for (auto& m : to_send) conn_->send(m);
    }
    void on_close() override {}

   private:
    FakeEventServer& s_;
    std::shared_ptr<net::WsConnection> conn_;
  };

  std::uint16_t start(std::uint16_t port = 0) {
    net::ServerOptions o;
    o.tls = false;
    o.port = port;
    server = std::make_unique<net::Server>(
        o,
        [](const net::HttpRequest&) {
          net::HttpResponse r;
          r.status = 404;
          return r;
        },
        [this](const net::HttpRequest&) {
          net::UpgradeDecision d;
          d.handler = std::make_shared<Handler>(*this);
          return d;
        });
    auto p = server->start();
    EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
    return p.ok() ? p.value() : 0;
  }
  std::vector<std::string> messages() {
    std::lock_guard lock(mutex);
    return received;
  }
};

// The daemon's snapshot after a fill: its own figures (the dashboard never recomputes them).
std::string snapshot_after_fill() {
  auto j = nlohmann::json::parse(test::snapshot_message());
  j["data"]["pnl"]["realized"] = "-338.34";  // -312.50, then -25.10 - 0.74
  j["data"].erase("trades_today");           // the daemon's snapshots do not repeat the fills
  return j.dump();
}

const std::vector<std::string> kLive = {
    test::kDaemonStatus,
    R"({"type":"GatewayUserTrade","account_id":1001,"ts":"2026-11-24T19:30:00Z","data":{"id":900,"contract_id":"CON.F.US.MNQ.Z26","created":"2026-11-24T19:30:00Z","price":"20950","pnl":"-25.10","fees":"0.37","commissions":"0.37","side":"Sell","size":1,"voided":false}})",
    snapshot_after_fill(),
    R"({"type":"lockout_set","account_id":1002,"ts":"2026-11-24T19:30:00Z","data":{"rule":"RULE-003","rule_key":"daily_realized_loss","symbol":"","kind":"until_daily_reset","set_at":"2026-11-24T19:30:00Z","until":null,"reason":"other account"}})",
    R"({"type":"lockout_set","account_id":1001,"ts":"2026-11-24T19:30:00Z","data":{"rule":"RULE-011","rule_key":"symbol_blocks","symbol":"MES","kind":"while_symbol_blocked","set_at":"2026-11-24T19:30:00Z","until":null,"reason":"MES blocked"}})",
};

template <typename F>
bool run_until(Dashboard& d, F done, std::chrono::seconds limit = 15s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    d.update();
    if (done(d.model())) return true;
    d.wait(50ms);
  }
  d.update();
  return done(d.model());
}

bool has_trade(const Model& m, std::int64_t id) {
  return std::any_of(m.trades.begin(), m.trades.end(), [&](const TradeView& t) { return t.id == id; });
}

TEST(TraderLive, SnapshotThenLiveThenDatabaseFallbackThenReconnect) {
  TempDir dir;
  const std::string db = dir.file("state.db");
  write_database(db);
  std::stringstream before;
  before << std::ifstream(db, std::ios::binary).rdbuf();

  FakeEventServer daemon;
  daemon.live = kLive;
  const std::uint16_t port = daemon.start();
  ASSERT_NE(port, 0);

  SystemClock clock;
  Dashboard::Options o;
  o.server = "127.0.0.1:" + std::to_string(port);
  o.db_path = db;
  o.account = 1001;
  o.db_poll = 200ms;
  o.stall_timeout = 3000ms;
  Dashboard dash(o, clock);
  dash.start();

  // Live: the snapshot and the messages after it.
  ASSERT_TRUE(run_until(dash,
                        [](const Model& m) {
                          return m.source == Source::Live && has_trade(m, 900) && m.lockouts.size() == 2 &&
                                 m.daemon.has_value();
                        }))
      << "problem: " << dash.model().problem;
  const Model& m = dash.model();
  EXPECT_EQ(m.realized, D("-338.34"));  // the daemon's snapshot after the fill
  EXPECT_EQ(m.lockouts[1].symbol, "MES");
  for (const auto& l : m.lockouts) EXPECT_NE(l.reason, "other account");
  // What the snapshot does not carry came from the database (read-only).
  ASSERT_FALSE(m.lockout_history.empty());
  EXPECT_EQ(m.lockout_history[0].cleared_by, "TIMER_EXPIRY");
  ASSERT_FALSE(m.enforcement.empty());
  EXPECT_EQ(m.enforcement[0].id, 9001);
  EXPECT_EQ(m.enforcement[0].status, "confirmed");
  RenderOptions ro;
  EXPECT_NE(render(m, {}, clock.now(), ro).row_text(23).find("LIVE"), std::string::npos);

  // The only thing the dashboard ever sent: one subscribe.
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(daemon.messages(), std::vector<std::string>{R"({"subscribe":[1001]})"});

  // The daemon goes away: the status says so and the database takes over.
  daemon.server->stop();
  ASSERT_TRUE(run_until(dash,
                        [](const Model& x) {
                          return x.source == Source::Database && x.db_polled_at.has_value() &&
                                 x.realized == D("-512.40");
                        }))
      << "problem: " << dash.model().problem;
  EXPECT_EQ(m.trading_date, "2026-11-24");
  ASSERT_EQ(m.lockouts.size(), 1u);
  EXPECT_EQ(m.lockouts[0].rule, "RULE-003");
  EXPECT_EQ(m.lockouts[0].kind, "until_daily_reset");
  EXPECT_EQ(m.lockouts[0].until, T("2026-11-24T23:00:00Z"));
  ASSERT_EQ(m.trades.size(), 1u);
  EXPECT_EQ(m.trades[0].pnl, D("-200"));
  ASSERT_EQ(m.positions.size(), 1u);
  EXPECT_EQ(m.positions[0].type, "Short");
  EXPECT_FALSE(m.positions[0].unrealized.has_value());  // no live quotes without the daemon
  EXPECT_TRUE(m.disconnected_since.has_value());
  EXPECT_TRUE(m.next_retry_at.has_value());
  EXPECT_FALSE(m.problem.empty());
  // Limits are only known to the daemon: the last ones it reported stay; the
  // rules' figures are the daemon's too, unknown while it cannot be reached.
  ASSERT_NE(m.rule("daily_realized_loss"), nullptr);
  EXPECT_EQ(m.rule("daily_realized_loss")->limit, D("500"));
  EXPECT_FALSE(m.rule("daily_realized_loss")->current.has_value());
  EXPECT_EQ(m.realized, D("-512.40")) << "the day's P&L the daemon last committed";
  EXPECT_TRUE(m.rule("daily_realized_loss")->breached);
  const Canvas c = render(m, {}, clock.now(), ro);
  EXPECT_NE(c.row_text(23).find("DAEMON UNREACHABLE"), std::string::npos);
  EXPECT_NE(c.text().find("LOCKED RULE-003"), std::string::npos);

  // The daemon comes back on the same port: the dashboard reconnects by itself.
  FakeEventServer again;
  ASSERT_EQ(again.start(port), port);
  ASSERT_TRUE(run_until(
      dash, [](const Model& x) { return x.source == Source::Live && x.have_snapshot; }, 20s))
      << "problem: " << dash.model().problem;
  EXPECT_FALSE(m.disconnected_since.has_value());
  EXPECT_EQ(m.realized, D("-312.50"));
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(again.messages(), std::vector<std::string>{R"({"subscribe":[1001]})"});

  dash.request_stop();
  again.server->stop();
  // Read-only: the database file is byte for byte what the writer left.
  std::stringstream after;
  after << std::ifstream(db, std::ios::binary).rdbuf();
  EXPECT_EQ(before.str(), after.str());
}

TEST(TraderLive, NoAccountGivenSubscribesToAllAndTakesTheFirstSnapshot) {
  FakeEventServer daemon;
  const std::uint16_t port = daemon.start();
  SystemClock clock;
  Dashboard::Options o;
  o.server = "127.0.0.1:" + std::to_string(port);
  o.stall_timeout = 3000ms;
  Dashboard dash(o, clock);
  dash.start();
  ASSERT_TRUE(run_until(dash, [](const Model& m) { return m.have_snapshot; }));
  EXPECT_EQ(dash.model().account_id(), 1001);
  EXPECT_EQ(daemon.messages(), std::vector<std::string>{R"({"subscribe":"all"})"});
  dash.request_stop();
  daemon.server->stop();
}

TEST(TraderStatus, JsonFromTheDatabaseWhenTheDaemonIsUnreachable) {
  TempDir dir;
  const std::string db = dir.file("state.db");
  write_database(db);
  ManualClock clock(T("2026-11-24T19:30:00Z"));
  StatusOptions so;
  so.server = "127.0.0.1:1";  // nothing listens there
  so.db_path = db;
  so.account = 1001;
  so.json = true;
  std::string out;
  ASSERT_EQ(run_status(so, clock, nullptr, out), 0) << out;
  auto j = parse_json(out);
  ASSERT_TRUE(j.ok()) << out;
  const JsonValue& v = j.value();
  EXPECT_EQ(v.int64("account_id"), 1001);
  EXPECT_EQ(v.str("source"), "database");
  EXPECT_NE(v.str("problem")->find("cannot connect"), std::string::npos);
  EXPECT_EQ(v.str("trading_date"), "2026-11-24");
  EXPECT_EQ(v.int64("seconds_to_reset"), 3 * 3600 + 30 * 60);
  const JsonValue* pnl = v.find("pnl");
  ASSERT_NE(pnl, nullptr);
  EXPECT_EQ(pnl->str("realized"), "-512.4");  // exact, as a string
  EXPECT_EQ(pnl->int64("fills"), 9);
  EXPECT_TRUE(pnl->find("unrealized")->is_null());
  EXPECT_EQ(v.boolean_at("locked"), true);
  const JsonValue* locks = v.find("lockouts");
  ASSERT_TRUE(locks != nullptr && locks->is_array());
  ASSERT_EQ(locks->items.size(), 1u);
  EXPECT_EQ(locks->items[0].str("rule"), "RULE-003");
  EXPECT_EQ(locks->items[0].int64("seconds_left"), 3 * 3600 + 30 * 60);
  EXPECT_EQ(v.find("positions")->items.size(), 1u);

  // Text form.
  so.json = false;
  ASSERT_EQ(run_status(so, clock, nullptr, out), 0);
  EXPECT_NE(out.find("source: database (daemon unreachable)"), std::string::npos) << out;
  EXPECT_NE(out.find("LOCKED     RULE-003"), std::string::npos) << out;
  EXPECT_NE(out.find("realized -512.40"), std::string::npos) << out;
}

TEST(TraderStatus, FromTheDaemonWhenItAnswers) {
  FakeEventServer daemon;
  daemon.live = {test::kDaemonStatus};
  const std::uint16_t port = daemon.start();
  ManualClock clock(test::kNow);
  StatusOptions so;
  so.server = "127.0.0.1:" + std::to_string(port);
  so.account = 1001;
  so.json = true;
  std::string out;
  ASSERT_EQ(run_status(so, clock, nullptr, out), 0) << out;
  auto j = parse_json(out);
  ASSERT_TRUE(j.ok()) << out;
  EXPECT_EQ(j.value().str("source"), "daemon");
  EXPECT_EQ(j.value().find("pnl")->str("total"), "-352.5");
  EXPECT_EQ(j.value().find("lockouts")->items[0].int64("seconds_left"), 245);
  daemon.server->stop();
  EXPECT_EQ(daemon.messages(), std::vector<std::string>{R"({"subscribe":[1001]})"});
}

TEST(TraderStatus, NothingToShowExitsOne) {
  ManualClock clock(test::kNow);
  StatusOptions so;
  so.server = "127.0.0.1:1";
  std::string out;
  EXPECT_EQ(run_status(so, clock, nullptr, out), 1);
}

std::pair<int, std::string> run_command(const std::string& cmd) {
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return {-1, {}};
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  const int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(TraderStatus, ExecutableStatusJsonAgainstAStoreDatabase) {
  TempDir dir;
  const std::string db = dir.file("state.db");
  write_database(db);
  const auto [rc, out] =
      run_command(std::string(RISK_TRADER_EXE) + " status --json --server 127.0.0.1:1 --db " + db + " --account 1001");
  ASSERT_EQ(rc, 0) << out;
  auto j = parse_json(out);
  ASSERT_TRUE(j.ok()) << out;
  EXPECT_EQ(j.value().str("source"), "database");
  EXPECT_EQ(j.value().find("pnl")->str("realized"), "-512.4");
  EXPECT_EQ(j.value().find("lockouts")->items.at(0).str("kind"), "until_daily_reset");
  // Without --account: the database's first account.
  const auto [rc2, out2] = run_command(std::string(RISK_TRADER_EXE) + " status --json --offline --db " + db);
  ASSERT_EQ(rc2, 0) << out2;
  EXPECT_EQ(parse_json(out2).value().int64("account_id"), 1001);
  // The full-screen dashboard refuses to run without a terminal.
  const auto [rc3, out3] = run_command(std::string(RISK_TRADER_EXE) + " --db " + db + " </dev/null 2>&1");
  EXPECT_EQ(rc3, 2) << out3;
  EXPECT_NE(out3.find("must be a terminal"), std::string::npos);
}

}  // namespace
}  // namespace risk::dashboard
