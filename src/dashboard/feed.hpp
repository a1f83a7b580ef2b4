#pragma once
// The live side of the dashboard: a thread that keeps a WebSocket to the
// daemon's event server, sends the one subscribe message, and hands every
// message to the UI thread; on failure it retries with backoff
// (reconnect_delay: 1, 2, 4, 8, then 10 s). And the Dashboard, which applies
// those messages to the model and polls the database (read-only) while the
// daemon is unreachable. No terminal here: tests drive it directly.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "dashboard/model.hpp"
#include "store/sqlite.hpp"

namespace risk::dashboard {

class SystemClock final : public Clock {
 public:
  [[nodiscard]] Timestamp now() const override;
};

struct FeedEvent {
  enum class Kind { Connected, Message, Disconnected };
  Kind kind = Kind::Message;
  std::string text;  // the message, or what went wrong
  Timestamp at;
  std::optional<Timestamp> retry_at;  // Disconnected: when the next attempt starts
};

class LiveFeed {
 public:
  struct Options {
    std::string url;           // ws://127.0.0.1:8765/
    std::int64_t account = 0;  // 0 = every account ("all")
    std::chrono::milliseconds connect_timeout{2000};
    // No message at all for this long = the daemon stalled: reconnect.
    // (It sends daemon_status every 5 s.) A timed-out read closes the socket.
    std::chrono::milliseconds stall_timeout{15000};
  };
  LiveFeed(Options options, const Clock& clock);
  ~LiveFeed();  // stops; may wait up to stall_timeout for a blocked read
  LiveFeed(const LiveFeed&) = delete;
  LiveFeed& operator=(const LiveFeed&) = delete;

  void start();
  void request_stop();
  std::vector<FeedEvent> drain();
  // Blocks until an event is queued or `timeout` passes.
  bool wait(std::chrono::milliseconds timeout);

 private:
  void run();
  void push(FeedEvent e);
  Options options_;
  const Clock& clock_;
  std::mutex mutex_;
  std::condition_variable cv_;      // stop requests (backoff waits)
  std::condition_variable queued_;  // events for the UI thread
  std::deque<FeedEvent> events_;
  bool stopping_ = false;
  std::thread thread_;
};

class Dashboard {
 public:
  struct Options {
    std::string server = "127.0.0.1:8765";  // host:port of the event server
    std::string db_path;                    // empty = no fallback
    std::int64_t account = 0;               // 0 = the only/first account
    Duration db_poll = seconds(2);
    std::chrono::milliseconds stall_timeout{15000};
    bool connect = true;  // false: database only (status --offline)
  };
  Dashboard(Options options, const Clock& clock);
  ~Dashboard();

  void start();
  // Applies what the feed delivered and polls the database while the daemon
  // is unreachable. Returns true when the model changed.
  bool update();
  bool wait(std::chrono::milliseconds timeout) { return feed_ ? feed_->wait(timeout) : false; }
  [[nodiscard]] const Model& model() const { return model_; }
  // Reads the database now (fallback or history), regardless of the poll interval.
  bool poll_database();
  void request_stop() {
    if (feed_) feed_->request_stop();
  }

 private:
  bool open_database();
  Options options_;
  const Clock& clock_;
  Model model_;
  std::unique_ptr<LiveFeed> feed_;
  std::optional<store::Database> db_;
  bool history_loaded_ = false;
  std::optional<Timestamp> last_db_attempt_;
};

std::string event_server_url(const std::string& server);

}  // namespace risk::dashboard
