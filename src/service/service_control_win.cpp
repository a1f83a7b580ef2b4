// The daemon's Windows service through the Service Control Manager: install
// (CreateService + description + failure actions + security descriptor +
// directory ACLs), uninstall, start/stop/restart waiting for the state, reload
// (the user-defined control the daemon maps to its SIGHUP path) and status.
#include "service/service_control_win.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <windows.h>
// after <windows.h>
#include <aclapi.h>
#include <sddl.h>
#include <winsvc.h>

#include "platform/paths.hpp"
#include "service/windows_service.hpp"

namespace risk::service {

std::string default_service_name() { return "RiskManagerDaemon"; }

namespace windows {
namespace {

std::wstring widen(const std::string& s) {
  if (s.empty()) return {};
  const int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0);
  std::wstring w(static_cast<std::size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), w.data(), n);
  return w;
}

std::string narrow(const wchar_t* w) {
  if (w == nullptr || *w == L'\0') return {};
  const int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, nullptr, 0, nullptr, nullptr);
  std::string s(static_cast<std::size_t>(n > 0 ? n - 1 : 0), '\0');
  if (n > 1) WideCharToMultiByte(CP_UTF8, 0, w, -1, s.data(), n, nullptr, nullptr);
  return s;
}

// "text (error 5: Access is denied.)" for GetLastError() or a given code.
std::string win_error(const std::string& what, DWORD code = GetLastError()) {
  wchar_t* buf = nullptr;
  FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
                 code, 0, reinterpret_cast<LPWSTR>(&buf), 0, nullptr);
  std::string text = narrow(buf);
  if (buf != nullptr) LocalFree(buf);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  std::string out = what + " (error " + std::to_string(code);
  if (!text.empty()) out += ": " + text;
  return out + ")";
}

struct HandleCloser {
  void operator()(SC_HANDLE h) const {
    if (h != nullptr) CloseServiceHandle(h);
  }
};
using Handle = std::unique_ptr<std::remove_pointer_t<SC_HANDLE>, HandleCloser>;

struct LocalFreer {
  void operator()(void* p) const {
    if (p != nullptr) LocalFree(p);
  }
};

Result ok(std::string message) { return Result{true, std::move(message)}; }
Result fail(std::string message) { return Result{false, std::move(message)}; }

State from_scm(DWORD s) {
  switch (s) {
    case SERVICE_STOPPED:
      return State::Stopped;
    case SERVICE_START_PENDING:
      return State::Starting;
    case SERVICE_STOP_PENDING:
      return State::Stopping;
    case SERVICE_RUNNING:
      return State::Running;
    case SERVICE_CONTINUE_PENDING:
      return State::Starting;
    case SERVICE_PAUSE_PENDING:
    case SERVICE_PAUSED:
      return State::Paused;
    default:
      return State::Unknown;
  }
}

std::wstring quoted(const std::string& s) { return L"\"" + widen(s) + L"\""; }

std::string or_default(const std::string& v, const std::string& fallback) { return v.empty() ? fallback : v; }

// Applies a protected DACL (SDDL) to a directory, creating it first.
std::string secure_directory(const std::string& dir, const char* sddl) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(widen(dir)), ec);
  if (ec) return "cannot create " + dir + ": " + ec.message();
  PSECURITY_DESCRIPTOR sd = nullptr;
  if (ConvertStringSecurityDescriptorToSecurityDescriptorW(widen(sddl).c_str(), SDDL_REVISION_1, &sd, nullptr) ==
      FALSE) {
    return win_error("invalid directory security descriptor");
  }
  const std::unique_ptr<void, LocalFreer> hold(sd);
  BOOL present = FALSE;
  BOOL defaulted = FALSE;
  PACL dacl = nullptr;
  GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted);
  std::wstring path = widen(dir);
  const DWORD rc = SetNamedSecurityInfoW(path.data(), SE_FILE_OBJECT,
                                         DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, nullptr,
                                         nullptr, dacl, nullptr);
  if (rc != ERROR_SUCCESS) return win_error("cannot set the permissions of " + dir, rc);
  return {};
}

class WindowsServiceControl final : public ServiceControl {
 public:
  explicit WindowsServiceControl(std::string name) : name_(std::move(name)), wname_(widen(name_)) {}

  Result install(const InstallOptions& options) override {
    if (options.daemon_path.empty()) return fail("install: the path of risk-daemon.exe is required");
    if (!std::filesystem::exists(std::filesystem::path(widen(options.daemon_path)))) {
      return fail("install: " + options.daemon_path + " does not exist");
    }
    for (const auto& [dir, sddl] :
         {std::pair{or_default(options.config_dir, platform::default_config_dir()), kConfigDirSddl},
          std::pair{or_default(options.data_dir, platform::default_data_dir()), kDataDirSddl},
          std::pair{or_default(options.log_dir, platform::default_log_dir()), kDataDirSddl}}) {
      if (std::string problem = secure_directory(dir, sddl); !problem.empty()) return fail("install: " + problem);
    }
    Handle scm(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT | SC_MANAGER_CREATE_SERVICE));
    if (!scm) return fail(win_error("install: cannot open the Service Control Manager (run as administrator)"));
    const std::wstring cmd = command_line(options);
    const std::wstring display = widen(kDisplayName);
    const std::wstring account = widen(kAccount);
    bool updated = false;
    Handle svc(CreateServiceW(scm.get(), wname_.c_str(), display.c_str(), SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS,
                              SERVICE_AUTO_START, SERVICE_ERROR_NORMAL, cmd.c_str(), nullptr, nullptr, nullptr,
                              account.c_str(), L""));
    if (!svc) {
      const DWORD e = GetLastError();
      if (e != ERROR_SERVICE_EXISTS) return fail(win_error("install: CreateService " + name_, e));
      // Installed before: bring its configuration up to date.
      svc.reset(OpenServiceW(scm.get(), wname_.c_str(), SERVICE_ALL_ACCESS));
      if (!svc) return fail(win_error("install: OpenService " + name_));
      if (ChangeServiceConfigW(svc.get(), SERVICE_WIN32_OWN_PROCESS, SERVICE_AUTO_START, SERVICE_ERROR_NORMAL,
                               cmd.c_str(), nullptr, nullptr, nullptr, account.c_str(), L"",
                               display.c_str()) == FALSE) {
        return fail(win_error("install: ChangeServiceConfig " + name_));
      }
      updated = true;
    }
    std::string note;
    if (std::string problem = configure(svc.get(), note); !problem.empty()) {
      if (!updated) DeleteService(svc.get());
      return fail("install: " + problem);
    }
    return ok(std::string(updated ? "updated" : "installed") + " service " + name_ + " (" + kDisplayName +
              ", automatic start, restart on failure, administrators only)" + note);
  }

  Result uninstall() override {
    Handle scm(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    if (!scm) return fail(win_error("uninstall: cannot open the Service Control Manager"));
    Handle svc(OpenServiceW(scm.get(), wname_.c_str(), SERVICE_STOP | SERVICE_QUERY_STATUS | DELETE));
    if (!svc) {
      const DWORD e = GetLastError();
      if (e == ERROR_SERVICE_DOES_NOT_EXIST) return ok("service " + name_ + " is not installed");
      return fail(win_error("uninstall: OpenService " + name_ + " (run as administrator)", e));
    }
    if (Result r = stop_and_wait(svc.get()); !r.ok) return r;
    if (DeleteService(svc.get()) == FALSE) {
      const DWORD e = GetLastError();
      if (e != ERROR_SERVICE_MARKED_FOR_DELETE) return fail(win_error("uninstall: DeleteService " + name_, e));
    }
    return ok("service " + name_ + " stopped and removed");
  }

  Result start() override {
    Handle scm(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    if (!scm) return fail(win_error("start: cannot open the Service Control Manager"));
    Handle svc(OpenServiceW(scm.get(), wname_.c_str(), SERVICE_START | SERVICE_QUERY_STATUS));
    if (!svc) return fail(win_error("start: OpenService " + name_));
    return start_and_wait(svc.get());
  }

  Result stop() override {
    Handle scm(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    if (!scm) return fail(win_error("stop: cannot open the Service Control Manager"));
    Handle svc(OpenServiceW(scm.get(), wname_.c_str(), SERVICE_STOP | SERVICE_QUERY_STATUS));
    if (!svc) return fail(win_error("stop: OpenService " + name_ + " (only administrators may stop it)"));
    return stop_and_wait(svc.get());
  }

  Result restart() override {
    Handle scm(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    if (!scm) return fail(win_error("restart: cannot open the Service Control Manager"));
    Handle svc(OpenServiceW(scm.get(), wname_.c_str(), SERVICE_START | SERVICE_STOP | SERVICE_QUERY_STATUS));
    if (!svc) return fail(win_error("restart: OpenService " + name_ + " (only administrators may restart it)"));
    if (Result r = stop_and_wait(svc.get()); !r.ok) return r;
    return start_and_wait(svc.get());
  }

  Result reload() override {
    Handle scm(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    if (!scm) return fail(win_error("reload: cannot open the Service Control Manager"));
    Handle svc(OpenServiceW(scm.get(), wname_.c_str(), SERVICE_USER_DEFINED_CONTROL | SERVICE_QUERY_STATUS));
    if (!svc) return fail(win_error("reload: OpenService " + name_ + " (only administrators may reload it)"));
    SERVICE_STATUS st{};
    if (ControlService(svc.get(), service::kReloadControl, &st) == FALSE) {
      return fail(win_error("reload: ControlService " + name_));
    }
    return ok("service " + name_ + " asked to re-read its configuration (see daemon.log for the outcome)");
  }

  Status status() override {
    Status out;
    Handle scm(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    if (!scm) {
      out.detail = win_error("cannot open the Service Control Manager");
      return out;
    }
    Handle svc(OpenServiceW(scm.get(), wname_.c_str(), SERVICE_QUERY_STATUS));
    if (!svc) {
      const DWORD e = GetLastError();
      if (e == ERROR_SERVICE_DOES_NOT_EXIST) {
        out.state = State::NotInstalled;
        out.detail = "service " + name_ + " is not installed";
      } else {
        out.detail = win_error("OpenService " + name_, e);
      }
      return out;
    }
    SERVICE_STATUS_PROCESS sp{};
    if (!query(svc.get(), sp)) {
      out.detail = win_error("QueryServiceStatusEx " + name_);
      return out;
    }
    out.state = from_scm(sp.dwCurrentState);
    out.pid = sp.dwCurrentState == SERVICE_STOPPED ? 0 : static_cast<long>(sp.dwProcessId);
    out.detail = "service " + name_ + ": " + state_name(out.state);
    if (out.pid != 0) out.detail += ", pid " + std::to_string(out.pid);
    if (sp.dwCurrentState == SERVICE_STOPPED) out.detail += exit_text(sp);
    return out;
  }

 private:
  static bool query(SC_HANDLE svc, SERVICE_STATUS_PROCESS& sp) {
    DWORD needed = 0;
    return QueryServiceStatusEx(svc, SC_STATUS_PROCESS_INFO, reinterpret_cast<LPBYTE>(&sp), sizeof sp, &needed) !=
           FALSE;
  }

  static std::string exit_text(const SERVICE_STATUS_PROCESS& sp) {
    if (sp.dwWin32ExitCode == NO_ERROR) return ", last exit status 0";
    if (sp.dwWin32ExitCode == ERROR_SERVICE_SPECIFIC_ERROR) {
      return ", last exit status " + std::to_string(sp.dwServiceSpecificExitCode) +
             (sp.dwServiceSpecificExitCode == 2 ? " (configuration refused: see risk-daemon.stderr.log)" : "");
    }
    return ", " + win_error("last exit", sp.dwWin32ExitCode);
  }

  // Waits while the service is in `pending`, as the SCM documents: poll at a
  // tenth of the wait hint (kept within 0.25..1 s so the operator is not kept
  // waiting), give up when the checkpoint has not moved for longer than the
  // hint. Returns false when the status cannot be queried.
  static bool wait_while(SC_HANDLE svc, DWORD pending, SERVICE_STATUS_PROCESS& sp) {
    if (!query(svc, sp)) return false;
    auto last_progress = std::chrono::steady_clock::now();
    DWORD checkpoint = sp.dwCheckPoint;
    while (sp.dwCurrentState == pending) {
      const DWORD hint = sp.dwWaitHint == 0 ? 10000 : sp.dwWaitHint;
      const DWORD step = std::clamp<DWORD>(hint / 10, 250, 1000);
      std::this_thread::sleep_for(std::chrono::milliseconds(step));
      if (!query(svc, sp)) return false;
      if (sp.dwCheckPoint != checkpoint) {
        checkpoint = sp.dwCheckPoint;
        last_progress = std::chrono::steady_clock::now();
      } else if (std::chrono::steady_clock::now() - last_progress > std::chrono::milliseconds(hint)) {
        return true;  // no progress within the wait hint: the caller reports the state it is stuck in
      }
    }
    return true;
  }

  Result start_and_wait(SC_HANDLE svc) {
    SERVICE_STATUS_PROCESS sp{};
    if (!query(svc, sp)) return fail(win_error("start: QueryServiceStatusEx " + name_));
    if (sp.dwCurrentState == SERVICE_RUNNING) return ok("service " + name_ + " is already running");
    if (StartServiceW(svc, 0, nullptr) == FALSE) {
      const DWORD e = GetLastError();
      if (e != ERROR_SERVICE_ALREADY_RUNNING) return fail(win_error("start: StartService " + name_, e));
    }
    if (!wait_while(svc, SERVICE_START_PENDING, sp)) return fail(win_error("start: QueryServiceStatusEx " + name_));
    if (sp.dwCurrentState == SERVICE_RUNNING) {
      return ok("service " + name_ + " running (pid " + std::to_string(sp.dwProcessId) + ")");
    }
    return fail("start: service " + name_ + " did not reach RUNNING: " + state_name(from_scm(sp.dwCurrentState)) +
                (sp.dwCurrentState == SERVICE_STOPPED ? exit_text(sp) : ""));
  }

  Result stop_and_wait(SC_HANDLE svc) {
    SERVICE_STATUS_PROCESS sp{};
    if (!query(svc, sp)) return fail(win_error("stop: QueryServiceStatusEx " + name_));
    if (sp.dwCurrentState == SERVICE_STOPPED) return ok("service " + name_ + " is stopped");
    if (sp.dwCurrentState == SERVICE_START_PENDING) {
      // Stop is accepted once running (the daemon reports ready within 20 s).
      if (!wait_while(svc, SERVICE_START_PENDING, sp)) return fail(win_error("stop: QueryServiceStatusEx"));
    }
    if (sp.dwCurrentState != SERVICE_STOP_PENDING && sp.dwCurrentState != SERVICE_STOPPED) {
      SERVICE_STATUS st{};
      if (ControlService(svc, SERVICE_CONTROL_STOP, &st) == FALSE) {
        const DWORD e = GetLastError();
        if (e != ERROR_SERVICE_NOT_ACTIVE) return fail(win_error("stop: ControlService " + name_, e));
      }
    }
    if (!wait_while(svc, SERVICE_STOP_PENDING, sp)) return fail(win_error("stop: QueryServiceStatusEx " + name_));
    if (sp.dwCurrentState == SERVICE_STOPPED) return ok("service " + name_ + " stopped" + exit_text(sp));
    return fail("stop: service " + name_ +
                " did not stop within its wait hint: " + state_name(from_scm(sp.dwCurrentState)));
  }

  // Description, failure actions (and for non-crash failures), security
  // descriptor. Returns the problem; `note` gets what the operator should know.
  static std::string configure(SC_HANDLE svc, std::string& note) {
    std::wstring description = widen(kDescription);
    SERVICE_DESCRIPTIONW desc{description.data()};
    if (ChangeServiceConfig2W(svc, SERVICE_CONFIG_DESCRIPTION, &desc) == FALSE) {
      return win_error("setting the description");
    }
    std::vector<SC_ACTION> actions(kRestartCount, SC_ACTION{SC_ACTION_RESTART, kRestartDelayMs});
    SERVICE_FAILURE_ACTIONSW failure{};
    failure.dwResetPeriod = kFailureResetSeconds;
    failure.cActions = static_cast<DWORD>(actions.size());
    failure.lpsaActions = actions.data();
    if (ChangeServiceConfig2W(svc, SERVICE_CONFIG_FAILURE_ACTIONS, &failure) == FALSE) {
      return win_error("setting the failure actions");
    }
    SERVICE_FAILURE_ACTIONS_FLAG flag{TRUE};
    if (ChangeServiceConfig2W(svc, SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, &flag) == FALSE) {
      const DWORD e = GetLastError();
      // Windows has had this level since Vista; wine's SCM lacks it. Without
      // it the restart actions apply to crashes only, not to a non-zero exit.
      if (e != ERROR_INVALID_LEVEL) return win_error("setting the failure actions flag", e);
      note = "; this Service Control Manager cannot restart after a non-zero exit, only after a crash";
    }
    PSECURITY_DESCRIPTOR sd = nullptr;
    if (ConvertStringSecurityDescriptorToSecurityDescriptorW(widen(kServiceSddl).c_str(), SDDL_REVISION_1, &sd,
                                                             nullptr) == FALSE) {
      return win_error("invalid service security descriptor");
    }
    const std::unique_ptr<void, LocalFreer> hold(sd);
    if (SetServiceObjectSecurity(svc, DACL_SECURITY_INFORMATION, sd) == FALSE) {
      return win_error("setting the service's security descriptor");
    }
    return {};
  }

  std::string name_;
  std::wstring wname_;
};

template <typename T>
std::unique_ptr<T, LocalFreer> query_config2(SC_HANDLE svc, DWORD level, std::string& error) {
  DWORD needed = 0;
  QueryServiceConfig2W(svc, level, nullptr, 0, &needed);
  if (needed == 0) {
    error = win_error("QueryServiceConfig2 level " + std::to_string(level));
    return nullptr;
  }
  std::unique_ptr<T, LocalFreer> buf(static_cast<T*>(LocalAlloc(LPTR, needed)));
  if (QueryServiceConfig2W(svc, level, reinterpret_cast<LPBYTE>(buf.get()), needed, &needed) == FALSE) {
    error = win_error("QueryServiceConfig2 level " + std::to_string(level));
    return nullptr;
  }
  return buf;
}

}  // namespace

std::wstring command_line(const InstallOptions& options) {
  return quoted(options.daemon_path) + L" --service --config " +
         quoted(or_default(options.config_dir, platform::default_config_dir())) + L" --data " +
         quoted(or_default(options.data_dir, platform::default_data_dir())) + L" --log-dir " +
         quoted(or_default(options.log_dir, platform::default_log_dir()));
}

Result describe(const std::string& name) {
  Handle scm(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
  if (!scm) return fail(win_error("cannot open the Service Control Manager"));
  Handle svc(OpenServiceW(scm.get(), widen(name).c_str(), SERVICE_QUERY_CONFIG | READ_CONTROL));
  if (!svc) return fail(win_error("OpenService " + name));
  std::string out;
  std::string error;

  DWORD needed = 0;
  QueryServiceConfigW(svc.get(), nullptr, 0, &needed);
  std::unique_ptr<QUERY_SERVICE_CONFIGW, LocalFreer> qc(static_cast<QUERY_SERVICE_CONFIGW*>(LocalAlloc(LPTR, needed)));
  if (needed == 0 || QueryServiceConfigW(svc.get(), qc.get(), needed, &needed) == FALSE) {
    return fail(win_error("QueryServiceConfig " + name));
  }
  out += "binary_path: " + narrow(qc->lpBinaryPathName) + "\n";
  out += "display_name: " + narrow(qc->lpDisplayName) + "\n";
  out +=
      "service_type: " + std::string(qc->dwServiceType == SERVICE_WIN32_OWN_PROCESS ? "WIN32_OWN_PROCESS" : "other") +
      "\n";
  out += "start_type: " + std::string(qc->dwStartType == SERVICE_AUTO_START ? "AUTO_START" : "other") + "\n";
  out += "account: " + narrow(qc->lpServiceStartName) + "\n";

  auto desc = query_config2<SERVICE_DESCRIPTIONW>(svc.get(), SERVICE_CONFIG_DESCRIPTION, error);
  if (!desc) return fail(error);
  out += "description: " + narrow(desc->lpDescription) + "\n";

  needed = 0;
  QueryServiceConfig2W(svc.get(), SERVICE_CONFIG_FAILURE_ACTIONS, nullptr, 0, &needed);
  if (needed == 0 && GetLastError() == ERROR_INVALID_LEVEL) {
    out += "failure_actions: unsupported by this Service Control Manager\n";  // wine 8
  } else {
    auto fa = query_config2<SERVICE_FAILURE_ACTIONSW>(svc.get(), SERVICE_CONFIG_FAILURE_ACTIONS, error);
    if (!fa) return fail(error);
    out += "failure_reset_seconds: " + std::to_string(fa->dwResetPeriod) + "\n";
    out += "failure_actions:";
    for (DWORD i = 0; i < fa->cActions; ++i) {
      const SC_ACTION& act = fa->lpsaActions[i];
      const char* type = act.Type == SC_ACTION_RESTART ? "restart" : act.Type == SC_ACTION_NONE ? "none" : "other";
      out += std::string(" ") + type + "/" + std::to_string(act.Delay);
    }
    out += "\n";
  }

  needed = 0;
  QueryServiceConfig2W(svc.get(), SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, nullptr, 0, &needed);
  if (needed == 0 && GetLastError() == ERROR_INVALID_LEVEL) {
    out += "failure_actions_on_non_crash_failures: unsupported by this Service Control Manager\n";
  } else {
    auto flag = query_config2<SERVICE_FAILURE_ACTIONS_FLAG>(svc.get(), SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, error);
    if (!flag) return fail(error);
    out += std::string("failure_actions_on_non_crash_failures: ") +
           (flag->fFailureActionsOnNonCrashFailures != FALSE ? "true" : "false") + "\n";
  }

  needed = 0;
  QueryServiceObjectSecurity(svc.get(), DACL_SECURITY_INFORMATION, nullptr, 0, &needed);
  if (needed == 0) return fail(win_error("QueryServiceObjectSecurity " + name));
  std::vector<unsigned char> sd(needed);
  if (QueryServiceObjectSecurity(svc.get(), DACL_SECURITY_INFORMATION, sd.data(), needed, &needed) == FALSE) {
    return fail(win_error("QueryServiceObjectSecurity " + name));
  }
  wchar_t* sddl = nullptr;
  if (ConvertSecurityDescriptorToStringSecurityDescriptorW(sd.data(), SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &sddl,
                                                           nullptr) == FALSE) {
    return fail(win_error("ConvertSecurityDescriptorToStringSecurityDescriptor"));
  }
  out += "security_descriptor: " + narrow(sddl) + "\n";
  LocalFree(sddl);
  return ok(out);
}

}  // namespace windows

std::unique_ptr<ServiceControl> make_platform_service_control(const std::string& name) {
  return std::make_unique<windows::WindowsServiceControl>(name);
}

}  // namespace risk::service
