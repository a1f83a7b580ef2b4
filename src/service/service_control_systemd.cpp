// Linux: the daemon is the systemd unit risk-daemon.service; risk-admin drives
// it through systemctl (docs/operations.md). The unit installed is the one in
// packaging/systemd/, with the paths of this installation.
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "platform/files.hpp"
#include "platform/process.hpp"
#include "service/service_control.hpp"
#include "service/unit_template.hpp"

namespace risk::service {

namespace {

namespace fs = std::filesystem;

std::string one_line(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  for (char& c : s) {
    if (c == '\n') c = ' ';
  }
  return s;
}

class Systemd final : public ServiceControl {
 public:
  explicit Systemd(std::string name) : unit_(std::move(name) + ".service") {
    const char* dir = std::getenv("RISK_SYSTEMD_UNIT_DIR");  // tests and packagers
    unit_dir_ = dir != nullptr && *dir != '\0' ? dir : "/etc/systemd/system";
  }

  Result install(const InstallOptions& given) override {
    InstallOptions o = given;
    for (std::string* p : {&o.daemon_path, &o.config_dir, &o.data_dir, &o.log_dir}) {
      std::error_code ec;
      *p = fs::absolute(*p, ec).lexically_normal().string();  // systemd ignores relative paths
      if (p->find_first_of(" \t\n\"'%\\$;") != std::string::npos) {
        return {false, "the path '" + *p + "' has a space or a character systemd would interpret; use a plain path"};
      }
    }
    const std::string unit = render_unit(o);
    auto w = platform::replace_file((fs::path(unit_dir_) / unit_).string(), unit, platform::FileMode::Public);
    if (!w) return {false, w.error().message};
    if (auto r = systemctl({"daemon-reload"}); !r.ok) return {false, "unit written, but " + r.message};
    if (auto r = systemctl({"enable", unit_}); !r.ok) return {false, "unit written, but " + r.message};
    return {true, "installed " + (fs::path(unit_dir_) / unit_).string() + " and enabled it (starts at boot)"};
  }

  Result uninstall() override {
    (void)systemctl({"disable", "--now", unit_});
    std::error_code ec;
    const bool removed = fs::remove(fs::path(unit_dir_) / unit_, ec);
    if (ec) return {false, "cannot remove the unit: " + ec.message()};
    (void)systemctl({"daemon-reload"});
    return {true, removed ? "stopped, disabled and removed " + unit_ : unit_ + " was not installed"};
  }

  Result start() override { return systemctl({"start", unit_}); }
  Result stop() override { return systemctl({"stop", unit_}); }
  Result restart() override { return systemctl({"restart", unit_}); }
  Result reload() override { return systemctl({"reload", unit_}); }

  Status status() override {
    Status s;
    auto r = platform::run_command(
        {"systemctl", "show", unit_, "--property=LoadState,ActiveState,SubState,MainPID", "--no-pager"});
    if (!r) {
      s.detail = r.error().message;
      return s;
    }
    if (r.value().exit_code != 0) {
      s.detail = "systemctl: " + one_line(r.value().output);
      return s;
    }
    std::istringstream in(r.value().output);
    std::string line;
    std::string load;
    std::string active;
    std::string sub;
    while (std::getline(in, line)) {
      const auto eq = line.find('=');
      if (eq == std::string::npos) continue;
      const std::string k = line.substr(0, eq);
      const std::string v = line.substr(eq + 1);
      if (k == "LoadState") load = v;
      if (k == "ActiveState") active = v;
      if (k == "SubState") sub = v;
      if (k == "MainPID") s.pid = std::strtol(v.c_str(), nullptr, 10);
    }
    if (load == "not-found") {
      s.state = State::NotInstalled;
    } else if (active == "active" || active == "reloading") {
      s.state = State::Running;
    } else if (active == "activating") {
      s.state = State::Starting;
    } else if (active == "deactivating") {
      s.state = State::Stopping;
    } else if (active == "inactive" || active == "failed") {
      s.state = State::Stopped;
    }
    s.detail = unit_ + ": " + load + ", " + active + " (" + sub + ")";
    return s;
  }

 private:
  Result systemctl(std::vector<std::string> args) {
    args.insert(args.begin(), "systemctl");
    auto r = platform::run_command(args);
    if (!r) return {false, r.error().message};
    std::string cmd;
    for (const auto& a : args) cmd += (cmd.empty() ? "" : " ") + a;
    if (r.value().exit_code != 0) {
      return {false, cmd + " failed (exit " + std::to_string(r.value().exit_code) + "): " + one_line(r.value().output)};
    }
    return {true, cmd + ": done"};
  }

  // The packaged unit with this installation's paths in ExecStart and ReadWritePaths.
  static std::string render_unit(const InstallOptions& o) {
    std::istringstream in(kUnitTemplate);
    std::string out;
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("ExecStart=", 0) == 0) {
        line = "ExecStart=" + o.daemon_path + " --config " + o.config_dir + " --data " + o.data_dir + " --log-dir " +
               o.log_dir;
      } else if (line.rfind("ReadWritePaths=", 0) == 0) {
        line = "ReadWritePaths=" + o.data_dir + " " + o.log_dir;
      } else if (line.rfind("EnvironmentFile=", 0) == 0) {
        line = "EnvironmentFile=-" + (fs::path(o.config_dir) / "secrets.env").string();
      } else if (line.rfind("WorkingDirectory=", 0) == 0) {
        line = "WorkingDirectory=" + o.data_dir;
      }
      out += line + "\n";
    }
    return out;
  }

  std::string unit_;
  std::string unit_dir_;
};

}  // namespace

std::string default_service_name() { return "risk-daemon"; }

std::unique_ptr<ServiceControl> make_platform_service_control(const std::string& name) {
  return std::make_unique<Systemd>(name);
}

}  // namespace risk::service
