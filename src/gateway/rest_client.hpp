#pragma once
// REST client for one ProjectX Gateway credential (username + API key):
// HTTPS with keep-alive, connect and request timeouts, the token (login,
// validate/refresh, re-login on 401), a local rolling-window rate limiter
// (200 requests / 60 s; 50 / 30 s for bars), 429 backoff honouring
// Retry-After, and typed results per endpoint.
//
// Reads are retried (429, 401 once after a fresh login, connection failures
// with backoff). Money-moving calls (close, partial close, cancel, modify,
// place) are never retried after a timeout or a dropped connection, because
// the request may have executed: the caller reconciles first. A 401 or 429 on
// a money-moving call was not executed and is retried as for reads.
//
// Thread-safe: calls may come from several threads at once (each gets its own
// connection). Nothing it logs or returns contains the API key or the token.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/domain.hpp"
#include "core/result.hpp"
#include "core/secret.hpp"
#include "gateway/endpoints.hpp"

namespace risk::gateway {

// The outcome of a call that changes something at the broker.
struct CallOutcome {
  enum class Status {
    Ok,            // success: true
    Rejected,      // HTTP 200, success: false (error_code is the endpoint's own enum)
    RateLimited,   // 429 after the retries allowed
    Unauthorized,  // 401 even after a fresh login
    Timeout,       // no answer in time, or the connection dropped after sending: MAY HAVE EXECUTED
    Failed,        // not sent (cannot connect, TLS failure, rate limiter closed), or an HTTP error
  };
  Status status = Status::Failed;
  int http_status = 0;
  int error_code = 0;
  std::string message;  // human readable, no secrets
  std::chrono::milliseconds retry_after{0};
  std::optional<OrderId> order_id;  // place: the id the gateway gave (even when rejected)

  [[nodiscard]] bool ok() const noexcept { return status == Status::Ok; }
  [[nodiscard]] bool may_have_executed() const noexcept { return status == Status::Timeout; }
};
std::string_view to_string(CallOutcome::Status s) noexcept;

struct RestStats {
  std::uint64_t requests = 0;
  std::uint64_t retries = 0;
  std::uint64_t rate_limited = 0;  // 429s received
  std::uint64_t logins = 0;
  std::uint64_t refreshes = 0;
};

class RestClient {
 public:
  // `log` (optional) receives one line per request for api.log: method, path,
  // status, duration. Never the body of a login, never a token.
  RestClient(Endpoints endpoints, std::string username, Secret api_key, const Clock& clock,
             std::function<void(const std::string&)> log = {});
  ~RestClient();
  RestClient(const RestClient&) = delete;
  RestClient& operator=(const RestClient&) = delete;

  // ---- token ----------------------------------------------------------------
  // Auth/loginKey. Fails with the gateway's LoginErrorCode in the message.
  Result<bool> login();
  // Validates (and takes newToken) when under 4 h remain; logs in again when
  // the token expired or validation fails. Cheap when nothing is due.
  Result<bool> refresh_if_needed();
  [[nodiscard]] bool has_token() const;
  [[nodiscard]] std::optional<Timestamp> token_expires() const;
  // The current token (for hub URLs). Empty before the first login.
  [[nodiscard]] std::string token() const;
  [[nodiscard]] const std::string& username() const noexcept;

  // ---- reads ----------------------------------------------------------------
  Result<bool> ping();
  Result<std::vector<Account>> accounts(bool only_active = true);
  Result<std::vector<Position>> open_positions(AccountId account);
  // Non-terminal orders (Open, Pending, PendingCancellation, Suspended) through
  // Order/v2/query, every page (searchOpen misses suspended bracket legs).
  Result<std::vector<Order>> working_orders(AccountId account);
  Result<std::vector<Trade>> trades(AccountId account, Timestamp since);
  Result<Contract> contract(const ContractId& id);

  // ---- money-moving -----------------------------------------------------------
  CallOutcome close_position(AccountId account, const ContractId& contract);
  CallOutcome partial_close(AccountId account, const ContractId& contract, std::int32_t size);
  CallOutcome cancel_order(AccountId account, OrderId order);
  CallOutcome modify_stop(AccountId account, OrderId order, Decimal stop_price);
  CallOutcome place_stop(AccountId account, const ContractId& contract, OrderSide side, std::int32_t size,
                         Decimal stop_price);

  [[nodiscard]] RestStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace risk::gateway
