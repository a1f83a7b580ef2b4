#pragma once
// REST client for one ProjectX Gateway credential (username + API key):
// HTTPS with keep-alive, connect and request timeouts, the token (login,
// validate/refresh, re-login on 401), a local rolling-window rate limiter
// (200 requests / 60 s; 50 / 30 s for bars), 429 backoff honouring
// Retry-After, and typed results per endpoint.
//
// Reads are retried (429 after the wait, 401 once after a fresh login,
// connection failures and 5xx with backoff). Money-moving calls (close, partial
// close, cancel, modify, place) are sent at most once, except at once after a
// connection that provably never carried them (gateway-api.md §6.1): a
// timeout, a dropped connection or a 5xx may have executed, and a 429 says to
// wait, so the caller reads the state first and decides again. Once a 429 came,
// the credential's requests wait for it (a money-moving call is not sent and
// says how long); routine reads leave critical_reserve of the window to the
// enforcement path.
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

// Who is asking: the enforcement path (money-moving calls and the reads that
// verify them) goes first; routine reads (polling, lookups) yield to it.
enum class Priority { Critical, Routine };

// The outcome of a call that changes something at the broker.
struct CallOutcome {
  enum class Status {
    Ok,            // success: true
    Rejected,      // HTTP 200, success: false (error_code is the endpoint's own enum)
    RateLimited,   // 429, or not sent while the credential must wait (retry_after): not executed
    Unauthorized,  // 401 even after a fresh login: not executed
    Timeout,       // no answer in time, the connection dropped after sending, a 5xx: MAY HAVE EXECUTED
    NotSent,       // provably never left (cannot connect, TLS failure): not executed
    Failed,        // another HTTP error (4xx): not executed
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
  Result<std::vector<Account>> accounts(bool only_active = true, Priority p = Priority::Routine);
  Result<std::vector<Position>> open_positions(AccountId account, Priority p = Priority::Routine);
  // Non-terminal orders (Open, Pending, PendingCancellation, Suspended) through
  // Order/v2/query, every page (searchOpen misses suspended bracket legs).
  Result<std::vector<Order>> working_orders(AccountId account, Priority p = Priority::Routine);
  Result<std::vector<Trade>> trades(AccountId account, Timestamp since, Priority p = Priority::Routine);
  Result<Contract> contract(const ContractId& id);
  // Contract/search by text (a root such as "MNQ"): up to 20 contracts.
  Result<std::vector<Contract>> search_contracts(const std::string& text);

  // Keeps one connection ready, so the next call (a close after a quiet hour)
  // costs no more than a warm one: idle connections the server closed or that
  // passed max_idle are replaced ahead of time. Cheap; call it often.
  void warm_connection();

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
