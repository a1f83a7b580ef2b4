// The SignalR hub client. One thread per hub connection does everything with
// its WsClient (risk_net's client is not thread-safe): connect, handshake,
// subscriptions, pings, reads. Other threads only change the wanted
// subscriptions under a mutex and wake the thread (WsClient::wake, the one
// call that may come from another thread).
#include "gateway/hub_client.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>
#include <utility>

#include "gateway/codec.hpp"
#include "gateway/wire_util.hpp"
#include "net/client.hpp"
#include "net/http_types.hpp"

namespace risk::gateway {
namespace {

using steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::string_view kHandshake = "{\"protocol\":\"json\",\"version\":1}\x1e";
constexpr std::string_view kPing = "{\"type\":6}\x1e";

bool looks_like_auth_error(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (std::string_view needle : {"auth", "token", "401", "unauthor"}) {
    if (lower.find(needle) != std::string::npos) return true;
  }
  return false;
}

// https://host/hubs/user -> wss://host/hubs/user (ws and wss kept).
std::string websocket_url(const std::string& hub_url) {
  if (hub_url.rfind("https://", 0) == 0) return "wss://" + hub_url.substr(8);
  if (hub_url.rfind("http://", 0) == 0) return "ws://" + hub_url.substr(7);
  return hub_url;
}

std::string without_query(const std::string& url) { return url.substr(0, url.find('?')); }

}  // namespace

struct HubClient::Impl final : HubSink {
  Impl(Kind k, std::string url, Endpoints e, std::function<std::string()> t, HubCallbacks c, HubOptions o)
      : kind(k),
        hub_url(std::move(url)),
        ep(std::move(e)),
        token_fn(std::move(t)),
        cb(std::move(c)),
        opt(std::move(o)),
        rng(std::random_device{}()) {}

  const Kind kind;
  const std::string hub_url;
  const Endpoints ep;
  const std::function<std::string()> token_fn;
  const HubCallbacks cb;
  const HubOptions opt;

  std::thread thread;
  std::atomic<bool> stopping{false};
  std::atomic<bool> is_connected{false};
  std::atomic<std::uint64_t> reconnect_count{0};

  // Shared with other threads (under mu).
  std::mutex mu;
  std::condition_variable cv;
  std::vector<AccountId> accounts;  // wanted, in the order asked
  std::set<std::string> quotes;     // wanted
  bool dirty = false;
  net::WsClient* live = nullptr;  // the connection to wake()

  // The hub thread's own.
  std::unique_ptr<net::WsClient> ws;
  HubDecoder decoder;
  std::mt19937_64 rng;
  bool accounts_subscribed = false;  // SubscribeAccounts [] sent on this connection
  std::set<AccountId> sent_accounts;
  std::set<std::string> sent_quotes;
  std::map<std::string, std::string> pending;  // invocation id -> what it was
  std::set<std::string> probes;                // invocation ids of liveness probes (their errors are not news)
  std::uint64_t next_invocation = 1;
  steady::time_point last_sent, last_received, last_probe;
  bool handshake_done = false;
  std::optional<std::string> handshake_error;
  std::optional<CloseMessage> close_message;
  std::string broken;  // why the connection cannot go on (send failure)
  std::string current_token;

  [[nodiscard]] std::string name() const {
    if (kind == Kind::Market) return "market";
    return opt.username.empty() ? std::string("user") : "user:" + opt.username;
  }

  // ---- callbacks (never let one throw into the loop) ---------------------------
  void log(const std::string& line) {
    if (!cb.on_log) return;
    try {
      cb.on_log(scrub_token(name() + ": " + line, current_token));
    } catch (...) {  // the log callback itself failed: stderr is all that is left
      std::fputs("hub client: the log callback threw\n", stderr);
    }
  }
  template <typename F>
  void guarded(const char* what, F&& f) {
    try {
      f();
    } catch (const std::exception& e) {
      log(std::string(what) + " callback threw: " + e.what());
    } catch (...) {
      log(std::string(what) + " callback threw");
    }
  }

  // ---- HubSink ------------------------------------------------------------------
  void on_event(EventBody event) override {
    if (cb.on_event) guarded("on_event", [&] { cb.on_event(std::move(event)); });
  }
  void on_completion(const Completion& c) override {
    const auto it = pending.find(c.invocation_id);
    if (it == pending.end()) return;           // not ours (or already answered)
    if (probes.erase(c.invocation_id) != 0) {  // a liveness probe: that it came back is all it had to say
      pending.erase(it);
      return;
    }
    if (c.error) {
      const std::string what = it->second + ": " + *c.error;
      log("subscribe failed: " + what);
      if (cb.on_subscribe_failed) guarded("on_subscribe_failed", [&] { cb.on_subscribe_failed(what); });
    }
    pending.erase(it);
  }
  void on_ping() override {}
  void on_close(const CloseMessage& c) override { close_message = c; }
  void on_handshake(const HandshakeReply& h) override {
    if (h.error) {
      handshake_error = *h.error;
    } else {
      handshake_done = true;
    }
  }
  void on_malformed(std::string_view reason, std::string_view excerpt) override {
    log("malformed record dropped: " + std::string(reason));
    if (cb.on_malformed) guarded("on_malformed", [&] { cb.on_malformed(reason, excerpt); });
  }

  // ---- wiring from other threads -------------------------------------------------
  void poke() {
    std::lock_guard lk(mu);
    dirty = true;
    if (live != nullptr) live->wake();
    cv.notify_all();
  }

  // ---- the hub thread ------------------------------------------------------------
  void send(std::string_view text) {
    if (!broken.empty() || !ws) return;
    auto r = ws->send(text);
    last_sent = steady::now();
    if (!r) broken = "send failed: " + r.error().message;
  }

  // Asks for a frame: the user hub's SubscribeAccounts again (idempotent: the
  // connection is in the group already), whose completion comes back in order
  // after anything the server had to send.
  void probe() {
    last_probe = steady::now();
    const std::string id = std::to_string(next_invocation);
    probes.insert(id);
    invoke("SubscribeAccounts", "[]");
  }

  void invoke(const std::string& target, const std::string& arguments) {
    const std::string id = std::to_string(next_invocation++);
    pending[id] = target + " " + arguments;
    std::string msg =
        R"({"type":1,"invocationId":")" + id + R"(","target":")" + target + R"(","arguments":)" + arguments + "}";
    msg.push_back(kRecordSeparator);
    send(msg);
  }

  // Sends what is wanted and not yet sent on this connection.
  void sync() {
    std::vector<AccountId> want_accounts;
    std::set<std::string> want_quotes;
    {
      std::lock_guard lk(mu);
      want_accounts = accounts;
      want_quotes = quotes;
      dirty = false;
    }
    if (kind == Kind::User) {
      for (AccountId a : want_accounts) {
        if (sent_accounts.count(a) != 0) continue;
        if (!accounts_subscribed) {
          invoke("SubscribeAccounts", "[]");
          accounts_subscribed = true;
        }
        const std::string arg = "[" + std::to_string(a) + "]";
        invoke("SubscribeOrders", arg);
        invoke("SubscribePositions", arg);
        invoke("SubscribeTrades", arg);
        sent_accounts.insert(a);
      }
    } else {
      for (const std::string& q : want_quotes) {
        if (sent_quotes.count(q) != 0) continue;
        std::string arg = "[";
        append_json_string(arg, q);
        arg += "]";
        invoke("SubscribeContractQuotes", arg);
      }
      for (const std::string& q : sent_quotes) {
        if (want_quotes.count(q) != 0) continue;
        std::string arg = "[";
        append_json_string(arg, q);
        arg += "]";
        invoke("UnsubscribeContractQuotes", arg);
      }
      sent_quotes = std::move(want_quotes);
    }
  }

  struct SessionEnd {
    std::string reason;
    bool auth = false;
    bool reached_connected = false;
  };

  SessionEnd session(bool reconnect) {
    SessionEnd end;
    current_token.clear();
    try {
      if (token_fn) current_token = token_fn();
    } catch (...) {
      log("token provider threw");
    }
    const std::string base = websocket_url(hub_url);
    const std::string url =
        base + (base.find('?') == std::string::npos ? "?" : "&") + "access_token=" + net::url_encode(current_token);
    net::ClientOptions o;
    o.ca_file = ep.ca_file;
    o.timeout = ep.request_timeout;
    o.connect_timeout = ep.connect_timeout;
    log("connecting to " + without_query(base));
    auto c = net::WsClient::connect(url, o);
    if (!c) {
      end.reason = scrub_token(c.error().message, current_token);
      end.auth = c.error().message.find("upgrade refused: 401") != std::string::npos;
      return end;
    }
    {
      std::lock_guard lk(mu);
      ws = std::move(c).value();
      live = ws.get();
    }
    decoder.reset();
    pending.clear();
    probes.clear();
    sent_accounts.clear();
    sent_quotes.clear();
    accounts_subscribed = false;
    handshake_done = false;
    handshake_error.reset();
    close_message.reset();
    broken.clear();
    last_received = last_sent = last_probe = steady::now();
    send(kHandshake);
    const auto handshake_deadline = steady::now() + ep.connect_timeout;
    bool synced = false;
    steady::time_point confirm_deadline = steady::time_point::max();
    std::string frame;
    for (;;) {
      if (stopping) {
        end.reason = "stopped";
        break;
      }
      if (handshake_error) {
        end.reason = "handshake refused: " + *handshake_error;
        end.auth = looks_like_auth_error(*handshake_error);
        break;
      }
      if (close_message) {
        end.reason = "server closed the connection: " +
                     (close_message->error.empty() ? std::string("(no error)") : close_message->error) +
                     (close_message->allow_reconnect ? "" : " (allowReconnect false)");
        end.auth = looks_like_auth_error(close_message->error);
        break;
      }
      if (!broken.empty()) {
        end.reason = broken;
        break;
      }
      if (handshake_done) {
        bool want_sync = !synced;
        {
          std::lock_guard lk(mu);
          want_sync = want_sync || dirty;
        }
        if (want_sync) {
          if (!synced) confirm_deadline = steady::now() + ep.connect_timeout;
          synced = true;
          sync();
        }
        if (!broken.empty()) continue;
        // Connected once the server confirmed every subscription (failures
        // reported): a REST snapshot taken after on_connected misses nothing.
        if (!end.reached_connected && pending.empty()) {
          end.reached_connected = true;
          is_connected = true;
          if (reconnect) ++reconnect_count;
          log(reconnect ? "reconnected, subscriptions confirmed" : "connected, subscriptions confirmed");
          if (cb.on_connected) guarded("on_connected", [&] { cb.on_connected(reconnect); });
          continue;  // the callback may have asked for more subscriptions
        }
      }
      auto now = steady::now();
      if (!handshake_done && now >= handshake_deadline) {
        end.reason = "no handshake reply in time";
        break;
      }
      if (!end.reached_connected && now >= confirm_deadline) {
        end.reason = "subscriptions not confirmed in time";
        break;
      }
      if (now - last_received >= opt.silence_timeout) {
        end.reason = "no message from the server for " +
                     std::to_string(std::chrono::duration_cast<milliseconds>(now - last_received).count()) +
                     "ms: dead connection";
        break;
      }
      if (handshake_done && now - last_sent >= opt.ping_interval) {
        send(kPing);
        continue;
      }
      const bool probing = kind == Kind::User && opt.probe_after.count() > 0 && end.reached_connected;
      if (probing && now - last_received >= opt.probe_after && now - last_probe >= opt.probe_after) {
        probe();
        continue;
      }
      auto until = last_received + opt.silence_timeout;
      if (handshake_done) until = std::min(until, last_sent + opt.ping_interval);
      if (probing) until = std::min(until, std::max(last_received, last_probe) + opt.probe_after);
      if (!handshake_done) until = std::min(until, handshake_deadline);
      if (!end.reached_connected) until = std::min(until, confirm_deadline);
      const auto wait = std::max(milliseconds(1), std::chrono::duration_cast<milliseconds>(until - now));
      switch (ws->poll(frame, wait)) {
        case net::WsClient::PollResult::Message:
          last_received = steady::now();
          decoder.feed(frame, *this);
          if (end.reached_connected && cb.on_alive) guarded("on_alive", [&] { cb.on_alive(); });
          break;
        case net::WsClient::PollResult::Closed:
          end.reason = "connection closed";
          break;
        case net::WsClient::PollResult::Timeout:
          break;
      }
      if (!end.reason.empty()) break;
    }
    {
      std::lock_guard lk(mu);
      live = nullptr;
    }
    ws->abort();
    ws.reset();
    is_connected = false;
    return end;
  }

  milliseconds backoff(int attempt) {
    const double base =
        static_cast<double>(opt.backoff_initial.count()) * static_cast<double>(1ULL << std::min(attempt, 20));
    const double capped = std::min(base, static_cast<double>(opt.backoff_max.count()));
    std::uniform_real_distribution<double> jitter(0.8, 1.2);
    const double d = std::min(capped * jitter(rng), static_cast<double>(opt.backoff_max.count()));
    return milliseconds(static_cast<std::int64_t>(d));
  }

  void run() {
    int attempt = 0;
    bool ever_connected = false;
    while (!stopping) {
      const auto began = steady::now();
      SessionEnd end;
      try {
        end = session(ever_connected);
      } catch (const std::exception& e) {  // a failed session, never a dead hub: reconnect with backoff
        end.reason = std::string("session failed: ") + e.what();
        end.reached_connected = is_connected.exchange(false);
      }
      if (end.reached_connected) {
        ever_connected = true;
        log("disconnected: " + end.reason);
        if (cb.on_disconnected) guarded("on_disconnected", [&] { cb.on_disconnected(end.reason); });
      } else if (!stopping) {
        log("connection failed: " + end.reason);
      }
      if (stopping) break;
      // A connection that stayed up a while starts the backoff over; a short one
      // (or an auth failure) keeps it growing, so nothing ever loops hot.
      if (end.reached_connected && !end.auth && steady::now() - began >= opt.backoff_max) attempt = 0;
      if (end.auth) {
        log("authentication refused: asking for a fresh token");
        if (cb.on_auth_failure) guarded("on_auth_failure", [&] { cb.on_auth_failure(); });
      }
      const milliseconds wait = backoff(attempt);
      attempt = std::min(attempt + 1, 30);
      log("reconnecting in " + std::to_string(wait.count()) + "ms");
      std::unique_lock lk(mu);
      cv.wait_for(lk, wait, [&] { return stopping.load(); });
    }
  }
};

HubClient::HubClient(Kind kind, std::string hub_url, Endpoints endpoints, std::function<std::string()> token,
                     HubCallbacks callbacks, HubOptions options)
    : impl_(std::make_unique<Impl>(kind, std::move(hub_url), std::move(endpoints), std::move(token),
                                   std::move(callbacks), std::move(options))) {}

HubClient::~HubClient() { stop(); }

void HubClient::start() {
  Impl& s = *impl_;
  if (s.thread.joinable()) return;
  s.stopping = false;
  s.thread = std::thread([&s] {
    try {
      s.run();
    } catch (const std::exception& e) {  // the thread's boundary: said, and seen as a dropped hub
      s.log(std::string("the hub thread stopped: ") + e.what());
      if (s.cb.on_disconnected) s.guarded("on_disconnected", [&] { s.cb.on_disconnected("the hub thread stopped"); });
    }
  });
}

void HubClient::stop() {
  Impl& s = *impl_;
  s.stopping = true;
  s.poke();
  if (!s.thread.joinable()) return;
  if (s.thread.get_id() == std::this_thread::get_id()) return;  // from a callback: the loop ends by itself
  s.thread.join();
}

void HubClient::subscribe_accounts(const std::vector<AccountId>& accounts) {
  Impl& s = *impl_;
  if (s.kind != Kind::User) return;
  {
    std::lock_guard lk(s.mu);
    for (AccountId a : accounts) {
      if (std::find(s.accounts.begin(), s.accounts.end(), a) == s.accounts.end()) s.accounts.push_back(a);
    }
  }
  s.poke();
}

void HubClient::subscribe_quotes(const ContractId& contract) {
  Impl& s = *impl_;
  if (s.kind != Kind::Market) return;
  {
    std::lock_guard lk(s.mu);
    s.quotes.insert(contract.str());
  }
  s.poke();
}

void HubClient::unsubscribe_quotes(const ContractId& contract) {
  Impl& s = *impl_;
  if (s.kind != Kind::Market) return;
  {
    std::lock_guard lk(s.mu);
    s.quotes.erase(contract.str());
  }
  s.poke();
}

bool HubClient::connected() const { return impl_->is_connected; }

std::string HubClient::name() const { return impl_->name(); }

std::uint64_t HubClient::reconnects() const { return impl_->reconnect_count; }

}  // namespace risk::gateway
