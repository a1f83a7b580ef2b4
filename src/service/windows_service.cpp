#include "service/windows_service.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <io.h>
#include <windows.h>
// after <windows.h>
#include <winsvc.h>

#include "platform/paths.hpp"

namespace risk::service {
namespace {

// A pending state is re-reported (checkpoint + 1) every second while the
// daemon works on it, for at most this long; after that the SCM's wait hint
// runs out and it may judge the service hung.
constexpr auto kMaxPendingProgress = std::chrono::seconds(90);

struct ServiceState {
  std::mutex mutex;
  std::condition_variable cv;
  SERVICE_STATUS_HANDLE handle = nullptr;
  SERVICE_STATUS status{};
  std::chrono::steady_clock::time_point pending_since{};
  bool finished = false;
  std::wstring name;
  ServiceHooks hooks;
  int exit_code = 0;
};

ServiceState& state() {
  static ServiceState s;
  return s;
}

// Caller holds the mutex.
void report_locked(ServiceState& s, DWORD current, DWORD wait_hint_ms) {
  if (s.handle == nullptr) return;
  const bool pending = current == SERVICE_START_PENDING || current == SERVICE_STOP_PENDING;
  if (pending) {
    if (s.status.dwCurrentState != current) {
      s.status.dwCheckPoint = 0;
      s.pending_since = std::chrono::steady_clock::now();
    }
    ++s.status.dwCheckPoint;
  } else {
    s.status.dwCheckPoint = 0;
  }
  s.status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
  s.status.dwCurrentState = current;
  // Stop and shutdown only, and only once running: no pause/continue.
  s.status.dwControlsAccepted = current == SERVICE_RUNNING ? (SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN) : 0;
  s.status.dwWaitHint = pending ? wait_hint_ms : 0;
  if (current == SERVICE_STOPPED) {
    s.status.dwWin32ExitCode = s.exit_code == 0 ? NO_ERROR : ERROR_SERVICE_SPECIFIC_ERROR;
    s.status.dwServiceSpecificExitCode = static_cast<DWORD>(s.exit_code);
  } else {
    s.status.dwWin32ExitCode = NO_ERROR;
    s.status.dwServiceSpecificExitCode = 0;
  }
  SetServiceStatus(s.handle, &s.status);
}

DWORD WINAPI control_handler(DWORD control, DWORD /*event_type*/, LPVOID /*event_data*/, LPVOID /*context*/) {
  ServiceState& s = state();
  switch (control) {
    case SERVICE_CONTROL_STOP:
    case SERVICE_CONTROL_SHUTDOWN: {
      {
        const std::lock_guard lock(s.mutex);
        if (s.status.dwCurrentState == SERVICE_STOP_PENDING || s.status.dwCurrentState == SERVICE_STOPPED) {
          return NO_ERROR;
        }
        report_locked(s, SERVICE_STOP_PENDING, kStopWaitHintMs);
      }
      s.hooks.stop();
      return NO_ERROR;
    }
    case SERVICE_CONTROL_INTERROGATE:
      return NO_ERROR;
    case kReloadControl:
      s.hooks.reload();
      return NO_ERROR;
    default:
      return ERROR_CALL_NOT_IMPLEMENTED;
  }
}

// Re-reports a pending state every second so the SCM sees progress.
void progress_ticker() {
  ServiceState& s = state();
  std::unique_lock lock(s.mutex);
  while (!s.finished) {
    s.cv.wait_for(lock, std::chrono::seconds(1));
    if (s.finished) break;
    const DWORD current = s.status.dwCurrentState;
    if ((current == SERVICE_START_PENDING || current == SERVICE_STOP_PENDING) &&
        std::chrono::steady_clock::now() - s.pending_since < kMaxPendingProgress) {
      report_locked(s, current, current == SERVICE_START_PENDING ? kStartWaitHintMs : kStopWaitHintMs);
    }
  }
}

void WINAPI service_main(DWORD /*argc*/, LPWSTR* /*argv*/) {
  ServiceState& s = state();
  SERVICE_STATUS_HANDLE handle = RegisterServiceCtrlHandlerExW(s.name.c_str(), control_handler, nullptr);
  if (handle == nullptr) {
    s.exit_code = 1;
    return;
  }
  {
    const std::lock_guard lock(s.mutex);
    s.handle = handle;
    report_locked(s, SERVICE_START_PENDING, kStartWaitHintMs);
  }
  std::thread ticker(progress_ticker);
  const int rc = s.hooks.run();
  {
    const std::lock_guard lock(s.mutex);
    s.finished = true;
    s.exit_code = rc;
  }
  s.cv.notify_all();
  ticker.join();
  const std::lock_guard lock(s.mutex);
  report_locked(s, SERVICE_STOPPED, 0);  // after this the SCM may end the process at any time
}

void report_if(DWORD from_state_a, DWORD from_state_b, DWORD to, DWORD wait_hint_ms) {
  ServiceState& s = state();
  const std::lock_guard lock(s.mutex);
  if (s.handle == nullptr || s.finished) return;
  const DWORD current = s.status.dwCurrentState;
  if (current == from_state_a || current == from_state_b) report_locked(s, to, wait_hint_ms);
}

}  // namespace

int run_as_windows_service(const std::string& name, ServiceHooks hooks, std::string& error) {
  ServiceState& s = state();
  s.name = std::filesystem::path(name).wstring();
  s.hooks = std::move(hooks);
  SERVICE_TABLE_ENTRYW table[] = {{s.name.data(), service_main}, {nullptr, nullptr}};
  if (StartServiceCtrlDispatcherW(table) == FALSE) {
    const DWORD e = GetLastError();
    error = e == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT
                ? "not started by the Service Control Manager (use --console to run in a terminal)"
                : "StartServiceCtrlDispatcher failed with error " + std::to_string(e);
    return -1;
  }
  return s.exit_code;
}

void prepare_service_process(const std::string& log_dir) {
  std::error_code ec;
  const std::filesystem::path base = platform::program_data_dir();
  std::filesystem::create_directories(base, ec);
  std::filesystem::current_path(base, ec);
  const std::filesystem::path logs = log_dir.empty() ? base / "logs" : std::filesystem::path(log_dir);
  std::filesystem::create_directories(logs, ec);
  // A service starts without standard handles: the C runtime (msvcrt) marks
  // stdout/stderr as having no descriptor (-2) and freopen() fails on them.
  // So descriptors 1 and 2 are pointed at the file and the two streams are
  // re-attached to them.
  const std::wstring out = (logs / "risk-daemon.stderr.log").wstring();
  HANDLE file = CreateFileW(out.c_str(), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_ALWAYS,
                            FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) return;
  const int fd = _open_osfhandle(reinterpret_cast<intptr_t>(file), _O_APPEND | _O_WRONLY);
  if (fd < 0) {
    CloseHandle(file);
    return;
  }
  _dup2(fd, 1);
  _dup2(fd, 2);
  if (fd > 2) _close(fd);
  stdout->_file = 1;
  stderr->_file = 2;
  SetStdHandle(STD_OUTPUT_HANDLE, reinterpret_cast<HANDLE>(_get_osfhandle(1)));
  SetStdHandle(STD_ERROR_HANDLE, reinterpret_cast<HANDLE>(_get_osfhandle(2)));
  std::setvbuf(stderr, nullptr, _IONBF, 0);
  std::setvbuf(stdout, nullptr, _IOLBF, 4096);
}

void service_report_running() { report_if(SERVICE_START_PENDING, SERVICE_START_PENDING, SERVICE_RUNNING, 0); }

void service_report_stopping() {
  report_if(SERVICE_START_PENDING, SERVICE_RUNNING, SERVICE_STOP_PENDING, kStopWaitHintMs);
}

void service_report_progress() {
  ServiceState& s = state();
  const std::lock_guard lock(s.mutex);
  if (s.handle == nullptr || s.finished) return;
  const DWORD current = s.status.dwCurrentState;
  if (current == SERVICE_START_PENDING || current == SERVICE_STOP_PENDING) {
    report_locked(s, current, current == SERVICE_START_PENDING ? kStartWaitHintMs : kStopWaitHintMs);
  }
}

}  // namespace risk::service
