#pragma once
// Wire JSON -> the engine's domain records and events. SignalR JSON hub
// protocol records (0x1E-terminated, several per WebSocket message, possibly
// split across messages) from the user and market hubs, and the REST payloads
// of the ProjectX Gateway. Exact decimals straight from the number's text
// (never through double), int64 ids, timestamps with 0-7 fractional digits,
// unknown enum values kept, omitted and null fields alike.
//
// Malformed input is reported to the sink and dropped; nothing here throws
// out or crashes on bad bytes. simdjson stays inside codec.cpp.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/events.hpp"
#include "core/result.hpp"

namespace risk::gateway {

inline constexpr char kRecordSeparator = '\x1e';

struct Completion {
  std::string invocation_id;
  std::optional<std::string> error;
};
struct CloseMessage {
  std::string error;
  bool allow_reconnect = false;
};
struct HandshakeReply {
  std::optional<std::string> error;
};

class HubSink {
 public:
  virtual ~HubSink() = default;
  virtual void on_event(EventBody event) = 0;
  virtual void on_completion(const Completion& c) = 0;
  virtual void on_ping() = 0;
  virtual void on_close(const CloseMessage& c) = 0;
  virtual void on_handshake(const HandshakeReply& h) = 0;
  // A record that could not be used. `excerpt` is at most 200 bytes of it.
  virtual void on_malformed(std::string_view reason, std::string_view excerpt) = 0;
  // A well-formed record the engine does not need (market trades and depth, unknown targets).
  virtual void on_ignored(std::string_view target) { (void)target; }
};

struct DecoderStats {
  std::uint64_t records = 0;
  std::uint64_t events = 0;
  std::uint64_t ignored = 0;
  std::uint64_t malformed = 0;
};

// One per hub connection: it remembers a partial record between messages and
// whether the handshake reply is still due.
class HubDecoder {
 public:
  HubDecoder();
  ~HubDecoder();
  HubDecoder(const HubDecoder&) = delete;
  HubDecoder& operator=(const HubDecoder&) = delete;

  // Feeds one whole WebSocket message.
  void feed(std::string_view message, HubSink& sink);
  // A new connection: the handshake reply is due again, no partial record.
  void reset();
  [[nodiscard]] const DecoderStats& stats() const noexcept { return stats_; }
  // Bytes of an unfinished record carried to the next message.
  [[nodiscard]] std::size_t pending_bytes() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  DecoderStats stats_;
};

// ---- REST payloads ----------------------------------------------------------
// The gateway's envelope: success, errorCode (endpoint-specific), errorMessage.
struct Envelope {
  bool success = false;
  int error_code = 0;
  std::string error_message;
};

template <typename T>
struct RestReply {
  Envelope envelope;
  T payload{};
};

Result<RestReply<std::string>> decode_login(std::string_view json);     // token
Result<RestReply<std::string>> decode_validate(std::string_view json);  // newToken (may be empty)
Result<RestReply<std::vector<Account>>> decode_accounts(std::string_view json);
Result<RestReply<std::vector<Position>>> decode_positions(std::string_view json);
Result<RestReply<std::vector<Order>>> decode_orders(std::string_view json);  // "orders" (search, searchOpen, v2/query)
Result<RestReply<std::vector<Trade>>> decode_trades(std::string_view json);
Result<RestReply<std::optional<Contract>>> decode_contract(std::string_view json);  // searchById
Result<RestReply<std::vector<Contract>>> decode_contracts(std::string_view json);   // search, available
Result<RestReply<std::optional<OrderId>>> decode_place_order(std::string_view json);
Result<Envelope> decode_envelope(std::string_view json);  // close, cancel, modify, logout
// v2/query: orders plus totalCount when it was asked for.
Result<RestReply<std::pair<std::vector<Order>, std::optional<std::int64_t>>>> decode_order_query(std::string_view json);

}  // namespace risk::gateway
