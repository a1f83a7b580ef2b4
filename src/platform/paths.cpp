#include "platform/paths.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

#if defined(_WIN32)
#include <windows.h>
#endif

namespace risk::platform {

std::string executable_path() {
#if defined(_WIN32)
  std::vector<wchar_t> buf(MAX_PATH);
  while (true) {
    const DWORD n = GetModuleFileNameW(nullptr, buf.data(), static_cast<DWORD>(buf.size()));
    if (n == 0) return {};
    if (n < buf.size()) return std::filesystem::path(std::wstring(buf.data(), n)).string();
    buf.resize(buf.size() * 2);
  }
#else
  std::error_code ec;
  const auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.string();
#endif
}

std::string executable_dir() {
  const std::string exe = executable_path();
  return exe.empty() ? exe : std::filesystem::path(exe).parent_path().string();
}

std::string program_data_dir() {
#if defined(_WIN32)
  const char* base = std::getenv("ProgramData");
  return (std::filesystem::path(base != nullptr && *base != '\0' ? base : "C:\\ProgramData") / "RiskManager").string();
#else
  return {};
#endif
}

namespace {
std::string under_program_data(const char* name) {
  const std::string base = program_data_dir();
  return base.empty() ? std::string(name) : (std::filesystem::path(base) / name).string();
}
}  // namespace

std::string default_config_dir() { return under_program_data("config"); }
std::string default_data_dir() { return under_program_data("data"); }
std::string default_log_dir() { return under_program_data("logs"); }

}  // namespace risk::platform
