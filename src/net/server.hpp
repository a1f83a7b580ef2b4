#pragma once
// An HTTP(S) + WebSocket server on Asio/Beast behind a pimpl, so including
// this header costs nothing. One I/O thread runs every connection, timer and
// callback: the application's handlers are never called concurrently, so the
// state they touch needs no lock (post() work from other threads).
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "net/http_types.hpp"

namespace risk::net {

// The application's handle on one open WebSocket. Use it on the I/O thread only.
class WsConnection {
 public:
  virtual ~WsConnection() = default;
  // Queues one text message. When the connection was accepted with
  // `coalesce`, messages queued while a write is in flight go out together
  // as one WebSocket message (valid for self-delimiting protocols such as
  // SignalR's 0x1E records).
  virtual void send(std::string text) = 0;
  // Flushes what is queued, then sends a WebSocket close frame.
  virtual void close() = 0;
  // Closes the TCP socket at once: no close frame, no TLS close_notify.
  virtual void drop() = 0;
  [[nodiscard]] virtual std::uint64_t id() const = 0;
  [[nodiscard]] virtual std::size_t queued_bytes() const = 0;
};

// Per-connection application logic, created by the upgrade handler.
class WsHandler {
 public:
  virtual ~WsHandler() = default;
  virtual void on_open(std::shared_ptr<WsConnection> connection) = 0;
  virtual void on_message(std::string_view text) = 0;
  virtual void on_close() = 0;
};

// The upgrade handler's answer: a handler to accept, or a response to refuse with.
struct UpgradeDecision {
  std::shared_ptr<WsHandler> handler;  // null = refuse with `refusal`
  HttpResponse refusal;
  bool coalesce = false;
};

struct ServerOptions {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 0;  // 0 = pick a free one
  bool tls = true;
  std::string cert_pem;  // required when tls
  std::string key_pem;
  std::size_t max_body_bytes = 1 << 20;
  // A connection whose unsent queue grows past this is dropped (slow consumer).
  std::size_t max_ws_queue_bytes = std::size_t{256} << 20;
  // A handler that threw (the connection is dropped, the server goes on). Runs on
  // the I/O thread; must not throw. Unset: the message goes to stderr.
  std::function<void(const std::string&)> on_error;
};

// How the server treats a kept-alive connection waiting for its next request.
struct KeepAlive {
  enum class Mode {
    Close,      // after `idle`, close it (a FIN), as HTTP servers do
    BlackHole,  // after `idle`, keep it open but never answer on it (a middlebox that dropped it silently)
  };
  std::chrono::milliseconds idle{300'000};
  Mode mode = Mode::Close;
  bool announce = false;  // send `Keep-Alive: timeout=<idle seconds>` with every response
};

class Server {
 public:
  using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;
  using UpgradeHandler = std::function<UpgradeDecision(const HttpRequest&)>;

  Server(ServerOptions options, HttpHandler on_http, UpgradeHandler on_upgrade);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the I/O thread. Returns the bound port.
  Result<std::uint16_t> start();
  // Stops accepting, closes every connection and joins the I/O thread.
  void stop();
  [[nodiscard]] std::uint16_t port() const;

  // Runs `fn` on the I/O thread.
  void post(std::function<void()> fn);
  // Runs `fn` on the I/O thread and waits for it.
  void run_sync(const std::function<void()>& fn);
  // Calls `fn` on the I/O thread every `interval` until stop().
  void every(std::chrono::nanoseconds interval, std::function<void()> fn);
  // Calls `fn` on the I/O thread once after `delay`.
  void after(std::chrono::nanoseconds delay, std::function<void()> fn);
  // Idle keep-alive connections from now on (thread-safe; the simulator's faults).
  void set_keep_alive(const KeepAlive& k);

  struct Impl;  // implementation detail (server.cpp)

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace risk::net
