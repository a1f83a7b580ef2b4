#pragma once
// The publisher: what the engine decided, told to people. Each step's notices
// become log lines (daemon.log, enforcement.log) and event-feed messages
// (docs/event-server.md); every account whose figures changed gets a fresh
// snapshot of the engine's own numbers, so no dashboard recomputes P&L. Quotes
// move unrealized P&L many times a second: their snapshots go out at most
// every kQuoteSnapshotEvery per account (the last one always goes).
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/effects.hpp"
#include "core/events.hpp"
#include "daemon/hub_watch.hpp"
#include "daemon/logging.hpp"
#include "engine/account_summary.hpp"
#include "protocol/feed.hpp"

namespace risk::daemon {

inline constexpr Duration kQuoteSnapshotEvery = milliseconds(250);
inline constexpr Duration kStillFailingEvery = seconds(30);

class Publisher {
 public:
  // Read-only views of the engine, for display.
  struct Views {
    std::function<std::optional<AccountSummary>(AccountId, Timestamp)> summary;
    std::function<std::vector<AccountId>(const ContractId&)> holders;
  };
  struct Status {
    const char* version = "";
    Timestamp started_at;
    std::vector<HubWatch::Connection> connections;
    std::vector<AccountId> accounts;
    std::vector<std::pair<std::string, std::optional<Timestamp>>> tokens;  // user -> token expiry
    bool dry_run = false;
  };

  Publisher(const Clock& clock, const Logs& logs, protocol::FeedSink& feed, Views views);

  // One engine step's notices: logs and broadcasts, then snapshots of the
  // accounts whose figures changed. `source` is the event stepped (for the
  // gateway event echo), or null.
  void publish(const std::vector<Notice>& notices, const Event* source);
  // Snapshots held back by the quote throttle that are due now.
  void tick();
  // A dashboard subscribed: snapshots of these accounts (empty = `all`).
  void snapshots_to(std::uint64_t connection, const std::vector<AccountId>& ids);
  void status(const Status& s);
  // The seed's banners in daemon.log.
  void banner_started(std::size_t accounts, std::size_t rules_on, const std::string& feed_url, bool dry_run);
  void banner_stopped();

 private:
  void snapshot(AccountId id, Timestamp now);
  void enforcement_status(const EnforcementStatus& s, Timestamp now);

  const Clock& clock_;
  const Logs& logs_;
  protocol::FeedSink& feed_;
  Views views_;
  std::map<AccountId, Timestamp> last_quote_snapshot_;
  std::set<AccountId> quote_snapshot_due_;  // held back by the throttle
  std::map<AccountId, Timestamp> last_failing_log_;
};

}  // namespace risk::daemon
