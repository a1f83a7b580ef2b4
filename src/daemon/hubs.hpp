#pragma once
// The SignalR hub connections: one user hub per credential (its accounts
// subscribed on it) and one market hub for every contract any account holds.
// Each runs on its own thread (gateway/hub_client.hpp); their events and their
// ups and downs are handed on as they come, never processed here.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "daemon/gateway_router.hpp"
#include "daemon/inbox.hpp"
#include "daemon/logging.hpp"
#include "gateway/hub_client.hpp"

namespace risk::daemon {

class Hubs {
 public:
  struct Hooks {
    std::function<void(EventBody)> event;   // a decoded hub event (the hub's thread)
    std::function<void(HubStatus)> status;  // a connection went up or down (the hub's thread)
    // A credential's user hub is alive (at most once a second): the engine's
    // HubHeartbeat for its accounts.
    std::function<void(std::size_t login)> alive;
    // A credential's user hub spoke again after a silence longer than kGap on
    // a connection that stayed open (a stall): what it should have told in
    // between may be lost, so its accounts are read.
    std::function<void(std::size_t login, std::chrono::milliseconds silent)> gap;
  };
  // A quiet user hub is asked for a frame this often, and one that gives none
  // for kUserHubSilence is taken for dead and reconnected.
  static constexpr std::chrono::milliseconds kProbeAfter{2'000};
  static constexpr std::chrono::milliseconds kUserHubSilence{10'000};
  // A live hub gives a frame at least every kProbeAfter (its pings, or the
  // answers to the probes); a silence a second longer than that is a stall.
  static constexpr std::chrono::milliseconds kGap = kProbeAfter + std::chrono::milliseconds(1'000);

  Hubs(const gateway::Endpoints& endpoints, GatewayRouter& gateway, const Logs& logs, Hooks hooks);
  ~Hubs();
  Hubs(const Hubs&) = delete;
  Hubs& operator=(const Hubs&) = delete;

  void start();
  void stop();
  // Quotes of a contract are needed, or no longer (the market hub keeps the set across reconnects).
  void want_quotes(const ContractId& contract, bool wanted);
  // How many connections (every one must connect once before the daemon is ready).
  [[nodiscard]] std::size_t count() const noexcept { return user_.size() + (market_ ? 1 : 0); }

 private:
  std::vector<std::unique_ptr<gateway::HubClient>> user_;
  std::unique_ptr<gateway::HubClient> market_;
  // When each user hub last said it was alive (steady ns), for the once-a-second throttle.
  std::unique_ptr<std::atomic<std::int64_t>[]> last_alive_;
  // When each user hub's last frame came in (steady ns; 0 right after a (re)connect).
  std::unique_ptr<std::atomic<std::int64_t>[]> last_frame_;
};

}  // namespace risk::daemon
