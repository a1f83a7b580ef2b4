#pragma once
// The gateway's REST API (gateway-api.md §2) over the Exchange and the
// TokenStore: routing, bearer auth (401), a rolling-window rate limit (429),
// ProblemDetails for malformed bodies (400), the envelope with per-endpoint
// error codes (HTTP 200 on business errors), and injected faults. Transport
// free: it maps an HttpRequest to an HttpResponse on the caller's thread.
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "net/http_types.hpp"
#include "sim/exchange.hpp"
#include "sim/json.hpp"
#include "sim/tokens.hpp"

namespace risk::sim {

using Clock = std::function<Timestamp()>;

// At most `limit` requests per caller in any `window` (rolling, not fixed buckets).
class RollingWindowLimiter {
 public:
  RollingWindowLimiter(int limit, Duration window) : limit_(limit), window_(window) {}
  // True when allowed (and counted); otherwise `retry_after` says when a slot frees.
  bool allow(const std::string& key, Timestamp now, Duration* retry_after = nullptr);
  void configure(int limit, Duration window);
  [[nodiscard]] int limit() const { return limit_; }
  [[nodiscard]] Duration window() const { return window_; }

 private:
  int limit_;
  Duration window_;
  std::map<std::string, std::deque<Timestamp>> hits_;
};

// Faults for the next N REST calls to a path ("*" = any path).
struct RestFault {
  enum class Kind { Status, Delay, Drop };
  std::string path;
  Kind kind = Kind::Status;
  int status = 500;                    // Status: answer this instead of executing
  std::chrono::milliseconds delay{0};  // Delay: execute, then answer this late
  int remaining = 1;
  // Status 429: the Retry-After header's seconds; none = no header at all.
  std::optional<std::int64_t> retry_after_seconds = 1;
  // When set, the fault holds for every call until then (whatever `remaining` says).
  std::optional<Timestamp> until;
};

class RestApi {
 public:
  RestApi(Exchange& exchange, TokenStore& tokens, Clock clock, int rate_limit, Duration rate_window);

  net::HttpResponse handle(const net::HttpRequest& request);

  void add_fault(RestFault fault) { faults_.push_back(std::move(fault)); }
  void clear_faults() { faults_.clear(); }
  [[nodiscard]] const std::vector<RestFault>& faults() const { return faults_; }
  RollingWindowLimiter& limiter() { return limiter_; }
  // Requests received per path (gateway spelling; faults and refusals included), for tests.
  [[nodiscard]] const std::map<std::string, std::int64_t>& calls() const { return calls_; }

 private:
  struct Call;
  using Handler = void (RestApi::*)(Call&);

  void login_key(Call& c);
  void login_app(Call& c);
  void validate(Call& c);
  void logout(Call& c);
  void account_search(Call& c);
  void position_search_open(Call& c);
  void position_close(Call& c);
  void position_partial_close(Call& c);
  void order_search_open(Call& c);
  void order_search(Call& c);
  void order_query_v2(Call& c);
  void order_search_by_id(Call& c);
  void order_place(Call& c);
  void order_cancel(Call& c);
  void order_modify(Call& c);
  void trade_search(Call& c);
  void contract_search(Call& c);
  void contract_search_by_id(Call& c);
  void contract_available(Call& c);

  [[nodiscard]] bool owns(const std::string& user, std::int64_t account_id) const;

  Exchange& exchange_;
  TokenStore& tokens_;
  Clock clock_;
  RollingWindowLimiter limiter_;
  std::vector<RestFault> faults_;
  std::map<std::string, std::int64_t> calls_;
  std::map<std::string, std::pair<Handler, bool>> routes_;  // path -> handler, needs auth
};

}  // namespace risk::sim
