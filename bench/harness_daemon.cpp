// The daemon as a process against projectx-sim on loopback:
//   startup_ms          exec -> READY=1 over the service manager's notify socket, 10 accounts
//   rss_mb_50_accounts  peak resident memory while 50 accounts hold positions and quotes stream
//   idle_cpu_pct        CPU used over 5 s with nothing happening
// Prints {"metrics": {...}} as its last line (scripts/bench_report.py).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "net/client.hpp"
#include "sim/sim_server.hpp"

namespace fs = std::filesystem;
using Json = nlohmann::json;
using namespace risk;

namespace {

const char* kUser = "bench-trader";
const char* kKey = "bench-key-0000000001";

std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

void write_config(const fs::path& dir, const sim::SimServer& s, int accounts) {
  fs::create_directories(dir / "config");
  {
    std::ofstream f(dir / "config" / "accounts.yaml");
    f << "accounts:\n";
    for (int i = 0; i < accounts; ++i) {
      f << "  - account_id: " << 5000 + i << "\n    username: " << kUser << "\n    api_key: " << kKey << "\n";
    }
  }
  fs::permissions(dir / "config" / "accounts.yaml", fs::perms::owner_read | fs::perms::owner_write);
  std::ofstream f(dir / "config" / "risk_config.yaml");
  f << "global:\n  timezone: America/Chicago\nrules:\n"
       "  session_block_outside: {enabled: false}\n"
       "  max_contracts_per_instrument: {enabled: true, unknown_symbol: allow}\n"
       "  no_stop_loss_grace: {enabled: false}\n"
    << "gateway:\n  rest_base_url: " << s.base_url() << "\n  user_hub_url: " << s.base_url() << "/hubs/user\n"
    << "  market_hub_url: " << s.base_url() << "/hubs/market\n  ca_file: " << s.cert_file().string() << "\n"
    << "event_server:\n  host: 127.0.0.1\n  port: " << free_port() << "\n";
}

struct Child {
  pid_t pid = -1;
  int notify_fd = -1;
  fs::path notify_path;
};

Child spawn_daemon(const fs::path& dir) {
  Child c;
  c.notify_path = dir / "notify.sock";
  fs::remove(c.notify_path);
  c.notify_fd = ::socket(AF_UNIX, SOCK_DGRAM, 0);
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::snprintf(a.sun_path, sizeof a.sun_path, "%s", c.notify_path.c_str());
  ::bind(c.notify_fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  c.pid = ::fork();
  if (c.pid == 0) {
    ::setenv("NOTIFY_SOCKET", c.notify_path.c_str(), 1);
    const std::string out = (dir / "daemon.out").string();
    FILE* f = std::fopen(out.c_str(), "w");
    if (f != nullptr) {
      ::dup2(fileno(f), 1);
      ::dup2(fileno(f), 2);
    }
    const std::string cfg = (dir / "config").string();
    const std::string data = (dir / "data").string();
    const std::string logs = (dir / "logs").string();
    ::execl(RISK_DAEMON_BIN, RISK_DAEMON_BIN, "--config", cfg.c_str(), "--data", data.c_str(), "--log-dir",
            logs.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return c;
}

bool wait_ready(const Child& c, std::chrono::seconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  char buf[512];
  while (std::chrono::steady_clock::now() < end) {
    timeval tv{0, 100'000};
    ::setsockopt(c.notify_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    const ssize_t n = ::recv(c.notify_fd, buf, sizeof buf - 1, 0);
    if (n > 0) {
      buf[n] = 0;
      if (std::string(buf).find("READY=1") != std::string::npos) return true;
    }
  }
  return false;
}

void stop(Child& c) {
  ::kill(c.pid, SIGTERM);
  int st = 0;
  ::waitpid(c.pid, &st, 0);
  ::close(c.notify_fd);
}

long rss_kb(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

double cpu_seconds(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::istringstream in(s.substr(s.rfind(')') + 2));
  std::string field;
  long utime = 0;
  long stime = 0;
  for (int i = 3; i <= 15; ++i) {
    in >> field;
    if (i == 14) utime = std::stol(field);
    if (i == 15) stime = std::stol(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

std::unique_ptr<sim::SimServer> start_sim(const fs::path& dir, int accounts) {
  sim::SimOptions o;
  o.cert_dir = dir / "sim";
  o.price_interval = std::chrono::milliseconds(0);
  o.rate_limit = 0;
  o.users = {sim::SimUser{kUser, kKey}};
  for (int i = 0; i < accounts; ++i) {
    sim::Account a;
    a.id = 5000 + i;
    a.name = "BENCH-" + std::to_string(i);
    a.balance = Decimal::from_int(50000);
    a.user = kUser;
    o.accounts.push_back(a);
  }
  auto s = std::make_unique<sim::SimServer>(o);
  if (!s->start()) throw std::runtime_error("sim did not start");
  return s;
}

}  // namespace

int main() {
  const fs::path root = fs::temp_directory_path() / ("risk-harness-daemon-" + std::to_string(::getpid()));
  fs::remove_all(root);
  Json metrics;

  {  // startup with 10 accounts
    const fs::path dir = root / "startup";
    auto s = start_sim(dir, 10);
    write_config(dir, *s, 10);
    std::vector<double> runs;
    for (int i = 0; i < 5; ++i) {
      fs::remove_all(dir / "data");
      fs::remove_all(dir / "logs");
      const auto t0 = std::chrono::steady_clock::now();
      Child c = spawn_daemon(dir);
      const bool ok = wait_ready(c, std::chrono::seconds(30));
      const auto t1 = std::chrono::steady_clock::now();
      stop(c);
      if (!ok) {
        std::cerr << "the daemon did not report ready\n";
        return 1;
      }
      runs.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::sort(runs.begin(), runs.end());
    metrics["startup_ms"] = runs[runs.size() / 2];
    s->stop();
  }

  {  // 50 accounts holding positions while quotes stream
    const fs::path dir = root / "rss";
    auto s = start_sim(dir, 50);
    write_config(dir, *s, 50);
    Child c = spawn_daemon(dir);
    if (!wait_ready(c, std::chrono::seconds(30))) return 1;
    net::ClientOptions co;
    co.ca_file = s->cert_file().string();
    net::HttpClient http(s->base_url(), co);
    auto login = http.post_json("/api/Auth/loginKey", Json{{"userName", kUser}, {"apiKey", kKey}}.dump());
    const std::string token = Json::parse(login.value().body)["token"];
    const char* contracts[] = {"CON.F.US.MNQ.Z26", "CON.F.US.MES.Z26", "CON.F.US.EP.Z26", "CON.F.US.ENQ.Z26",
                               "CON.F.US.RTY.Z26"};
    for (int i = 0; i < 50; ++i) {
      (void)http.post_json(
          "/api/Order/place",
          Json{{"accountId", 5000 + i}, {"contractId", contracts[i % 5]}, {"type", 2}, {"side", 0}, {"size", 1}}.dump(),
          token);
    }
    long peak = rss_kb(c.pid);
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < end) {
      for (const char* k : contracts)
        (void)http.post_json("/_sim/burst", Json{{"contractId", k}, {"count", 2000}}.dump());
      peak = std::max(peak, rss_kb(c.pid));
    }
    metrics["rss_mb_50_accounts"] = static_cast<double>(peak) / 1024.0;
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const double cpu0 = cpu_seconds(c.pid);
    std::this_thread::sleep_for(std::chrono::seconds(5));
    const double cpu1 = cpu_seconds(c.pid);
    metrics["idle_cpu_pct"] = (cpu1 - cpu0) / 5.0 * 100.0;
    stop(c);
    s->stop();
  }
  fs::remove_all(root);
  std::cout << Json{{"metrics", metrics}}.dump() << std::endl;
  return 0;
}
