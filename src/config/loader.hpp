#pragma once
// Loading accounts.yaml and risk_config.yaml into a DaemonConfig.
//
//   risk::config::LoadOptions opts;
//   opts.accounts_file = "config/accounts.yaml";
//   opts.risk_config_file = "config/risk_config.yaml";
//   auto loaded = risk::config::load_config(opts);
//   if (!loaded.ok()) { std::cerr << format_diagnostics(loaded.diagnostics); return 2; }
//
// Every problem of both files is collected (never just the first). Warnings do
// not stop loading. API keys never appear in any diagnostic.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/daemon_config.hpp"
#include "config/diagnostics.hpp"

namespace risk::config {

// Looks up an environment variable for ${VAR}; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(std::string_view)>;

// The process environment (getenv).
[[nodiscard]] EnvLookup process_environment();

struct LoadOptions {
  std::string accounts_file = "config/accounts.yaml";
  std::string risk_config_file = "config/risk_config.yaml";
  // Development only: accept an accounts.yaml that group or others may read.
  bool allow_insecure_permissions = false;
  // Where ${VAR} values come from; the process environment when empty.
  EnvLookup env;
};

struct LoadResult {
  std::optional<DaemonConfig> config;   // set exactly when there is no error
  std::vector<Diagnostic> diagnostics;  // errors and warnings, file order
  [[nodiscard]] bool ok() const noexcept { return config.has_value(); }
  // format_diagnostics(diagnostics)
  [[nodiscard]] std::string report() const;
};

// Reads both files, checks accounts.yaml's permissions, validates everything.
[[nodiscard]] LoadResult load_config(const LoadOptions& options);

// The same from text already in memory (the admin CLI validates an edit before
// writing it; tests). `*_name` is what diagnostics call the file. No permission check.
[[nodiscard]] LoadResult load_config_text(std::string_view accounts_yaml, std::string_view accounts_name,
                                          std::string_view risk_config_yaml, std::string_view risk_config_name,
                                          const EnvLookup& env = {});

// Expands ${VAR} and ${VAR:-default} in `text`. On failure returns nullopt and
// sets `missing` to the first unset variable name (or to the malformed text's
// description when `${` is not closed).
[[nodiscard]] std::optional<std::string> expand_env(std::string_view text, const EnvLookup& env, std::string& missing);

// Who owns accounts.yaml, its group and mode, and who the daemon runs as: the
// inputs of the permission check (Linux), separated so every case is testable.
struct FileOwnership {
  unsigned mode = 0;  // permission bits (st_mode & 0777)
  std::uint32_t uid = 0;
  std::uint32_t gid = 0;
  std::string owner_name;                  // for messages; the number when unknown
  std::string group_name;                  // for messages; the number when unknown
  std::vector<std::string> group_members;  // the group's listed (supplementary) members
};
struct ProcessIdentity {
  std::uint32_t euid = 0;
  std::uint32_t egid = 0;
  std::string user_name;  // the effective user's name (may be a member of its own group)
  std::string group_name;
};

// Why a file holding API keys is not safe to trust, or nullopt when it is:
// - owner-only (no group or other bits): accepted;
// - any access for others: refused;
// - group access: accepted only for group read (0640) when the group is the
//   daemon's effective group, the owner is root or the daemon's user, and the
//   group lists no member but the daemon's user (a trader added to it could read
//   the keys); refused otherwise.
[[nodiscard]] std::optional<std::string> secret_file_problem(const FileOwnership& file, const ProcessIdentity& me);

// Gateway roots that differ from exchange tickers (ES is EP, NQ is ENQ, ...):
// the root for a ticker, or empty when `ticker` is not such a ticker.
[[nodiscard]] std::string_view root_for_ticker(std::string_view ticker) noexcept;

}  // namespace risk::config
