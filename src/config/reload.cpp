#include "config/reload.hpp"

#include <algorithm>

namespace risk::config {
namespace {

void note_restart(std::vector<std::string>& notes, const std::string& key, const std::string& from,
                  const std::string& to) {
  if (from == to) return;
  notes.push_back(key + " " + from + " -> " + to + ": read at startup only; restart the daemon to apply it");
}

std::vector<AccountCredential> keep_credentials(const std::vector<AccountCredential>& proposed,
                                                const std::vector<AccountCredential>& old,
                                                const EngineSettings& settings) {
  std::vector<AccountCredential> out;
  for (const auto& c : proposed) {
    if (settings.find(c.account_id) != nullptr) out.push_back(c);
  }
  // Accounts whose removal is held keep being monitored with their old login.
  for (const auto& c : old) {
    const bool present =
        std::any_of(out.begin(), out.end(), [&](const auto& x) { return x.account_id == c.account_id; });
    if (!present && settings.find(c.account_id) != nullptr) out.push_back(c);
  }
  return out;
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

EngineSettingsPtr ConfigHolder::pending() const {
  const std::lock_guard lock(mutex_);
  return pending_;
}

ReloadResult ConfigHolder::reload(const LoadOptions& options) { return apply(load_config(options)); }

ReloadResult ConfigHolder::apply(LoadResult loaded) {
  ReloadResult result;
  result.diagnostics = std::move(loaded.diagnostics);
  if (!loaded.ok()) return result;

  const std::lock_guard lock(mutex_);
  const DaemonConfig& old = *current_;
  DaemonConfig& proposed = *loaded.config;
  LockSplit split = split_settings_change(*old.settings, *proposed.settings);

  DaemonConfig next;
  next.settings = split.now;
  next.credentials = keep_credentials(proposed.credentials, old.credentials, *split.now);
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

  const bool settings_changed = !same_settings(*old.settings, *split.now);
  const bool pending_changed = pending_ != nullptr || split.pending != nullptr;
  if (settings_changed || pending_changed) result.event = ConfigChanged{split.now, split.pending};

  pending_ = split.pending;
  pending_credentials_ = pending_ ? proposed.credentials : std::vector<AccountCredential>{};
  waiting_.clear();
  if (pending_) {
    for (const auto& a : split.now->accounts) waiting_.insert(a.account_id);
  }
  current_ = std::make_shared<const DaemonConfig>(std::move(next));
  result.changes = std::move(split.changes);
  result.applied = true;
  return result;
}

void ConfigHolder::daily_reset(AccountId id) {
  const std::lock_guard lock(mutex_);
  if (!pending_ || waiting_.erase(id) == 0) return;
  DaemonConfig next = *current_;
  auto settings = std::make_shared<EngineSettings>(*next.settings);
  auto& accounts = settings->accounts;
  const auto it = std::find_if(accounts.begin(), accounts.end(), [&](const auto& a) { return a.account_id == id; });
  if (const AccountSettings* target = pending_->find(id)) {
    if (it != accounts.end()) *it = *target;
  } else if (it != accounts.end()) {
    accounts.erase(it);  // its removal was held until now
  }
  if (waiting_.empty()) {
    settings = std::make_shared<EngineSettings>(*pending_);
    pending_.reset();
  }
  next.settings = settings;
  std::vector<AccountCredential> creds = pending_credentials_;
  next.credentials = keep_credentials(creds, current_->credentials, *settings);
  if (!pending_) pending_credentials_.clear();
  current_ = std::make_shared<const DaemonConfig>(std::move(next));
}

}  // namespace risk::config
