#include "config/reload.hpp"

#include <algorithm>

#include "engine/settings_lock.hpp"

namespace risk::config {
namespace {

void note_restart(std::vector<std::string>& notes, const std::string& key, const std::string& from,
                  const std::string& to) {
  if (from == to) return;
  notes.push_back(key + " " + from + " -> " + to + ": read at startup only; restart the daemon to apply it");
}

}  // namespace

std::vector<SettingChange> ReloadResult::held() const {
  std::vector<SettingChange> out;
  for (const auto& c : changes) {
    if (c.held) out.push_back(c);
  }
  return out;
}

std::string ReloadResult::report() const {
  std::string out;
  if (!applied) {
    out = "configuration reload rejected; still running on the previous configuration\n";
    out += format_diagnostics(diagnostics);
    return out;
  }
  out = "configuration reloaded";
  if (changes.empty() && notes.empty()) out += " (no changes)";
  out += "\n";
  for (const auto& c : changes) {
    if (!c.held) out += "  applied: " + c.describe() + "\n";
  }
  for (const auto& c : changes) {
    if (c.held) out += "  held (tighten-only lock): " + c.describe() + "\n";
  }
  for (const auto& n : notes) out += "  note: " + n + "\n";
  if (!diagnostics.empty()) out += format_diagnostics(diagnostics);
  return out;
}

ConfigHolder::ConfigHolder(DaemonConfig initial) : current_(std::make_shared<const DaemonConfig>(std::move(initial))) {}

std::shared_ptr<const DaemonConfig> ConfigHolder::current() const {
  const std::lock_guard lock(mutex_);
  return current_;
}

ReloadResult ConfigHolder::reload(const LoadOptions& options) { return apply(load_config(options)); }

ReloadResult ConfigHolder::apply(LoadResult loaded) {
  ReloadResult result;
  result.diagnostics = std::move(loaded.diagnostics);
  if (!loaded.ok()) return result;

  const std::lock_guard lock(mutex_);
  const DaemonConfig& old = *current_;
  DaemonConfig& proposed = *loaded.config;

  DaemonConfig next;
  next.settings = proposed.settings;
  next.credentials = proposed.credentials;
  next.gateway = old.gateway;
  next.event_server = old.event_server;
  next.paths = old.paths;

  auto& notes = result.notes;
  note_restart(notes, "gateway.rest_base_url", old.gateway.rest_base_url, proposed.gateway.rest_base_url);
  note_restart(notes, "gateway.user_hub_url", old.gateway.user_hub_url, proposed.gateway.user_hub_url);
  note_restart(notes, "gateway.market_hub_url", old.gateway.market_hub_url, proposed.gateway.market_hub_url);
  note_restart(notes, "gateway.ca_file", old.gateway.ca_file, proposed.gateway.ca_file);
  note_restart(notes, "gateway.connect_timeout_seconds", std::to_string(old.gateway.connect_timeout_seconds),
               std::to_string(proposed.gateway.connect_timeout_seconds));
  note_restart(notes, "gateway.request_timeout_seconds", std::to_string(old.gateway.request_timeout_seconds),
               std::to_string(proposed.gateway.request_timeout_seconds));
  note_restart(notes, "event_server", old.event_server.address(), proposed.event_server.address());
  note_restart(notes, "paths.data_dir", old.paths.data_dir, proposed.paths.data_dir);
  note_restart(notes, "paths.log_dir", old.paths.log_dir, proposed.paths.log_dir);
  for (const auto& c : next.credentials) {
    const AccountCredential* before = old.credential(c.account_id);
    if (before != nullptr && !(*before == c)) {
      notes.push_back("account " + std::to_string(c.account_id) + ": login changed (user " + c.username + ", key " +
                      c.api_key.hint() + "); the daemon must log in again for it");
    }
  }

  if (!same_settings(*old.settings, *proposed.settings)) result.event = ConfigChanged{proposed.settings};
  current_ = std::make_shared<const DaemonConfig>(std::move(next));
  result.applied = true;
  return result;
}

}  // namespace risk::config
