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
#include "json/json_writer.hpp"

namespace risk::sim {

using json::append_json_string;
using json::JsonValue;
using json::parse_json;

// `2026-05-06T13:36:03.4962794+00:00`: always 7 fractional digits and an offset, as the hubs print.
std::string format_gateway_time(Timestamp t);

using json::JsonWriter;

// The gateway's JSON: decimals as numbers (REST: every decimal), times as the
// gateway writes them (format_gateway_time), nulls omitted in hub payloads.
constexpr JsonWriter::Style gateway_style(bool omit_nulls, bool fixed_decimals) {
  return JsonWriter::Style{omit_nulls, fixed_decimals, false, &format_gateway_time};
}

}  // namespace risk::sim
