#pragma once
// JSON for the trader dashboard: a small tree parsed with simdjson that keeps
// every number's literal text (so money never passes through a double), and
// a streaming writer for `risk-trader status --json`.
// The same approach as src/sim/json.hpp; kept separate so the dashboard does
// not link the simulator.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace risk::trader {

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

  // Typed member access; nullopt when absent, null or of another type.
  [[nodiscard]] std::optional<std::string> str(std::string_view key) const;
  [[nodiscard]] std::optional<std::int64_t> int64(std::string_view key) const;
  [[nodiscard]] std::optional<bool> boolean_at(std::string_view key) const;
  // A decimal sent as a JSON string ("-512.40", the protocol's form) or, leniently, a number.
  [[nodiscard]] std::optional<Decimal> decimal(std::string_view key) const;
  [[nodiscard]] std::optional<Timestamp> time(std::string_view key) const;
  [[nodiscard]] std::optional<std::int64_t> as_int() const;
};

// Parses one JSON document whose root is an object or an array.
Result<JsonValue> parse_json(std::string_view text);

void append_json_string(std::string& out, std::string_view s);

// Minimal streaming writer: commas are placed automatically.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
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
  JsonWriter& value(Decimal v);    // as a string, like the event server
  JsonWriter& value(Timestamp t);  // ISO-8601 UTC
  JsonWriter& null();
  template <typename T>
  JsonWriter& field(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }
  template <typename T>
  JsonWriter& field(std::string_view name, const std::optional<T>& v) {
    key(name);
    return v ? value(*v) : null();
  }

 private:
  void separator();
  std::string& out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

}  // namespace risk::trader
