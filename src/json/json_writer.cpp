#include "json/json_writer.hpp"

#include <charconv>

#include "json/json_tree.hpp"

namespace risk::json {

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
  if (style_.decimals_as_strings) {
    append_json_string(out_, v.to_string());
  } else {
    out_ += style_.fixed_decimals ? v.to_string_fixed(Decimal::kScale) : v.to_string();
  }
  return *this;
}
JsonWriter& JsonWriter::value(Timestamp t) {
  separator();
  append_json_string(out_, style_.time_text != nullptr ? style_.time_text(t) : t.to_iso());
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

}  // namespace risk::json
