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
  // 429: how often a call waits and tries again; Retry-After is capped at max_retry_wait.
  int max_rate_limit_retries = 2;
  std::chrono::milliseconds max_retry_wait{10'000};
  // Reads (never money-moving calls): retries after a connection failure, a
  // timeout or a 5xx, waiting retry_backoff, then twice that, ...
  int read_retries = 2;
  std::chrono::milliseconds retry_backoff{250};
};

}  // namespace risk::gateway
