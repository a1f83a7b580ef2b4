#include "dashboard/keys.hpp"

namespace risk::dashboard {

std::vector<Key> parse_keys(std::string_view b) {
  std::vector<Key> out;
  for (std::size_t i = 0; i < b.size(); ++i) {
    const char c = b[i];
    if (c == '\x1b') {
      // CSI (ESC [) or SS3 (ESC O) sequences for arrows and paging; a lone ESC is ignored.
      if (i + 2 < b.size() && (b[i + 1] == '[' || b[i + 1] == 'O')) {
        const char f = b[i + 2];
        std::size_t used = 2;
        switch (f) {
          case 'A':
            out.push_back(Key::Up);
            break;
          case 'B':
            out.push_back(Key::Down);
            break;
          case 'C':
            out.push_back(Key::Right);
            break;
          case 'D':
            out.push_back(Key::Left);
            break;
          case 'H':
            out.push_back(Key::Home);
            break;
          case 'F':
            out.push_back(Key::End);
            break;
          default:
            if (f >= '1' && f <= '8' && i + 3 < b.size() && b[i + 3] == '~') {
              used = 3;
              if (f == '5') out.push_back(Key::PageUp);
              if (f == '6') out.push_back(Key::PageDown);
              if (f == '1' || f == '7') out.push_back(Key::Home);
              if (f == '4' || f == '8') out.push_back(Key::End);
            }
        }
        i += used;
      }
      continue;
    }
    if (c >= '1' && c <= '8') {
      out.push_back(static_cast<Key>(static_cast<int>(Key::Tab1) + (c - '1')));
    } else if (c == 'q' || c == 'Q' || c == '\x03') {
      out.push_back(Key::Quit);
    } else if (c == '\t' || c == 'l') {
      out.push_back(Key::Right);
    } else if (c == 'h') {
      out.push_back(Key::Left);
    } else if (c == 'j') {
      out.push_back(Key::Down);
    } else if (c == 'k') {
      out.push_back(Key::Up);
    } else if (c == ' ') {
      out.push_back(Key::PageDown);
    } else if (c == '\x0c') {
      out.push_back(Key::Redraw);  // Ctrl-L
    }
  }
  return out;
}

}  // namespace risk::dashboard
