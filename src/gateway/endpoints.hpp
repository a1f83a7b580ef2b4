#pragma once
// Where the gateway is and how the client treats it: hosts, timeouts, the
// local rate limits and retry policy (gateway-api.md §0, §6.1). The daemon's
// configuration fills it (config::GatewaySettings::endpoints()).
#include <chrono>
#include <string>

namespace risk::gateway {

struct Endpoints {
  std::string rest_base_url = "https://api.topstepx.com";
  std::string user_hub_url = "https://rtc.topstepx.com/hubs/user";
  std::string market_hub_url = "https://rtc.topstepx.com/hubs/market";
  std::string ca_file;  // extra trusted CA (the simulator's); empty = system store
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds request_timeout{15'000};

  // Local rolling-window limiter (the gateway's published limits). A call
  // waits for room, up to request_timeout, rather than failing.
  int rate_limit = 200;
  std::chrono::milliseconds rate_window{60'000};
  int bars_rate_limit = 50;  // History/retrieveBars has a bucket of its own
  std::chrono::milliseconds bars_rate_window{30'000};
  // The share of the window (percent) the enforcement path may use that routine
  // traffic may not: routine reads stop at rate_limit - rate_limit x this / 100.
  int critical_reserve_percent = 20;
  // After a 429 every request of the credential waits (money-moving ones are not
  // sent): for Retry-After when the gateway gives it (capped at max_retry_wait),
  // else 1 s, doubling with each 429 in a row up to max_retry_wait.
  std::chrono::milliseconds max_retry_wait{10'000};
  // Kept-alive connections idle longer than this are not used again
  // (net::ClientOptions::max_idle); warm_connection() replaces them ahead of time.
  std::chrono::milliseconds max_idle{5'000};
  // Reads (never money-moving calls): retries after a connection failure, a
  // timeout or a 5xx, waiting retry_backoff, then twice that, ...
  int read_retries = 2;
  std::chrono::milliseconds retry_backoff{250};
};

}  // namespace risk::gateway
