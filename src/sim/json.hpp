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
#include "json/json_tree.hpp"

namespace risk::sim {

using json::append_json_string;
using json::JsonValue;
using json::parse_json;

// `2026-05-06T13:36:03.4962794+00:00`: always 7 fractional digits and an offset, as the hubs print.
std::string format_gateway_time(Timestamp t);

class JsonWriter {
 public:
  struct Style {
    bool omit_nulls = false;      // hub payloads: true; REST: false
    bool fixed_decimals = false;  // REST prints `6335.250000000`; hubs print `6335.25`
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

}  // namespace risk::sim
