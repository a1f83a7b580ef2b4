#pragma once
// A SignalR JSON-protocol client for one ProjectX hub (user or market) over
// secure WebSocket, on a thread of its own:
//  - connects to `<hub>?access_token=<current token>` with negotiation skipped
//    (the token is asked for on every (re)connect, so a refreshed token is used);
//  - handshake, 0x1E record splitting (HubDecoder), pings every 15 s, server
//    silence for 30 s = a dead connection;
//  - invocations carry ids; a failed subscribe completion is reported;
//  - close messages: an auth error asks for a fresh login before reconnecting
//    (never a hot loop with a dead token);
//  - reconnect with backoff 1, 2, 4 ... 30 s (jittered), every subscription
//    re-sent, and on_connected(reconnect = true) so the daemon reconciles
//    through REST (missed events are not replayed).
// Callbacks run on the hub's thread and must not block for long.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/events.hpp"
#include "gateway/rest_client.hpp"

namespace risk::gateway {

struct HubCallbacks {
  std::function<void(EventBody)> on_event;
  // Handshake done, every subscription sent and answered by the server (a
  // failed one is reported through on_subscribe_failed first), so a REST
  // snapshot taken now misses no event. `reconnect` is false the first time.
  std::function<void(bool reconnect)> on_connected;
  std::function<void(const std::string& reason)> on_disconnected;
  // A subscribe invocation completed with an error (e.g. an account the user does not own).
  std::function<void(const std::string& what)> on_subscribe_failed;
  // The server closed the connection for an auth reason (or refused the upgrade
  // with 401): the token should be renewed before the next attempt.
  std::function<void()> on_auth_failure;
  // A record that could not be used (logged by the daemon, never fatal).
  std::function<void(std::string_view reason, std::string_view excerpt)> on_malformed;
  // Lifecycle lines (connecting, connected, disconnected and why, backoff) for
  // the logs. Never the token or the URL's query.
  std::function<void(const std::string& line)> on_log;
  // Something came in on a connected hub (an event, a ping, a completion): the
  // server is there and would have told of a change. Called for every frame;
  // the receiver throttles.
  std::function<void()> on_alive;
};

struct HubOptions {
  std::chrono::milliseconds ping_interval{15'000};
  std::chrono::milliseconds silence_timeout{30'000};
  // User hub: after this long without a frame, ask the server for one (an
  // invocation whose completion proves the connection carries what the server
  // sends, in order), so a quiet connection is told from a stalled one within
  // seconds rather than by the silence timeout. 0 = off.
  std::chrono::milliseconds probe_after{0};
  std::chrono::milliseconds backoff_initial{1'000};
  std::chrono::milliseconds backoff_max{30'000};
  // For name() and the logs: "user:<username>".
  std::string username;
};

class HubClient {
 public:
  enum class Kind { User, Market };

  HubClient(Kind kind, std::string hub_url, Endpoints endpoints, std::function<std::string()> token,
            HubCallbacks callbacks, HubOptions options = {});
  ~HubClient();  // stops
  HubClient(const HubClient&) = delete;
  HubClient& operator=(const HubClient&) = delete;

  void start();
  void stop();

  // User hub: SubscribeAccounts, then SubscribeOrders/Positions/Trades per account.
  void subscribe_accounts(const std::vector<AccountId>& accounts);
  // Market hub: SubscribeContractQuotes / UnsubscribeContractQuotes. Kept across reconnects.
  void subscribe_quotes(const ContractId& contract);
  void unsubscribe_quotes(const ContractId& contract);

  [[nodiscard]] bool connected() const;
  [[nodiscard]] std::string name() const;  // "user:<username>" / "market"
  [[nodiscard]] std::uint64_t reconnects() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace risk::gateway
