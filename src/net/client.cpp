// Blocking clients: every operation starts an asynchronous one and runs the
// private io_context for at most the timeout, which gives exact deadlines
// without a second thread.
#include "net/client.hpp"

#include <charconv>
#include <optional>
#include <utility>  // before any Asio header (Boost 1.74 + GCC 12)

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "net/tls.hpp"

#if defined(__linux__)
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

namespace risk::net {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

// Runs `ioc` until `done` or the timeout; on timeout closes `socket` so the
// pending operation completes, then drains.
bool run_until(asio::io_context& ioc, const bool& done, std::chrono::milliseconds timeout, tcp::socket& socket) {
  ioc.restart();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done && std::chrono::steady_clock::now() < deadline) {
    ioc.run_one_until(deadline);
  }
  if (done) return true;
  beast::error_code ec;
  socket.close(ec);
  ioc.restart();
  ioc.run();
  return false;
}

Result<bool> setup_tls(asio::ssl::context& ctx, const ClientOptions& options) {
  beast::error_code ec;
  if (!options.verify_peer) {
    ctx.set_verify_mode(asio::ssl::verify_none);
    return true;
  }
  ctx.set_verify_mode(asio::ssl::verify_peer);
  if (options.ca_file.empty()) return load_system_trust(ctx.native_handle());
  ctx.load_verify_file(options.ca_file, ec);
  if (ec) return make_error("tls: cannot load trust store: " + ec.message());
  return true;
}

// Transport shared by both clients: a TCP or TLS stream, connected with a deadline.
struct Transport {
  asio::io_context ioc;
  asio::ssl::context ssl{asio::ssl::context::tls_client};
  Url url;
  ClientOptions options;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
  std::optional<beast::tcp_stream> plain;

  tcp::socket& socket() { return tls ? beast::get_lowest_layer(*tls).socket() : plain->socket(); }
  std::chrono::milliseconds connect_timeout() const {
    return options.connect_timeout.count() > 0 ? options.connect_timeout : options.timeout;
  }

  Result<bool> connect() {
    tls.reset();
    plain.reset();
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    const auto endpoints = resolver.resolve(url.host, std::to_string(url.port), ec);
    if (ec) return make_error("resolve " + url.host + ": " + ec.message());
    if (url.secure()) {
      tls.emplace(ioc, ssl);
      // SSL_set_tlsext_host_name is a macro with a C cast; this is its expansion.
      if (SSL_ctrl(tls->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                   const_cast<char*>(url.host.c_str())) != 1) {
        return make_error("tls: cannot set SNI");
      }
      tls->set_verify_callback(asio::ssl::host_name_verification(url.host));
    } else {
      plain.emplace(ioc);
    }
    bool done = false;
    asio::async_connect(socket(), endpoints, [&](const beast::error_code& e, const tcp::endpoint&) {
      ec = e;
      done = true;
    });
    if (!run_until(ioc, done, connect_timeout(), socket())) return make_error("connect timed out");
    if (ec) return make_error("connect " + url.host + ":" + std::to_string(url.port) + ": " + ec.message());
    socket().set_option(tcp::no_delay(true), ec);
    // A peer that vanished (a dropped route, a middlebox that forgot us) is
    // found while the connection idles, not by the next request.
    socket().set_option(asio::socket_base::keep_alive(true), ec);
#if defined(__linux__)
    const int idle_s = 5, interval_s = 2, probes = 2;
    ::setsockopt(socket().native_handle(), IPPROTO_TCP, TCP_KEEPIDLE, &idle_s, sizeof idle_s);
    ::setsockopt(socket().native_handle(), IPPROTO_TCP, TCP_KEEPINTVL, &interval_s, sizeof interval_s);
    ::setsockopt(socket().native_handle(), IPPROTO_TCP, TCP_KEEPCNT, &probes, sizeof probes);
#endif
    if (tls) {
      done = false;
      tls->async_handshake(asio::ssl::stream_base::client, [&](const beast::error_code& e) {
        ec = e;
        done = true;
      });
      if (!run_until(ioc, done, connect_timeout(), socket())) return make_error("tls handshake timed out");
      if (ec) return make_error("tls handshake: " + ec.message());
    }
    return true;
  }
};

}  // namespace

Result<Url> parse_url(std::string_view text) {
  Url url;
  const auto colon = text.find("://");
  if (colon == std::string_view::npos) return make_error("bad url (no scheme): " + std::string(text));
  url.scheme = std::string(text.substr(0, colon));
  if (url.scheme != "http" && url.scheme != "https" && url.scheme != "ws" && url.scheme != "wss") {
    return make_error("bad url scheme: " + url.scheme);
  }
  std::string_view rest = text.substr(colon + 3);
  const auto slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  url.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (!url.target.empty() && url.target[0] == '?') url.target.insert(0, "/");
  url.port = url.secure() ? 443 : 80;
  const auto pcolon = authority.rfind(':');
  if (pcolon != std::string_view::npos) {
    const std::string_view port = authority.substr(pcolon + 1);
    unsigned value = 0;
    const auto [p, err] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (err != std::errc() || p != port.data() + port.size() || value > 65535) {
      return make_error("bad url port: " + std::string(port));
    }
    url.port = static_cast<std::uint16_t>(value);
    authority = authority.substr(0, pcolon);
  }
  if (authority.empty()) return make_error("bad url (no host)");
  url.host = std::string(authority);
  return url;
}

struct HttpClient::Impl {
  Transport t;
  bool connected = false;
  std::string init_error;
  beast::flat_buffer buffer;
  std::chrono::steady_clock::time_point last_used{};
  std::optional<std::chrono::milliseconds> announced_idle;  // Keep-Alive: timeout=N from the server

  std::chrono::milliseconds idle_limit() const {
    std::chrono::milliseconds limit = t.options.max_idle;
    if (announced_idle) {
      // Retire it a second before the server would, so the two never race.
      const auto before_server = std::max(*announced_idle - std::chrono::seconds(1), std::chrono::milliseconds(0));
      limit = limit.count() > 0 ? std::min(limit, before_server) : before_server;
    }
    return limit;
  }

  // Whether the server has closed the connection while it idled: its FIN (and
  // a TLS close_notify before it) is waiting to be read. Nothing is read.
  bool closed_by_peer() {
    beast::error_code ec;
    tcp::socket& sock = t.socket();
    if (sock.available(ec) > 0 || ec) return true;  // unrequested bytes on an idle connection: the close alert
    sock.non_blocking(true, ec);
    char byte = 0;
    const std::size_t n = sock.receive(asio::buffer(&byte, 1), tcp::socket::message_peek, ec);
    const bool would_block = ec == asio::error::would_block || ec == asio::error::try_again;
    beast::error_code ignored;
    sock.non_blocking(false, ignored);
    return !would_block || n > 0;
  }

  // The connection may carry the next request.
  bool usable() {
    if (!connected) return false;
    const auto limit = idle_limit();
    if (limit.count() > 0 && std::chrono::steady_clock::now() - last_used >= limit) return false;
    return !closed_by_peer();
  }

  void drop() {
    beast::error_code ec;
    t.socket().close(ec);
    connected = false;
    announced_idle.reset();
  }

  template <class Stream>
  Result<ClientResponse> exchange(Stream& stream, http::request<http::string_body>& req) {
    beast::error_code ec;
    bool done = false;
    http::async_write(stream, req, [&](const beast::error_code& e, std::size_t) {
      ec = e;
      done = true;
    });
    if (!run_until(t.ioc, done, t.options.timeout, t.socket())) return make_error("http write timed out");
    if (ec) return make_error("http write: " + ec.message());
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::size_t{64} << 20);
    done = false;
    http::async_read(stream, buffer, parser, [&](const beast::error_code& e, std::size_t) {
      ec = e;
      done = true;
    });
    if (!run_until(t.ioc, done, t.options.timeout, t.socket())) return make_error("http read timed out");
    if (ec) return make_error("http read: " + ec.message());
    auto res = parser.release();
    ClientResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& f : res) out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    out.body = std::move(res.body());
    if (!res.keep_alive()) connected = false;
    last_used = std::chrono::steady_clock::now();
    if (const auto ka = res.find("Keep-Alive"); ka != res.end()) {
      // "timeout=5, max=100"
      const std::string_view v(ka->value().data(), ka->value().size());
      if (const auto p = v.find("timeout="); p != std::string_view::npos) {
        long secs = 0;
        const auto begin = v.data() + p + 8;
        const auto [end, err] = std::from_chars(begin, v.data() + v.size(), secs);
        if (err == std::errc() && end != begin && secs > 0) announced_idle = std::chrono::seconds(secs);
      }
    }
    return out;
  }
};

HttpClient::HttpClient(std::string base_url, ClientOptions options) : impl_(std::make_unique<Impl>()) {
  auto url = parse_url(base_url);
  if (!url) {
    impl_->init_error = url.error().message;
    return;
  }
  impl_->t.url = *url;
  impl_->t.options = std::move(options);
  if (impl_->t.url.secure()) {
    auto ok = setup_tls(impl_->t.ssl, impl_->t.options);
    if (!ok) impl_->init_error = ok.error().message;
  }
}

HttpClient::~HttpClient() = default;

Result<ClientResponse> HttpClient::request(std::string_view method, std::string_view target, std::string_view body,
                                           const Headers& headers) {
  Impl& s = *impl_;
  if (!s.init_error.empty()) return make_error(s.init_error);
  http::request<http::string_body> req{http::string_to_verb(method), std::string(target), 11};
  req.set(http::field::host, s.t.url.host);
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = std::string(body);
  req.keep_alive(true);
  req.prepare_payload();
  // A kept-alive connection may have been closed by the server meanwhile. Retry
  // once on a fresh connection only when the request surely was not processed
  // (the write failed) or is idempotent (GET): a POST may move money and must
  // never be sent twice behind the caller's back.
  const bool idempotent = req.method() == http::verb::get || req.method() == http::verb::head;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (s.connected && !s.usable()) s.drop();  // past its idle limit, or closed by the server: a fresh one
    const bool reused = s.connected;
    if (!s.connected) {
      s.buffer.clear();
      auto c = s.t.connect();
      if (!c) return make_error(c.error().message);
      s.connected = true;
    }
    auto res = s.t.tls ? s.exchange(*s.t.tls, req) : s.exchange(*s.t.plain, req);
    if (res) return res;
    s.connected = false;
    const bool write_failed = res.error().message.rfind("http write:", 0) == 0;
    if (!reused || !(idempotent || write_failed)) return res;
  }
  return make_error("unreachable");
}

bool HttpClient::warm() {
  Impl& s = *impl_;
  if (!s.init_error.empty()) return false;
  if (s.connected && s.usable()) return true;
  if (s.connected) s.drop();
  s.buffer.clear();
  if (!s.t.connect()) return false;
  s.connected = true;
  s.last_used = std::chrono::steady_clock::now();
  return true;
}

std::optional<std::chrono::milliseconds> HttpClient::idle_for() const {
  if (!impl_->connected) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - impl_->last_used);
}

Result<ClientResponse> HttpClient::post_json(std::string_view target, std::string_view json, std::string_view bearer) {
  Headers headers{{"Content-Type", "application/json"}};
  if (!bearer.empty()) headers.emplace_back("Authorization", "Bearer " + std::string(bearer));
  return request("POST", target, json, headers);
}

struct WsClient::Impl {
  Transport t;
  std::optional<websocket::stream<beast::ssl_stream<beast::tcp_stream>>> wss;
  std::optional<websocket::stream<beast::tcp_stream>> ws;
  beast::flat_buffer buffer;
  bool open = false;
  // The read poll() starts outlives the call that started it: its state lives here.
  bool read_pending = false;
  bool read_done = false;
  beast::error_code read_ec;
  bool woken = false;

  tcp::socket& socket() { return wss ? beast::get_lowest_layer(*wss).socket() : beast::get_lowest_layer(*ws).socket(); }

  template <class F>
  auto with(F&& f) {
    return wss ? f(*wss) : f(*ws);
  }

  void start_read() {
    read_pending = true;
    read_done = false;
    with([&](auto& stream) {
      stream.async_read(buffer, [this](const beast::error_code& e, std::size_t) {
        read_ec = e;
        read_pending = false;
        read_done = true;
      });
      return 0;
    });
  }
  // Closes the socket at once and runs every pending handler to completion.
  void abort() {
    open = false;
    if (!wss && !ws) return;
    beast::error_code ec;
    socket().close(ec);
    t.ioc.restart();
    t.ioc.run();
    read_pending = false;
    read_done = false;
  }
};

WsClient::WsClient() : impl_(std::make_unique<Impl>()) {}
WsClient::~WsClient() { close(); }

Result<std::unique_ptr<WsClient>> WsClient::connect(std::string_view url_text, ClientOptions options) {
  auto url = parse_url(url_text);
  if (!url) return make_error(url.error().message);
  std::unique_ptr<WsClient> client(new WsClient());
  Impl& s = *client->impl_;
  s.t.url = *url;
  s.t.options = std::move(options);
  if (s.t.url.secure()) {
    auto ok = setup_tls(s.t.ssl, s.t.options);
    if (!ok) return make_error(ok.error().message);
  }
  auto c = s.t.connect();
  if (!c) return make_error(c.error().message);
  if (s.t.tls) {
    s.wss.emplace(std::move(*s.t.tls));
    beast::get_lowest_layer(*s.wss).expires_never();
  } else {
    s.ws.emplace(std::move(*s.t.plain));
    beast::get_lowest_layer(*s.ws).expires_never();
  }
  websocket::response_type res;
  beast::error_code ec;
  bool done = false;
  const std::string host = s.t.url.host + ":" + std::to_string(s.t.url.port);
  s.with([&](auto& stream) {
    stream.read_message_max(std::size_t{256} << 20);
    stream.async_handshake(res, host, s.t.url.target, [&](const beast::error_code& e) {
      ec = e;
      done = true;
    });
    return 0;
  });
  if (!run_until(s.t.ioc, done, s.t.connect_timeout(), s.socket())) return make_error("websocket handshake timed out");
  if (ec == websocket::error::upgrade_declined) {
    return make_error("upgrade refused: " + std::to_string(res.result_int()));
  }
  if (ec) return make_error("websocket handshake: " + ec.message());
  s.open = true;
  return client;
}

Result<bool> WsClient::send(std::string_view text) {
  Impl& s = *impl_;
  if (!s.open) return make_error("websocket closed");
  beast::error_code ec;
  bool done = false;
  s.with([&](auto& stream) {
    stream.text(true);
    stream.async_write(asio::buffer(text.data(), text.size()), [&](const beast::error_code& e, std::size_t) {
      ec = e;
      done = true;
    });
    return 0;
  });
  if (!run_until(s.t.ioc, done, s.t.options.timeout, s.socket())) {
    s.open = false;
    return make_error("websocket write timed out");
  }
  if (ec) {
    s.open = false;
    return make_error("websocket write: " + ec.message());
  }
  return true;
}

namespace {
// Runs `s.t.ioc` until the pending read completes, `deadline` passes or (when
// `wakeable`) wake() was called. True when the read completed.
template <class Impl>
bool run_read_until(Impl& s, std::chrono::steady_clock::time_point deadline, bool wakeable) {
  s.t.ioc.restart();
  while (!s.read_done && !(wakeable && s.woken) && std::chrono::steady_clock::now() < deadline) {
    s.t.ioc.run_one_until(deadline);
  }
  if (wakeable) s.woken = false;
  return s.read_done;
}
}  // namespace

WsClient::PollResult WsClient::poll(std::string& out, std::chrono::milliseconds wait) {
  Impl& s = *impl_;
  if (!s.open) return PollResult::Closed;
  if (!s.read_pending && !s.read_done) s.start_read();
  if (!run_read_until(s, std::chrono::steady_clock::now() + wait, true)) return PollResult::Timeout;
  s.read_done = false;
  if (s.read_ec) {
    s.open = false;
    return PollResult::Closed;
  }
  const auto data = s.buffer.data();
  out.assign(static_cast<const char*>(data.data()), data.size());
  s.buffer.consume(s.buffer.size());
  return PollResult::Message;
}

void WsClient::wake() {
  Impl* s = impl_.get();
  asio::post(s->t.ioc, [s] { s->woken = true; });
}

bool WsClient::read_into(std::string& out, std::chrono::milliseconds timeout) {
  Impl& s = *impl_;
  if (!s.open) return false;
  if (!s.read_pending && !s.read_done) s.start_read();
  if (!run_read_until(s, std::chrono::steady_clock::now() + timeout, false)) {
    s.abort();  // the old contract: a timeout ends the connection
    return false;
  }
  s.read_done = false;
  if (s.read_ec) {
    s.open = false;
    return false;
  }
  const auto data = s.buffer.data();
  out.assign(static_cast<const char*>(data.data()), data.size());
  s.buffer.consume(s.buffer.size());
  return true;
}

Result<std::string> WsClient::read(std::chrono::milliseconds timeout) {
  std::string out;
  if (!read_into(out, timeout)) return make_error("websocket read failed, timed out or closed");
  return out;
}

bool WsClient::is_open() const { return impl_->open; }

void WsClient::abort() { impl_->abort(); }

void WsClient::close() {
  Impl& s = *impl_;
  if (!s.open) return;
  s.open = false;
  beast::error_code ec;
  bool done = false;
  s.with([&](auto& stream) {
    stream.async_close(websocket::close_code::normal, [&](const beast::error_code& e) {
      ec = e;
      done = true;
    });
    return 0;
  });
  run_until(s.t.ioc, done, std::chrono::milliseconds(1000), s.socket());
  s.abort();  // also completes a read poll() left pending
}

}  // namespace risk::net
