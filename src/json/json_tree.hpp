#pragma once
// A small JSON tree parsed with simdjson that keeps every number's literal
// text, so prices and money become exact Decimals without passing through a
// double. Shared by the simulator, the gateway client and the trader
// dashboard; json_writer.hpp writes JSON for both the simulator and the dashboard.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace risk::json {

struct JsonValue {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  bool boolean = false;
  std::string text;  // a number's literal text, or a string's unescaped value
  std::vector<JsonValue> items;
  std::vector<std::pair<std::string, JsonValue>> members;

  // Out of line (json_tree.cpp), where JsonValue is complete: clang will not
  // define them implicitly here over a vector of pairs holding the incomplete type.
  JsonValue();
  JsonValue(const JsonValue&);
  JsonValue(JsonValue&&) noexcept;
  JsonValue& operator=(const JsonValue&);
  JsonValue& operator=(JsonValue&&) noexcept;
  ~JsonValue();

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

  // Typed member access; nullopt when absent, null or of another type.
  [[nodiscard]] std::optional<std::string> str(std::string_view key) const;
  [[nodiscard]] std::optional<std::int64_t> int64(std::string_view key) const;
  [[nodiscard]] std::optional<bool> boolean_at(std::string_view key) const;
  // A decimal sent as a JSON string ("-512.40") or a number.
  [[nodiscard]] std::optional<Decimal> decimal(std::string_view key) const;
  [[nodiscard]] std::optional<Timestamp> time(std::string_view key) const;
};

// Parses one JSON document whose root is an object or an array.
Result<JsonValue> parse_json(std::string_view text);

// Appends `s` as a JSON string literal (quotes and escapes included).
void append_json_string(std::string& out, std::string_view s);

}  // namespace risk::json
