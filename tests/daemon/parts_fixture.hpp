#pragma once
// Shared by the daemon parts' unit tests: a manual clock, logs captured in
// memory, and a feed that records what would go to dashboards.
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>

#include "core/clock.hpp"
#include "daemon/logging.hpp"
#include "protocol/feed.hpp"

namespace risk::daemon::test {

inline Timestamp T(const char* iso) { return Timestamp::parse(iso).value(); }

// Logs kept in memory: text() is everything logged so far.
class CapturedLogs {
 public:
  CapturedLogs() : sink_(std::make_shared<spdlog::sinks::ostream_sink_mt>(out_)), logs(make_logs_to(sink_)) {}
  std::string text() {
    logs.flush();
    return out_.str();
  }
  bool contains(const std::string& s) { return text().find(s) != std::string::npos; }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink_;

 public:
  Logs logs;
};

// A feed that records every message, parsed.
class RecordingFeed final : public protocol::FeedSink {
 public:
  struct Sent {
    AccountId account = 0;  // broadcast to; for send_to, the connection
    nlohmann::json message;
  };
  void broadcast(AccountId account, std::string message) override {
    const std::lock_guard lock(mutex_);
    sent_.push_back(Sent{account, nlohmann::json::parse(message)});
  }
  void send_to(std::uint64_t connection, std::vector<std::string> messages) override {
    const std::lock_guard lock(mutex_);
    for (auto& m : messages) sent_.push_back(Sent{static_cast<AccountId>(connection), nlohmann::json::parse(m)});
  }
  [[nodiscard]] std::size_t clients() const override { return clients_; }

  std::vector<Sent> take() {
    const std::lock_guard lock(mutex_);
    return std::exchange(sent_, {});
  }
  // The types of what was sent, in order (taken).
  std::vector<std::string> types() {
    std::vector<std::string> out;
    for (const auto& s : take()) out.push_back(s.message["type"].get<std::string>());
    return out;
  }
  std::size_t clients_ = 1;

 private:
  std::mutex mutex_;
  std::vector<Sent> sent_;
};

}  // namespace risk::daemon::test
