#include "dashboard/canvas.hpp"

#include <algorithm>

namespace risk::dashboard {

char style_code(Style s) {
  switch (s) {
    case Style::Plain:
      return ' ';
    case Style::Bold:
      return 'b';
    case Style::Dim:
      return 'd';
    case Style::Good:
      return 'g';
    case Style::Warn:
      return 'y';
    case Style::Bad:
      return 'r';
    case Style::Bar:
      return 'R';
    case Style::Selected:
      return 'S';
  }
  return '?';
}

Style without_colour(Style s) {
  switch (s) {
    case Style::Good:
      return Style::Plain;
    case Style::Warn:
    case Style::Bad:
      return Style::Bold;
    default:
      return s;
  }
}

std::string sgr(Style s, bool colour) {
  if (!colour) s = without_colour(s);
  switch (s) {
    case Style::Plain:
      return "\x1b[0m";
    case Style::Bold:
      return "\x1b[0;1m";
    case Style::Dim:
      return "\x1b[0;2m";
    case Style::Good:
      return "\x1b[0;32m";
    case Style::Warn:
      return "\x1b[0;33m";
    case Style::Bad:
      return "\x1b[0;1;31m";
    case Style::Bar:
      return "\x1b[0;7m";
    case Style::Selected:
      return "\x1b[0;1;7m";
  }
  return "\x1b[0m";
}

Canvas::Canvas(int width, int height)
    : width_(std::max(width, 1)),
      height_(std::max(height, 1)),
      chars_(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_), ' '),
      styles_(chars_.size(), Style::Plain) {}

int Canvas::put(int row, int col, std::string_view text, Style style) {
  if (row < 0 || row >= height_) return col;
  for (const char ch : text) {
    if (col >= width_) break;
    if (col >= 0) {
      const auto c = static_cast<unsigned char>(ch);
      const auto i = static_cast<std::size_t>(row) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(col);
      chars_[i] = (c >= 0x20 && c < 0x7f) ? ch : '?';
      styles_[i] = style;
    }
    ++col;
  }
  return col;
}

int Canvas::put(int row, int col, const Line& line) {
  for (const auto& span : line) col = put(row, col, span.text, span.style);
  return col;
}

void Canvas::fill(int row, Style style) {
  if (row < 0 || row >= height_) return;
  for (int c = 0; c < width_; ++c) {
    styles_[static_cast<std::size_t>(row) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(c)] = style;
  }
}

char Canvas::at(int row, int col) const {
  return chars_[static_cast<std::size_t>(row) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(col)];
}
Style Canvas::style_at(int row, int col) const {
  return styles_[static_cast<std::size_t>(row) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(col)];
}

std::string Canvas::row_text(int row) const {
  const auto begin = chars_.begin() + static_cast<std::ptrdiff_t>(row) * width_;
  return std::string(begin, begin + width_);
}

std::string Canvas::text() const {
  std::string out;
  for (int r = 0; r < height_; ++r) {
    if (r > 0) out.push_back('\n');
    out += row_text(r);
  }
  return out;
}

std::string Canvas::style_mask(bool colour) const {
  std::string out;
  for (int r = 0; r < height_; ++r) {
    if (r > 0) out.push_back('\n');
    for (int c = 0; c < width_; ++c) {
      const Style s = style_at(r, c);
      out.push_back(style_code(colour ? s : without_colour(s)));
    }
  }
  return out;
}

std::string Canvas::ansi(bool colour) const {
  std::string out;
  out.reserve(chars_.size() * 2);
  for (int r = 0; r < height_; ++r) {
    out += "\x1b[" + std::to_string(r + 1) + ";1H";
    const int cols = r == height_ - 1 ? width_ - 1 : width_;
    bool first = true;
    Style current = Style::Plain;
    for (int c = 0; c < cols; ++c) {
      const Style s = colour ? style_at(r, c) : without_colour(style_at(r, c));
      if (first || s != current) {
        out += sgr(s, colour);
        current = s;
        first = false;
      }
      out.push_back(at(r, c));
    }
    out += "\x1b[0m";
  }
  return out;
}

}  // namespace risk::dashboard
