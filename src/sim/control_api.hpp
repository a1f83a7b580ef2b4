#pragma once
// The simulator's control API for tests and the demo, under /_sim/ (never a
// gateway path). Loopback only, no auth. Reference: docs/simulator.md.
#include <functional>

#include "net/http_types.hpp"
#include "net/server.hpp"
#include "sim/exchange.hpp"
#include "sim/hub.hpp"
#include "sim/rest_api.hpp"
#include "sim/tokens.hpp"

namespace risk::sim {

struct ControlContext {
  Exchange& exchange;
  TokenStore& tokens;
  RestApi& rest;
  HubRegistry& hubs;
  Clock clock;
  // Schedules work on the I/O thread (used to spread a burst over loop turns).
  std::function<void(std::function<void()>)> post;
  // How idle keep-alive connections are treated (close after a timeout, announced or not, or black-holed).
  std::function<void(const net::KeepAlive&)> keep_alive;
};

class ControlApi {
 public:
  explicit ControlApi(ControlContext context) : c_(std::move(context)) {}
  static bool handles(const net::HttpRequest& request);
  net::HttpResponse handle(const net::HttpRequest& request);

 private:
  void burst(std::string contract_id, std::int64_t remaining, bool up);
  ControlContext c_;
  std::int64_t next_account_id_ = 20'300'000;
};

}  // namespace risk::sim
