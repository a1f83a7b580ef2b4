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
#include "json/json_tree.hpp"

namespace risk::trader {

using json::append_json_string;
using json::JsonValue;
using json::parse_json;

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
