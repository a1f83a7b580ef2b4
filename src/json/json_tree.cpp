#include "json/json_tree.hpp"

#include <charconv>

#include <simdjson.h>

namespace risk::json {

JsonValue::JsonValue() = default;
JsonValue::JsonValue(const JsonValue&) = default;
JsonValue::JsonValue(JsonValue&&) noexcept = default;
JsonValue& JsonValue::operator=(const JsonValue&) = default;
JsonValue& JsonValue::operator=(JsonValue&&) noexcept = default;
JsonValue::~JsonValue() = default;

namespace {

namespace od = simdjson::ondemand;

std::string_view trim_token(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

void convert(od::value v, JsonValue& out, int depth);

void convert_object(od::object obj, JsonValue& out, int depth) {
  out.kind = JsonValue::Kind::Object;
  for (auto field : obj) {
    std::string_view key = field.unescaped_key().value();
    JsonValue child;
    convert(field.value().value(), child, depth + 1);
    out.members.emplace_back(std::string(key), std::move(child));
  }
}

void convert_array(od::array arr, JsonValue& out, int depth) {
  out.kind = JsonValue::Kind::Array;
  for (auto element : arr) {
    JsonValue child;
    convert(element.value(), child, depth + 1);
    out.items.push_back(std::move(child));
  }
}

void convert(od::value v, JsonValue& out, int depth) {
  if (depth > 64) throw simdjson::simdjson_error(simdjson::DEPTH_ERROR);
  switch (v.type().value()) {
    case od::json_type::object:
      convert_object(v.get_object().value(), out, depth);
      break;
    case od::json_type::array:
      convert_array(v.get_array().value(), out, depth);
      break;
    case od::json_type::number:
      out.kind = JsonValue::Kind::Number;
      out.text = std::string(trim_token(v.raw_json_token()));
      (void)v.get_number().value();  // validates the literal
      break;
    case od::json_type::string:
      out.kind = JsonValue::Kind::String;
      out.text = std::string(v.get_string().value());
      break;
    case od::json_type::boolean:
      out.kind = JsonValue::Kind::Bool;
      out.boolean = v.get_bool().value();
      break;
    case od::json_type::null:
      if (!v.is_null()) throw simdjson::simdjson_error(simdjson::INCORRECT_TYPE);
      out.kind = JsonValue::Kind::Null;
      break;
  }
}

}  // namespace

const JsonValue* JsonValue::find(std::string_view key) const {
  for (const auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::optional<std::string> JsonValue::str(std::string_view key) const {
  const JsonValue* v = find(key);
  if (v == nullptr || v->kind != Kind::String) return std::nullopt;
  return v->text;
}

std::optional<std::int64_t> JsonValue::as_int() const {
  if (kind != Kind::Number) return std::nullopt;
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc() && p == text.data() + text.size()) return v;
  const auto d = Decimal::parse(text);
  if (!d || d->raw() % Decimal::kUnit != 0) return std::nullopt;
  return d->raw() / Decimal::kUnit;
}

std::optional<Decimal> JsonValue::as_decimal() const {
  if (kind != Kind::Number) return std::nullopt;
  auto d = Decimal::parse(text);
  if (!d) return std::nullopt;
  return *d;
}

std::optional<std::int64_t> JsonValue::int64(std::string_view key) const {
  const JsonValue* v = find(key);
  return v == nullptr ? std::nullopt : v->as_int();
}

std::optional<bool> JsonValue::boolean_at(std::string_view key) const {
  const JsonValue* v = find(key);
  if (v == nullptr || v->kind != Kind::Bool) return std::nullopt;
  return v->boolean;
}

std::optional<Decimal> JsonValue::decimal(std::string_view key) const {
  const JsonValue* v = find(key);
  if (v == nullptr || (v->kind != Kind::String && v->kind != Kind::Number)) return std::nullopt;
  auto d = Decimal::parse(v->text);
  if (!d) return std::nullopt;
  return *d;
}

std::optional<Timestamp> JsonValue::time(std::string_view key) const {
  const JsonValue* v = find(key);
  if (v == nullptr || v->kind != Kind::String) return std::nullopt;
  auto t = Timestamp::parse(v->text);
  if (!t) return std::nullopt;
  return *t;
}

Result<JsonValue> parse_json(std::string_view text) {
  try {
    const simdjson::padded_string padded(text);
    simdjson::dom::parser validator;  // On-Demand does not check trailing content
    if (const auto err = validator.parse(padded).error(); err != simdjson::SUCCESS) {
      return make_error(std::string("invalid JSON: ") + simdjson::error_message(err));
    }
    od::parser parser;
    od::document doc = parser.iterate(padded);
    JsonValue root;
    const od::json_type t = doc.type().value();
    if (t == od::json_type::object) {
      convert_object(doc.get_object().value(), root, 0);
    } else if (t == od::json_type::array) {
      convert_array(doc.get_array().value(), root, 0);
    } else {
      return make_error("JSON root must be an object or an array");
    }
    return root;
  } catch (const simdjson::simdjson_error& e) {
    return make_error(std::string("invalid JSON: ") + e.what());
  }
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 15]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

}  // namespace risk::json
