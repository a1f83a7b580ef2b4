#pragma once
// The dashboard's screens: pure functions from (model, view, now, size) to a
// Canvas. No terminal, no clock: tests render fixed states and compare them
// with text snapshots.
#include <array>
#include <string_view>
#include <vector>

#include "core/time_zone.hpp"
#include "dashboard/canvas.hpp"
#include "dashboard/model.hpp"

namespace risk::dashboard {

enum class Tab { Overview = 0, Pnl, Positions, Rules, Lockouts, Enforcement, Sessions, Connections };
inline constexpr int kTabCount = 8;
std::string_view tab_name(Tab t, bool short_name = false);
// `overview`, `pnl`, ... (snapshot file names, `--tab`).
std::string_view tab_slug(Tab t);

struct ViewState {
  Tab tab = Tab::Overview;
  int scroll = 0;  // first content line shown
};

struct RenderOptions {
  int width = 80;
  int height = 24;
  bool colour = true;
  const TimeZone* zone = nullptr;  // display zone (the account's); null = UTC
};

// Smallest usable size; below it the dashboard says so instead of drawing.
inline constexpr int kMinWidth = 60;
inline constexpr int kMinHeight = 12;

Canvas render(const Model& model, const ViewState& view, Timestamp now, const RenderOptions& options);

// The content lines of one tab, before clipping and scrolling.
std::vector<Line> tab_lines(const Model& model, Tab tab, Timestamp now, int width, const TimeZone& zone);

// Colour of a rule's usage: green < 70 %, yellow 70-90 %, red > 90 % or breached.
Style usage_style(std::optional<std::int64_t> percent, bool breached);

// Lines of content that fit between the tab bar and the status bar.
inline int content_rows(int height) { return height - 3; }

}  // namespace risk::dashboard

#include "dashboard/keys.hpp"
namespace risk::dashboard {
// Applies one key to the view: 1-8 pick a tab, left/right cycle tabs (scroll
// resets), up/down/page keys scroll. Returns false for Quit.
bool handle_key(ViewState& view, Key key, int page_rows);
}  // namespace risk::dashboard
