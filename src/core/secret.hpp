#pragma once
// A secret string (API key, token, password). Printing, streaming or
// formatting one never shows the value: `hint()` shows at most the last four
// characters ("****wxyz") where an operator needs to tell two keys apart.
// The value is reachable only through `reveal()`, which the gateway client
// calls when it logs in; grep for `reveal(` to audit every use.
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace risk {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  Secret(const Secret&) = default;
  Secret& operator=(const Secret&) = default;
  Secret(Secret&&) noexcept = default;
  Secret& operator=(Secret&&) noexcept = default;
  ~Secret() {
    // Best effort: overwrite the buffer before it is released.
    volatile char* p = value_.data();
    for (std::size_t i = 0; i < value_.size(); ++i) p[i] = '\0';
  }

  [[nodiscard]] bool empty() const noexcept { return value_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return value_.size(); }

  // The value itself, for the login request only. Never log or format it.
  [[nodiscard]] const std::string& reveal() const noexcept { return value_; }

  // "****wxyz" (last four characters) for keys of 12 or more characters,
  // "****" for shorter ones (showing four of eight would give half away),
  // "(empty)" when unset.
  [[nodiscard]] std::string hint() const {
    if (value_.empty()) return "(empty)";
    if (value_.size() < 12) return "****";
    return "****" + value_.substr(value_.size() - 4);
  }

  friend bool operator==(const Secret& a, const Secret& b) noexcept { return a.value_ == b.value_; }

  // Streaming prints the hint, never the value.
  friend std::ostream& operator<<(std::ostream& os, const Secret& s) { return os << s.hint(); }

 private:
  std::string value_;
};

// Replaces every occurrence of each secret's value in `text` with its hint.
// A last line of defence for messages built from user input.
inline std::string scrub(std::string text, const Secret& secret) {
  const std::string& v = secret.reveal();
  if (v.size() < 4) return text;  // too short to search for without mangling ordinary words
  const std::string h = secret.hint();
  for (std::size_t pos = text.find(v); pos != std::string::npos; pos = text.find(v, pos + h.size())) {
    text.replace(pos, v.size(), h);
  }
  return text;
}

// gtest prints values through PrintTo when present; make sure it never dumps the bytes.
inline void PrintTo(const Secret& s, std::ostream* os) { *os << s.hint(); }
}  // namespace risk
