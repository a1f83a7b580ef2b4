// The only translation unit of the server that includes Asio and Beast.
#include "net/server.hpp"

#include <cstdio>
#include <deque>
#include <exception>
#include <future>
#include <list>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>  // before any Asio header (Boost 1.74 + GCC 12)

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

namespace risk::net {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

HttpRequest to_request(const http::request<http::string_body>& req) {
  HttpRequest r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  const auto q = r.target.find('?');
  r.path = r.target.substr(0, q);
  if (q != std::string::npos) r.query = r.target.substr(q + 1);
  for (const auto& field : req) r.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  r.body = req.body();
  return r;
}

HttpResponse internal_error() {
  HttpResponse res;
  res.status = 500;
  res.body = R"({"title":"Internal Server Error","status":500})";
  return res;
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  HttpHandler on_http;
  UpgradeHandler on_upgrade;
  asio::io_context ioc{1};
  asio::ssl::context ssl{asio::ssl::context::tls_server};
  tcp::acceptor acceptor{ioc};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::thread thread;
  std::thread::id io_thread_id;
  std::promise<void> finished;
  std::uint16_t bound_port = 0;
  std::uint64_t next_id = 1;
  bool stopping = false;
  std::list<std::shared_ptr<asio::steady_timer>> timers;
  KeepAlive idle_policy;  // I/O thread only (set_keep_alive posts)
  // Every open connection, so stop() can close them (I/O thread only).
  std::unordered_map<std::uint64_t, std::function<void()>> closers;

  awaitable<void> accept_loop();
  template <class Stream>
  awaitable<void> http_session(Stream stream, std::uint64_t id);
  awaitable<void> tls_session(TlsStream stream, std::uint64_t id);
  void schedule(const std::shared_ptr<asio::steady_timer>& timer, std::chrono::nanoseconds interval,
                std::function<void()> fn);
  bool keep_alive_announced() const { return idle_policy.announce; }
  std::string keep_alive_header() const {
    return "timeout=" + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(idle_policy.idle).count());
  }
  // A caught exception, told to whoever runs the server (never swallowed).
  void report(const char* what, const std::exception& e) const noexcept {
    const std::string line = std::string("server: ") + what + ": " + e.what();
    try {
      if (options.on_error) {
        options.on_error(line);
        return;
      }
    } catch (...) {  // the error sink itself failed: stderr is all that is left
    }
    std::fprintf(stderr, "%s\n", line.c_str());
  }
};

namespace {

template <class Stream>
class WsConn final : public WsConnection, public std::enable_shared_from_this<WsConn<Stream>> {
 public:
  WsConn(Server::Impl* server, Stream stream, std::uint64_t id, bool coalesce)
      : server_(server), ws_(std::move(stream)), signal_(server->ioc), id_(id), coalesce_(coalesce) {}

  void send(std::string text) override {
    if (closed_ || closing_) return;
    queued_ += text.size();
    queue_.push_back(std::move(text));
    if (queued_ > server_->options.max_ws_queue_bytes) {
      drop();  // a slow consumer must not grow our memory without bound
      return;
    }
    signal_.cancel();
  }
  void close() override {
    if (closed_ || closing_) return;
    closing_ = true;
    signal_.cancel();
  }
  void drop() override {
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ec);
    beast::get_lowest_layer(ws_).socket().close(ec);
    signal_.cancel();
  }
  [[nodiscard]] std::uint64_t id() const override { return id_; }
  [[nodiscard]] std::size_t queued_bytes() const override { return queued_; }

  awaitable<void> run(http::request<http::string_body> req, std::shared_ptr<WsHandler> handler) {
    auto self = this->shared_from_this();
    beast::error_code ec;
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.read_message_max(std::size_t{4} << 20);
    co_await ws_.async_accept(req, asio::redirect_error(use_awaitable, ec));
    if (ec) co_return;
    ws_.text(true);
    server_->closers[id_] = [weak = this->weak_from_this()] {
      if (auto c = weak.lock()) c->drop();
    };
    asio::co_spawn(server_->ioc, writer(self), asio::detached);
    try {
      handler->on_open(self);
    } catch (const std::exception& e) {
      server_->report("a WebSocket open handler threw", e);
      drop();
    }
    beast::flat_buffer buffer;
    while (!closed_) {
      co_await ws_.async_read(buffer, asio::redirect_error(use_awaitable, ec));
      if (ec) break;
      const auto data = buffer.data();
      try {
        handler->on_message(std::string_view(static_cast<const char*>(data.data()), data.size()));
      } catch (const std::exception& e) {
        server_->report("a WebSocket message handler threw", e);
        drop();
      }
      buffer.consume(buffer.size());
    }
    closed_ = true;
    signal_.cancel();
    server_->closers.erase(id_);
    try {
      handler->on_close();
    } catch (const std::exception& e) {
      server_->report("a WebSocket close handler threw", e);
    }
  }

 private:
  awaitable<void> writer(std::shared_ptr<WsConn> self) {
    beast::error_code ec;
    std::string out;
    while (!closed_) {
      if (queue_.empty()) {
        if (closing_) {
          websocket::close_reason reason(websocket::close_code::normal);
          co_await ws_.async_close(reason, asio::redirect_error(use_awaitable, ec));
          break;
        }
        signal_.expires_at(asio::steady_timer::time_point::max());
        co_await signal_.async_wait(asio::redirect_error(use_awaitable, ec));
        continue;
      }
      if (coalesce_) {
        // Up to ~64 KiB per WebSocket message keeps both ends' buffers small.
        constexpr std::size_t kMaxMessage = std::size_t{64} << 10;
        out.clear();
        while (!queue_.empty() && (out.empty() || out.size() + queue_.front().size() <= kMaxMessage)) {
          out += queue_.front();
          queue_.pop_front();
        }
      } else {
        out = std::move(queue_.front());
        queue_.pop_front();
      }
      queued_ -= std::min(queued_, out.size());
      co_await ws_.async_write(asio::buffer(out), asio::redirect_error(use_awaitable, ec));
      if (ec) {
        drop();
        break;
      }
    }
    (void)self;
  }

  Server::Impl* server_;
  websocket::stream<Stream> ws_;
  asio::steady_timer signal_;
  std::deque<std::string> queue_;
  std::size_t queued_ = 0;
  std::uint64_t id_;
  bool coalesce_;
  bool closing_ = false;
  bool closed_ = false;
};

template <class Stream>
void close_lowest(Stream& stream) {
  beast::error_code ec;
  beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ec);
  beast::get_lowest_layer(stream).socket().close(ec);
}

}  // namespace

awaitable<void> Server::Impl::accept_loop() {
  for (;;) {
    tcp::socket socket(ioc);
    beast::error_code ec;
    co_await acceptor.async_accept(socket, asio::redirect_error(use_awaitable, ec));
    if (ec) {
      if (stopping || !acceptor.is_open()) co_return;
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    const std::uint64_t id = next_id++;
    if (options.tls) {
      asio::co_spawn(ioc, tls_session(TlsStream(beast::tcp_stream(std::move(socket)), ssl), id), asio::detached);
    } else {
      asio::co_spawn(ioc, http_session(PlainStream(std::move(socket)), id), asio::detached);
    }
  }
}

awaitable<void> Server::Impl::tls_session(TlsStream stream, std::uint64_t id) {
  beast::error_code ec;
  closers[id] = [&stream] { close_lowest(stream); };
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
  co_await stream.async_handshake(asio::ssl::stream_base::server, asio::redirect_error(use_awaitable, ec));
  if (ec) {
    closers.erase(id);
    co_return;
  }
  co_await http_session(std::move(stream), id);
}

template <class Stream>
awaitable<void> Server::Impl::http_session(Stream stream, std::uint64_t id) {
  closers[id] = [&stream] { close_lowest(stream); };
  beast::flat_buffer buffer;
  beast::error_code ec;
  bool dead = false;  // black-holed: requests are read and never answered
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(options.max_body_bytes);
    const KeepAlive idle = idle_policy;
    if (idle.mode == KeepAlive::Mode::Close && !dead) {
      beast::get_lowest_layer(stream).expires_after(idle.idle);
    } else {
      beast::get_lowest_layer(stream).expires_never();
    }
    const auto waiting_since = std::chrono::steady_clock::now();
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
    if (ec) break;
    if (idle.mode == KeepAlive::Mode::BlackHole && std::chrono::steady_clock::now() - waiting_since > idle.idle) {
      dead = true;
    }
    if (dead) continue;
    http::request<http::string_body> req = parser.release();
    const HttpRequest request = to_request(req);
    HttpResponse response;
    bool keep_alive = req.keep_alive();
    if (websocket::is_upgrade(req)) {
      UpgradeDecision decision;
      try {
        decision = on_upgrade(request);
      } catch (const std::exception& e) {
        report("an upgrade handler threw", e);
        decision.refusal = internal_error();
      }
      if (decision.handler) {
        beast::get_lowest_layer(stream).expires_never();
        closers.erase(id);
        auto conn = std::make_shared<WsConn<Stream>>(this, std::move(stream), id, decision.coalesce);
        co_await conn->run(std::move(req), std::move(decision.handler));
        co_return;
      }
      response = std::move(decision.refusal);
      keep_alive = false;
    } else {
      try {
        response = on_http(request);
      } catch (const std::exception& e) {
        report("an HTTP handler threw", e);
        response = internal_error();
      }
    }
    if (response.drop_connection) break;
    if (response.delay.count() > 0) {
      asio::steady_timer timer(ioc, response.delay);
      co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
      if (stopping) break;
    }
    http::response<http::string_body> res{static_cast<http::status>(response.status), req.version()};
    if (!response.content_type.empty()) res.set(http::field::content_type, response.content_type);
    for (const auto& [k, v] : response.headers) res.set(k, v);
    if (keep_alive && keep_alive_announced()) res.set("Keep-Alive", keep_alive_header());
    res.body() = std::move(response.body);
    res.keep_alive(keep_alive);
    res.prepare_payload();
    co_await http::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
    if (ec || !keep_alive) break;
  }
  closers.erase(id);
  close_lowest(stream);
}

void Server::Impl::schedule(const std::shared_ptr<asio::steady_timer>& timer, std::chrono::nanoseconds interval,
                            std::function<void()> fn) {
  timer->expires_at(timer->expiry() + std::chrono::duration_cast<asio::steady_timer::duration>(interval));
  timer->async_wait([this, timer, interval, fn = std::move(fn)](const beast::error_code& ec) mutable {
    if (ec || stopping) return;
    try {
      fn();
    } catch (const std::exception& e) {
      report("a timer handler threw", e);
    }
    schedule(timer, interval, std::move(fn));
  });
}

Server::Server(ServerOptions options, HttpHandler on_http, UpgradeHandler on_upgrade)
    : impl_(std::make_shared<Impl>()) {
  impl_->options = std::move(options);
  impl_->on_http = std::move(on_http);
  impl_->on_upgrade = std::move(on_upgrade);
}

Server::~Server() { stop(); }

Result<std::uint16_t> Server::start() {
  Impl& s = *impl_;
  beast::error_code ec;
  if (s.options.tls) {
    s.ssl.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    s.ssl.use_certificate_chain(asio::buffer(s.options.cert_pem), ec);
    if (!ec) s.ssl.use_private_key(asio::buffer(s.options.key_pem), asio::ssl::context::pem, ec);
    if (ec) return make_error("server: bad certificate or key: " + ec.message());
  }
  const auto address = asio::ip::make_address(s.options.bind_address, ec);
  if (ec) return make_error("server: bad bind address " + s.options.bind_address);
  const tcp::endpoint endpoint(address, s.options.port);
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return make_error("server: cannot listen on " + s.options.bind_address + ":" + std::to_string(s.options.port) +
                      ": " + ec.message());
  s.bound_port = s.acceptor.local_endpoint().port();
  s.work.emplace(s.ioc.get_executor());
  asio::co_spawn(s.ioc, s.accept_loop(), asio::detached);
  s.thread = std::thread([&s] {
    s.io_thread_id = std::this_thread::get_id();
    for (;;) {
      try {
        s.ioc.run();
        break;
      } catch (const std::exception& e) {
        s.report("the I/O loop stopped on an exception; serving on", e);
      }
    }
    s.finished.set_value();
  });
  return s.bound_port;
}

void Server::stop() {
  Impl& s = *impl_;
  if (!s.thread.joinable()) return;
  asio::post(s.ioc, [&s] {
    s.stopping = true;
    beast::error_code ec;
    s.acceptor.close(ec);
    for (auto& t : s.timers) t->cancel();
    s.timers.clear();
    auto closers = s.closers;  // closing may erase entries
    for (auto& [id, close] : closers) close();
    s.work.reset();
  });
  auto done = s.finished.get_future();
  if (done.wait_for(std::chrono::seconds(3)) != std::future_status::ready) s.ioc.stop();
  s.thread.join();
}

std::uint16_t Server::port() const { return impl_->bound_port; }

void Server::post(std::function<void()> fn) { asio::post(impl_->ioc, std::move(fn)); }

void Server::set_keep_alive(const KeepAlive& k) {
  auto impl = impl_;
  asio::post(impl->ioc, [impl, k] { impl->idle_policy = k; });
}

void Server::run_sync(const std::function<void()>& fn) {
  if (std::this_thread::get_id() == impl_->io_thread_id) {
    fn();
    return;
  }
  std::promise<void> done;
  asio::post(impl_->ioc, [&] {
    try {
      fn();
      done.set_value();
    } catch (...) {
      done.set_exception(std::current_exception());
    }
  });
  done.get_future().get();
}

void Server::every(std::chrono::nanoseconds interval, std::function<void()> fn) {
  asio::post(impl_->ioc, [s = impl_.get(), interval, fn = std::move(fn)]() mutable {
    if (s->stopping) return;
    auto timer = std::make_shared<asio::steady_timer>(s->ioc);
    timer->expires_at(asio::steady_timer::clock_type::now());
    s->timers.push_back(timer);
    s->schedule(timer, interval, std::move(fn));
  });
}

void Server::after(std::chrono::nanoseconds delay, std::function<void()> fn) {
  asio::post(impl_->ioc, [s = impl_.get(), delay, fn = std::move(fn)]() mutable {
    if (s->stopping) return;
    auto timer = std::make_shared<asio::steady_timer>(s->ioc);
    timer->expires_after(std::chrono::duration_cast<asio::steady_timer::duration>(delay));
    s->timers.push_back(timer);
    timer->async_wait([s, timer, fn = std::move(fn)](const beast::error_code& ec) {
      s->timers.remove(timer);
      if (!ec && !s->stopping) fn();
    });
  });
}

}  // namespace risk::net
