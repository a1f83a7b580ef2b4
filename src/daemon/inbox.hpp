#pragma once
// What reaches the engine thread: gateway events, the executor's reports, hub
// status, dashboards' subscriptions, reload requests, admin commands and a
// part's fatal fault. Many producers, one consumer (Daemon's engine loop);
// producers never wait on the engine.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/events.hpp"
#include "daemon/executor.hpp"
#include "daemon/message_queue.hpp"

namespace risk::daemon {

// A hub connection went up or down (from its own thread).
struct HubStatus {
  std::optional<std::size_t> login;  // the credential of a user hub; none for the market hub
  std::string name;                  // "user:<username>", "market"
  bool connected = false;
  bool reconnect = false;  // connected again after a drop
  std::string reason;      // why it went down
};
// A dashboard subscribed: send it snapshots of these accounts (empty = all).
struct SubscribeRequest {
  std::uint64_t connection = 0;
  std::vector<AccountId> accounts;
};
// SIGHUP, the Windows reload control, or an admin's reload (reply_to: the admin connection).
struct ReloadRequest {
  std::uint64_t reply_to = 0;
};
// An authenticated admin command (docs/admin.md) from the event server.
struct AdminRequest {
  std::uint64_t connection = 0;
  std::string command;  // JSON text
};
// The first reconciliation of an account could not be taken (readiness does not wait for it).
struct StartupReconcileFailed {
  AccountId account = 0;
};
// A part's thread hit a fault it cannot carry on from: the daemon exits with
// status 1 so the service manager restarts it (state is committed as it goes).
struct Fatal {
  std::string reason;
};

using InboxItem = std::variant<Event, ExecResult, SubscribeRequest, ReloadRequest, HubStatus, AdminRequest,
                               StartupReconcileFailed, Fatal>;
using Inbox = MessageQueue<InboxItem>;

}  // namespace risk::daemon
