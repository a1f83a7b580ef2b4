#pragma once
// Small blocking HTTP(S) and WebSocket clients with timeouts, behind a pimpl.
// Used by tests, the benchmark harness and the simulator's scripted trader.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "net/http_types.hpp"

namespace risk::net {

struct Url {
  std::string scheme;  // http, https, ws, wss
  std::string host;
  std::uint16_t port = 0;
  std::string target;  // path and query, "/" when empty
  [[nodiscard]] bool secure() const { return scheme == "https" || scheme == "wss"; }
};
Result<Url> parse_url(std::string_view url);

struct ClientOptions {
  std::string ca_file;  // PEM file of certificates to trust (e.g. the simulator's); empty = system store
  bool verify_peer = true;
  std::chrono::milliseconds timeout{10'000};
  // TCP connect and TLS handshake (and the WebSocket upgrade); 0 = `timeout`.
  std::chrono::milliseconds connect_timeout{0};
  // HttpClient: a kept-alive connection idle longer than this is not used again
  // (a fresh one is opened): servers and middleboxes drop idle connections, some
  // without a word. 0 = no limit. A server's `Keep-Alive: timeout=N` shortens it
  // to N - 1 s.
  std::chrono::milliseconds max_idle{0};
};

struct ClientResponse {
  int status = 0;
  Headers headers;
  std::string body;
};

// One keep-alive connection to one origin. Before a request reuses it, it is
// checked: past its idle limit (ClientOptions::max_idle, or the server's
// announced keep-alive timeout) or closed by the server meanwhile, a fresh
// one is opened instead, so a request never lands on a dead connection it could
// have known about. A POST is never re-sent automatically once it may have
// reached the server.
class HttpClient {
 public:
  // base_url: "https://127.0.0.1:8443" (a path, if any, is ignored).
  HttpClient(std::string base_url, ClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  Result<ClientResponse> request(std::string_view method, std::string_view target, std::string_view body = {},
                                 const Headers& headers = {});
  Result<ClientResponse> post_json(std::string_view target, std::string_view json, std::string_view bearer = {});

  // Keeps the connection ready for the next request: one past its idle limit,
  // or that the server has closed (its FIN or close_notify is waiting), is
  // dropped and a fresh one opened. False when none can be opened.
  bool warm();
  // How long the connection has been idle (none when there is no connection).
  [[nodiscard]] std::optional<std::chrono::milliseconds> idle_for() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class WsClient {
 public:
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  // Opens ws:// or wss:// `url` (path and query included). On a refused
  // upgrade the error message carries the HTTP status ("upgrade refused: 401").
  static Result<std::unique_ptr<WsClient>> connect(std::string_view url, ClientOptions options = {});

  Result<bool> send(std::string_view text);
  // Next whole message; an error on timeout or close (a timeout closes the connection).
  Result<std::string> read(std::chrono::milliseconds timeout);
  // Next whole message into `out` (reuses its capacity); false on timeout or
  // close (a timeout closes the connection).
  bool read_into(std::string& out, std::chrono::milliseconds timeout);

  // Waits up to `wait` for the next whole message. Unlike read_into, a
  // Timeout leaves the connection open and the read pending: the next poll
  // (or a send meanwhile) carries on with it. Same thread as send().
  enum class PollResult { Message, Timeout, Closed };
  PollResult poll(std::string& out, std::chrono::milliseconds wait);
  // The only call that may come from another thread: makes a poll() that is
  // waiting now (or the next one) return Timeout at once.
  void wake();
  [[nodiscard]] bool is_open() const;
  // Close handshake (waits up to a second for the peer), then the socket.
  void close();
  // Drops the connection at once, without a close handshake (a dead peer).
  void abort();

 private:
  WsClient();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace risk::net
