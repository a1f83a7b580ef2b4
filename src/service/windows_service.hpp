#pragma once
// risk-daemon as a Windows service (Windows only): the SCM side of the
// process. `risk-daemon.exe --service` (the service's command line) connects
// to the Service Control Manager, reports START_PENDING with checkpoints while
// it starts, RUNNING when the daemon is ready (where Linux sends sd_notify
// READY=1), STOP_PENDING on SERVICE_CONTROL_STOP/SHUTDOWN and STOPPED with the
// daemon's exit status. It accepts stop and shutdown only (no pause). There is
// no SIGHUP on Windows: the user-defined control kReloadControl (sent by
// ControlService, see src/service/service_control_win.cpp) reloads the
// configuration.
#include <functional>
#include <string>

namespace risk::service {

// SERVICE_CONTROL code for "re-read the configuration" (user-defined: 128..255).
inline constexpr unsigned long kReloadControl = 128;

// How long the SCM should wait before it considers a pending state hung. The
// daemon reports ready within 20 s of starting (docs/operations.md); a graceful
// stop flushes the store and closes connections in a few seconds.
inline constexpr unsigned long kStartWaitHintMs = 30000;
inline constexpr unsigned long kStopWaitHintMs = 20000;

struct ServiceHooks {
  std::function<int()> run;      // the daemon; returns its exit status
  std::function<void()> stop;    // SERVICE_CONTROL_STOP / SHUTDOWN (another thread)
  std::function<void()> reload;  // kReloadControl (another thread)
};

// Runs `hooks.run` as the service `name` under the SCM and returns its exit
// status once the service has reported STOPPED. Returns -1 (with `error` set)
// when the process was not started by the SCM or the dispatcher failed.
int run_as_windows_service(const std::string& name, ServiceHooks hooks, std::string& error);

// For a process started as a service: working directory %ProgramData%\RiskManager
// (relative paths of the configuration, such as the shipped `data` and `logs`,
// land there; services otherwise start in System32), and stderr/stdout appended
// to <log_dir>\risk-daemon.stderr.log so a refused configuration is on record.
void prepare_service_process(const std::string& log_dir);

// Called through service/service_notify.hpp; no-ops unless running as a service.
void service_report_running();
void service_report_stopping();
void service_report_progress();

}  // namespace risk::service
