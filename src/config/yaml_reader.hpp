#pragma once
// Internal to risk_config: typed, diagnosed reads of yaml-cpp nodes. Every read
// either yields a value or records a Diagnostic (file, line, column, key path,
// message, fix) and yields nothing, so the loader can go on and find the next
// problem.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/diagnostics.hpp"
#include "config/loader.hpp"
#include "core/civil.hpp"
#include "core/decimal.hpp"
#include "core/setting_names.hpp"
#include "core/settings.hpp"

namespace risk::config::detail {

struct Ctx {
  std::string file;
  std::vector<Diagnostic>* diagnostics = nullptr;
  const EnvLookup* env = nullptr;

  void report(Severity s, const YAML::Mark& at, std::string key_path, std::string message, std::string fix) const;
  void error(const YAML::Mark& at, std::string key_path, std::string message, std::string fix = {}) const {
    report(Severity::Error, at, std::move(key_path), std::move(message), std::move(fix));
  }
  void warning(const YAML::Mark& at, std::string key_path, std::string message, std::string fix = {}) const {
    report(Severity::Warning, at, std::move(key_path), std::move(message), std::move(fix));
  }
};

// One key of a map with its value.
struct Field {
  std::string key;
  std::string path;  // full key path, e.g. rules.max_contracts.limit
  YAML::Mark key_mark;
  YAML::Node value;
  // Where a problem with the value is reported: the value itself, or the key
  // when the value is empty (yaml-cpp marks an empty value at the next line).
  [[nodiscard]] YAML::Mark at() const {
    if (!value.IsDefined() || value.IsNull() || value.Mark().line < 0) return key_mark;
    return value.Mark();
  }
  [[nodiscard]] bool is_null() const { return !value.IsDefined() || value.IsNull(); }
};

// A YAML mapping read key by key. Keys never asked for are reported by finish()
// as unknown, with a did-you-mean among the keys that were asked for.
class MapReader {
 public:
  // `node` may be null (an empty section: every key takes its default);
  // anything but a map is reported.
  MapReader(const Ctx& ctx, const YAML::Node& node, std::string path, const YAML::Mark& where);
  MapReader(const Ctx& ctx, const Field& field) : MapReader(ctx, field.value, field.path, field.at()) {}

  [[nodiscard]] bool valid() const noexcept { return valid_; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] const YAML::Mark& mark() const noexcept { return mark_; }

  // The field for `key`, if present (marks the key as known).
  std::optional<Field> get(std::string_view key);
  // Every field (for maps whose keys are data, such as limits by root); marks all as used.
  std::span<const Field> all();
  // Reports every key that was never asked for.
  void finish();

 private:
  const Ctx& ctx_;
  std::string path_;
  YAML::Mark mark_;
  bool valid_ = true;
  std::vector<Field> fields_;
  std::vector<bool> used_;
  std::vector<std::string> asked_;
};

std::string join(std::string_view path, std::string_view key);
std::string quoted(std::string_view text);

// Scalar text with ${VAR} expanded; reports a non-scalar or empty value.
// `secret`: never show the value in a message.
std::optional<std::string> read_text(const Ctx& ctx, const Field& f, bool secret = false);
std::optional<bool> read_bool(const Ctx& ctx, const Field& f);
std::optional<std::int32_t> read_int(const Ctx& ctx, const Field& f, std::int64_t min, std::int64_t max);
std::optional<std::int64_t> read_int64(const Ctx& ctx, const Field& f, std::int64_t min, std::int64_t max);
// A money amount > 0 (loss limits, profit targets): "write the limit as a positive amount".
std::optional<Decimal> read_positive_money(const Ctx& ctx, const Field& f);
// Any exact decimal (signed); the caller checks the sign.
std::optional<Decimal> read_decimal(const Ctx& ctx, const Field& f);
std::optional<TimeOfDay> read_time(const Ctx& ctx, const Field& f);
std::optional<CivilDate> read_date(const Ctx& ctx, const Field& f, const YAML::Mark& at, std::string_view path,
                                   const YAML::Node& node);
std::optional<TimeZonePtr> read_zone(const Ctx& ctx, const Field& f, std::string& name_out);
// A symbol root (case-insensitive; a ticker that is not a gateway root is reported).
std::optional<SymbolRoot> read_root(const Ctx& ctx, std::string_view text, const YAML::Mark& at, std::string_view path);

template <typename E>
std::optional<E> read_enum(const Ctx& ctx, const Field& f, const NameTable<E>& table) {
  auto text = read_text(ctx, f);
  if (!text) return std::nullopt;
  std::vector<std::string> names;
  for (const auto& [name, value] : table) {
    if (*text == name) return value;
    names.emplace_back(name);
  }
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  const std::string near = did_you_mean(*text, names);
  ctx.error(f.at(), f.path,
            quoted(*text) + " is not one of: " + list + (near.empty() ? "" : " (did you mean '" + near + "'?)"),
            "write one of: " + list);
  return std::nullopt;
}

}  // namespace risk::config::detail
