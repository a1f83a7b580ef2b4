#pragma once
// Configuration problems, reported like compiler errors:
//
//   config/risk_config.yaml:42:17: error: rules.daily_realized_loss.loss_limt: unknown key (did you mean 'loss_limit'?)
//       fix: rename it to 'loss_limit'
//
// The loader collects every problem in both files before it gives up, so one
// run shows everything that needs fixing.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace risk::config {

enum class Severity { Error, Warning };

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string file;      // as given to the loader (e.g. config/risk_config.yaml)
  int line = 0;          // 1-based; 0 when the problem concerns the whole file
  int column = 0;        // 1-based; 0 when unknown
  std::string key_path;  // rules.daily_realized_loss.loss_limit, accounts[0].timezone
  std::string message;   // what is wrong
  std::string fix;       // how to fix it (may be empty)
};

// "file:line:col: error: key: message" plus an indented "fix:" line.
[[nodiscard]] std::string format_diagnostic(const Diagnostic& d);
// Every diagnostic (sorted by file, line, column), then a summary line such as
// "2 errors, 1 warning in the configuration; the daemon will not start". Empty
// input gives an empty string.
[[nodiscard]] std::string format_diagnostics(std::span<const Diagnostic> diagnostics);

[[nodiscard]] bool has_errors(std::span<const Diagnostic> diagnostics) noexcept;
[[nodiscard]] std::size_t count(std::span<const Diagnostic> diagnostics, Severity s) noexcept;

// Levenshtein distance (ASCII, case-insensitive).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate nearest to `word` when it is close enough to be a typo
// (distance <= max(1, len/3), or one is a case-insensitive prefix of the
// other); empty when nothing is close.
[[nodiscard]] std::string did_you_mean(std::string_view word, std::span<const std::string> candidates);

}  // namespace risk::config
