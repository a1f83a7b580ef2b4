#pragma once
// The local event feed (docs/event-server.md): what the daemon's event server
// sends to dashboards and what the admin channel says, named once for the
// daemon (which writes them), the dashboards (which read them) and risk-admin.
//
// Every feed message is one JSON object {type, account_id, ts, data}.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"

namespace risk::protocol {

namespace feed {
// The daemon's own messages.
inline constexpr std::string_view kSnapshot = "snapshot";  // the whole account, on subscribe and after changes
inline constexpr std::string_view kDaemonStatus = "daemon_status";
inline constexpr std::string_view kLockoutSet = "lockout_set";
inline constexpr std::string_view kLockoutCleared = "lockout_cleared";
inline constexpr std::string_view kEnforcementAction = "enforcement_action";
inline constexpr std::string_view kDailyReset = "daily_reset";
inline constexpr std::string_view kRuleWarning = "rule_warning";
inline constexpr std::string_view kEnforcementStatus = "enforcement_status";  // failing since ... / recovered
// Gateway events as the daemon applied them.
inline constexpr std::string_view kUserTrade = "GatewayUserTrade";
inline constexpr std::string_view kUserPosition = "GatewayUserPosition";
inline constexpr std::string_view kUserOrder = "GatewayUserOrder";
inline constexpr std::string_view kUserAccount = "GatewayUserAccount";
inline constexpr std::string_view kQuote = "GatewayQuote";
}  // namespace feed

// The admin channel (protocol/admin_auth.hpp).
namespace admin_channel {
inline constexpr std::string_view kHello = "admin_hello";
inline constexpr std::string_view kChallenge = "admin_challenge";
inline constexpr std::string_view kCommand = "admin_command";
inline constexpr std::string_view kResult = "admin_result";
}  // namespace admin_channel

// Where the daemon's feed messages go (the event server; a recorder in tests).
class FeedSink {
 public:
  virtual ~FeedSink() = default;
  // Queue a message for every client subscribed to `account` (0 = everyone). Thread-safe.
  virtual void broadcast(AccountId account, std::string message) = 0;
  // Queue messages for one connection (snapshots, admin replies). Thread-safe.
  virtual void send_to(std::uint64_t connection, std::vector<std::string> messages) = 0;
  // Connected clients (nothing is built for nobody).
  [[nodiscard]] virtual std::size_t clients() const = 0;
};

}  // namespace risk::protocol
