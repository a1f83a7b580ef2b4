#pragma once
// The enforcement tracker: the daemon's record of every plan the engine
// decided, from decision to outcome. It writes the critical enforcement record
// before anything is sent, hands the actions to the executor, logs each
// request (enforcement.log: BREACH, ACTION, SENT, CONFIRMED, UNCONFIRMED,
// FAILED), tells the engine what the executor reported, and when the engine
// has settled every action of a plan, completes its record (success, time from
// the triggering event to the first request and to the last confirmation) and
// broadcasts the outcome. It decides nothing: confirmation is the engine's.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/effects.hpp"
#include "core/events.hpp"
#include "daemon/executor.hpp"
#include "daemon/logging.hpp"
#include "store/writer.hpp"

namespace risk::daemon {

class EnforcementTracker {
 public:
  struct Ports {
    std::function<void(const store::EnforcementLogEntry&)> record;         // the store (committed at once)
    std::function<void(ActionRef, const Action&, Timestamp)> submit;       // the executor (ref, action, trigger)
    std::function<void(AccountId, const std::string& message)> broadcast;  // the event feed
  };

  EnforcementTracker(const Clock& clock, const Logs& logs, Ports ports, bool dry_run);

  void on_plan(const EnforcementPlan& plan);
  // Logs the executor's report and returns what the engine is told.
  ActionOutcome on_result(const ExecResult& result);
  void on_settled(const ActionSettled& settled);

  // Plans with an action not settled yet.
  [[nodiscard]] std::size_t open_plans() const noexcept { return plans_.size(); }

 private:
  struct Plan {
    store::EnforcementLogEntry entry;
    nlohmann::json json;
    std::size_t remaining = 0;
    bool failed = false;
    std::optional<Timestamp> first_request;
    std::optional<Timestamp> last_confirm;
  };
  void finish(Plan& p);

  const Clock& clock_;
  const Logs& logs_;
  Ports ports_;
  bool dry_run_;
  std::map<std::int64_t, Plan> plans_;
};

}  // namespace risk::daemon
