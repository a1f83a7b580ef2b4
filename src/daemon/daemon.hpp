#pragma once
// risk-daemon: the running product. Wires configuration, store, engine,
// gateway clients, executor and event server in the seed's phases, runs the
// engine on one thread, and shuts down gracefully.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"

namespace risk::daemon {

// How risk-daemon ends (its process exit status).
enum class ExitStatus : int {
  Stopped = 0,    // a graceful stop (service stop, SIGTERM, Ctrl+C)
  Fault = 1,      // a fault it cannot go on from (state is saved; the service manager restarts it)
  BadConfig = 2,  // a configuration it refuses (the report names file, line and key)
};

struct DaemonOptions {
  std::string config_dir = "config";        // accounts.yaml + risk_config.yaml
  std::optional<std::string> data_dir;      // overrides paths.data_dir
  std::optional<std::string> log_dir;       // overrides paths.log_dir
  bool console = false;                     // logs to the terminal too
  bool dry_run = false;                     // decide and log, never call a money-moving endpoint
  bool allow_insecure_config = false;       // development: accounts.yaml readable by others
  std::optional<std::uint16_t> event_port;  // overrides event_server.port (tests)
  // A hub that stays down this long (REST polling meanwhile) ends the process
  // with status 1 so the service manager restarts it afresh.
  std::chrono::seconds hub_outage_limit{900};
  // The clock every part reads (tests step a manual one); null = the system clock.
  const Clock* clock = nullptr;
};

class Daemon {
 public:
  explicit Daemon(DaemonOptions options);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Runs until stop(); returns the process exit status (ExitStatus).
  int run();
  // Thread-safe; may be called from a signal-handling thread.
  void stop();
  void reload();
  // True once startup (including the first reconciliation) is done.
  bool wait_ready(std::chrono::milliseconds timeout) const;
  [[nodiscard]] std::uint16_t event_port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

inline constexpr const char* kVersion = "0.1.0";

}  // namespace risk::daemon
