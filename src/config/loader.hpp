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

// Gateway roots that differ from exchange tickers (ES is EP, NQ is ENQ, ...):
// the root for a ticker, or empty when `ticker` is not such a ticker.
[[nodiscard]] std::string_view root_for_ticker(std::string_view ticker) noexcept;

}  // namespace risk::config
