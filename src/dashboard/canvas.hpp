#pragma once
// A grid of ASCII cells with a semantic style each. The dashboard renders
// into a Canvas; tests compare its text and style mask with snapshots; the
// terminal gets it as plain ANSI/VT100 escape sequences (SGR and cursor
// positioning only, which tmux, xterm, the Linux console and Windows 10+
// consoles all understand).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace risk::dashboard {

enum class Style : std::uint8_t {
  Plain,
  Bold,
  Dim,
  Good,      // green
  Warn,      // yellow
  Bad,       // red
  Bar,       // reverse video: title and status bars
  Selected,  // reverse + bold: the current tab
};

// One character per style in snapshot masks: ' ' b d g y r R S.
char style_code(Style s);
// What a style becomes without colour (NO_COLOR): green is plain, yellow and
// red are bold; every colour also has a text label in the dashboard, so no
// information is lost.
Style without_colour(Style s);

struct Span {
  std::string text;
  Style style = Style::Plain;
};
using Line = std::vector<Span>;

class Canvas {
 public:
  Canvas(int width, int height);
  [[nodiscard]] int width() const { return width_; }
  [[nodiscard]] int height() const { return height_; }

  // Writes `text` at (row, col), clipped to the canvas. Bytes outside
  // printable ASCII become '?', so one byte is always one cell.
  // Returns the column after the last cell written.
  int put(int row, int col, std::string_view text, Style style = Style::Plain);
  int put(int row, int col, const Line& line);
  void fill(int row, Style style);

  [[nodiscard]] char at(int row, int col) const;
  [[nodiscard]] Style style_at(int row, int col) const;
  // Rows joined with '\n' (trailing spaces kept).
  [[nodiscard]] std::string text() const;
  [[nodiscard]] std::string row_text(int row) const;
  // One code per cell (style_code), rows joined with '\n'.
  [[nodiscard]] std::string style_mask(bool colour) const;
  // The whole frame as escape sequences: each row positioned and written in
  // full, then attributes reset. The bottom-right cell is never written (some
  // terminals scroll when it is).
  [[nodiscard]] std::string ansi(bool colour) const;

 private:
  int width_;
  int height_;
  std::vector<char> chars_;
  std::vector<Style> styles_;
};

std::string sgr(Style s, bool colour);

}  // namespace risk::dashboard
