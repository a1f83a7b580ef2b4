#pragma once
// SignalR JSON hub protocol for /hubs/user and /hubs/market (gateway-api.md
// §5): handshake, 0x1E-separated records, invocations with completions,
// pings, close messages, per-connection subscriptions (never carried over to
// a new connection), and the live event shapes. HubRegistry is the
// Exchange's EventSink: it renders each event once and fans it out.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "net/server.hpp"
#include "sim/exchange.hpp"
#include "sim/json.hpp"

namespace risk::sim {

enum class HubKind { User, Market };

class HubRegistry;

class HubSession final : public net::WsHandler, public std::enable_shared_from_this<HubSession> {
 public:
  HubSession(HubRegistry& registry, HubKind kind, std::string user);

  void on_open(std::shared_ptr<net::WsConnection> connection) override;
  void on_message(std::string_view text) override;
  void on_close() override;

  // Sends one or more complete records (each ending in 0x1E), unless stalled.
  void send_records(std::string records);
  void send_ping();
  // Close message {"type":7,...} then a WebSocket close.
  void close_with_error(const std::string& error, bool allow_reconnect);
  void drop();
  void stall_until(std::chrono::steady_clock::time_point until) { stalled_until_ = until; }

  [[nodiscard]] HubKind kind() const { return kind_; }
  [[nodiscard]] const std::string& user() const { return user_; }
  [[nodiscard]] bool ready() const { return handshake_done_ && connection_ != nullptr; }

  // Subscriptions of this connection.
  bool all_accounts = false;
  std::set<std::int64_t> order_accounts, position_accounts, trade_accounts;
  std::set<std::string> quote_contracts, trade_contracts, depth_contracts;

 private:
  void on_record(std::string_view record);
  void invoke(const JsonValue& message);
  void complete(const std::string& invocation_id, const std::optional<std::string>& error);
  [[nodiscard]] bool stalled() const;

  HubRegistry& registry_;
  HubKind kind_;
  std::string user_;
  std::shared_ptr<net::WsConnection> connection_;
  std::string inbox_;  // partial record tail
  bool handshake_done_ = false;
  bool closed_ = false;
  std::chrono::steady_clock::time_point stalled_until_{};
};

struct HubFault {
  enum class Kind { Drop, Close, Stall };
  Kind kind = Kind::Drop;
  std::optional<HubKind> hub;             // all hubs when empty
  std::optional<std::string> user;        // all users when empty
  std::chrono::milliseconds duration{0};  // Stall
  bool allow_reconnect = true;            // Close
  std::string error = "Server closed the connection.";
};

class HubRegistry final : public EventSink {
 public:
  explicit HubRegistry(const Exchange& exchange) : exchange_(exchange) {}

  std::shared_ptr<HubSession> create(HubKind kind, const std::string& user);
  void remove(const HubSession* session);
  void ping_all();
  int apply(const HubFault& fault);
  [[nodiscard]] std::size_t connection_count() const { return sessions_.size(); }
  [[nodiscard]] const Exchange& exchange() const { return exchange_; }

  // Quotes as the live market hub sends them (gateway-api.md §5.4): `sparse`
  // sends only the fields that changed since the contract's last quote, and
  // every `heartbeat` a contract whose price did not change gets a quote event
  // carrying only its timestamp (a quiet market). Off: every field, no heartbeat.
  void set_quote_mode(bool sparse, std::chrono::milliseconds heartbeat);
  // Due heartbeats (the server calls it often).
  void quote_heartbeat(Timestamp now);

  // EventSink
  void on_order(const Order& order) override;
  void on_trade(const Trade& trade) override;
  void on_position(const Position& position) override;
  void on_account(const Account& account) override;
  void on_quote(const Quote& quote) override;
  void on_market_trades(const std::string& contract_id, const std::vector<MarketTrade>& trades) override;
  void on_depth(const std::string& contract_id, const std::vector<DepthEntry>& entries) override;

 private:
  template <typename Wants, typename Render>
  void fan_out(HubKind kind, Wants wants, Render render);

  const Exchange& exchange_;
  std::vector<std::shared_ptr<HubSession>> sessions_;
  bool sparse_quotes_ = false;
  std::chrono::milliseconds quote_heartbeat_{0};
  std::map<std::string, Quote> last_quote_;  // per contract, as last sent
  std::map<std::string, std::chrono::steady_clock::time_point> last_quote_sent_;
};

constexpr char kRecordSeparator = '\x1e';

}  // namespace risk::sim
