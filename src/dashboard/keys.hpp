#pragma once
// Keys the dashboard understands, parsed from the bytes a VT100-style
// terminal sends (pure, so tests can feed it bytes).
#include <string_view>
#include <vector>

namespace risk::dashboard {

enum class Key {
  Quit,
  Tab1,
  Tab2,
  Tab3,
  Tab4,
  Tab5,
  Tab6,
  Tab7,
  Tab8,
  Left,
  Right,
  Up,
  Down,
  PageUp,
  PageDown,
  Home,
  End,
  Redraw
};

std::vector<Key> parse_keys(std::string_view bytes);

}  // namespace risk::dashboard
