#include "server/event_server.hpp"

#include <atomic>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "net/server.hpp"
#include "protocol/admin_auth.hpp"

namespace risk::server {

namespace {
constexpr std::size_t kMaxQueuedBytes = std::size_t{4} << 20;
}

struct EventServer::Impl : std::enable_shared_from_this<EventServer::Impl> {
  std::string host;
  std::uint16_t port = 0;
  OnSubscribe on_subscribe;
  std::string admin_key_file;  // empty: admin commands are refused
  OnAdmin on_admin;
  std::function<void(const std::string&)> on_error;
  std::unique_ptr<net::Server> server;
  // Touched on the server's I/O thread only.
  struct Client {
    std::shared_ptr<net::WsConnection> conn;
    bool all = false;
    std::set<AccountId> accounts;
    std::string nonce;  // the open admin challenge (single use)
    int admin_failures = 0;
  };
  std::map<std::uint64_t, Client> clients;
  std::atomic<std::size_t> count{0};

  void deliver(std::uint64_t id, const std::string& message) {
    auto it = clients.find(id);
    if (it == clients.end()) return;
    if (it->second.conn->queued_bytes() > kMaxQueuedBytes) {  // a slow client: drop it
      it->second.conn->drop();
      clients.erase(it);
      count = clients.size();
      return;
    }
    it->second.conn->send(message);
  }
};

namespace {

class Handler final : public net::WsHandler {
 public:
  explicit Handler(std::weak_ptr<EventServer::Impl> impl) : impl_(std::move(impl)) {}
  void on_open(std::shared_ptr<net::WsConnection> connection) override {
    auto impl = impl_.lock();
    if (!impl) return;
    id_ = connection->id();
    impl->clients[id_] = EventServer::Impl::Client{std::move(connection), false, {}, {}, 0};
    impl->count = impl->clients.size();
  }
  void on_message(std::string_view text) override {
    auto impl = impl_.lock();
    if (!impl) return;
    // A client may send {"subscribe": [ids]} or {"subscribe": "all"}, and the
    // admin channel's messages (admin/channel_auth.hpp). Anything else is ignored.
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return;
    auto it = impl->clients.find(id_);
    if (it == impl->clients.end()) return;
    if (const auto t = j.find("type"); t != j.end() && t->is_string()) {
      admin_message(*impl, it->second, t->get<std::string>(), j);
      return;
    }
    if (!j.contains("subscribe")) return;
    std::vector<AccountId> accounts;
    const auto& s = j["subscribe"];
    if (s.is_array()) {
      for (const auto& v : s) {
        if (v.is_number_integer()) accounts.push_back(v.get<AccountId>());
      }
    }
    it->second.all = accounts.empty();
    it->second.accounts = std::set<AccountId>(accounts.begin(), accounts.end());
    if (impl->on_subscribe) impl->on_subscribe(id_, accounts);
  }
  void on_close() override {
    auto impl = impl_.lock();
    if (!impl) return;
    impl->clients.erase(id_);
    impl->count = impl->clients.size();
  }

 private:
  static constexpr int kMaxAdminFailures = 3;

  void admin_result(EventServer::Impl::Client& c, bool ok, const std::string& error) {
    c.conn->send(nlohmann::json{{"type", protocol::admin_channel::kResult}, {"ok", ok}, {"error", error}}.dump());
  }

  void admin_message(EventServer::Impl& impl, EventServer::Impl::Client& c, const std::string& type,
                     const nlohmann::json& j) {
    if (type == protocol::admin_channel::kHello) {
      try {
        c.nonce = protocol::random_hex(32);
      } catch (const std::exception& e) {
        admin_result(c, false, e.what());
        return;
      }
      c.conn->send(nlohmann::json{{"type", protocol::admin_channel::kChallenge}, {"nonce", c.nonce}}.dump());
      return;
    }
    if (type != protocol::admin_channel::kCommand) return;
    const std::string nonce = std::exchange(c.nonce, std::string());  // spent, whatever happens next
    const auto refuse = [&](const std::string& why, bool counts) {
      if (impl.on_admin) impl.on_admin(EventServer::AdminAttempt{id_, {}, why});
      admin_result(c, false, why);
      if (counts && ++c.admin_failures >= kMaxAdminFailures) {
        c.conn->drop();
        impl.clients.erase(id_);
        impl.count = impl.clients.size();
      }
    };
    if (impl.admin_key_file.empty() || !impl.on_admin) {
      refuse("admin commands are not enabled on this event server", false);
      return;
    }
    const auto cmd = j.find("command");
    const auto mac = j.find("mac");
    if (cmd == j.end() || !cmd->is_string() || mac == j.end() || !mac->is_string()) {
      refuse("an admin command needs \"command\" and \"mac\" strings", true);
      return;
    }
    if (nonce.empty()) {
      refuse("no open challenge: send admin_hello first (a challenge is good for one command)", true);
      return;
    }
    auto key = protocol::read_admin_key(impl.admin_key_file);
    if (!key) {
      refuse("the daemon cannot read its admin key: " + key.error().message, false);
      return;
    }
    const std::string& command = cmd->get_ref<const std::string&>();
    const std::string& given = mac->get_ref<const std::string&>();
    std::string expected;
    try {
      expected = protocol::command_mac(key.value(), nonce, command);
    } catch (const std::exception& e) {
      refuse(std::string("the daemon cannot check the command: ") + e.what(), false);
      return;
    }
    if (given.size() != 64 || !protocol::constant_time_equal(expected, given)) {
      refuse("authentication failed: the command was not signed with this daemon's admin key", true);
      return;
    }
    impl.on_admin(EventServer::AdminAttempt{id_, command, {}});
  }

  std::weak_ptr<EventServer::Impl> impl_;
  std::uint64_t id_ = 0;
};

}  // namespace

bool EventServer::is_loopback_host(std::string_view host) {
  return host == "127.0.0.1" || host == "::1" || host == "localhost" || host.rfind("127.", 0) == 0;
}

bool EventServer::is_local_origin(std::string_view origin) {
  // No Origin: not a browser. "null" is refused: sandboxed iframes of any web
  // site send it, and a page must not read the accounts or talk to the daemon.
  if (origin.empty()) return true;
  if (origin == "null") return false;
  for (const char* scheme : {"http://", "https://"}) {
    if (origin.rfind(scheme, 0) != 0) continue;
    std::string_view rest = origin.substr(std::string_view(scheme).size());
    std::string_view host = rest;
    if (!host.empty() && host.front() == '[') {
      host = host.substr(0, host.find(']') + 1);
      return host == "[::1]";
    }
    host = host.substr(0, host.find_first_of(":/"));
    return host == "localhost" || host == "127.0.0.1";
  }
  return false;
}

EventServer::EventServer(std::string host, std::uint16_t port, OnSubscribe on_subscribe)
    : impl_(std::make_shared<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
  impl_->on_subscribe = std::move(on_subscribe);
}

EventServer::~EventServer() { stop(); }

void EventServer::enable_admin(std::string key_file, OnAdmin on_admin) {
  impl_->admin_key_file = std::move(key_file);
  impl_->on_admin = std::move(on_admin);
}

void EventServer::on_error(std::function<void(const std::string&)> log) { impl_->on_error = std::move(log); }

Result<std::uint16_t> EventServer::start() {
  if (!is_loopback_host(impl_->host)) {
    return make_error("event_server.host '" + impl_->host +
                      "' is not a loopback address: the event server only listens on 127.0.0.1 or ::1");
  }
  net::ServerOptions opt;
  opt.bind_address = impl_->host == "localhost" ? "127.0.0.1" : impl_->host;
  opt.port = impl_->port;
  opt.tls = false;  // it never leaves the machine
  opt.max_ws_queue_bytes = kMaxQueuedBytes * 2;
  opt.on_error = impl_->on_error;
  std::weak_ptr<Impl> weak = impl_;
  impl_->server = std::make_unique<net::Server>(
      opt,
      [](const net::HttpRequest&) {
        net::HttpResponse r;
        r.status = 426;
        r.content_type = "text/plain";
        r.body = "risk-daemon event server: connect with a WebSocket and send {\"subscribe\": [account ids]}\n";
        return r;
      },
      [weak](const net::HttpRequest& req) {
        net::UpgradeDecision d;
        if (!is_local_origin(req.header("Origin"))) {
          d.refusal.status = 403;
          d.refusal.content_type = "text/plain";
          d.refusal.body = "origin not allowed\n";
          return d;
        }
        d.handler = std::make_shared<Handler>(weak);
        return d;
      });
  return impl_->server->start();
}

void EventServer::stop() {
  if (impl_->server) {
    impl_->server->stop();
    impl_->server.reset();
  }
}

void EventServer::broadcast(AccountId account, std::string message) {
  if (!impl_->server || impl_->count.load() == 0) return;
  std::weak_ptr<Impl> weak = impl_;
  impl_->server->post([weak, account, msg = std::move(message)] {
    auto impl = weak.lock();
    if (!impl) return;
    std::vector<std::uint64_t> targets;
    for (const auto& [id, c] : impl->clients) {
      if (account == 0 || c.all || c.accounts.count(account) != 0) targets.push_back(id);
    }
    for (auto id : targets) impl->deliver(id, msg);
  });
}

void EventServer::send_to(std::uint64_t connection, std::vector<std::string> messages) {
  if (!impl_->server) return;
  std::weak_ptr<Impl> weak = impl_;
  impl_->server->post([weak, connection, msgs = std::move(messages)] {
    auto impl = weak.lock();
    if (!impl) return;
    for (const auto& m : msgs) impl->deliver(connection, m);
  });
}

std::size_t EventServer::clients() const { return impl_->count.load(); }

}  // namespace risk::server
