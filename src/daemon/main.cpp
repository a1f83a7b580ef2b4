// risk-daemon: see docs/operations.md.
#include <csignal>
#include <cstdio>
#include <thread>

#include <CLI/CLI.hpp>

#include "daemon/daemon.hpp"

int main(int argc, char** argv) {
  risk::daemon::DaemonOptions opt;
  CLI::App app{"risk-daemon: real-time risk manager for ProjectX Gateway (TopstepX) accounts"};
  std::string data_dir;
  std::string log_dir;
  bool version = false;
  app.add_option("--config", opt.config_dir, "directory holding accounts.yaml and risk_config.yaml")
      ->capture_default_str();
  app.add_option("--data", data_dir, "directory of state.db (overrides paths.data_dir)");
  app.add_option("--log-dir", log_dir, "directory of the log files (overrides paths.log_dir)");
  app.add_flag("--console", opt.console, "development mode: also log to the terminal");
  app.add_flag("--dry-run", opt.dry_run, "decide and log, never call a money-moving endpoint");
  app.add_flag("--allow-insecure-config", opt.allow_insecure_config,
               "development only: accept an accounts.yaml that others can read");
  long outage = 900;
  app.add_option("--hub-outage-limit", outage,
                 "seconds a hub may stay down (REST polling meanwhile) before the daemon exits for a restart")
      ->capture_default_str();
  app.add_flag("--version", version, "print the version and exit");
  CLI11_PARSE(app, argc, argv);
  if (version) {
    std::printf("risk-daemon %s\n", risk::daemon::kVersion);
    return 0;
  }
  if (!data_dir.empty()) opt.data_dir = data_dir;
  opt.hub_outage_limit = std::chrono::seconds(outage);
  if (!log_dir.empty()) opt.log_dir = log_dir;

  // Signals are taken by one thread (sigwait): SIGTERM/SIGINT stop, SIGHUP reloads.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  risk::daemon::Daemon daemon(opt);
  std::thread signals([&] {
    while (true) {
      int sig = 0;
      if (sigwait(&set, &sig) != 0) continue;
      if (sig == SIGHUP) {
        daemon.reload();
        continue;
      }
      daemon.stop();
      return;
    }
  });
  signals.detach();
  const int rc = daemon.run();
  std::fflush(nullptr);
  // Leave without running static destructors while detached threads may still log.
  std::_Exit(rc);
}
