#include "core/contract_id.hpp"

#include <array>

namespace risk {

SymbolRoot normalize_root(std::string_view root) noexcept {
  std::array<char, SymbolRoot::capacity()> buf{};
  const std::size_t n = root.size() < buf.size() ? root.size() : buf.size();
  for (std::size_t i = 0; i < n; ++i) {
    const char c = root[i];
    buf[i] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return SymbolRoot::of(std::string_view(buf.data(), n));
}

SymbolRoot symbol_root(std::string_view id) noexcept {
  // Fields: CON . F . US . ROOT . EXPIRY
  std::size_t field = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= id.size(); ++i) {
    if (i == id.size() || id[i] == '.') {
      if (field == 3) {
        if (i == id.size() || i == start) break;  // no expiry field or empty root
        return normalize_root(id.substr(start, i - start));
      }
      ++field;
      start = i + 1;
    }
  }
  return normalize_root(id);
}

}  // namespace risk
