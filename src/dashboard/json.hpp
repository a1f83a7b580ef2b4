#pragma once
// JSON for the trader dashboard: a small tree parsed with simdjson that keeps
// every number's literal text (so money never passes through a double), and
// a streaming writer for `risk-trader status --json`.
// Both come from src/json, shared with the simulator.
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
#include "json/json_writer.hpp"

namespace risk::dashboard {

using json::append_json_string;
using json::JsonValue;
using json::parse_json;

using json::JsonWriter;

// `status --json`: money as exact decimal strings and ISO-8601 UTC times, like the event server.
inline constexpr JsonWriter::Style kStatusStyle{.decimals_as_strings = true};

}  // namespace risk::dashboard
