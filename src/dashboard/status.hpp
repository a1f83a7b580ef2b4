#pragma once
// `risk-trader status [--json]`: a one-shot summary for scripts and for
// people who do not want the full-screen view. Asks the daemon for a snapshot
// (subscribe, read, disconnect) and falls back to the database, read-only.
#include <string>

#include "core/clock.hpp"
#include "core/time_zone.hpp"
#include "dashboard/model.hpp"

namespace risk::dashboard {

std::string status_text(const Model& model, Timestamp now, const TimeZone& zone);
std::string status_json(const Model& model, Timestamp now);

struct StatusOptions {
  std::string server = "127.0.0.1:8765";
  std::string db_path;
  std::int64_t account = 0;
  std::chrono::milliseconds timeout{3000};  // connect + snapshot
  bool offline = false;                     // database only
  bool json = false;
};

// Fills `model` from the daemon or the database. Returns false when neither answered.
bool gather_status(Model& model, const StatusOptions& options, const Clock& clock);

// Exit code: 0 = a summary was printed, 1 = neither the daemon nor the database answered.
int run_status(const StatusOptions& options, const Clock& clock, const TimeZone* zone, std::string& out);

}  // namespace risk::dashboard
