// projectx-sim: a local ProjectX Gateway (TopstepX) for tests, benchmarks and the demo.
//   projectx-sim [options]            serve REST + hubs + control API on 127.0.0.1
//   projectx-sim trader [options]     run the scripted trader against a gateway
// See docs/simulator.md.
#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>

#include "net/tls.hpp"
#include "sim/json.hpp"
#include "sim/scripted_trader.hpp"
#include "sim/sim_server.hpp"

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto p = s.find(sep, start);
    out.push_back(s.substr(start, p - start));
    if (p == std::string::npos) break;
    start = p + 1;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace risk;
  using namespace risk::sim;
  CLI::App app{"projectx-sim: a local ProjectX Gateway (TopstepX) simulator"};
  app.require_subcommand(0, 1);

  int port = 0;
  bool plain = false;
  std::string cert_dir;
  std::vector<std::string> users;
  std::vector<std::string> accounts;
  std::int64_t token_lifetime_s = 24 * 3600;
  int rate_limit = 200;
  std::int64_t rate_window_s = 60;
  std::int64_t ping_ms = 15'000;
  std::int64_t price_ms = 250;
  std::string price_path;
  std::uint64_t seed = 1;
  int account_repeats = 2;
  bool no_reemit = false;
  std::string ready_file;
  app.add_option("--port", port, "Port on 127.0.0.1 (0 = pick a free one and print it)")->check(CLI::Range(0, 65535));
  app.add_flag("--plain", plain, "Serve plain HTTP/WS instead of HTTPS/WSS");
  app.add_option("--cert-dir", cert_dir, "Write cert.pem and key.pem here (default: a new temporary directory)");
  app.add_option("--user", users, "A user and API key, NAME:APIKEY (repeatable; default trader:sim-api-key)");
  app.add_option(
      "--account", accounts,
      "An account, ID:NAME:USER:BALANCE (repeatable; default 20258288:150KTC-V2-478426-52758441:trader:150000)");
  app.add_option("--token-lifetime", token_lifetime_s, "Token lifetime in seconds")->check(CLI::PositiveNumber);
  app.add_option("--rate-limit", rate_limit, "REST requests per caller per window (0 = unlimited)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--rate-window", rate_window_s, "Rolling rate-limit window in seconds")->check(CLI::PositiveNumber);
  app.add_option("--ping-interval-ms", ping_ms, "Hub ping interval in ms (0 = none)")->check(CLI::NonNegativeNumber);
  app.add_option("--price-interval-ms", price_ms, "Random-walk step interval in ms (0 = prices move only on command)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--price-path", price_path,
                 "File of 'contractId,price' lines, one step each, instead of the random walk");
  app.add_option("--seed", seed, "Seed of the price random walk");
  app.add_option("--account-event-repeats", account_repeats, "Each GatewayUserAccount event is sent this many times")
      ->check(CLI::Range(1, 8));
  app.add_flag("--no-reemit-opening-trade", no_reemit, "Do not re-send the opening trade after a closing fill");
  app.add_option("--ready-file", ready_file,
                 "Write {\"port\",\"baseUrl\",\"hubUrl\",\"certFile\"} here once listening");

  TraderOptions trader;
  std::int64_t trader_account = 0;
  std::int64_t trader_interval_ms = 1000;
  auto* trader_cmd =
      app.add_subcommand("trader", "Run the scripted trader (overtrades, holds losers) against a gateway");
  trader_cmd->add_option("--url", trader.base_url, "Gateway REST base URL")->required();
  trader_cmd->add_option("--ca-file", trader.ca_file, "PEM file to trust (the simulator's cert.pem)");
  trader_cmd->add_option("--user", trader.user_name, "User name");
  trader_cmd->add_option("--api-key", trader.api_key, "API key (never printed)");
  trader_cmd->add_option("--account", trader_account, "Account id (default: the first)");
  trader_cmd->add_option("--contract", trader.contract_id, "Contract id");
  trader_cmd->add_option("--actions", trader.actions, "Decisions before stopping (0 = run forever)");
  trader_cmd->add_option("--interval-ms", trader_interval_ms, "Pause between decisions");
  trader_cmd->add_option("--seed", trader.seed, "Seed of the trader's choices");

  CLI11_PARSE(app, argc, argv);

  if (trader_cmd->parsed()) {
    if (trader_account != 0) trader.account_id = trader_account;
    trader.interval = std::chrono::milliseconds(trader_interval_ms);
    return run_scripted_trader(trader, std::cout);
  }

  SimOptions o;
  o.port = static_cast<std::uint16_t>(port);
  o.tls = !plain;
  o.cert_dir = cert_dir;
  o.token_lifetime = std::chrono::seconds(token_lifetime_s);
  o.rate_limit = rate_limit;
  o.rate_window = std::chrono::seconds(rate_window_s);
  o.ping_interval = std::chrono::milliseconds(ping_ms);
  o.price_interval = std::chrono::milliseconds(price_ms);
  if (!price_path.empty()) o.price_path_file = price_path;
  o.exchange.seed = seed;
  o.exchange.account_event_repeats = account_repeats;
  o.exchange.reemit_opening_trade = !no_reemit;
  for (const auto& u : users) {
    const auto parts = split(u, ':');
    if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) {
      std::cerr << "projectx-sim: --user expects NAME:APIKEY\n";
      return 2;
    }
    o.users.push_back({parts[0], parts[1]});
  }
  if (o.users.empty()) o.users.push_back(default_user());
  for (const auto& a : accounts) {
    const auto parts = split(a, ':');
    Account acc;
    if (parts.size() != 4) {
      std::cerr << "projectx-sim: --account expects ID:NAME:USER:BALANCE\n";
      return 2;
    }
    try {
      acc.id = std::stoll(parts[0]);
    } catch (const std::exception&) {
      std::cerr << "projectx-sim: bad account id " << parts[0] << "\n";
      return 2;
    }
    acc.name = parts[1];
    acc.user = parts[2];
    auto balance = Decimal::parse(parts[3]);
    if (!balance) {
      std::cerr << "projectx-sim: bad balance " << parts[3] << "\n";
      return 2;
    }
    acc.balance = *balance;
    o.accounts.push_back(acc);
  }
  if (o.accounts.empty()) o.accounts.push_back(default_account());

  // Block the stop signals before any thread starts, then wait for one here.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  SimServer server(o);
  auto bound = server.start();
  if (!bound) {
    std::cerr << "projectx-sim: " << bound.error().message << "\n";
    return 1;
  }
  std::string ready;
  JsonWriter(ready, gateway_style(false, false))
      .begin_object()
      .field("port", static_cast<std::int64_t>(*bound))
      .field("baseUrl", server.base_url())
      .field("hubUrl", server.hub_base_url())
      .field("controlUrl", server.base_url() + "/_sim/")
      .field("certFile", server.cert_file().string())
      .end_object();
  std::cout << "projectx-sim listening on " << server.base_url() << " (hubs " << server.hub_base_url()
            << "/hubs/user, /hubs/market; control " << server.base_url() << "/_sim/)" << std::endl;
  if (server.tls()) std::cout << "projectx-sim certificate: " << server.cert_file().string() << std::endl;
  std::cout << ready << std::endl;
  if (!ready_file.empty()) {
    auto w = net::write_text_file(ready_file, ready + "\n", false);
    if (!w) std::cerr << "projectx-sim: " << w.error().message << "\n";
  }
  int sig = 0;
  sigwait(&signals, &sig);
  std::cout << "projectx-sim: stopping" << std::endl;
  server.stop();
  return 0;
}
