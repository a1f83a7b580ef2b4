#include "daemon/hub_watch.hpp"

namespace risk::daemon {

HubWatch::HubWatch(const Clock& clock, Duration outage_limit) : clock_(clock), outage_limit_(outage_limit) {}

void HubWatch::on_status(const std::string& name, bool connected) {
  const Timestamp now = clock_.now();
  connections_[name] = Connection{name, connected, now};
  if (connected) {
    seen_.insert(name);
    down_since_.erase(name);
  } else {
    down_since_.try_emplace(name, now);
  }
}

std::optional<std::string> HubWatch::outage() const {
  const Timestamp now = clock_.now();
  for (const auto& [name, since] : down_since_) {
    if (now - since > outage_limit_) {
      return "the " + name + " hub has been down for more than " +
             std::to_string(std::chrono::duration_cast<seconds>(outage_limit_).count()) +
             " s; exiting so the service manager restarts the daemon";
    }
  }
  return std::nullopt;
}

std::vector<HubWatch::Connection> HubWatch::connections() const {
  std::vector<Connection> out;
  for (const auto& [name, c] : connections_) out.push_back(c);
  return out;
}

}  // namespace risk::daemon
