#pragma once
// projectx-sim wired together: the Exchange, tokens, REST API, hubs and the
// control API behind one HTTPS/WSS (or plain) listener on 127.0.0.1.
//   /api/...                 the gateway's REST paths
//   /hubs/user, /hubs/market SignalR (optionally after POST .../negotiate)
//   /_sim/...                the control API for tests (docs/simulator.md)
// Every handler and timer runs on the server's single I/O thread.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "sim/exchange.hpp"
#include "sim/rest_api.hpp"

namespace risk::sim {

struct SimUser {
  std::string user_name;
  std::string api_key;
};

struct SimOptions {
  std::uint16_t port = 0;
  bool tls = true;
  // Where cert.pem and key.pem are written (TLS). Empty = a fresh temporary directory.
  std::filesystem::path cert_dir;
  Duration token_lifetime = std::chrono::hours(24);
  int rate_limit = 200;  // requests per caller per window; 0 = unlimited
  Duration rate_window = std::chrono::seconds(60);
  Duration ping_interval = std::chrono::seconds(15);
  Duration price_interval = std::chrono::milliseconds(250);  // random-walk step; 0 = only on command
  std::optional<std::filesystem::path> price_path_file;      // lines "contractId,price"
  ExchangeOptions exchange;
  std::vector<SimUser> users;
  std::vector<Account> accounts;
  Clock clock;                   // empty = the system clock
  std::uint64_t token_seed = 0;  // 0 = random
};

class SimServer {
 public:
  explicit SimServer(SimOptions options);
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  Result<std::uint16_t> start();
  void stop();

  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] bool tls() const;
  [[nodiscard]] std::string base_url() const;      // https://127.0.0.1:<port>
  [[nodiscard]] std::string hub_base_url() const;  // wss://127.0.0.1:<port>
  [[nodiscard]] std::filesystem::path cert_file() const;

  // Runs `fn` on the I/O thread with the exchange (in-process tests).
  void with_exchange(const std::function<void(Exchange&)>& fn);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// The default demo login: user "trader", API key "sim-api-key", account 20258288.
SimUser default_user();
Account default_account();

}  // namespace risk::sim
