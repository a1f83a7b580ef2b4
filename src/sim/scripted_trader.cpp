#include "sim/scripted_trader.hpp"

#include <ostream>
#include <thread>

#include "net/client.hpp"
#include "sim/json.hpp"
#include "sim/splitmix.hpp"

namespace risk::sim {
namespace {

struct Rng {
  SplitMix64 gen;
  std::uint64_t next() { return gen.next(); }
  int between(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
};

class Trader {
 public:
  Trader(const TraderOptions& o, std::ostream& log)
      : o_(o), log_(log), http_(o.base_url, client_options()), rng_{{o.seed}} {}

  int run() {
    if (!login()) return 1;
    if (!pick_account()) return 1;
    connect_market();
    int consecutive_losses = 0;
    for (int i = 0; o_.actions == 0 || i < o_.actions; ++i) {
      std::this_thread::sleep_for(o_.interval);
      drain_quotes();
      auto pos = position();
      if (!pos) {
        // Flat: trade again at once. After losses, bigger ("win it back").
        const int size = std::min(10, rng_.between(1, 2) + consecutive_losses * 2);
        const int side = rng_.between(0, 1);
        log_ << "trader: open " << (side == 0 ? "long " : "short ") << size << " " << o_.contract_id << "\n";
        place_market(side, size);
        continue;
      }
      if (!last_) continue;
      const bool is_long = pos->type == 1;
      const Decimal move = is_long ? *last_ - pos->average : pos->average - *last_;
      if (move.is_positive()) {
        log_ << "trader: take the small win on " << pos->size << " at " << last_->to_string() << "\n";
        close();
        consecutive_losses = 0;
      } else if (move.is_negative() && rng_.between(0, 3) == 0 && pos->size < 15) {
        log_ << "trader: add to the loser (" << pos->size << " held, avg " << pos->average.to_string() << ")\n";
        place_market(is_long ? 0 : 1, rng_.between(1, 3));
      } else if (move.is_negative() && rng_.between(0, 9) == 0) {
        log_ << "trader: finally give up on the loser at " << last_->to_string() << "\n";
        close();
        ++consecutive_losses;
      } else {
        log_ << "trader: hold (" << (move.is_negative() ? "losing" : "flat") << ")\n";
      }
    }
    log_ << "trader: script finished\n";
    return 0;
  }

 private:
  struct Pos {
    int type = 0;
    int size = 0;
    Decimal average;
  };

  net::ClientOptions client_options() const {
    net::ClientOptions c;
    c.ca_file = o_.ca_file;
    return c;
  }

  std::optional<JsonValue> call(const std::string& path, const std::string& body) {
    for (int attempt = 0; attempt < 5; ++attempt) {
      auto res = http_.post_json(path, body, token_);
      if (!res) {
        log_ << "trader: " << path << " failed: " << res.error().message << "\n";
        return std::nullopt;
      }
      if (res->status == 401 && path != "/api/Auth/loginKey") {
        log_ << "trader: token refused, logging in again\n";
        if (!login()) return std::nullopt;
        continue;
      }
      if (res->status == 429) {
        std::this_thread::sleep_for(std::chrono::seconds(2));
        continue;
      }
      if (res->status != 200) {
        log_ << "trader: " << path << " answered HTTP " << res->status << "\n";
        return std::nullopt;
      }
      auto json = parse_json(res->body);
      if (!json) return std::nullopt;
      return std::move(json).value();
    }
    return std::nullopt;
  }

  bool login() {
    std::string body;
    JsonWriter(body, gateway_style(false, false))
        .begin_object()
        .field("userName", o_.user_name)
        .field("apiKey", o_.api_key)
        .end_object();
    token_.clear();
    auto r = call("/api/Auth/loginKey", body);
    const JsonValue* token = r ? r->find("token") : nullptr;
    if (token == nullptr || !token->is_string()) {
      log_ << "trader: login failed\n";
      return false;
    }
    token_ = token->text;
    return true;
  }

  bool pick_account() {
    auto r = call("/api/Account/search", R"({"onlyActiveAccounts":true})");
    const JsonValue* accounts = r ? r->find("accounts") : nullptr;
    if (accounts == nullptr || !accounts->is_array()) return false;
    for (const auto& a : accounts->items) {
      const auto id = a.find("id") != nullptr ? a.find("id")->as_int() : std::nullopt;
      if (id && (!o_.account_id || *o_.account_id == *id)) {
        account_ = *id;
        log_ << "trader: trading account " << account_ << "\n";
        return true;
      }
    }
    log_ << "trader: no account to trade\n";
    return false;
  }

  void connect_market() {
    std::string url = o_.base_url;
    url.replace(0, url.find("://"), url.rfind("https", 0) == 0 ? "wss" : "ws");
    url += "/hubs/market?access_token=" + net::url_encode(token_);
    auto ws = net::WsClient::connect(url, client_options());
    if (!ws) {
      log_ << "trader: market hub: " << ws.error().message << "\n";
      return;
    }
    market_ = std::move(ws).value();
    const std::string handshake = std::string(R"({"protocol":"json","version":1})") + '\x1e';
    const std::string subscribe = R"({"type":1,"invocationId":"1","target":"SubscribeContractQuotes","arguments":[")" +
                                  o_.contract_id + R"("]})" + '\x1e';
    (void)market_->send(handshake);
    (void)market_->send(subscribe);
  }

  void drain_quotes() {
    if (!market_) return;
    std::string frame;
    while (market_->read_into(frame, std::chrono::milliseconds(20))) {
      std::size_t start = 0;
      for (auto end = frame.find('\x1e'); end != std::string::npos; end = frame.find('\x1e', start)) {
        auto msg = parse_json(std::string_view(frame).substr(start, end - start));
        start = end + 1;
        const JsonValue* target = msg ? msg->find("target") : nullptr;
        if (target == nullptr || target->text != "GatewayQuote") continue;
        const JsonValue* args = msg->find("arguments");
        if (args == nullptr || args->items.size() != 2) continue;
        if (const JsonValue* last = args->items[1].find("lastPrice")) {
          if (auto d = last->as_decimal()) last_ = d;
        }
      }
    }
    if (!market_->is_open()) {
      market_.reset();
      connect_market();
    }
  }

  std::optional<Pos> position() {
    auto r = call("/api/Position/searchOpen", "{\"accountId\":" + std::to_string(account_) + "}");
    const JsonValue* list = r ? r->find("positions") : nullptr;
    if (list == nullptr) return std::nullopt;
    for (const auto& p : list->items) {
      const JsonValue* c = p.find("contractId");
      if (c == nullptr || c->text != o_.contract_id) continue;
      Pos out;
      out.type = static_cast<int>(p.find("type")->as_int().value_or(0));
      out.size = static_cast<int>(p.find("size")->as_int().value_or(0));
      out.average = p.find("averagePrice")->as_decimal().value_or(Decimal());
      if (out.size > 0) return out;
    }
    return std::nullopt;
  }

  void place_market(int side, int size) {
    std::string body;
    JsonWriter(body, gateway_style(false, false))
        .begin_object()
        .field("accountId", account_)
        .field("contractId", o_.contract_id)
        .field("type", 2)
        .field("side", side)
        .field("size", size)
        .end_object();
    auto r = call("/api/Order/place", body);
    if (r && r->find("success") != nullptr && !r->find("success")->boolean) {
      const JsonValue* msg = r->find("errorMessage");
      log_ << "trader: order rejected: " << (msg != nullptr && msg->is_string() ? msg->text : "?") << "\n";
    }
  }

  void close() {
    (void)call("/api/Position/closeContract",
               "{\"accountId\":" + std::to_string(account_) + ",\"contractId\":\"" + o_.contract_id + "\"}");
  }

  const TraderOptions& o_;
  std::ostream& log_;
  net::HttpClient http_;
  Rng rng_;
  std::string token_;
  std::int64_t account_ = 0;
  std::unique_ptr<net::WsClient> market_;
  std::optional<Decimal> last_;
};

}  // namespace

int run_scripted_trader(const TraderOptions& options, std::ostream& log) { return Trader(options, log).run(); }

}  // namespace risk::sim
