#pragma once
// The hubs' health as the daemon sees it: which connection is up or down and
// since when (daemon_status), whether every hub has connected once (the daemon
// reports ready only then), and whether one has been down so long that the
// daemon should exit for the service manager to start it afresh.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace risk::daemon {

class HubWatch {
 public:
  struct Connection {
    std::string name;
    bool connected = false;
    Timestamp since;
  };

  HubWatch(const Clock& clock, Duration outage_limit);

  // How many hubs must connect once before the daemon is ready.
  void expect(std::size_t hubs) { expected_ = hubs; }
  // A hub went up or down.
  void on_status(const std::string& name, bool connected);
  [[nodiscard]] bool all_connected_once() const noexcept { return seen_.size() >= expected_; }
  // Why the daemon must exit now (a hub down longer than the limit), if it must.
  [[nodiscard]] std::optional<std::string> outage() const;
  [[nodiscard]] std::vector<Connection> connections() const;

 private:
  const Clock& clock_;
  Duration outage_limit_;
  std::size_t expected_ = 0;
  std::set<std::string> seen_;  // hubs that connected at least once
  std::map<std::string, Connection> connections_;
  std::map<std::string, Timestamp> down_since_;  // hubs down now
};

}  // namespace risk::daemon
