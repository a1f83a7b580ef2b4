#pragma once
// A short string stored inline (no heap): contract ids such as
// `CON.F.US.MNQ.Z26` are 16 characters, one past libstdc++'s small-string
// buffer, and they travel with every quote. Copying one is a memcpy.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace risk {

template <std::size_t Capacity>
class InlineString {
  static_assert(Capacity < 256);

 public:
  constexpr InlineString() noexcept = default;

  // Truncates nothing: returns nullopt when the text does not fit.
  static constexpr std::optional<InlineString> from(std::string_view s) noexcept {
    if (s.size() > Capacity) return std::nullopt;
    InlineString out;
    for (std::size_t i = 0; i < s.size(); ++i) out.data_[i] = s[i];
    out.size_ = static_cast<std::uint8_t>(s.size());
    return out;
  }
  // For literals and values known to fit (asserted by truncation being impossible in tests).
  static constexpr InlineString of(std::string_view s) noexcept {
    auto r = from(s.substr(0, Capacity));
    return *r;
  }

  [[nodiscard]] constexpr std::string_view view() const noexcept { return {data_.data(), size_}; }
  [[nodiscard]] std::string str() const { return std::string(view()); }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
  [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
  static constexpr std::size_t capacity() noexcept { return Capacity; }

  friend constexpr bool operator==(const InlineString& a, const InlineString& b) noexcept {
    return a.view() == b.view();
  }
  friend constexpr auto operator<=>(const InlineString& a, const InlineString& b) noexcept {
    return a.view() <=> b.view();
  }

 private:
  std::array<char, Capacity> data_{};
  std::uint8_t size_ = 0;
};

}  // namespace risk

template <std::size_t N>
struct std::hash<risk::InlineString<N>> {
  std::size_t operator()(const risk::InlineString<N>& s) const noexcept {
    return std::hash<std::string_view>{}(s.view());
  }
};
