#include "sim/json.hpp"

#include <charconv>
#include <cstdio>

#include "core/civil.hpp"

namespace risk::sim {

std::string format_gateway_time(Timestamp t) {
  const std::int64_t secs = t.seconds_floor();
  const std::int64_t frac = t.ns() - secs * 1'000'000'000;
  std::int64_t days = secs / 86400;
  std::int64_t sod = secs % 86400;
  if (sod < 0) {
    sod += 86400;
    --days;
  }
  const CivilDate d = civil_from_days(days);
  char buf[48];
  const int len = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%07lld+00:00", d.year, d.month, d.day,
                                static_cast<int>(sod / 3600), static_cast<int>(sod % 3600 / 60),
                                static_cast<int>(sod % 60), static_cast<long long>(frac / 100));
  return std::string(buf, static_cast<std::size_t>(len));
}

void JsonWriter::separator() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (depth_ == 0) return;
  const std::uint64_t bit = std::uint64_t{1} << (depth_ - 1);
  if ((first_bits_ & bit) != 0) {
    first_bits_ &= ~bit;
  } else {
    out_.push_back(',');
  }
}

JsonWriter& JsonWriter::begin_object() {
  separator();
  out_.push_back('{');
  ++depth_;
  first_bits_ |= std::uint64_t{1} << (depth_ - 1);
  return *this;
}
JsonWriter& JsonWriter::end_object() {
  --depth_;
  out_.push_back('}');
  return *this;
}
JsonWriter& JsonWriter::begin_array() {
  separator();
  out_.push_back('[');
  ++depth_;
  first_bits_ |= std::uint64_t{1} << (depth_ - 1);
  return *this;
}
JsonWriter& JsonWriter::end_array() {
  --depth_;
  out_.push_back(']');
  return *this;
}
JsonWriter& JsonWriter::key(std::string_view name) {
  separator();
  append_json_string(out_, name);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}
JsonWriter& JsonWriter::value(std::string_view s) {
  separator();
  append_json_string(out_, s);
  return *this;
}
JsonWriter& JsonWriter::value(std::int64_t v) {
  separator();
  char buf[24];
  const auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, p);
  return *this;
}
JsonWriter& JsonWriter::value(bool v) {
  separator();
  out_ += v ? "true" : "false";
  return *this;
}
JsonWriter& JsonWriter::value(Decimal v) {
  separator();
  out_ += style_.fixed_decimals ? v.to_string_fixed(Decimal::kScale) : v.to_string();
  return *this;
}
JsonWriter& JsonWriter::value(Timestamp t) {
  separator();
  out_.push_back('"');
  out_ += format_gateway_time(t);
  out_.push_back('"');
  return *this;
}
JsonWriter& JsonWriter::null() {
  separator();
  out_ += "null";
  return *this;
}
JsonWriter& JsonWriter::raw(std::string_view json) {
  separator();
  out_ += json;
  return *this;
}

}  // namespace risk::sim
