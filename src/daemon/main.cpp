// risk-daemon: see docs/operations.md (Windows service: docs/windows.md).
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include "daemon/daemon.hpp"
#include "platform/paths.hpp"
#include "platform/signals.hpp"
#if defined(_WIN32)
#include "service/service_control.hpp"
#include "service/windows_service.hpp"
#endif

int main(int argc, char** argv) {
  // Before any thread starts: only the watcher thread takes SIGTERM/SIGINT/SIGHUP.
  risk::platform::block_stop_signals();

  risk::daemon::DaemonOptions opt;
  opt.config_dir = risk::platform::default_config_dir();
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
#if defined(_WIN32)
  bool service = false;
  app.add_flag("--service", service, "run as the Windows service (set in the service's command line by the installer)");
#endif
  CLI11_PARSE(app, argc, argv);
  if (version) {
    std::printf("risk-daemon %s\n", risk::daemon::kVersion);
    return 0;
  }
  if (!data_dir.empty()) opt.data_dir = data_dir;
  opt.hub_outage_limit = std::chrono::seconds(outage);
  if (!log_dir.empty()) opt.log_dir = log_dir;

#if defined(_WIN32)
  if (service) {
    risk::service::prepare_service_process(log_dir);
    risk::daemon::Daemon daemon(opt);
    std::string error;
    const int rc = risk::service::run_as_windows_service(
        risk::service::default_service_name(),
        {[&] { return daemon.run(); }, [&] { daemon.stop(); }, [&] { daemon.reload(); }}, error);
    if (rc < 0) std::fprintf(stderr, "risk-daemon: %s\n", error.c_str());
    std::fflush(nullptr);
    std::_Exit(rc < 0 ? 1 : rc);
  }
#endif

  risk::daemon::Daemon daemon(opt);
  risk::platform::watch_stop_signals([&] { daemon.stop(); }, [&] { daemon.reload(); });
  const int rc = daemon.run();
  std::fflush(nullptr);
  // Leave without running static destructors while detached threads may still log.
  std::_Exit(rc);
}
