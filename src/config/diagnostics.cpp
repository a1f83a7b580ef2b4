#include "config/diagnostics.hpp"

#include <algorithm>
#include <cctype>

namespace risk::config {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string plural(std::size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

}  // namespace

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = d.file;
  if (d.line > 0) {
    out += ":" + std::to_string(d.line);
    if (d.column > 0) out += ":" + std::to_string(d.column);
  }
  out += d.severity == Severity::Error ? ": error: " : ": warning: ";
  if (!d.key_path.empty()) out += d.key_path + ": ";
  out += d.message;
  out += "\n";
  if (!d.fix.empty()) out += "    fix: " + d.fix + "\n";
  return out;
}

std::string format_diagnostics(std::span<const Diagnostic> diagnostics) {
  if (diagnostics.empty()) return {};
  std::vector<const Diagnostic*> sorted;
  sorted.reserve(diagnostics.size());
  for (const auto& d : diagnostics) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
    if (a->file != b->file) return a->file < b->file;
    if (a->line != b->line) return a->line < b->line;
    return a->column < b->column;
  });
  std::string out;
  for (const auto* d : sorted) out += format_diagnostic(*d);
  const std::size_t errors = count(diagnostics, Severity::Error);
  const std::size_t warnings = count(diagnostics, Severity::Warning);
  out += plural(errors, "error") + ", " + plural(warnings, "warning") + " in the configuration";
  out += errors > 0 ? "; it was not applied\n" : "\n";
  return out;
}

bool has_errors(std::span<const Diagnostic> diagnostics) noexcept { return count(diagnostics, Severity::Error) > 0; }

std::size_t count(std::span<const Diagnostic> diagnostics, Severity s) noexcept {
  return static_cast<std::size_t>(
      std::count_if(diagnostics.begin(), diagnostics.end(), [s](const Diagnostic& d) { return d.severity == s; }));
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1);
  std::vector<std::size_t> cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t subst = prev[j - 1] + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string did_you_mean(std::string_view word, std::span<const std::string> candidates) {
  auto is_prefix = [](std::string_view shorter, std::string_view longer) {
    if (shorter.size() < 3 || shorter.size() > longer.size()) return false;
    for (std::size_t i = 0; i < shorter.size(); ++i) {
      if (lower(shorter[i]) != lower(longer[i])) return false;
    }
    return true;
  };
  // Every '_'-separated part of the word appears in the candidate: daily_loss -> daily_realized_loss.
  auto parts_in = [](std::string_view w, std::string_view c) {
    std::size_t parts = 0;
    for (std::size_t start = 0; start <= w.size();) {
      const std::size_t end = std::min(w.find('_', start), w.size());
      const std::string_view part = w.substr(start, end - start);
      if (part.size() >= 3) {
        bool found = false;
        for (std::size_t i = 0; i + part.size() <= c.size() && !found; ++i) {
          found = edit_distance(part, c.substr(i, part.size())) == 0;
        }
        if (!found) return false;
        ++parts;
      }
      start = end + 1;
    }
    return parts >= 2;
  };
  std::string best;
  std::size_t best_distance = static_cast<std::size_t>(-1);
  const std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    const bool close = d <= limit || is_prefix(word, c) || is_prefix(c, word) || parts_in(word, c);
    if (close && d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace risk::config
