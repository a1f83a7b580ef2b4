#include "dashboard/feed.hpp"

#include <chrono>

#include "dashboard/db_source.hpp"
#include "net/client.hpp"
#include "store/store.hpp"

namespace risk::dashboard {

Timestamp SystemClock::now() const {
  return Timestamp::from_ns(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
}

std::string event_server_url(const std::string& server) {
  if (server.rfind("ws://", 0) == 0 || server.rfind("wss://", 0) == 0) return server;
  return "ws://" + server + "/";
}

LiveFeed::LiveFeed(Options options, const Clock& clock) : options_(std::move(options)), clock_(clock) {}

LiveFeed::~LiveFeed() {
  request_stop();
  if (thread_.joinable()) thread_.join();
}

void LiveFeed::start() {
  thread_ = std::thread([this] { run(); });
}

void LiveFeed::request_stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
}

void LiveFeed::push(FeedEvent e) {
  {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(e));
  }
  queued_.notify_all();
}

std::vector<FeedEvent> LiveFeed::drain() {
  std::lock_guard lock(mutex_);
  std::vector<FeedEvent> out(std::make_move_iterator(events_.begin()), std::make_move_iterator(events_.end()));
  events_.clear();
  return out;
}

bool LiveFeed::wait(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return queued_.wait_for(lock, timeout, [&] { return !events_.empty() || stopping_; });
}

void LiveFeed::run() {
  int attempt = 0;
  const auto backoff = [&](std::string why) {
    ++attempt;
    const Duration delay = reconnect_delay(attempt);
    const Timestamp now = clock_.now();
    push(FeedEvent{FeedEvent::Kind::Disconnected, std::move(why), now, now + delay});
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, delay, [&] { return stopping_; });
    return !stopping_;
  };
  const std::string url = event_server_url(options_.url);
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    net::ClientOptions co;
    co.timeout = options_.connect_timeout;
    auto ws = net::WsClient::connect(url, co);
    if (!ws) {
      if (!backoff("cannot connect to " + options_.url + ": " + ws.error().message)) return;
      continue;
    }
    net::WsClient& client = *ws.value();
    // The only thing this program ever sends.
    if (auto sent = client.send(subscribe_message(options_.account)); !sent) {
      if (!backoff("subscribe failed: " + sent.error().message)) return;
      continue;
    }
    push(FeedEvent{FeedEvent::Kind::Connected, {}, clock_.now(), std::nullopt});
    attempt = 0;
    std::string message;
    std::string why;
    for (;;) {
      {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
      }
      if (client.read_into(message, options_.stall_timeout)) {
        push(FeedEvent{FeedEvent::Kind::Message, message, clock_.now(), std::nullopt});
        continue;
      }
      why = "connection to the daemon lost (closed, or silent for " +
            std::to_string(options_.stall_timeout.count() / 1000) + " s)";
      break;
    }
    client.close();
    if (!backoff(why)) return;
  }
}

Dashboard::Dashboard(Options options, const Clock& clock)
    : options_(std::move(options)), clock_(clock), model_(options_.account) {
  model_.server = options_.server;
  model_.db_path = options_.db_path;
}

Dashboard::~Dashboard() = default;

void Dashboard::start() {
  if (!options_.connect) {
    model_.source = Source::Database;
    model_.problem = "not connecting to the daemon (offline)";
    poll_database();
    return;
  }
  LiveFeed::Options fo;
  fo.url = options_.server;
  fo.account = options_.account;
  fo.stall_timeout = options_.stall_timeout;
  feed_ = std::make_unique<LiveFeed>(fo, clock_);
  feed_->start();
}

bool Dashboard::open_database() {
  if (db_) return true;
  if (options_.db_path.empty()) return false;
  auto db = store::open_read_only(options_.db_path);
  if (!db) {
    model_.problem = "database " + options_.db_path + ": " + db.error().message;
    return false;
  }
  db_ = std::move(db.value());
  return true;
}

bool Dashboard::poll_database() {
  if (!open_database()) return false;
  if (model_.account_id() == 0) {
    auto accounts = database_accounts(*db_);
    if (!accounts || accounts.value().empty()) {
      model_.problem = "the database has no accounts yet";
      return false;
    }
    model_.set_account_id(accounts.value().front());
  }
  auto r = load_from_database(model_, *db_, clock_.now());
  if (!r) {
    model_.problem = "database: " + r.error().message;
    db_.reset();  // reopen on the next poll
    return false;
  }
  return true;
}

bool Dashboard::update() {
  bool changed = false;
  if (feed_) {
    for (auto& e : feed_->drain()) {
      changed = true;
      switch (e.kind) {
        case FeedEvent::Kind::Connected:
          model_.have_snapshot = false;
          history_loaded_ = false;
          model_.next_retry_at.reset();
          break;
        case FeedEvent::Kind::Message: {
          (void)model_.apply_message(e.text, e.at);  // a malformed message is counted and dropped
          if (model_.have_snapshot && model_.source == Source::Live) {
            model_.disconnected_since.reset();
            model_.next_retry_at.reset();
            model_.problem.clear();
            if (!history_loaded_ && open_database()) {
              // What the snapshot does not carry: history.
              (void)load_history(model_, *db_);
              history_loaded_ = true;
            }
          }
          break;
        }
        case FeedEvent::Kind::Disconnected:
          model_.source = Source::Database;
          model_.have_snapshot = false;
          if (!model_.disconnected_since) model_.disconnected_since = e.at;
          model_.next_retry_at = e.retry_at;
          model_.problem = e.text;
          break;
      }
    }
  }
  if (model_.source == Source::Database && !options_.db_path.empty()) {
    const Timestamp now = clock_.now();
    if (!last_db_attempt_ || now - *last_db_attempt_ >= options_.db_poll) {
      last_db_attempt_ = now;
      const std::string problem = model_.problem;
      if (poll_database()) model_.problem = problem;
      changed = true;
    }
  }
  return changed;
}

}  // namespace risk::dashboard
