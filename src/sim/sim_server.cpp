#include "sim/sim_server.hpp"

#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include <unistd.h>

#include "net/server.hpp"
#include "net/tls.hpp"
#include "sim/contracts.hpp"
#include "sim/control_api.hpp"
#include "sim/hub.hpp"
#include "sim/tokens.hpp"

namespace risk::sim {
namespace {

Timestamp system_now() {
  return Timestamp::from_ns(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
}

std::uint64_t random_seed() {
  std::random_device rd;
  return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

net::HttpResponse status_only(int status) {
  net::HttpResponse res;
  res.status = status;
  res.content_type.clear();
  return res;
}

Result<bool> load_price_path(Exchange& exchange, const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return make_error("cannot read price path " + file.string());
  std::map<std::string, std::vector<Decimal>> paths;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    for (char& ch : line) {
      if (ch == ',' || ch == '\t') ch = ' ';
    }
    std::istringstream fields(line);
    std::string id;
    std::string price_text;
    fields >> id >> price_text;
    const Contract* c = exchange.contract(id);
    auto price = Decimal::parse(price_text);
    if (c == nullptr || !price || !price->is_positive() || price->raw() % c->tick_size.raw() != 0) {
      return make_error(file.string() + ":" + std::to_string(line_no) +
                        ": expected '<known contractId>,<price on the tick grid>'");
    }
    paths[id].push_back(*price);
  }
  for (auto& [id, prices] : paths) exchange.set_price_path(id, std::move(prices));
  return true;
}

}  // namespace

SimUser default_user() { return {"trader", "sim-api-key"}; }

Account default_account() {
  Account a;
  a.id = 20'258'288;
  a.name = "150KTC-V2-478426-52758441";
  a.balance = Decimal::from_int(150'000);
  a.user = "trader";
  return a;
}

struct SimServer::Impl {
  SimOptions options;
  Clock clock;
  Exchange exchange;
  TokenStore tokens;
  HubRegistry hubs{exchange};
  RestApi rest;
  std::unique_ptr<ControlApi> control;
  std::unique_ptr<net::Server> server;
  std::filesystem::path cert_file;
  std::set<std::string> negotiated;  // connection tokens not yet used

  explicit Impl(SimOptions o)
      : options(std::move(o)),
        clock(options.clock ? options.clock : Clock(system_now)),
        exchange(options.exchange, nullptr),
        tokens(options.token_lifetime, options.token_seed != 0 ? options.token_seed : random_seed()),
        rest(exchange, tokens, clock, options.rate_limit, options.rate_window) {
    exchange.set_sink(&hubs);
    for (const Contract& c : default_contracts()) exchange.add_contract(c);
    for (const SimUser& u : options.users) tokens.add_user(u.user_name, u.api_key);
    for (Account a : options.accounts) {
      a.user = to_lower(a.user);
      exchange.add_account(a);
    }
  }

  // "/hubs/user" or "/hubs/user/negotiate" -> kind
  static std::optional<HubKind> hub_of(const std::string& path, bool negotiate) {
    const std::string p = to_lower(path);
    const std::string suffix = negotiate ? "/negotiate" : "";
    if (p == "/hubs/user" + suffix) return HubKind::User;
    if (p == "/hubs/market" + suffix) return HubKind::Market;
    return std::nullopt;
  }

  std::optional<std::string> hub_user(const net::HttpRequest& req) {
    std::string token = req.query_param("access_token");
    const std::string_view auth = req.header("Authorization");
    if (token.empty() && auth.size() > 7 && to_lower(std::string(auth.substr(0, 7))) == "bearer ") {
      token = std::string(auth.substr(7));
    }
    return tokens.user_of(token, clock());
  }

  std::string new_connection_token() {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::mt19937_64 gen(random_seed());
    std::string s;
    for (int i = 0; i < 22; ++i) s.push_back(kAlphabet[gen() % 62]);
    return s;
  }

  net::HttpResponse on_http(const net::HttpRequest& req) {
    if (ControlApi::handles(req)) return control->handle(req);
    if (hub_of(req.path, true)) {
      if (req.method != "POST") return status_only(405);
      if (!hub_user(req)) return status_only(401);
      const std::string connection_token = new_connection_token();
      negotiated.insert(connection_token);
      net::HttpResponse res;
      res.body = R"({"negotiateVersion":1,"connectionId":")" + new_connection_token() + R"(","connectionToken":")" +
                 connection_token +
                 R"(","availableTransports":[{"transport":"WebSockets","transferFormats":["Text","Binary"]}]})";
      return res;
    }
    if (hub_of(req.path, false)) {
      net::HttpResponse res = status_only(400);  // a plain GET without Upgrade
      res.content_type = "text/plain";
      res.body = "Connection ID required";
      return res;
    }
    return rest.handle(req);
  }

  net::UpgradeDecision on_upgrade(const net::HttpRequest& req) {
    net::UpgradeDecision d;
    const auto kind = hub_of(req.path, false);
    if (!kind) {
      d.refusal = status_only(404);
      return d;
    }
    const auto user = hub_user(req);
    if (!user) {
      d.refusal = status_only(401);
      return d;
    }
    const std::string id = req.query_param("id");
    if (!id.empty()) {
      if (negotiated.erase(id) == 0) {
        d.refusal = status_only(404);
        d.refusal.content_type = "text/plain";
        d.refusal.body = "No Connection with that ID";
        return d;
      }
    }
    d.handler = hubs.create(*kind, *user);
    d.coalesce = true;  // several 0x1E records per WebSocket message when the writer is behind
    return d;
  }
};

SimServer::SimServer(SimOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

SimServer::~SimServer() { stop(); }

Result<std::uint16_t> SimServer::start() {
  Impl& s = *impl_;
  if (s.options.price_path_file) {
    auto ok = load_price_path(s.exchange, *s.options.price_path_file);
    if (!ok) return make_error(ok.error().message);
  }
  net::ServerOptions so;
  so.port = s.options.port;
  so.tls = s.options.tls;
  if (so.tls) {
    auto pair = net::make_self_signed_certificate(365);
    if (!pair) return make_error(pair.error().message);
    std::filesystem::path dir = s.options.cert_dir;
    if (dir.empty()) {
      std::string pattern = (std::filesystem::temp_directory_path() / "projectx-sim-XXXXXX").string();
      if (::mkdtemp(pattern.data()) == nullptr) return make_error("cannot create a temporary directory");
      dir = pattern;
    }
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    s.cert_file = dir / "cert.pem";
    auto w1 = net::write_text_file(s.cert_file, pair->cert_pem, false);
    if (!w1) return make_error(w1.error().message);
    auto w2 = net::write_text_file(dir / "key.pem", pair->key_pem, true);
    if (!w2) return make_error(w2.error().message);
    so.cert_pem = pair->cert_pem;
    so.key_pem = pair->key_pem;
  }
  s.server = std::make_unique<net::Server>(
      so, [&s](const net::HttpRequest& r) { return s.on_http(r); },
      [&s](const net::HttpRequest& r) { return s.on_upgrade(r); });
  s.control = std::make_unique<ControlApi>(ControlContext{
      s.exchange, s.tokens, s.rest, s.hubs, s.clock, [&s](std::function<void()> fn) { s.server->post(std::move(fn)); },
      [&s](const net::KeepAlive& k) { s.server->set_keep_alive(k); }});
  auto port = s.server->start();
  if (!port) return port;
  if (s.options.ping_interval.count() > 0) s.server->every(s.options.ping_interval, [&s] { s.hubs.ping_all(); });
  s.server->every(std::chrono::milliseconds(100), [&s] { s.hubs.quote_heartbeat(s.clock()); });
  if (s.options.price_interval.count() > 0) {
    s.server->every(s.options.price_interval, [&s] { s.exchange.step_prices(s.clock()); });
  }
  return port;
}

void SimServer::stop() {
  if (impl_ && impl_->server) impl_->server->stop();
}

std::uint16_t SimServer::port() const { return impl_->server ? impl_->server->port() : 0; }
bool SimServer::tls() const { return impl_->options.tls; }
std::string SimServer::base_url() const {
  return std::string(tls() ? "https" : "http") + "://127.0.0.1:" + std::to_string(port());
}
std::string SimServer::hub_base_url() const {
  return std::string(tls() ? "wss" : "ws") + "://127.0.0.1:" + std::to_string(port());
}
std::filesystem::path SimServer::cert_file() const { return impl_->cert_file; }

void SimServer::with_exchange(const std::function<void(Exchange&)>& fn) {
  if (impl_->server) {
    impl_->server->run_sync([&] { fn(impl_->exchange); });
  } else {
    fn(impl_->exchange);
  }
}

}  // namespace risk::sim
