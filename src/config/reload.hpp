#pragma once
// The daemon's live configuration and its reload.
//
//   ConfigHolder holder(std::move(*loaded.config));       // at startup
//   ...
//   ReloadResult r = holder.reload(options);                // on SIGHUP / admin request
//   if (r.event) engine.step(Event{now, *r.event}, fx);     // ConfigChanged{the file's settings}
//   r.changes = <the engine's SettingsChanged notice>.changes;
//   log(r.report());
//
// A reload validates the new files first. If they have any error, nothing
// changes: the daemon keeps running on the old configuration and the report
// says why. If they are valid, the new configuration is swapped in atomically:
// readers of current() see the old or the new one, never a mix. What the
// engine applies when is the engine's business: it owns the settings in force
// and those the tighten-only lock holds for each account's next daily reset
// (engine/settings_lock.hpp); it says which changes apply now and which wait.
//
// Gateway endpoints, the event server address and the data/log directories are
// read once at startup: a reload that changes them keeps the running values and
// says that a restart is needed.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "config/daemon_config.hpp"
#include "config/diagnostics.hpp"
#include "config/loader.hpp"
#include "core/events.hpp"
#include "core/settings_change.hpp"

namespace risk::config {

struct ReloadResult {
  bool applied = false;                 // false: the new files were rejected; the previous configuration stays
  std::vector<Diagnostic> diagnostics;  // errors (why it was rejected) and warnings
  std::vector<SettingChange> changes;   // every change, each applied now or held (from the engine)
  std::vector<std::string> notes;       // restart needed, credentials changed
  // What to give the engine; empty when the settings did not change (or the reload was rejected).
  std::optional<ConfigChanged> event;

  [[nodiscard]] std::vector<SettingChange> held() const;
  // A readable report of the whole outcome (never contains an API key).
  [[nodiscard]] std::string report() const;
};

class ConfigHolder {
 public:
  explicit ConfigHolder(DaemonConfig initial);

  // The configuration last loaded (its settings are the files' as written;
  // the engine knows which of them are in force).
  [[nodiscard]] std::shared_ptr<const DaemonConfig> current() const;

  // Loads and validates the files named in `options`, then applies them.
  ReloadResult reload(const LoadOptions& options);
  // Applies an already loaded result (rejects it when it has errors).
  ReloadResult apply(LoadResult loaded);

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const DaemonConfig> current_;
};

}  // namespace risk::config
