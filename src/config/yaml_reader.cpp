#include "config/yaml_reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/contract_id.hpp"
#include "tz/iana_zone.hpp"

namespace risk::config::detail {
namespace {

int one_based(int v) { return v >= 0 ? v + 1 : 0; }

std::string lower_copy(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string describe_kind(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "a value";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return "empty";
  }
  return "something else";
}

}  // namespace

void Ctx::report(Severity s, const YAML::Mark& at, std::string key_path, std::string message, std::string fix) const {
  diagnostics->push_back(Diagnostic{s, file, one_based(at.line), one_based(at.column), std::move(key_path),
                                    std::move(message), std::move(fix)});
}

std::string join(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return std::string(path) + "." + std::string(key);
}

std::string quoted(std::string_view text) {
  constexpr std::size_t kMax = 60;
  std::string t(text.substr(0, kMax));
  if (text.size() > kMax) t += "...";
  return "'" + t + "'";
}

MapReader::MapReader(const Ctx& ctx, const YAML::Node& node, std::string path, const YAML::Mark& where)
    : ctx_(ctx), path_(std::move(path)), mark_(where) {
  if (!node.IsDefined() || node.IsNull()) return;
  if (!node.IsMap()) {
    valid_ = false;
    ctx_.error(node.Mark(), path_, "expected a map of keys, found " + describe_kind(node),
               "write the keys indented below '" + path_ + ":'");
    return;
  }
  mark_ = node.Mark();
  for (const auto& kv : node) {
    const YAML::Node& key = kv.first;
    if (!key.IsScalar()) {
      ctx_.error(key.Mark(), path_, "a key must be a plain name, found " + describe_kind(key), "write 'name: value'");
      continue;
    }
    const std::string name = key.Scalar();
    const auto dup = std::find_if(fields_.begin(), fields_.end(), [&](const Field& f) { return f.key == name; });
    if (dup != fields_.end()) {
      ctx_.error(key.Mark(), join(path_, name),
                 "duplicate key (first written at line " + std::to_string(one_based(dup->key_mark.line)) + ")",
                 "keep one of the two; YAML would silently use only one of them");
      continue;
    }
    fields_.push_back(Field{name, join(path_, name), key.Mark(), kv.second});
  }
  used_.assign(fields_.size(), false);
}

std::optional<Field> MapReader::get(std::string_view key) {
  asked_.emplace_back(key);
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].key == key) {
      used_[i] = true;
      return fields_[i];
    }
  }
  return std::nullopt;
}

std::span<const Field> MapReader::all() {
  std::fill(used_.begin(), used_.end(), true);
  return fields_;
}

void MapReader::finish() {
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    if (used_[i]) continue;
    const Field& f = fields_[i];
    const std::string near = did_you_mean(f.key, asked_);
    std::string known;
    for (const auto& k : asked_) known += (known.empty() ? "" : ", ") + k;
    if (!near.empty()) {
      ctx_.error(f.key_mark, f.path, "unknown key (did you mean '" + near + "'?)", "rename it to '" + near + "'");
    } else {
      ctx_.error(f.key_mark, f.path, "unknown key",
                 known.empty() ? "remove it" : "remove it; keys allowed here: " + known);
    }
  }
}

std::optional<std::string> read_text(const Ctx& ctx, const Field& f, bool secret) {
  if (f.is_null()) {
    ctx.error(f.at(), f.path, "has no value",
              "write a value after '" + f.key + ":' or remove the key to use the default");
    return std::nullopt;
  }
  if (!f.value.IsScalar()) {
    ctx.error(f.at(), f.path, "expected a single value, found " + describe_kind(f.value),
              "write '" + f.key + ": <value>' on one line");
    return std::nullopt;
  }
  std::string missing;
  auto expanded = expand_env(f.value.Scalar(), ctx.env ? *ctx.env : EnvLookup{}, missing);
  if (!expanded) {
    if (missing.rfind("${", 0) == 0) {
      ctx.error(f.at(), f.path, "malformed variable reference (a '${' without its closing '}')",
                "write ${NAME} or ${NAME:-default}");
    } else {
      ctx.error(f.at(), f.path, "environment variable " + missing + " is not set",
                "export " + missing + "=... before starting the daemon, or write ${" + missing +
                    ":-default} or the value itself");
    }
    return std::nullopt;
  }
  if (expanded->empty()) {
    (void)secret;  // never shown either way
    ctx.error(f.at(), f.path, "is empty", "write a value or remove the key to use the default");
    return std::nullopt;
  }
  return expanded;
}

std::optional<bool> read_bool(const Ctx& ctx, const Field& f) {
  auto text = read_text(ctx, f);
  if (!text) return std::nullopt;
  const std::string t = lower_copy(*text);
  if (t == "true") return true;
  if (t == "false") return false;
  ctx.error(f.at(), f.path, quoted(*text) + " is not true or false", "write true or false");
  return std::nullopt;
}

std::optional<std::int64_t> read_int64(const Ctx& ctx, const Field& f, std::int64_t min, std::int64_t max) {
  auto text = read_text(ctx, f);
  if (!text) return std::nullopt;
  std::int64_t v = 0;
  const char* first = text->data();
  const char* last = first + text->size();
  const auto [ptr, ec] = std::from_chars(first, last, v);
  if (ec == std::errc::result_out_of_range) {
    ctx.error(f.at(), f.path,
              quoted(*text) + " is out of range (" + std::to_string(min) + " to " + std::to_string(max) + ")",
              "write a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  if (ec != std::errc{} || ptr != last) {
    ctx.error(f.at(), f.path, quoted(*text) + " is not a whole number",
              "write a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  if (v < min || v > max) {
    ctx.error(f.at(), f.path,
              std::to_string(v) + " is out of range (" + std::to_string(min) + " to " + std::to_string(max) + ")",
              "write a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return v;
}

std::optional<std::int32_t> read_int(const Ctx& ctx, const Field& f, std::int64_t min, std::int64_t max) {
  auto v = read_int64(ctx, f, min, max);
  if (!v) return std::nullopt;
  return static_cast<std::int32_t>(*v);
}

std::optional<Decimal> read_decimal(const Ctx& ctx, const Field& f) {
  auto text = read_text(ctx, f);
  if (!text) return std::nullopt;
  auto d = Decimal::parse(*text);
  if (!d) {
    ctx.error(f.at(), f.path, quoted(*text) + " is not an exact amount (" + d.error().message + ")",
              "write a plain number such as 500 or 500.25 (at most 9 decimal places, below 9,000,000,000)");
    return std::nullopt;
  }
  return *d;
}

std::optional<Decimal> read_positive_money(const Ctx& ctx, const Field& f) {
  auto d = read_decimal(ctx, f);
  if (!d) return std::nullopt;
  if (d->is_negative()) {
    ctx.error(f.at(), f.path, d->to_string() + " is negative",
              "write the limit as a positive amount (" + d->abs().to_string() + " means " + d->abs().to_string() +
                  " of money)");
    return std::nullopt;
  }
  if (d->is_zero()) {
    ctx.error(f.at(), f.path, "must be greater than 0",
              "write a positive amount, or set enabled: false to turn the rule off");
    return std::nullopt;
  }
  return d;
}

std::optional<TimeOfDay> read_time(const Ctx& ctx, const Field& f) {
  auto text = read_text(ctx, f);
  if (!text) return std::nullopt;
  const std::string& t = *text;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (t.size() == 5 && digit(t[0]) && digit(t[1]) && t[2] == ':' && digit(t[3]) && digit(t[4])) {
    const int h = (t[0] - '0') * 10 + (t[1] - '0');
    const int m = (t[3] - '0') * 10 + (t[4] - '0');
    if (h <= 23 && m <= 59) return TimeOfDay::hm(h, m);
  }
  std::string fix = "write a 24-hour time HH:MM in quotes, e.g. \"17:00\"";
  if (t.size() == 4 && digit(t[0]) && t[1] == ':') fix = "write \"0" + t + "\" (two-digit hours)";
  ctx.error(f.at(), f.path, quoted(t) + " is not a time of day HH:MM (00:00 to 23:59)", fix);
  return std::nullopt;
}

std::optional<CivilDate> read_date(const Ctx& ctx, const Field& f, const YAML::Mark& at, std::string_view path,
                                   const YAML::Node& node) {
  Field item{f.key, std::string(path), at, node};
  auto text = read_text(ctx, item);
  if (!text) return std::nullopt;
  const std::string& t = *text;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  bool shape = t.size() == 10 && t[4] == '-' && t[7] == '-';
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) shape = shape && digit(t[i]);
  if (shape) {
    const int y = std::stoi(t.substr(0, 4));
    const unsigned m = static_cast<unsigned>(std::stoi(t.substr(5, 2)));
    const unsigned d = static_cast<unsigned>(std::stoi(t.substr(8, 2)));
    if (y >= 1970 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m)) return CivilDate{y, m, d};
    ctx.error(item.at(), item.path, quoted(t) + " is not a calendar date", "write a real date YYYY-MM-DD");
    return std::nullopt;
  }
  ctx.error(item.at(), item.path, quoted(t) + " is not a date YYYY-MM-DD",
            "write the date as YYYY-MM-DD, e.g. 2026-12-25");
  return std::nullopt;
}

std::optional<TimeZonePtr> read_zone(const Ctx& ctx, const Field& f, std::string& name_out) {
  auto text = read_text(ctx, f);
  if (!text) return std::nullopt;
  auto zone = tz::load(*text);
  if (!zone) {
    ctx.error(f.at(), f.path, "unknown time zone " + quoted(*text),
              "use an IANA zone name such as America/Chicago or America/New_York (see /usr/share/zoneinfo)");
    return std::nullopt;
  }
  name_out = *text;
  return *zone;
}

std::optional<SymbolRoot> read_root(const Ctx& ctx, std::string_view text, const YAML::Mark& at,
                                    std::string_view path) {
  const bool shape_ok =
      !text.empty() && text.size() <= SymbolRoot::capacity() &&
      std::all_of(text.begin(), text.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
  if (!shape_ok) {
    ctx.error(at, std::string(path), quoted(text) + " is not a symbol root",
              "write a gateway root such as MNQ, EP (ES) or ENQ (NQ): letters and digits only");
    return std::nullopt;
  }
  const SymbolRoot root = normalize_root(text);
  if (const std::string_view gateway = root_for_ticker(root.view()); !gateway.empty()) {
    ctx.error(
        at, std::string(path),
        quoted(text) + " is an exchange ticker, not a gateway root (did you mean '" + std::string(gateway) + "'?)",
        "write '" + std::string(gateway) + "': the gateway names " + std::string(root.view()) + " contracts CON.F.US." +
            std::string(gateway) + ".*, so '" + std::string(root.view()) + "' would never match");
    return std::nullopt;
  }
  return root;
}

}  // namespace risk::config::detail
