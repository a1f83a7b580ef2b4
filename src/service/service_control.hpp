#pragma once
// Drives the daemon's service in the platform's service manager: systemd
// (through systemctl) on Linux, the Service Control Manager on Windows.
// risk-admin's `service install|start|stop|restart|uninstall|status|reload`
// and its menu call this; nothing else does.
#include <memory>
#include <string>

namespace risk::service {

enum class State { NotInstalled, Stopped, Starting, Stopping, Running, Paused, Unknown };

const char* state_name(State s);  // "NOT_INSTALLED", "STOPPED", ..., "RUNNING" (as `sc query` says)

struct Status {
  State state = State::Unknown;
  std::string detail;  // what the service manager said (systemctl/SCM text), one line
  long pid = 0;        // 0 when not running or unknown
};

struct Result {
  bool ok = false;
  std::string message;  // one line for the operator; never holds a secret
};

// Where the installed daemon finds its files (the service's command line).
struct InstallOptions {
  std::string daemon_path;  // absolute path of risk-daemon(.exe)
  std::string config_dir;
  std::string data_dir;
  std::string log_dir;
};

class ServiceControl {
 public:
  virtual ~ServiceControl() = default;
  virtual Result install(const InstallOptions& options) = 0;
  virtual Result uninstall() = 0;
  virtual Result start() = 0;
  virtual Result stop() = 0;
  virtual Result restart() = 0;
  virtual Result reload() = 0;  // re-read configuration (SIGHUP / admin channel)
  virtual Status status() = 0;
};

// The service manager of the platform this was built for. `name` is the unit
// (Linux, without ".service") or service name (Windows): "risk-daemon" /
// "RiskManagerDaemon" by default.
std::string default_service_name();
std::unique_ptr<ServiceControl> make_platform_service_control(const std::string& name = default_service_name());

}  // namespace risk::service
