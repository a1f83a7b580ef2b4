#include "daemon/logging.hpp"

#include <filesystem>

#include <spdlog/sinks/daily_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace risk::daemon {

namespace {
constexpr std::uint16_t kKeep = 30;

spdlog::sink_ptr daily(const std::string& dir, const char* name, spdlog::level::level_enum level) {
  auto sink = std::make_shared<spdlog::sinks::daily_file_sink_mt>((std::filesystem::path(dir) / name).string(), 0, 0,
                                                                  false, kKeep);
  sink->set_level(level);
  return sink;
}
}  // namespace

Logs make_logs(const std::string& dir, bool console) {
  std::filesystem::create_directories(dir);
  auto error = daily(dir, "error.log", spdlog::level::err);
  auto daemon_file = daily(dir, "daemon.log", spdlog::level::info);
  std::vector<spdlog::sink_ptr> daemon_sinks{daemon_file, error};
  std::vector<spdlog::sink_ptr> enforcement_sinks{daily(dir, "enforcement.log", spdlog::level::info), error};
  std::vector<spdlog::sink_ptr> api_sinks{daily(dir, "api.log", spdlog::level::debug), error};
  if (console) {
    auto out = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    out->set_level(spdlog::level::info);
    daemon_sinks.push_back(out);
    enforcement_sinks.push_back(out);
  }
  Logs logs;
  logs.daemon = std::make_shared<spdlog::logger>("daemon", daemon_sinks.begin(), daemon_sinks.end());
  logs.enforcement =
      std::make_shared<spdlog::logger>("enforcement", enforcement_sinks.begin(), enforcement_sinks.end());
  logs.api = std::make_shared<spdlog::logger>("api", api_sinks.begin(), api_sinks.end());
  for (auto* l : {&logs.daemon, &logs.enforcement, &logs.api}) {
    (*l)->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z [%n] %l: %v");
    (*l)->set_level(spdlog::level::debug);
    (*l)->flush_on(spdlog::level::info);
  }
  logs.api->flush_on(spdlog::level::warn);
  return logs;
}

Logs make_logs_to(std::shared_ptr<spdlog::sinks::sink> sink) {
  Logs logs;
  logs.daemon = std::make_shared<spdlog::logger>("daemon", sink);
  logs.enforcement = std::make_shared<spdlog::logger>("enforcement", sink);
  logs.api = std::make_shared<spdlog::logger>("api", sink);
  for (auto* l : {&logs.daemon, &logs.enforcement, &logs.api}) {
    (*l)->set_pattern("[%n] %l: %v");
    (*l)->set_level(spdlog::level::debug);
  }
  return logs;
}

void Logs::flush() const {
  for (const auto& l : {daemon, enforcement, api}) {
    if (l) l->flush();
  }
}

}  // namespace risk::daemon
