#pragma once
// End-to-end fixture: projectx-sim (TLS on loopback) + risk-daemon, with a
// trader who trades through the simulator's REST API as a platform would, an
// event-server client that records what the daemon broadcasts, and read-only
// access to the daemon's database.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "daemon/daemon.hpp"
#include "net/client.hpp"
#include "sim/sim_server.hpp"
#include "store/store.hpp"

namespace risk::e2e {

namespace fs = std::filesystem;
using Json = nlohmann::json;

inline constexpr AccountId kAccount = 1001;
inline constexpr const char* kUser = "e2e-trader";
inline constexpr const char* kKey = "e2e-key-000000000001";
inline constexpr const char* kMnq = "CON.F.US.MNQ.Z26";

// Every rule off but the ones a test turns on (YAML for the `rules:` section).
inline std::string rules_yaml(const std::map<std::string, std::string>& on) {
  const char* all[] = {"max_contracts",         "max_contracts_per_instrument",
                       "daily_realized_loss",   "daily_unrealized_loss",
                       "max_unrealized_profit", "trade_frequency_limit",
                       "cooldown_after_loss",   "no_stop_loss_grace",
                       "session_block_outside", "auth_loss_guard",
                       "symbol_blocks",         "trade_management",
                       "daily_realized_profit"};
  std::string y = "rules:\n";
  for (const char* r : all) {
    const auto it = on.find(r);
    y += std::string("  ") + r + ":\n";
    if (it == on.end()) {
      y += "    enabled: false\n";
    } else {
      y += "    enabled: true\n" + it->second;
    }
  }
  return y;
}

class Trader {
 public:
  Trader(const std::string& base, const std::string& ca) {
    net::ClientOptions o;
    o.ca_file = ca;
    http_ = std::make_unique<net::HttpClient>(base, o);
    auto r = http_->post_json("/api/Auth/loginKey", Json{{"userName", kUser}, {"apiKey", kKey}}.dump());
    EXPECT_TRUE(r.ok());
    token_ = Json::parse(r.value().body)["token"].get<std::string>();
  }
  Json post(const std::string& path, const Json& body) {
    auto r = http_->post_json(path, body.dump(), token_);
    EXPECT_TRUE(r.ok()) << path;
    if (!r.ok()) return Json();
    return Json::parse(r.value().body, nullptr, false);
  }
  Json market(const char* contract, int side, int size, AccountId account = kAccount) {
    return post("/api/Order/place",
                {{"accountId", account}, {"contractId", contract}, {"type", 2}, {"side", side}, {"size", size}});
  }
  Json stop(const char* contract, int side, int size, const std::string& price, AccountId account = kAccount) {
    return post("/api/Order/place", {{"accountId", account},
                                     {"contractId", contract},
                                     {"type", 4},
                                     {"side", side},
                                     {"size", size},
                                     {"stopPrice", std::stod(price)}});
  }
  Json limit(const char* contract, int side, int size, const std::string& price, AccountId account = kAccount) {
    return post("/api/Order/place", {{"accountId", account},
                                     {"contractId", contract},
                                     {"type", 1},
                                     {"side", side},
                                     {"size", size},
                                     {"limitPrice", std::stod(price)}});
  }
  int open_contracts(AccountId account = kAccount) {
    Json j = post("/api/Position/searchOpen", {{"accountId", account}});
    int n = 0;
    for (const auto& p : j["positions"]) n += p["size"].get<int>();
    return n;
  }
  int working_orders(AccountId account = kAccount) {
    Json j = post("/api/Order/searchOpen", {{"accountId", account}});
    return static_cast<int>(j["orders"].size());
  }
  void control(const std::string& what, const Json& body) {
    auto r = http_->post_json("/_sim/" + what, body.dump());
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r.value().status, 200) << what << ": " << r.value().body;
  }
  void price(const char* contract, const std::string& p) {
    control("price", {{"contractId", contract}, {"price", std::stod(p)}});
  }
  // The simulator's state (/_sim/state): restCalls counts every request received per path.
  Json state() {
    auto r = http_->request("GET", "/_sim/state");
    EXPECT_TRUE(r.ok());
    return r.ok() ? Json::parse(r.value().body, nullptr, false) : Json();
  }
  std::int64_t calls(const std::string& path) {
    const Json s = state();
    return s.contains("restCalls") && s["restCalls"].contains(path) ? s["restCalls"][path].get<std::int64_t>() : 0;
  }

 private:
  std::unique_ptr<net::HttpClient> http_;
  std::string token_;
};

// Records every message the daemon's event server sends.
class Listener {
 public:
  explicit Listener(std::uint16_t port, std::vector<AccountId> accounts = {kAccount}) {
    auto c = net::WsClient::connect("ws://127.0.0.1:" + std::to_string(port) + "/");
    EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
    if (!c.ok()) return;
    ws_ = std::move(c.value());
    (void)ws_->send(Json{{"subscribe", accounts}}.dump());
    thread_ = std::thread([this] {
      std::string msg;
      while (!stop_) {
        const auto r = ws_->poll(msg, std::chrono::milliseconds(100));
        if (r == net::WsClient::PollResult::Closed) break;
        if (r == net::WsClient::PollResult::Timeout) continue;
        const std::lock_guard lock(m_);
        messages_.push_back(Json::parse(msg, nullptr, false));
      }
    });
  }
  ~Listener() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::vector<Json> of_type(const std::string& type) {
    const std::lock_guard lock(m_);
    std::vector<Json> out;
    for (const auto& j : messages_) {
      if (j.is_object() && j["type"] == type) out.push_back(j);
    }
    return out;
  }

 private:
  std::unique_ptr<net::WsClient> ws_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::mutex m_;
  std::vector<Json> messages_;
};

inline bool eventually(const std::function<bool()>& cond, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return cond();
}

class E2E : public ::testing::Test {
 protected:
  fs::path dir;
  std::unique_ptr<sim::SimServer> sim;
  std::unique_ptr<daemon::Daemon> daemon;
  std::thread daemon_thread;
  std::atomic<int> daemon_rc{-1};
  std::string global_extra;         // more `global:` keys (two spaces of indent each)
  int request_timeout_seconds = 3;  // gateway.request_timeout_seconds

  void SetUp() override {
    dir = fs::temp_directory_path() / ("risk-e2e-" + std::to_string(::getpid()) + "-" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir / "config");
    sim::SimOptions o;
    o.cert_dir = dir / "sim";
    o.price_interval = std::chrono::milliseconds(0);  // prices move only when a test says so
    o.ping_interval = std::chrono::seconds(1);
    o.rate_limit = 0;  // the tests poll the simulator far more than a trader would
    o.users = {sim::SimUser{kUser, kKey}};
    sim::Account a;
    a.id = kAccount;
    a.name = "E2E-50K";
    a.balance = Decimal::from_int(50000);
    a.user = kUser;
    o.accounts = {a};
    sim = std::make_unique<sim::SimServer>(o);
    auto port = sim->start();
    ASSERT_TRUE(port.ok()) << port.error().message;
  }

  void TearDown() override {
    stop_daemon();
    if (sim) sim->stop();
    if (HasFailure()) {
      std::cerr << "kept for inspection: " << dir << "\n";
    } else {
      fs::remove_all(dir);
    }
  }

  std::string base() const { return sim->base_url(); }
  std::string ca() const { return sim->cert_file().string(); }

  void write_config(const std::string& rules, const std::string& extra_accounts = "") {
    {
      std::ofstream f(dir / "config" / "accounts.yaml");
      f << "accounts:\n  - account_id: " << kAccount << "\n    username: " << kUser << "\n    api_key: " << kKey
        << "\n    nickname: e2e\n"
        << extra_accounts;
    }
    fs::permissions(dir / "config" / "accounts.yaml", fs::perms::owner_read | fs::perms::owner_write);
    std::ofstream f(dir / "config" / "risk_config.yaml");
    f << "global:\n  reset_time: \"17:00\"\n  timezone: America/Chicago\n  include_fees: true\n"
      << global_extra << rules << "gateway:\n  rest_base_url: " << base() << "\n  user_hub_url: " << base()
      << "/hubs/user\n"
      << "  market_hub_url: " << base() << "/hubs/market\n  ca_file: " << ca() << "\n"
      << "  connect_timeout_seconds: 3\n  request_timeout_seconds: " << request_timeout_seconds << "\n";
  }

  daemon::DaemonOptions options() const {
    daemon::DaemonOptions o;
    o.config_dir = (dir / "config").string();
    o.data_dir = (dir / "data").string();
    o.log_dir = (dir / "logs").string();
    o.event_port = 0;
    return o;
  }

  void start_daemon() {
    daemon = std::make_unique<daemon::Daemon>(options());
    daemon_rc = -1;  // (a restart in the same test)
    daemon_thread = std::thread([this] { daemon_rc = daemon->run(); });
    ASSERT_TRUE(daemon->wait_ready(std::chrono::seconds(20))) << "the daemon did not get ready";
    ASSERT_EQ(daemon_rc.load(), -1) << "the daemon stopped during startup";
  }

  void stop_daemon() {
    if (!daemon) return;
    daemon->stop();
    if (daemon_thread.joinable()) daemon_thread.join();
    daemon.reset();
  }

  std::vector<Lockout> db_lockouts() {
    auto db = store::open_read_only((dir / "data" / "state.db").string());
    if (!db) return {};
    auto l = store::read_lockouts(db.value(), kAccount);
    return l ? l.value() : std::vector<Lockout>{};
  }

  std::string enforcement_log() {
    std::string all;
    for (const auto& e : fs::directory_iterator(dir / "logs")) {
      if (e.path().filename().string().rfind("enforcement", 0) != 0) continue;
      std::ifstream f(e.path());
      all += std::string(std::istreambuf_iterator<char>(f), {});
    }
    return all;
  }

  bool locked_by(RuleId rule) {
    for (const auto& l : db_lockouts()) {
      if (l.rule == rule) return true;
    }
    return false;
  }
};

}  // namespace risk::e2e
