#include "platform/signals.hpp"

#include <cstdio>
#include <thread>
#include <utility>

#if defined(_WIN32)
#include <windows.h>
#else
#include <csignal>

#include <pthread.h>
#endif

namespace risk::platform {

#if defined(_WIN32)
namespace {
std::function<void()>* g_stop = nullptr;  // set once, never freed: the handler may run until exit

BOOL WINAPI console_handler(DWORD event) {
  switch (event) {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
    case CTRL_CLOSE_EVENT:
    case CTRL_LOGOFF_EVENT:
    case CTRL_SHUTDOWN_EVENT:
      // For close, logoff and shutdown Windows ends the process soon after
      // this returns; lockouts and P&L are committed as they happen.
      if (g_stop != nullptr) (*g_stop)();
      return TRUE;
    default:
      return FALSE;
  }
}
}  // namespace

void block_stop_signals() {}

void watch_stop_signals(std::function<void()> stop, std::function<void()> /*reload: no SIGHUP on Windows*/) {
  g_stop = new std::function<void()>(std::move(stop));
  SetConsoleCtrlHandler(console_handler, TRUE);
}

#else

namespace {
sigset_t stop_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}
}  // namespace

void block_stop_signals() {
  const sigset_t set = stop_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

void watch_stop_signals(std::function<void()> stop, std::function<void()> reload) {
  std::thread([stop = std::move(stop), reload = std::move(reload)] {
    const sigset_t set = stop_set();
    while (true) {
      int sig = 0;
      if (sigwait(&set, &sig) != 0) continue;
      try {
        if (sig == SIGHUP) {
          reload();
          continue;
        }
        stop();
        return;
      } catch (const std::exception& e) {  // the thread's boundary: said, and the watch goes on
        std::fprintf(stderr, "risk: handling signal %d failed: %s\n", sig, e.what());
      }
    }
  }).detach();
}

#endif

}  // namespace risk::platform
