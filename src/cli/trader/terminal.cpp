#include "cli/trader/terminal.hpp"

#include <atomic>
#include <csignal>

#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

namespace risk::dashboard {
namespace {

std::atomic<bool> g_resized{false};
std::atomic<bool> g_interrupted{false};
termios g_saved{};

extern "C" void on_winch(int) { g_resized.store(true); }
extern "C" void on_stop(int) { g_interrupted.store(true); }

void write_all(int fd, std::string_view s) {
  while (!s.empty()) {
    const ssize_t n = ::write(fd, s.data(), s.size());
    if (n <= 0) return;
    s.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

Terminal::~Terminal() { restore(); }

bool Terminal::open(std::string& error) {
  if (::isatty(STDIN_FILENO) == 0 || ::isatty(STDOUT_FILENO) == 0) {
    error = "stdin and stdout must be a terminal (use `risk-trader status` in scripts)";
    return false;
  }
  if (::tcgetattr(STDIN_FILENO, &g_saved) != 0) {
    error = "cannot read the terminal's settings";
    return false;
  }
  termios raw = g_saved;
  raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);  // ISIG stays: Ctrl-C still interrupts
  raw.c_cc[VMIN] = 0;
  raw.c_cc[VTIME] = 0;
  ::tcsetattr(STDIN_FILENO, TCSANOW, &raw);
  struct sigaction sa {};
  sa.sa_handler = on_winch;
  ::sigemptyset(&sa.sa_mask);
  ::sigaction(SIGWINCH, &sa, nullptr);
  sa.sa_handler = on_stop;
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
  ::sigaction(SIGHUP, &sa, nullptr);
  active_ = true;
  // Alternate screen, hide the cursor, no line wrap, clear.
  write("\x1b[?1049h\x1b[?25l\x1b[?7l\x1b[2J");
  return true;
}

void Terminal::restore() {
  if (!active_) return;
  active_ = false;
  write("\x1b[0m\x1b[?7h\x1b[?25h\x1b[?1049l");
  ::tcsetattr(STDIN_FILENO, TCSANOW, &g_saved);
}

std::pair<int, int> Terminal::size() const {
  winsize ws{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
    return {static_cast<int>(ws.ws_col), static_cast<int>(ws.ws_row)};
  }
  return {80, 24};
}

void Terminal::write(std::string_view bytes) const { write_all(STDOUT_FILENO, bytes); }

void Terminal::clear() const { write("\x1b[0m\x1b[2J"); }

std::string Terminal::read_input(std::chrono::milliseconds timeout) const {
  pollfd p{STDIN_FILENO, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return {};
  char buf[64];
  const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
  if (n <= 0) return {};
  return std::string(buf, static_cast<std::size_t>(n));
}

bool Terminal::take_resized() { return g_resized.exchange(false); }
bool Terminal::interrupted() { return g_interrupted.load(); }

}  // namespace risk::dashboard
