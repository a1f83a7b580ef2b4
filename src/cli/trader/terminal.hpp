#pragma once
// The terminal: raw input, the alternate screen, size, resize (SIGWINCH) and
// SIGINT/SIGTERM, restored on exit. Plain VT100 sequences only (alternate
// screen, cursor position, SGR), which tmux and screen pass through.
// POSIX; a Windows console needs ENABLE_VIRTUAL_TERMINAL_PROCESSING and
// ReadConsoleInput here (see docs/trader.md).
#include <chrono>
#include <string>
#include <string_view>

namespace risk::dashboard {

class Terminal {
 public:
  Terminal() = default;
  ~Terminal();
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;

  // Fails (false) when stdin/stdout is not a terminal.
  bool open(std::string& error);
  void restore();
  // Columns and rows (80x24 when the size cannot be read).
  [[nodiscard]] std::pair<int, int> size() const;
  void write(std::string_view bytes) const;
  void clear() const;
  // Bytes typed within `timeout` (empty when none).
  std::string read_input(std::chrono::milliseconds timeout) const;
  // Set by SIGWINCH / SIGINT / SIGTERM; reading clears the resize flag.
  static bool take_resized();
  static bool interrupted();

 private:
  bool active_ = false;
};

}  // namespace risk::dashboard
