#include "platform/console.hpp"

#include <cstdio>

#ifdef _WIN32
#include <io.h>
#include <windows.h>
#else
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>
#endif

namespace risk::platform {

std::optional<std::string> read_line_fd(int fd) {
  std::string line;
  char c = 0;
  while (true) {
#ifdef _WIN32
    const int n = ::_read(fd, &c, 1);
#else
    const ssize_t n = ::read(fd, &c, 1);
#endif
    if (n <= 0) {
      if (line.empty()) return std::nullopt;
      break;
    }
    if (c == '\n') break;
    line.push_back(c);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

#ifndef _WIN32

bool stdin_is_terminal() { return ::isatty(STDIN_FILENO) == 1; }

std::optional<std::string> read_secret(const std::string& prompt) {
  const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  // Echo goes off before the prompt shows, so nothing typed after it is echoed.
  termios old{};
  const bool have = ::tcgetattr(fd, &old) == 0;
  if (have) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    ::tcsetattr(fd, TCSANOW, &quiet);
  }
  (void)::write(fd, prompt.data(), prompt.size());
  auto line = read_line_fd(fd);
  if (have) ::tcsetattr(fd, TCSANOW, &old);
  ::close(fd);
  return line;
}

#else

bool stdin_is_terminal() { return ::_isatty(::_fileno(stdin)) != 0; }

std::optional<std::string> read_secret(const std::string& prompt) {
  HANDLE in = ::CreateFileA("CONIN$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                            OPEN_EXISTING, 0, nullptr);
  if (in == INVALID_HANDLE_VALUE) return std::nullopt;
  std::fputs(prompt.c_str(), stderr);
  DWORD mode = 0;
  const bool have = ::GetConsoleMode(in, &mode) != 0;
  if (have) ::SetConsoleMode(in, mode & ~static_cast<DWORD>(ENABLE_ECHO_INPUT));
  std::string line;
  char c = 0;
  DWORD n = 0;
  while (::ReadFile(in, &c, 1, &n, nullptr) && n == 1 && c != '\n') {
    if (c != '\r') line.push_back(c);
  }
  if (have) ::SetConsoleMode(in, mode);
  ::CloseHandle(in);
  std::fputs("\n", stderr);
  return line;
}

#endif

}  // namespace risk::platform
