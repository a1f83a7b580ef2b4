#pragma once
// Small blocking HTTP(S) and WebSocket clients with timeouts, behind a pimpl.
// Used by tests, the benchmark harness and the simulator's scripted trader.
#include <chrono>
#include <cstdint>
#include <memory>
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
};

struct ClientResponse {
  int status = 0;
  Headers headers;
  std::string body;
};

// One keep-alive connection to one origin; reconnects when the server closed it.
// A POST is never re-sent automatically once it may have reached the server.
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
