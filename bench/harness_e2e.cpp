// End-to-end breach latency: projectx-sim and risk-daemon (as a process) on
// loopback over TLS. A trader buys 2 MNQ with RULE-001's limit at 1; the
// daemon sees the position event on its user hub, decides, and sends
// Position/closeContract; the simulator executes it and emits the flat
// position. An observer on the same user hub timestamps the breaching
// position event and the flat one: both cross the same hub hop, so the
// difference is the daemon's reaction (decode, engine, executor, the REST
// round trip to the simulator) plus the simulator's own handling of the close.
//   e2e_breach_p50_us / e2e_breach_p99_us   over 1,000 breaches
//   e2e_raw_rtt_p99_us                      a bare WebSocket round trip (400 bytes) measured in the same run
// Then, in the same run, the fault paths (the simulator closes keep-alive
// connections idle for 8 s, unannounced, as the issue saw):
//   e2e_breach_after_idle_p50_us / _p99_us   the same breach after 10 s without
//                                  any trading (12 of them; p99 = the worst)
//   stall_breach_to_flat_ms        the daemon's user hub stalled (open, silent):
//                                  order placed -> flat, seen over REST (median of 3)
//   ratelimited_breach_to_flat_ms  closes answered 429 without Retry-After for
//                                  3 s: the storm's end -> flat (median of 3)
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "net/client.hpp"
#include "net/server.hpp"
#include "sim/sim_server.hpp"

namespace fs = std::filesystem;
using Json = nlohmann::json;
using namespace risk;
using Clock = std::chrono::steady_clock;

namespace {

const char* kUser = "bench-trader";
const char* kKey = "bench-key-0000000001";
constexpr std::int64_t kAccount = 7001;
constexpr char kRs = '\x1e';
constexpr int kIdle = 12;  // breaches after an idle spell

double pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

// A bare WebSocket echo on loopback: the floor any round trip sits on.
double raw_rtt_p99_us() {
  class Echo final : public net::WsHandler {
   public:
    void on_open(std::shared_ptr<net::WsConnection> c) override { c_ = std::move(c); }
    void on_message(std::string_view t) override { c_->send(std::string(t)); }
    void on_close() override {}

   private:
    std::shared_ptr<net::WsConnection> c_;
  };
  net::ServerOptions o;
  o.tls = false;
  net::Server server(
      o, [](const net::HttpRequest&) { return net::HttpResponse{}; },
      [](const net::HttpRequest&) {
        net::UpgradeDecision d;
        d.handler = std::make_shared<Echo>();
        return d;
      });
  const auto port = server.start();
  auto ws = net::WsClient::connect("ws://127.0.0.1:" + std::to_string(port.value()) + "/");
  const std::string msg(400, 'x');
  std::string back;
  std::vector<double> rtt;
  for (int i = 0; i < 2000; ++i) {
    const auto t0 = Clock::now();
    (void)ws.value()->send(msg);
    ws.value()->read_into(back, std::chrono::seconds(2));
    rtt.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  server.stop();
  return pct(rtt, 0.99);
}

}  // namespace

int main() {
  const double raw = raw_rtt_p99_us();
  const fs::path dir = fs::temp_directory_path() / ("risk-harness-e2e-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "config");
  sim::SimOptions so;
  so.cert_dir = dir / "sim";
  so.price_interval = std::chrono::milliseconds(0);
  so.rate_limit = 0;
  so.users = {sim::SimUser{kUser, kKey}};
  sim::Account a;
  a.id = kAccount;
  a.name = "BENCH";
  a.balance = Decimal::from_int(1'000'000);
  a.user = kUser;
  so.accounts = {a};
  sim::SimServer s(so);
  if (!s.start()) return 1;
  {
    std::ofstream f(dir / "config" / "accounts.yaml");
    f << "accounts:\n  - account_id: " << kAccount << "\n    username: " << kUser << "\n    api_key: " << kKey << "\n";
  }
  fs::permissions(dir / "config" / "accounts.yaml", fs::perms::owner_read | fs::perms::owner_write);
  {
    std::ofstream f(dir / "config" / "risk_config.yaml");
    f << "rules:\n";
    for (const char* r :
         {"max_contracts_per_instrument", "daily_realized_loss", "daily_unrealized_loss", "max_unrealized_profit",
          "trade_frequency_limit", "cooldown_after_loss", "no_stop_loss_grace", "session_block_outside",
          "auth_loss_guard", "symbol_blocks", "trade_management", "daily_realized_profit"}) {
      f << "  " << r << ": {enabled: false}\n";
    }
    f << "  max_contracts: {enabled: true, limit: 1, enforcement: close_all}\n"
      << "gateway:\n  rest_base_url: " << s.base_url() << "\n  user_hub_url: " << s.base_url() << "/hubs/user\n"
      << "  market_hub_url: " << s.base_url() << "/hubs/market\n  ca_file: " << s.cert_file().string() << "\n"
      << "  rate_limit_per_minute: 100000\n"  // 1,000 breaches in seconds: far beyond the real gateway's 200/min
      << "event_server:\n  host: 127.0.0.1\n  port: 18765\n";
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    const std::string out = (dir / "daemon.out").string();
    FILE* f = std::fopen(out.c_str(), "w");
    if (f != nullptr) {
      ::dup2(fileno(f), 1);
      ::dup2(fileno(f), 2);
    }
    ::execl(RISK_DAEMON_BIN, RISK_DAEMON_BIN, "--config", (dir / "config").c_str(), "--data", (dir / "data").c_str(),
            "--log-dir", (dir / "logs").c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // The trader and the observer.
  net::ClientOptions co;
  co.ca_file = s.cert_file().string();
  net::HttpClient http(s.base_url(), co);
  auto login = http.post_json("/api/Auth/loginKey", Json{{"userName", kUser}, {"apiKey", kKey}}.dump());
  const std::string token = Json::parse(login.value().body)["token"];
  std::string hub = s.base_url() + "/hubs/user?access_token=" + token;
  hub.replace(0, 5, "wss");
  auto ws = net::WsClient::connect(hub, co);
  if (!ws) return 1;
  auto& obs = *ws.value();
  (void)obs.send(std::string(R"({"protocol":"json","version":1})") + kRs);
  std::string msg;
  obs.read_into(msg, std::chrono::seconds(5));
  (void)obs.send(R"({"type":1,"invocationId":"1","target":"SubscribePositions","arguments":[)" +
                 std::to_string(kAccount) + "]}" + kRs);
  (void)http.post_json("/_sim/price", Json{{"contractId", "CON.F.US.MNQ.Z26"}, {"price", 20000}}.dump());
  std::this_thread::sleep_for(std::chrono::seconds(3));  // the daemon connects and reconciles

  auto buy2 = [&] {
    (void)http.post_json(
        "/api/Order/place",
        Json{{"accountId", kAccount}, {"contractId", "CON.F.US.MNQ.Z26"}, {"type", 2}, {"side", 0}, {"size", 2}}.dump(),
        token);
  };
  auto control = [&](const std::string& what, const Json& body) { (void)http.post_json("/_sim/" + what, body.dump()); };
  // The account's open contracts, as the simulator holds them.
  auto open_size = [&] {
    auto r = http.request("GET", "/_sim/state");
    if (!r) return -1;
    const auto j = Json::parse(r.value().body, nullptr, false);
    int n = 0;
    for (const auto& p : j.value("positions", Json::array())) n += p.value("size", 0);
    return n;
  };
  // From `from` until the simulator shows the account flat (ms; negative when
  // flat before `from`), or none within 30 s.
  auto ms_to_flat = [&](Clock::time_point from) -> std::optional<double> {
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (Clock::now() < deadline) {
      if (open_size() == 0) return std::chrono::duration<double, std::milli>(Clock::now() - from).count();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::nullopt;
  };
  bool timed_out = false;
  // Drains what the observer has received (stalls and reconnects leave frames behind).
  auto drain = [&] {
    while (obs.poll(msg, std::chrono::milliseconds(50)) == net::WsClient::PollResult::Message) {
    }
  };

  std::vector<double> lat;
  std::vector<double> idle_lat;
  for (int i = 0; i < 1000 + kIdle; ++i) {
    if (i == 1000) control("keepAlive", {{"idleMs", 8000}, {"mode", "close"}});
    if (i >= 1000) {
      std::this_thread::sleep_for(std::chrono::seconds(10));
      drain();
    }
    buy2();
    Clock::time_point breach{};
    bool flat = false;
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (!flat && Clock::now() < deadline) {
      if (obs.poll(msg, std::chrono::milliseconds(500)) != net::WsClient::PollResult::Message) continue;
      const auto now = Clock::now();
      std::size_t start = 0;
      while (start < msg.size()) {
        const std::size_t end = msg.find(kRs, start);
        if (end == std::string::npos) break;
        const auto j = Json::parse(msg.substr(start, end - start), nullptr, false);
        start = end + 1;
        if (!j.is_object() || j.value("target", "") != "GatewayUserPosition") continue;
        const auto& d = j["arguments"][0].contains("data") ? j["arguments"][0]["data"] : j["arguments"][0];
        const int size = d.value("size", -1);
        if (size >= 2 && breach == Clock::time_point{}) breach = now;
        if (size == 0 && breach != Clock::time_point{}) {
          (i < 1000 ? lat : idle_lat).push_back(std::chrono::duration<double, std::micro>(now - breach).count());
          flat = true;
        }
      }
    }
    if (!flat) {
      std::cerr << "breach " << i << " was not flattened in time\n";
      break;
    }
  }

  // A breach while the daemon's user hub is stalled (the observer's too: it is
  // not used here).
  std::vector<double> stall;
  std::vector<double> storm;
  for (int i = 0; i < 3 && lat.size() == 1000; ++i) {
    control("faults/hub", {{"action", "stall"}, {"hub", "user"}, {"durationMs", 8000}});
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto t0 = Clock::now();
    buy2();
    const auto ms = ms_to_flat(t0);
    timed_out = timed_out || !ms;
    stall.push_back(ms.value_or(0.0));
    std::this_thread::sleep_for(std::chrono::seconds(12));  // the stall ends, the hub is back
  }
  for (int i = 0; i < 3 && lat.size() == 1000; ++i) {
    control("faults/rest", {{"path", "/api/Position/closeContract"},
                            {"kind", "status"},
                            {"status", 429},
                            {"retryAfter", nullptr},
                            {"durationMs", 3000}});
    const auto storm_end = Clock::now() + std::chrono::seconds(3);
    buy2();
    const auto ms = ms_to_flat(storm_end);
    timed_out = timed_out || !ms;
    storm.push_back(std::max(ms.value_or(0.0), 0.0));
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
  ::kill(pid, SIGTERM);
  int st = 0;
  ::waitpid(pid, &st, 0);
  s.stop();
  if (std::getenv("RISK_HARNESS_KEEP") == nullptr) {
    fs::remove_all(dir);
  } else {
    std::cerr << "kept: " << dir << "\n";
  }
  if (lat.size() < 1000 || idle_lat.size() < static_cast<std::size_t>(kIdle)) return 1;
  if (timed_out) {
    std::cerr << "a breach during a stall or a 429 storm was not flattened within 30 s\n";
    return 1;
  }
  Json m{{"e2e_breach_p50_us", pct(lat, 0.5)},
         {"e2e_breach_p99_us", pct(lat, 0.99)},
         {"e2e_raw_rtt_p99_us", raw},
         {"e2e_breach_p99_over_raw_ratio", pct(lat, 0.99) / raw},
         {"e2e_breach_after_idle_p50_us", pct(idle_lat, 0.5)},
         {"e2e_breach_after_idle_p99_us", pct(idle_lat, 0.99)},
         {"e2e_breach_after_idle_over_warm_p99_ratio", pct(idle_lat, 0.99) / pct(lat, 0.99)},
         {"stall_breach_to_flat_ms", pct(stall, 0.5)},
         {"ratelimited_breach_to_flat_ms", pct(storm, 0.5)}};
  std::cout << Json{{"metrics", m}}.dump() << std::endl;
  return 0;
}
