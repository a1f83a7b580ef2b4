#pragma once
// The local event server (docs/event-server.md): a WebSocket on loopback that
// pushes the daemon's events to trader dashboards. Bound to a loopback address
// only (anything else is refused at start); a browser connection whose Origin
// is not local is refused with 403; a client that falls 4 MiB behind is dropped.
// Subscriptions are handed to the engine thread, which answers with snapshots.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/domain.hpp"
#include "core/result.hpp"
#include "protocol/feed.hpp"

namespace risk::server {

class EventServer final : public protocol::FeedSink {
 public:
  // Called on the server's thread when a client subscribes: (connection id, accounts; empty = all).
  using OnSubscribe = std::function<void(std::uint64_t, std::vector<AccountId>)>;
  // Called on the server's thread for an admin command whose MAC checked out
  // (`command` is the JSON text; answer with send_to), and for every refused
  // attempt (`command` empty, `refusal` says why: for the daemon's log).
  struct AdminAttempt {
    std::uint64_t connection = 0;
    std::string command;
    std::string refusal;
  };
  using OnAdmin = std::function<void(const AdminAttempt&)>;

  EventServer(std::string host, std::uint16_t port, OnSubscribe on_subscribe);
  ~EventServer() override;
  EventServer(const EventServer&) = delete;
  EventServer& operator=(const EventServer&) = delete;

  // Accept authenticated admin commands (admin/channel_auth.hpp), keyed by the
  // file `key_file` (read at every attempt, so a new key takes effect at once).
  // Call before start().
  void enable_admin(std::string key_file, OnAdmin on_admin);

  // Where a handler's exception is reported (the connection is dropped, the
  // server goes on); stderr when unset. Call before start().
  void on_error(std::function<void(const std::string&)> log);

  Result<std::uint16_t> start();
  void stop();

  // protocol::FeedSink (thread-safe)
  void broadcast(AccountId account, std::string message) override;
  void send_to(std::uint64_t connection, std::vector<std::string> messages) override;
  [[nodiscard]] std::size_t clients() const override;

  static bool is_local_origin(std::string_view origin);
  static bool is_loopback_host(std::string_view host);

  struct Impl;  // implementation detail (event_server.cpp)

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace risk::server
