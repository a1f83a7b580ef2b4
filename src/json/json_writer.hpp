#pragma once
// A streaming JSON writer (commas placed automatically, nesting up to 64
// levels) shared by the simulator (gateway JSON) and the trader dashboard
// (`risk-trader status --json`). The style says how decimals, times and
// absent values are written.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/decimal.hpp"
#include "core/timestamp.hpp"

namespace risk::json {

class JsonWriter {
 public:
  struct Style {
    bool omit_nulls = false;                        // an empty optional field is left out (hub payloads)
    bool fixed_decimals = false;                    // numbers with every decimal: `6335.250000000` (gateway REST)
    bool decimals_as_strings = false;               // "-512.40": exact for any reader (event server, dashboard)
    std::string (*time_text)(Timestamp) = nullptr;  // how a time is written; nullptr: ISO-8601 UTC
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

}  // namespace risk::json
