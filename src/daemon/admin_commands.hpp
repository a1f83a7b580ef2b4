#pragma once
// Admin commands on the event server's admin channel (docs/admin.md), once
// their MAC checked out: `reload`, and `clear_lockout` (audited: daemon.log,
// enforcement.log, lockout_history with the reason and the admin, and a
// lockout_cleared broadcast with cleared_by ADMIN_OVERRIDE). Refused attempts
// are logged from the server's thread, at most 10 a minute (a local user
// looping bad attempts must not fill the log partition), then counted.
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "core/clock.hpp"
#include "core/effects.hpp"
#include "core/events.hpp"
#include "daemon/logging.hpp"
#include "server/event_server.hpp"

namespace risk::daemon {

class AdminCommands {
 public:
  struct Reload {
    std::string admin;
  };
  struct Clear {
    AdminClearLockout clear;
  };
  struct Refuse {
    std::string error;
  };
  using Command = std::variant<Reload, Clear, Refuse>;

  AdminCommands(const Clock& clock, const Logs& logs);

  // The event server's thread: true when the attempt is an authenticated
  // command for the engine; a refusal is logged (rate limited) and dropped.
  bool admit(const server::EventServer::AdminAttempt& attempt);

  // The engine thread: what an authenticated command asks for, checked
  // against the accounts this daemon monitors.
  [[nodiscard]] Command parse(const std::string& text, const std::vector<AccountId>& monitored) const;
  // After the engine applied a clear: the audit lines and the reply (JSON text).
  [[nodiscard]] std::string cleared(const AdminClearLockout& clear, const std::vector<Notice>& notices) const;
  // The reply to a refused command (JSON text).
  [[nodiscard]] static std::string refusal(const std::string& error);

 private:
  const Clock& clock_;
  const Logs& logs_;
  std::mutex refusals_mutex_;
  Timestamp refusal_window_ = Timestamp::min();
  int refusals_logged_ = 0;
  int refusals_unlogged_ = 0;
};

}  // namespace risk::daemon
