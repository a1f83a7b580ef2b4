#pragma once
// risk-admin's operations (docs/admin.md), shared by its subcommands and its
// menus: accounts, rules, lockout clear, connection test, status. Every
// configuration edit is made on the file's text (comments kept), validated
// with the daemon's own loader before it is written, written atomically, and
// followed by a reload request to the running daemon.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "admin/daemon_channel.hpp"
#include "core/result.hpp"

namespace risk::admin {

struct AdminPaths {
  std::string config_dir;
  std::string data_dir;      // empty: from risk_config.yaml's paths
  std::string log_dir;       // empty: from risk_config.yaml's paths
  std::string event_server;  // "host:port"; empty: from risk_config.yaml

  [[nodiscard]] std::string accounts_file() const;
  [[nodiscard]] std::string risk_config_file() const;
  [[nodiscard]] std::string password_file() const;
  [[nodiscard]] std::string key_file() const;
  [[nodiscard]] std::string secrets_file() const;  // secrets.env (the service's environment)
};

// The platform's default configuration directory: /etc/risk-manager, or
// %ProgramData%\RiskManager\config on Windows; RISK_CONFIG_DIR overrides.
std::string default_config_dir();

struct AccountRow {
  std::int64_t account_id = 0;
  std::string username;
  std::string api_key_hint;  // "…wxyz" or "${VAR} (…wxyz)"; never more than the last 4 characters
  bool enabled = true;
  std::string nickname;
};

struct NewAccount {
  std::int64_t account_id = 0;
  std::string username;
  std::string api_key;      // the key itself (written quoted), or empty when api_key_env is set
  std::string api_key_env;  // write ${VAR} instead of the key
  std::string nickname;
  bool test_login = true;
};

// What an edit did.
struct EditOutcome {
  std::string summary;  // one line: what changed
  std::string reload;   // the daemon's reload report, or why it was not reached
  bool reloaded = false;
  std::vector<std::string> warnings;
};

struct ConnectionCheck {
  std::string name;  // "REST ping", "login trader1", "user hub trader1", ...
  bool ok = false;
  double ms = 0;
  std::string detail;
};

class AdminTool {
 public:
  explicit AdminTool(AdminPaths paths);

  [[nodiscard]] const AdminPaths& paths() const noexcept { return paths_; }
  // The name written to the daemon's audit for reloads this tool asks for (--admin).
  void set_admin(std::string name) { admin_ = std::move(name); }

  // ---- accounts
  Result<std::vector<AccountRow>> list_accounts() const;
  Result<EditOutcome> add_account(const NewAccount& a);
  // field: username | nickname | enabled | api_key | reset_time | timezone;
  // value is the new value as text (api_key: the key itself, never echoed).
  Result<EditOutcome> edit_account(std::int64_t account_id, const std::string& field, const std::string& value);
  // `confirmation` must be the account id typed again.
  Result<EditOutcome> remove_account(std::int64_t account_id, const std::string& confirmation);

  // ---- rules
  // Every rule with its fields: current value and the shipped default.
  Result<std::string> show_rules(const std::string& only_rule = {}) const;
  // key: "<rule>.<field>" or a full path (global.*, gateway.*, event_server.*, paths.*, rules.*).
  Result<EditOutcome> set_rule_value(const std::string& key, const std::string& value);
  Result<EditOutcome> enable_rule(const std::string& rule, bool enabled);
  // One rule's section back to the shipped defaults; every rule's when `rule` is empty.
  Result<EditOutcome> restore_defaults(const std::string& rule);

  // ---- daemon
  Result<nlohmann::json> clear_lockout(std::int64_t account_id, const std::string& rule, const std::string& symbol,
                                       const std::string& reason, const std::string& admin);
  // `address` "host:port" of the daemon's event server; empty: from the configuration.
  Result<nlohmann::json> request_reload(const std::string& admin, const std::string& address = {});
  std::vector<ConnectionCheck> test_connection() const;
  Result<std::string> status(std::size_t log_lines = 10) const;

  // The shipped risk_config.yaml (the defaults).
  static const char* defaults_text();

 private:
  struct Files {
    std::string accounts;
    std::string risk;
  };
  Result<Files> read_files() const;
  Result<EditOutcome> commit(const Files& before, const Files& after, std::string summary);
  [[nodiscard]] std::string event_server_address() const;
  [[nodiscard]] ChannelOptions channel_options(const std::string& address) const;

  AdminPaths paths_;
  std::string admin_;
};

// Who is making a change, for the audit: --admin, else SUDO_USER, USER or USERNAME.
std::string admin_name(const std::string& given);

}  // namespace risk::admin
