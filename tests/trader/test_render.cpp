// Rendering of each tab from a fixed state, compared with the committed text
// snapshots in tests/trader/snapshots/. Each file holds the screen's text and
// a style mask (one code per cell). To regenerate after an intended change:
//   RISK_UPDATE_SNAPSHOTS=1 build/dev/tests/test_trader --gtest_filter='TraderRender*'
// then review with `git diff tests/trader/snapshots`.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "dashboard/render.hpp"
#include "fixture.hpp"
#include "tz/iana_zone.hpp"

namespace risk::dashboard {
namespace {

namespace fs = std::filesystem;

fs::path snapshot_dir() {
  const char* env = std::getenv("RISK_SOURCE_DIR");
  const fs::path root = env != nullptr && env[0] != '\0' ? fs::path(env) : fs::path(RISK_SOURCE_DIR_FALLBACK);
  return root / "tests" / "trader" / "snapshots";
}

std::string framed(const std::string& block) {
  std::string out;
  std::istringstream in(block);
  for (std::string line; std::getline(in, line);) out += "|" + line + "|\n";
  return out;
}

std::string snapshot_text(const Canvas& c, bool colour, const std::string& what) {
  return "# risk-trader " + what + " " + std::to_string(c.width()) + "x" + std::to_string(c.height()) +
         (colour ? " colour" : " NO_COLOR") +
         "\n# styles: ' ' plain, b bold, d dim, g green, y yellow, r red, R reverse (bars), S selected tab\n"
         "# regenerate: RISK_UPDATE_SNAPSHOTS=1 build/dev/tests/test_trader --gtest_filter='TraderRender*'\n"
         "text:\n" +
         framed(c.text()) + "styles:\n" + framed(c.style_mask(colour));
}

void expect_snapshot(const std::string& name, const std::string& actual) {
  const fs::path file = snapshot_dir() / (name + ".txt");
  const char* update = std::getenv("RISK_UPDATE_SNAPSHOTS");
  if (update != nullptr && update[0] == '1') {
    std::ofstream(file, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(file, std::ios::binary);
  ASSERT_TRUE(in.good()) << "missing snapshot " << file << " (run with RISK_UPDATE_SNAPSHOTS=1 to create it)";
  std::stringstream expected;
  expected << in.rdbuf();
  if (expected.str() != actual) {
    const fs::path got = fs::temp_directory_path() / (name + ".actual.txt");
    std::ofstream(got, std::ios::binary) << actual;
    ADD_FAILURE() << "screen differs from " << file << "\nactual written to " << got << "\ndiff -u " << file << " "
                  << got << "\n(or regenerate with RISK_UPDATE_SNAPSHOTS=1 and review git diff)";
  }
}

const TimeZone& chicago() {
  static const TimeZonePtr z = [] {
    auto r = tz::load("America/Chicago");
    return r ? r.value() : utc_zone();
  }();
  return *z;
}

Canvas draw(const Model& m, Tab tab, int w, int h, bool colour, int scroll = 0) {
  RenderOptions o;
  o.width = w;
  o.height = h;
  o.colour = colour;
  o.zone = &chicago();
  return render(m, ViewState{tab, scroll}, test::kNow, o);
}

class TraderRenderTab : public ::testing::TestWithParam<std::tuple<Tab, int, int>> {};

TEST_P(TraderRenderTab, MatchesSnapshot) {
  ASSERT_EQ(chicago().name(), "America/Chicago") << "tzdata is needed for these snapshots";
  const auto [tab, w, h] = GetParam();
  const Model m = test::fixture_model();
  const Canvas c = draw(m, tab, w, h, true);
  expect_snapshot(std::string(tab_slug(tab)) + "_" + std::to_string(w) + "x" + std::to_string(h),
                  snapshot_text(c, true, std::string(tab_slug(tab))));
  // Every screen keeps its frame: title, tab bar with the tab selected, status bar.
  EXPECT_NE(c.row_text(0).find("account 1001 demo"), std::string::npos);
  EXPECT_EQ(c.style_at(0, 0), Style::Bar);
  EXPECT_NE(c.row_text(h - 1).find("LIVE"), std::string::npos);
}

std::vector<std::tuple<Tab, int, int>> all_tabs() {
  std::vector<std::tuple<Tab, int, int>> out;
  for (int i = 0; i < kTabCount; ++i) {
    out.emplace_back(static_cast<Tab>(i), 100, 32);
    out.emplace_back(static_cast<Tab>(i), 80, 24);
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(AllTabs, TraderRenderTab, ::testing::ValuesIn(all_tabs()), [](const auto& p) {
  return std::string(tab_slug(std::get<0>(p.param))) + "_" + std::to_string(std::get<1>(p.param)) + "x" +
         std::to_string(std::get<2>(p.param));
});

TEST(TraderRender, NoColorRulesAt80x24) {
  const Model m = test::fixture_model();
  const Canvas c = draw(m, Tab::Rules, 80, 24, false);
  expect_snapshot("rules_80x24_no_color", snapshot_text(c, false, "rules"));
  const std::string mask = c.style_mask(false);
  EXPECT_EQ(mask.find_first_of("gyr"), std::string::npos);
  // The escape stream has no colour (SGR 30-37) at all, only bold/dim/reverse.
  const std::string ansi = c.ansi(false);
  for (const char* code : {"31m", "32m", "33m", ";31", ";32", ";33"})
    EXPECT_EQ(ansi.find(code), std::string::npos) << code;
  // Colour is never the only signal: the states are words too.
  const std::string text = c.text();
  for (const char* word : {"BREACHED", "DANGER", "warning", "ok", "off"})
    EXPECT_NE(text.find(word), std::string::npos) << word;
  // With colour, the same screen does use green, yellow and red.
  const std::string coloured = draw(m, Tab::Rules, 80, 24, true).ansi(true);
  for (const char* code : {"32m", "33m", ";31m"}) EXPECT_NE(coloured.find(code), std::string::npos) << code;
}

TEST(TraderRender, NoColorOverviewAt80x24) {
  const Model m = test::fixture_model();
  expect_snapshot("overview_80x24_no_color", snapshot_text(draw(m, Tab::Overview, 80, 24, false), false, "overview"));
}

TEST(TraderRender, DatabaseFallbackSaysSoInTheStatusBar) {
  Model m = test::fixture_model();
  m.source = Source::Database;
  m.disconnected_since = test::kNow - seconds(20);
  m.next_retry_at = test::kNow + seconds(4);
  m.db_polled_at = test::kNow - seconds(1);
  m.problem = "cannot connect to 127.0.0.1:8765: Connection refused";
  const Canvas c = draw(m, Tab::Overview, 80, 24, true);
  expect_snapshot("overview_80x24_fallback", snapshot_text(c, true, "overview (daemon unreachable)"));
  EXPECT_NE(c.row_text(23).find("DAEMON UNREACHABLE"), std::string::npos);
  EXPECT_NE(c.row_text(23).find("retry in 4s"), std::string::npos);
  EXPECT_EQ(c.style_at(23, 1), Style::Bad);
  const Canvas conn = draw(m, Tab::Connections, 80, 24, true);
  expect_snapshot("connections_80x24_fallback", snapshot_text(conn, true, "connections (daemon unreachable)"));
}

TEST(TraderRender, ScrollingShowsTheRestAndClamps) {
  const Model m = test::fixture_model();
  const Canvas top = draw(m, Tab::Overview, 80, 14, true);
  EXPECT_NE(top.row_text(12).find("more below"), std::string::npos);
  const Canvas end = draw(m, Tab::Overview, 80, 14, true, 1000);
  EXPECT_NE(end.row_text(2).find("more above"), std::string::npos);
  EXPECT_EQ(end.text().find("more below"), std::string::npos);
  EXPECT_NE(end.text().find("broker allows trading"), std::string::npos);
}

TEST(TraderRender, NoSourceYetShowsNoFigures) {
  Model m(1001);
  m.source = Source::Database;  // the daemon refused and there is no --db
  m.server = "127.0.0.1:8765";
  const Canvas c = draw(m, Tab::Overview, 80, 24, true);
  EXPECT_NE(c.text().find("no database was given"), std::string::npos);
  EXPECT_EQ(c.text().find("trading allowed"), std::string::npos);
  EXPECT_EQ(c.text().find("0.00"), std::string::npos);
  EXPECT_NE(c.row_text(23).find("DAEMON UNREACHABLE"), std::string::npos);
}

TEST(TraderRender, TooSmallSaysSo) {
  const Model m = test::fixture_model();
  const Canvas c = draw(m, Tab::Overview, 40, 8, true);
  EXPECT_NE(c.text().find("terminal too small"), std::string::npos);
  EXPECT_NE(c.text().find("40x8, need 60x12"), std::string::npos);
}

TEST(TraderRender, LockoutCountdownFollowsNow) {
  const Model m = test::fixture_model();
  RenderOptions o;
  o.zone = &chicago();
  const auto text_at = [&](Timestamp now) { return render(m, ViewState{Tab::Lockouts, 0}, now, o).text(); };
  EXPECT_NE(text_at(test::kNow).find("ends in 4m 05s"), std::string::npos);
  EXPECT_NE(text_at(test::kNow + seconds(125)).find("ends in 2m 00s"), std::string::npos);
  EXPECT_NE(text_at(test::kNow + seconds(244)).find("ends in 1s"), std::string::npos);
  EXPECT_NE(text_at(test::kNow + seconds(245)).find("ending"), std::string::npos);
}

TEST(TraderRender, AnsiFrameIsPlainVt100) {
  const Model m = test::fixture_model();
  const Canvas c = draw(m, Tab::Overview, 80, 24, true);
  const std::string a = c.ansi(true);
  EXPECT_EQ(a.rfind("\x1b[1;1H", 0), 0u);
  EXPECT_NE(a.find("\x1b[24;1H"), std::string::npos);
  // Only cursor positioning (H) and SGR (m) sequences.
  for (std::size_t i = a.find('\x1b'); i != std::string::npos; i = a.find('\x1b', i + 1)) {
    const std::size_t end = a.find_first_of("Hm", i);
    ASSERT_NE(end, std::string::npos);
    EXPECT_EQ(a.substr(i + 1, 1), "[");
    for (std::size_t k = i + 2; k < end; ++k)
      EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(a[k])) || a[k] == ';');
  }
}

}  // namespace
}  // namespace risk::dashboard
