// risk-service-ctl.exe: drives service/service_control.hpp from a command line,
// as risk-admin's `service ...` will. Used by tests/windows/service_under_wine.sh.
//   risk-service-ctl install --daemon PATH [--config DIR] [--data DIR] [--log-dir DIR]
//   risk-service-ctl start|stop|restart|reload|status|uninstall|describe
// Options: --name NAME (default RiskManagerDaemon). Exit 0 on success, 1 on
// failure, 2 on bad usage; `status` prints the state as `sc query` names it.
#include <cstdio>
#include <string>
#include <string_view>

#include "service/service_control.hpp"
#include "service/service_control_win.hpp"

namespace {
int usage() {
  std::fputs(
      "usage: risk-service-ctl [--name NAME] install --daemon PATH [--config DIR] [--data DIR] [--log-dir DIR]\n"
      "       risk-service-ctl [--name NAME] start|stop|restart|reload|status|uninstall|describe\n",
      stderr);
  return 2;
}

int report(const risk::service::Result& r) {
  std::printf("%s\n", r.message.c_str());
  return r.ok ? 0 : 1;
}
}  // namespace

int main(int argc, char** argv) {
  std::string name = risk::service::default_service_name();
  std::string command;
  risk::service::InstallOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--name" && has_value) {
      name = argv[++i];
    } else if (arg == "--daemon" && has_value) {
      options.daemon_path = argv[++i];
    } else if (arg == "--config" && has_value) {
      options.config_dir = argv[++i];
    } else if (arg == "--data" && has_value) {
      options.data_dir = argv[++i];
    } else if (arg == "--log-dir" && has_value) {
      options.log_dir = argv[++i];
    } else if (command.empty() && !arg.starts_with("--")) {
      command = arg;
    } else {
      return usage();
    }
  }
  auto control = risk::service::make_platform_service_control(name);
  if (command == "install") return report(control->install(options));
  if (command == "uninstall") return report(control->uninstall());
  if (command == "start") return report(control->start());
  if (command == "stop") return report(control->stop());
  if (command == "restart") return report(control->restart());
  if (command == "reload") return report(control->reload());
  if (command == "describe") {
    const auto r = risk::service::windows::describe(name);
    std::fputs(r.message.c_str(), stdout);
    if (!r.ok) std::fputs("\n", stdout);
    return r.ok ? 0 : 1;
  }
  if (command == "status") {
    const auto s = control->status();
    std::printf("state: %s\npid: %ld\ndetail: %s\n", risk::service::state_name(s.state), s.pid, s.detail.c_str());
    return s.state == risk::service::State::Unknown ? 1 : 0;
  }
  return usage();
}
