#pragma once
// The daemon's four logs (rotated daily, 30 files kept, names carry the date:
// daemon_2026-11-24.log): daemon (lifecycle, warnings, errors), enforcement
// (one line per action), api (REST calls and hub events, debug level), error
// (errors only). --console also prints to the terminal. Nothing secret is
// ever passed to them: the REST client and config types never expose keys or
// tokens in text.
#include <memory>
#include <string>

#include <spdlog/logger.h>
#include <spdlog/sinks/sink.h>

namespace risk::daemon {

struct Logs {
  std::shared_ptr<spdlog::logger> daemon;
  std::shared_ptr<spdlog::logger> enforcement;
  std::shared_ptr<spdlog::logger> api;
  void flush() const;
};

Logs make_logs(const std::string& dir, bool console);
// All three logs into one sink (tests read what a part logged).
Logs make_logs_to(std::shared_ptr<spdlog::sinks::sink> sink);

}  // namespace risk::daemon
