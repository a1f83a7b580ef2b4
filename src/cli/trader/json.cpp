#include "cli/trader/json.hpp"

#include <charconv>

namespace risk::trader {

void JsonWriter::separator() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (first_.empty()) return;
  if (first_.back()) {
    first_.back() = false;
  } else {
    out_.push_back(',');
  }
}

JsonWriter& JsonWriter::begin_object() {
  separator();
  out_.push_back('{');
  first_.push_back(true);
  return *this;
}
JsonWriter& JsonWriter::end_object() {
  first_.pop_back();
  out_.push_back('}');
  return *this;
}
JsonWriter& JsonWriter::begin_array() {
  separator();
  out_.push_back('[');
  first_.push_back(true);
  return *this;
}
JsonWriter& JsonWriter::end_array() {
  first_.pop_back();
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
  append_json_string(out_, v.to_string());
  return *this;
}
JsonWriter& JsonWriter::value(Timestamp t) {
  separator();
  append_json_string(out_, t.to_iso());
  return *this;
}
JsonWriter& JsonWriter::null() {
  separator();
  out_ += "null";
  return *this;
}

}  // namespace risk::trader
