#pragma once
// JSON in and out for the simulator, exact for decimals in both directions.
// In: simdjson (On-Demand) into a small tree that keeps each number's text,
// so prices become Decimals without passing through a double. Out: a
// streaming writer that prints Decimals as JSON numbers and can omit nulls
// (hub payloads) or print them (REST responses).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace risk::sim {

struct JsonValue {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  bool boolean = false;
  std::string text;  // a number's literal text, or a string's unescaped value
  std::vector<JsonValue> items;
  std::vector<std::pair<std::string, JsonValue>> members;

  [[nodiscard]] const JsonValue* find(std::string_view key) const;  // null when absent
  [[nodiscard]] bool is_null() const { return kind == Kind::Null; }
  [[nodiscard]] bool is_object() const { return kind == Kind::Object; }
  [[nodiscard]] bool is_array() const { return kind == Kind::Array; }
  [[nodiscard]] bool is_string() const { return kind == Kind::String; }
  [[nodiscard]] bool is_number() const { return kind == Kind::Number; }
  [[nodiscard]] bool is_bool() const { return kind == Kind::Bool; }
  // An integral number that fits int64 (`12`, also `12.0`); nullopt otherwise.
  [[nodiscard]] std::optional<std::int64_t> as_int() const;
  [[nodiscard]] std::optional<Decimal> as_decimal() const;
};

// Parses one JSON document whose root is an object or an array.
Result<JsonValue> parse_json(std::string_view text);

// `2026-05-06T13:36:03.4962794+00:00`: always 7 fractional digits and an offset, as the hubs print.
std::string format_gateway_time(Timestamp t);

class JsonWriter {
 public:
  struct Style {
    bool omit_nulls = false;     // hub payloads: true; REST: false
    bool fixed_decimals = false; // REST prints `6335.250000000`; hubs print `6335.25`
  };
  JsonWriter(std::string& out, Style style) : out_(out), style_(style) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(std::int64_t v);
  JsonWriter& value(int v) { return value(static_cast<std::int64_t>(v)); }
  JsonWriter& value(bool v);
  JsonWriter& value(Decimal v);
  JsonWriter& value(Timestamp t);
  JsonWriter& null();
  JsonWriter& raw(std::string_view json);  // an already-encoded JSON value

  template <typename T>
  JsonWriter& field(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }
  template <typename T>
  JsonWriter& field(std::string_view name, const std::optional<T>& v) {
    if (v) return field(name, *v);
    if (style_.omit_nulls) return *this;
    key(name);
    return null();
  }
  [[nodiscard]] const Style& style() const { return style_; }

 private:
  void separator();
  std::string& out_;
  Style style_;
  std::uint64_t first_bits_ = 0;  // bit per nesting level: next element is the first
  int depth_ = 0;
  bool after_key_ = false;
};

void append_json_string(std::string& out, std::string_view s);

}  // namespace risk::sim
