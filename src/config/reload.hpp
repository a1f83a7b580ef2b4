#pragma once
// The daemon's live configuration and its reload.
//
//   ConfigHolder holder(std::move(*loaded.config));       // at startup
//   ...
//   ReloadResult r = holder.reload(options);                // on SIGHUP / admin request
//   log(r.report());
//   if (r.event) engine_queue.push(Event{now, *r.event});   // ConfigChanged{settings, pending}
//   ...
//   holder.daily_reset(account_id);                         // when the engine ran that account's reset
//
// A reload validates the new files first. If they have any error, nothing
// changes: the daemon keeps running on the old configuration and the report
// says why. If they are valid, the tighten-only lock splits the change
// (tighten.hpp) and the new configuration is swapped in atomically: readers of
// current() see the old or the new one, never a mix. Held (looser) changes wait
// in pending() until each account's next daily reset; nothing is dropped.
//
// Gateway endpoints, the event server address and the data/log directories are
// read once at startup: a reload that changes them keeps the running values and
// says that a restart is needed.
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config/daemon_config.hpp"
#include "config/diagnostics.hpp"
#include "config/loader.hpp"
#include "config/tighten.hpp"
#include "core/events.hpp"

namespace risk::config {

struct ReloadResult {
  bool applied = false;                 // false: the new files were rejected; the previous configuration stays
  std::vector<Diagnostic> diagnostics;  // errors (why it was rejected) and warnings
  std::vector<SettingChange> changes;   // every change, each applied now or held
  std::vector<std::string> notes;       // restart needed, credentials changed
  // What to give the engine; empty when nothing changed (or the reload was rejected).
  std::optional<ConfigChanged> event;

  [[nodiscard]] std::vector<SettingChange> held() const;
  // A readable report of the whole outcome (never contains an API key).
  [[nodiscard]] std::string report() const;
};

class ConfigHolder {
 public:
  explicit ConfigHolder(DaemonConfig initial);

  // The configuration in force now (settings = what the engine applies now).
  [[nodiscard]] std::shared_ptr<const DaemonConfig> current() const;
  // Settings waiting for the accounts' next daily reset, or null.
  [[nodiscard]] EngineSettingsPtr pending() const;

  // Loads and validates the files named in `options`, then applies them.
  ReloadResult reload(const LoadOptions& options);
  // Applies an already loaded result (rejects it when it has errors).
  ReloadResult apply(LoadResult loaded);

  // The engine ran account `id`'s daily reset and swapped in its pending
  // settings: make them the baseline for the next reload. When every account
  // has passed its reset, pending() becomes null.
  void daily_reset(AccountId id);

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const DaemonConfig> current_;
  EngineSettingsPtr pending_;
  std::vector<AccountCredential> pending_credentials_;
  std::set<AccountId> waiting_;  // accounts whose reset has not happened since pending_ was set
};

}  // namespace risk::config
