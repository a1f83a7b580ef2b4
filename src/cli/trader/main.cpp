// risk-trader: the trader's read-only live dashboard, and `risk-trader status`.
// See docs/trader.md.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>

#include <CLI/CLI.hpp>
#include <unistd.h>

#include "cli/trader/terminal.hpp"
#include "dashboard/feed.hpp"
#include "dashboard/render.hpp"
#include "dashboard/status.hpp"
#include "tz/iana_zone.hpp"

using namespace risk;
using namespace risk::dashboard;

namespace {

bool colour_wanted(bool no_colour_flag) {
  if (no_colour_flag) return false;
  const char* nc = std::getenv("NO_COLOR");  // https://no-color.org: present and not empty
  if (nc != nullptr && nc[0] != '\0') return false;
  const char* term = std::getenv("TERM");
  return !(term != nullptr && std::string_view(term) == "dumb");
}

// Zones are loaded once per name; an unknown name falls back to UTC.
const TimeZone& zone_for(const std::string& name) {
  static std::map<std::string, TimeZonePtr> cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    auto z = tz::load(name);
    it = cache.emplace(name, z ? z.value() : utc_zone()).first;
  }
  return *it->second;
}

int run_dashboard(const Dashboard::Options& options, const std::string& default_tz, bool colour, int first_tab) {
  SystemClock clock;
  Terminal term;
  std::string error;
  if (!term.open(error)) {
    std::cerr << "risk-trader: " << error << "\n";
    return 2;
  }
  Dashboard dash(options, clock);
  dash.start();
  ViewState view;
  view.tab = static_cast<Tab>(first_tab);
  std::string last_frame;
  std::pair<int, int> last_size{0, 0};
  for (;;) {
    dash.update();
    const auto size = term.size();
    if (size != last_size || Terminal::take_resized()) {
      term.clear();
      last_frame.clear();
      last_size = size;
    }
    const Model& m = dash.model();
    RenderOptions ro;
    ro.width = size.first;
    ro.height = size.second;
    ro.colour = colour;
    ro.zone = &zone_for(m.timezone.empty() ? default_tz : m.timezone);
    const std::string frame = render(m, view, clock.now(), ro).ansi(colour);
    if (frame != last_frame) {
      term.write(frame);
      last_frame = frame;
    }
    if (Terminal::interrupted()) break;
    bool quit = false;
    for (const Key k : parse_keys(term.read_input(std::chrono::milliseconds(200)))) {
      if (k == Key::Redraw) {
        last_frame.clear();
        term.clear();
      }
      if (!handle_key(view, k, content_rows(size.second))) quit = true;
    }
    if (quit) break;
  }
  term.restore();
  std::fflush(stdout);
  // Nothing to save (read-only); a feed thread blocked in a read would delay
  // an orderly join by up to the stall timeout, so leave at once.
  dash.request_stop();
  std::_Exit(0);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"risk-trader: the trader's read-only risk dashboard (live from the daemon, database fallback)"};
  std::int64_t account = 0;
  std::string server = "127.0.0.1:8765";
  std::string db_path;
  std::string tz = "America/Chicago";
  bool no_colour = false;
  int tab = 1;
  app.add_option("--account", account, "account id (default: the only/first account)");
  app.add_option("--server", server, "the daemon's event server, host:port")->capture_default_str();
  app.add_option("--db", db_path, "state database (opened read-only) for the fallback, history and tick sizes");
  app.add_option("--tz", tz, "time zone for times until the daemon reports the account's")->capture_default_str();
  app.add_flag("--no-color", no_colour, "no colour (also when NO_COLOR is set)");
  app.add_option("--tab", tab, "tab to open (1-8)")->check(CLI::Range(1, kTabCount));

  auto* status = app.add_subcommand("status", "one-shot summary (for scripts: --json)");
  bool json = false;
  bool offline = false;
  int timeout_ms = 3000;
  status->add_flag("--json", json, "print JSON");
  status->add_flag("--offline", offline, "do not ask the daemon; read the database only");
  status->add_option("--timeout-ms", timeout_ms, "time allowed for the daemon's snapshot")->capture_default_str();
  // The subcommand accepts the global options after it too.
  status->add_option("--account", account, "account id");
  status->add_option("--server", server, "event server host:port");
  status->add_option("--db", db_path, "state database (read-only)");
  status->add_option("--tz", tz, "time zone for times");

  CLI11_PARSE(app, argc, argv);

  if (status->parsed()) {
    SystemClock clock;
    StatusOptions so;
    so.server = server;
    so.db_path = db_path;
    so.account = account;
    so.timeout = std::chrono::milliseconds(timeout_ms);
    so.offline = offline;
    so.json = json;
    std::string out;
    const int rc = run_status(so, clock, &zone_for(tz), out);
    std::fwrite(out.data(), 1, out.size(), rc == 0 ? stdout : stderr);
    return rc;
  }
  Dashboard::Options o;
  o.server = server;
  o.db_path = db_path;
  o.account = account;
  return run_dashboard(o, tz, colour_wanted(no_colour), tab - 1);
}
