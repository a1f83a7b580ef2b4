// The configuration adapter: loading, every diagnostic, secrets, permissions,
// the tighten-only lock and reload.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/stat.h>
#ifndef _WIN32
#include <grp.h>
#include <unistd.h>
#endif

#include "config/daemon_config.hpp"
#include "config/diagnostics.hpp"
#include "config/loader.hpp"
#include "config/reload.hpp"
#include "core/secret.hpp"
#include "engine/engine.hpp"
#include "engine/settings_lock.hpp"
#include "tz/iana_zone.hpp"

using namespace risk;
using namespace risk::config;
namespace fs = std::filesystem;

namespace {

constexpr const char* kTestKey = "test-key-Zq81-never-printed-9f2c";

std::string source_dir() {
  if (const char* e = std::getenv("RISK_SOURCE_DIR")) return e;
  return RISK_SOURCE_DIR_DEFAULT;
}
fs::path data_dir() { return fs::path(source_dir()) / "tests/data/config"; }

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    if (auto it = vars.find(std::string(name)); it != vars.end()) return it->second;
    return std::nullopt;
  };
}
EnvLookup test_env() {
  return env_of({{"RISK_TEST_KEY", kTestKey},
                 {"RISK_TEST_SIM_URL", "https://127.0.0.1:7443"},
                 {"RISK_SOURCE_DIR", source_dir()}});
}

LoadOptions options_for(const fs::path& accounts, const fs::path& risk) {
  LoadOptions o;
  o.accounts_file = accounts.string();
  o.risk_config_file = risk.string();
  o.allow_insecure_permissions = true;  // files from git are 0644; permissions have their own tests
  o.env = test_env();
  return o;
}

LoadResult load_good(const std::string& dir) {
  return load_config(
      options_for(data_dir() / "good" / dir / "accounts.yaml", data_dir() / "good" / dir / "risk_config.yaml"));
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TimeZonePtr zone(std::string_view name) {
  auto z = tz::load(name);
  EXPECT_TRUE(z.ok()) << name;
  return *z;
}

Decimal dec(std::string_view s) { return *Decimal::parse(s); }

// ---- broken files: one test each ---------------------------------------------

struct BadCase {
  std::string name;
  fs::path path;
  bool accounts = false;
};

std::vector<BadCase> bad_cases() {
  std::vector<BadCase> out;
  const fs::path dir = data_dir() / "bad";
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string file = e.path().filename().string();
    const bool accounts = file.ends_with(".accounts.yaml");
    if (!accounts && !file.ends_with(".risk.yaml")) continue;
    out.push_back(BadCase{file.substr(0, file.find('.')), e.path(), accounts});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

struct Expectation {
  std::string key, message, absent;
  int line = 0;
};

Expectation expectation_of(const fs::path& p) {
  Expectation x;
  std::ifstream in(p);
  std::string line;
  int n = 0;
  auto header = [&](std::string_view tag, std::string& out) {
    if (line.rfind(tag, 0) == 0) out = line.substr(tag.size());
  };
  while (std::getline(in, line)) {
    ++n;
    header("# expect-key: ", x.key);
    header("# expect-message: ", x.message);
    header("# expect-absent: ", x.absent);
    if (line.find("# <-- here") != std::string::npos && x.line == 0) x.line = n;
    if (line.rfind("# expect-line: ", 0) == 0) x.line = std::stoi(line.substr(15));
  }
  return x;
}

class BadFile : public testing::TestWithParam<BadCase> {};

TEST_P(BadFile, ReportsFileLineAndKeyAndRefusesToStart) {
  const BadCase& c = GetParam();
  const Expectation x = expectation_of(c.path);
  ASSERT_GT(x.line, 0) << "mark the offending line with '# <-- here'";
  const fs::path good = data_dir() / "good/minimal";
  const LoadOptions opts =
      c.accounts ? options_for(c.path, good / "risk_config.yaml") : options_for(good / "accounts.yaml", c.path);
  const LoadResult r = load_config(opts);
  const std::string report = r.report();

  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.config.has_value()) << "nothing may start on a broken configuration";
  const auto it = std::find_if(r.diagnostics.begin(), r.diagnostics.end(), [&](const Diagnostic& d) {
    return d.severity == Severity::Error && d.file == c.path.string() && d.line == x.line && d.key_path == x.key &&
           d.message.find(x.message) != std::string::npos;
  });
  ASSERT_NE(it, r.diagnostics.end()) << "expected " << c.path.string() << ":" << x.line << ": " << x.key << ": "
                                     << x.message << "\nreport:\n"
                                     << report;
  EXPECT_GT(it->column, 0);
  EXPECT_FALSE(it->fix.empty()) << "every error says how to fix it";
  EXPECT_NE(report.find(c.path.string() + ":" + std::to_string(x.line) + ":"), std::string::npos) << report;
  EXPECT_NE(report.find("    fix: "), std::string::npos);
  EXPECT_EQ(report.find(kTestKey), std::string::npos) << "an API key leaked:\n" << report;
  if (!x.absent.empty()) {
    EXPECT_EQ(report.find(x.absent), std::string::npos) << "secret leaked:\n" << report;
  }

  // A reload with this file is rejected and the running configuration stays.
  auto initial = load_good("minimal");
  ASSERT_TRUE(initial.ok()) << initial.report();
  ConfigHolder holder(std::move(*initial.config));
  const auto before = holder.current();
  const ReloadResult rr = holder.reload(opts);
  EXPECT_FALSE(rr.applied);
  EXPECT_FALSE(rr.event.has_value());
  EXPECT_EQ(holder.current(), before);
  EXPECT_NE(rr.report().find("rejected; still running on the previous configuration"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Config, BadFile, testing::ValuesIn(bad_cases()),
                         [](const testing::TestParamInfo<BadCase>& p) { return p.param.name; });

TEST(BadFiles, ThereAreAtLeastThirty) { EXPECT_GE(bad_cases().size(), 30u); }

// ---- good files --------------------------------------------------------------

TEST(GoodFiles, MinimalGivesTheShippedDefaults) {
  const LoadResult r = load_good("minimal");
  ASSERT_TRUE(r.ok()) << r.report();
  EXPECT_EQ(count(r.diagnostics, Severity::Error), 0u) << r.report();
  const DaemonConfig& c = *r.config;
  EXPECT_EQ(c.settings->global, GlobalSettings{});
  ASSERT_EQ(c.settings->accounts.size(), 1u);
  const AccountSettings& a = c.settings->accounts[0];
  EXPECT_EQ(a.account_id, 1001);
  EXPECT_TRUE(a.enabled);
  EXPECT_EQ(a.rules, RulesConfig{});
  EXPECT_EQ(a.reset_time, TimeOfDay::hm(17, 0));
  ASSERT_NE(a.timezone, nullptr);
  EXPECT_EQ(a.timezone->name(), "America/Chicago");
  ASSERT_NE(a.rules.session_block_outside.timezone, nullptr);
  EXPECT_EQ(c.gateway, GatewaySettings{});
  EXPECT_EQ(c.event_server.address(), "127.0.0.1:8765");
  EXPECT_EQ(c.paths, PathSettings{});
  ASSERT_EQ(c.credentials.size(), 1u);
  EXPECT_EQ(c.credentials[0].username, "alice");
  EXPECT_EQ(c.credentials[0].api_key.reveal(), kTestKey);
}

TEST(GoodFiles, ShippedRiskConfigIsExactlyTheDefaults) {
  const fs::path root(source_dir());
  auto o = options_for(root / "config/accounts.yaml", root / "config/risk_config.yaml");
  o.env = env_of({{"RISK_API_KEY_TRADER1", kTestKey}});
  const LoadResult r = load_config(o);
  ASSERT_TRUE(r.ok()) << r.report();
  const EngineSettings& s = *r.config->settings;
  EXPECT_EQ(s.global, GlobalSettings{});
  EXPECT_EQ(r.config->gateway, GatewaySettings{});
  EXPECT_EQ(r.config->event_server, EventServerSettings{});
  EXPECT_EQ(r.config->paths, PathSettings{});
  ASSERT_EQ(s.accounts.size(), 2u);
  // The second account has no overrides: exactly the defaults of settings.hpp.
  EXPECT_EQ(s.accounts[1].rules, RulesConfig{});
  EXPECT_EQ(s.accounts[1].timezone_name, "America/New_York");
  // The first overrides one field of two rules; everything else is inherited.
  RulesConfig expected;
  expected.daily_realized_loss.loss_limit = Decimal::from_int(300);
  expected.max_contracts_per_instrument.limits[SymbolRoot::of("MNQ")] = 1;
  EXPECT_EQ(s.accounts[0].rules, expected);
  EXPECT_EQ(s.accounts[0].nickname, "Combine 50K");
  // Both accounts share one credential: one login.
  const auto logins = r.config->logins();
  ASSERT_EQ(logins.size(), 1u);
  EXPECT_EQ(logins[0].accounts, (std::vector<AccountId>{123456, 123457}));
}

TEST(GoodFiles, DemoConfigLoadsWithTheSimulatorFromTheEnvironment) {
  const fs::path root(source_dir());
  auto o = options_for(root / "config/demo/accounts.yaml", root / "config/demo/risk_config.yaml");
  const std::string ca = (data_dir() / "good/minimal/ca.pem").string();
  o.env = env_of({{"RISK_SIM_URL", "https://127.0.0.1:7443"}, {"RISK_SIM_CA", ca}});
  const LoadResult r = load_config(o);
  ASSERT_TRUE(r.ok()) << r.report();
  const DaemonConfig& c = *r.config;
  EXPECT_EQ(c.gateway.rest_base_url, "https://127.0.0.1:7443");
  EXPECT_EQ(c.gateway.user_hub_url, "https://127.0.0.1:7443/hubs/user");
  EXPECT_EQ(c.gateway.market_hub_url, "https://127.0.0.1:7443/hubs/market");
  EXPECT_EQ(c.gateway.ca_file, ca);
  EXPECT_EQ(c.paths.data_dir, "demo-run/data");
  ASSERT_EQ(c.credentials.size(), 1u);
  EXPECT_EQ(c.credentials[0].account_id, 1001);
  EXPECT_EQ(c.credentials[0].username, "demo-trader");
  EXPECT_EQ(c.credentials[0].api_key.reveal(), "demo-local-only-key-0001");  // the local-only default
  const EngineSettings& s = *c.settings;
  EXPECT_EQ(s.global.settings_lock, SettingsLock::TightenOnly);
  EXPECT_EQ(s.accounts[0].rules.trade_frequency_limit.per_minute, 3);
  EXPECT_FALSE(s.accounts[0].rules.session_block_outside.enabled);

  // Without the simulator's certificate the demo refuses to start, and says why.
  o.env = env_of({{"RISK_SIM_CA", "/nonexistent/sim-ca.pem"}});
  const LoadResult missing = load_config(o);
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(missing.report().find("gateway.ca_file: cannot read CA file '/nonexistent/sim-ca.pem'"), std::string::npos)
      << missing.report();
}

TEST(GoodFiles, FullFileGivesEveryValueAndOverridesMergeFieldByField) {
  const LoadResult r = load_good("full");
  ASSERT_TRUE(r.ok()) << r.report();
  const DaemonConfig& c = *r.config;
  const GlobalSettings& g = c.settings->global;
  EXPECT_EQ(g.reset_time, TimeOfDay::hm(16, 0));
  EXPECT_EQ(g.timezone_name, "America/New_York");
  EXPECT_FALSE(g.include_fees);
  EXPECT_EQ(g.mark_price, MarkPriceMode::BidAsk);
  EXPECT_EQ(g.max_quote_age_seconds, 5);
  EXPECT_EQ(g.holidays, (std::vector<CivilDate>{{2026, 7, 3}, {2026, 12, 25}}));  // sorted
  EXPECT_EQ(g.warn_at_percent, 75);
  EXPECT_EQ(g.settings_lock, SettingsLock::TightenOnly);

  RulesConfig x;  // what the file says, built by hand
  x.max_contracts = {true, 4, MaxContractsConfig::Enforcement::ReduceToLimit, 15};
  x.max_contracts_per_instrument.limits = {
      {SymbolRoot::of("MNQ"), 3}, {SymbolRoot::of("EP"), 2}, {SymbolRoot::of("MES"), 0}};
  x.max_contracts_per_instrument.unknown_symbol = MaxContractsPerInstrumentConfig::UnknownSymbol::Limit;
  x.max_contracts_per_instrument.unknown_limit = 1;
  x.max_contracts_per_instrument.enforcement = MaxContractsPerInstrumentConfig::Enforcement::ClosePosition;
  x.daily_realized_loss = {true, dec("750.5"), LossLockout::Permanent};
  x.daily_unrealized_loss = {true, dec("250.25"), DailyUnrealizedLossConfig::Scope::Total};
  x.max_unrealized_profit = {true, MaxUnrealizedProfitConfig::Mode::Breakeven, dec("900"), dec("150")};
  x.trade_frequency_limit = {true, 2, 8, 30, 90, 1200, 7200, TradeFrequencyConfig::SessionLockout::Cooldown};
  x.cooldown_after_loss.tiers = {{dec("-75.5"), 120}, {dec("-250"), 1200}};  // least severe first
  x.no_stop_loss_grace = {false, 45};
  x.session_block_outside.window = {TimeOfDay::hm(18, 0), TimeOfDay::hm(16, 0)};
  x.session_block_outside.timezone_name = "America/New_York";
  x.session_block_outside.per_root = {{SymbolRoot::of("MNQ"), {TimeOfDay::hm(9, 30), TimeOfDay::hm(16, 0)}}};
  x.session_block_outside.close_at_session_end = false;
  x.auth_loss_guard = {true, false};
  x.symbol_blocks = {true, {SymbolRoot::of("ENQ"), SymbolRoot::of("CLE")}, false};  // normalised, deduplicated
  x.trade_management = {true, false, 12, 2, true, 30, 10};
  x.daily_realized_profit = {false, dec("1500")};

  const auto& accounts = c.settings->accounts;
  ASSERT_EQ(accounts.size(), 3u);
  EXPECT_EQ(accounts[0].rules, x);
  EXPECT_EQ(accounts[0].nickname, "Alice 50K");
  EXPECT_EQ(accounts[0].reset_time, TimeOfDay::hm(16, 0));      // from global
  EXPECT_EQ(accounts[0].timezone->name(), "America/New_York");  // from global
  EXPECT_EQ(accounts[0].rules.session_block_outside.timezone->name(), "America/New_York");
  EXPECT_FALSE(accounts[1].enabled);

  // Account 2001 overrides single fields; the rest is inherited from the file's rules.
  RulesConfig y = x;
  y.daily_realized_loss.loss_limit = Decimal::from_int(300);         // lockout_until stays permanent
  y.max_contracts_per_instrument.limits[SymbolRoot::of("MNQ")] = 1;  // maps merge per root
  y.symbol_blocks.blocked_symbols = {SymbolRoot::of("MES")};         // lists replace
  y.no_stop_loss_grace.enabled = true;                               // grace 45 inherited
  y.session_block_outside.timezone_name = "America/Chicago";
  EXPECT_EQ(accounts[2].rules, y);
  EXPECT_EQ(accounts[2].rules.session_block_outside.timezone->name(), "America/Chicago");
  EXPECT_EQ(accounts[2].timezone_name, "America/Chicago");

  EXPECT_EQ(c.gateway.rest_base_url, "https://127.0.0.1:7443");  // trailing slash dropped
  EXPECT_EQ(c.gateway.user_hub_url, "https://127.0.0.1:7443/hubs/user");
  EXPECT_EQ(c.gateway.market_hub_url, "https://127.0.0.1:7443/hubs/market");
  EXPECT_EQ(c.gateway.connect_timeout_seconds, 3);
  EXPECT_EQ(c.gateway.request_timeout_seconds, 4);
  EXPECT_EQ(c.event_server.address(), "127.0.0.1:9876");
  EXPECT_EQ(c.paths.data_dir, "/var/lib/riskd");
  EXPECT_EQ(c.paths.log_dir, "/var/log/riskd");

  // One login per distinct credential, enabled accounts only (1002 is disabled).
  const auto logins = c.logins();
  ASSERT_EQ(logins.size(), 2u);
  EXPECT_EQ(logins[0].username, "alice");
  EXPECT_EQ(logins[0].accounts, (std::vector<AccountId>{1001}));
  EXPECT_EQ(logins[1].username, "bob");
  EXPECT_EQ(logins[1].api_key.reveal(), "literal-key-for-bob-0042");
}

TEST(GoodFiles, LoadingTwiceGivesTheSameSettings) {
  const LoadResult a = load_good("full");
  const LoadResult b = load_good("full");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(same_settings(*a.config->settings, *b.config->settings));
  // And splitting identical settings changes nothing.
  const LockSplit s = split_settings_change(*a.config->settings, *b.config->settings);
  EXPECT_TRUE(s.changes.empty());
  EXPECT_EQ(s.pending, nullptr);
}

// ---- everything at once, formatting --------------------------------------------

TEST(Diagnostics, EveryProblemOfBothFilesIsReportedAtOnce) {
  const std::string risk =
      "global:\n"
      "  timezone: Mars/Olympus\n"
      "rules:\n"
      "  max_contracts:\n"
      "    limit: lots\n"
      "  daily_realized_loss:\n"
      "    loss_limit: -5\n";
  const std::string accounts =
      "accounts:\n"
      "  - account_id: 7\n"
      "    username: u\n"
      "    api_key: ${RISK_TEST_KEY}\n"
      "    nicknam: x\n"
      "  - account_id: 7\n"
      "    username: u\n"
      "    api_key: ${RISK_TEST_KEY}\n";
  const LoadResult r = load_config_text(accounts, "a.yaml", risk, "r.yaml", test_env());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(count(r.diagnostics, Severity::Error), 5u) << r.report();
  const std::string report = r.report();
  // Sorted by file then line.
  const auto p1 = report.find("a.yaml:5:5: error: accounts[0].nicknam: unknown key (did you mean 'nickname'?)");
  const auto p2 = report.find("a.yaml:6:17: error: accounts[1].account_id: duplicate account id 7 (first at line 2)");
  const auto p3 = report.find("r.yaml:2:13: error: global.timezone: unknown time zone 'Mars/Olympus'");
  const auto p4 = report.find("r.yaml:5:12: error: rules.max_contracts.limit: 'lots' is not a whole number");
  const auto p5 = report.find("r.yaml:7:17: error: rules.daily_realized_loss.loss_limit: -5 is negative");
  for (auto p : {p1, p2, p3, p4, p5}) EXPECT_NE(p, std::string::npos) << report;
  EXPECT_TRUE(p1 < p2 && p2 < p3 && p3 < p4 && p4 < p5) << report;
  EXPECT_NE(report.find("    fix: write the limit as a positive amount"), std::string::npos) << report;
  EXPECT_NE(report.find("5 errors, 0 warnings in the configuration; it was not applied"), std::string::npos);
}

TEST(Diagnostics, FormatLooksLikeACompilerError) {
  const Diagnostic d{Severity::Error,
                     "config/risk_config.yaml",
                     42,
                     17,
                     "rules.daily_realized_loss.loss_limt",
                     "unknown key (did you mean 'loss_limit'?)",
                     "rename it to 'loss_limit'"};
  EXPECT_EQ(format_diagnostic(d),
            "config/risk_config.yaml:42:17: error: rules.daily_realized_loss.loss_limt: unknown key (did you mean "
            "'loss_limit'?)\n    fix: rename it to 'loss_limit'\n");
  const Diagnostic w{Severity::Warning, "f.yaml", 0, 0, "", "whole-file problem", ""};
  EXPECT_EQ(format_diagnostic(w), "f.yaml: warning: whole-file problem\n");
}

TEST(Diagnostics, DidYouMean) {
  const std::vector<std::string> keys{"loss_limit", "lockout_until", "enabled"};
  EXPECT_EQ(did_you_mean("loss_limt", keys), "loss_limit");
  EXPECT_EQ(did_you_mean("Enabled", keys), "enabled");
  EXPECT_EQ(did_you_mean("lockout", keys), "lockout_until");
  EXPECT_EQ(did_you_mean("colour", keys), "");
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(Diagnostics, WarningsDoNotStopLoading) {
  const std::string risk = "event_server:\n  host: 0.0.0.0\ngateway:\n  rest_base_url: http://127.0.0.1:8080\n";
  const LoadResult r = load_config_text("accounts: [{account_id: 1, username: u, api_key: k-123456789012}]", "a.yaml",
                                        risk, "r.yaml", test_env());
  ASSERT_TRUE(r.ok()) << r.report();
  EXPECT_EQ(count(r.diagnostics, Severity::Warning), 2u) << r.report();
  EXPECT_NE(r.report().find("r.yaml:2:9: warning: event_server.host: '0.0.0.0' is not a loopback address"),
            std::string::npos)
      << r.report();
}

TEST(Diagnostics, MissingFilesAreReported) {
  LoadOptions o = options_for("/nonexistent/accounts.yaml", "/nonexistent/risk_config.yaml");
  const LoadResult r = load_config(o);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(count(r.diagnostics, Severity::Error), 2u) << r.report();
  EXPECT_NE(r.report().find("/nonexistent/risk_config.yaml: error: cannot open the file (No such file or directory)"),
            std::string::npos)
      << r.report();
}

// ---- secrets -----------------------------------------------------------------

TEST(Secrets, NeverPrinted) {
  const Secret s("abcdefghijklmnop-wxyz");
  std::ostringstream os;
  os << s;
  EXPECT_EQ(os.str(), "****wxyz");
  EXPECT_EQ(testing::PrintToString(s), "****wxyz");
  EXPECT_EQ(Secret("short").hint(), "****");
  EXPECT_EQ(Secret().hint(), "(empty)");
  EXPECT_EQ(scrub("key abcdefghijklmnop-wxyz rejected", s), "key ****wxyz rejected");
}

TEST(Secrets, AKeyWrittenInTheWrongPlaceIsNotEchoed) {
  // The key ends up as a username, a zone and a nickname: messages about them never show it.
  const std::string secret = "sk-live-QWERTY-123456-zxcv";
  const std::string accounts = "accounts:\n  - account_id: 1\n    username: u\n    api_key: " + secret +
                               "\n    timezone: " + secret + "\n    reset_time: " + secret + "\n";
  const LoadResult r = load_config_text(accounts, "a.yaml", "", "r.yaml", test_env());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(count(r.diagnostics, Severity::Error), 2u) << r.report();
  EXPECT_EQ(r.report().find(secret), std::string::npos) << r.report();
  EXPECT_EQ(r.report().find("QWERTY"), std::string::npos) << r.report();
}

TEST(Secrets, ReloadReportShowsOnlyTheHint) {
  auto a = load_config_text("accounts: [{account_id: 1, username: u, api_key: first-key-000000000001}]", "a.yaml", "",
                            "r.yaml", test_env());
  ASSERT_TRUE(a.ok());
  ConfigHolder holder(std::move(*a.config));
  const ReloadResult r = holder.apply(load_config_text(
      "accounts: [{account_id: 1, username: u, api_key: second-key-00000000002}]", "a.yaml", "", "r.yaml", test_env()));
  ASSERT_TRUE(r.applied);
  const std::string report = r.report();
  EXPECT_NE(report.find("account 1: login changed (user u, key ****0002)"), std::string::npos) << report;
  EXPECT_EQ(report.find("second-key"), std::string::npos);
  EXPECT_EQ(report.find("first-key"), std::string::npos);
  EXPECT_EQ(holder.current()->credential(1)->api_key.reveal(), "second-key-00000000002");
}

// ---- ${VAR} ------------------------------------------------------------------

TEST(Environment, Expansion) {
  const EnvLookup env = env_of({{"A", "alpha"}, {"EMPTY", ""}});
  std::string missing;
  EXPECT_EQ(expand_env("plain", env, missing), "plain");
  EXPECT_EQ(expand_env("${A}", env, missing), "alpha");
  EXPECT_EQ(expand_env("x-${A}-${A}/y", env, missing), "x-alpha-alpha/y");
  EXPECT_EQ(expand_env("${B:-https://h:1}/p", env, missing), "https://h:1/p");
  EXPECT_EQ(expand_env("${EMPTY:-d}", env, missing), "d");
  EXPECT_EQ(expand_env("${EMPTY}", env, missing), "");
  EXPECT_EQ(expand_env("cost $5", env, missing), "cost $5");
  EXPECT_FALSE(expand_env("${B}", env, missing));
  EXPECT_EQ(missing, "B");
  EXPECT_FALSE(expand_env("${A", env, missing));
  EXPECT_FALSE(expand_env("${1X}", env, missing));
}

TEST(Environment, KeysNeedNotSitInTheFile) {
  const LoadResult r = load_good("minimal");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(slurp(data_dir() / "good/minimal/accounts.yaml").find(kTestKey), std::string::npos);
  EXPECT_EQ(r.config->credentials[0].api_key.reveal(), kTestKey);
}

// ---- permissions -------------------------------------------------------------

class Permissions : public testing::Test {
 protected:
  void SetUp() override {
#if defined(_WIN32)
    GTEST_SKIP() << "POSIX file modes; on Windows the installer sets the configuration directory's ACLs";
#endif
    dir_ = fs::temp_directory_path() / ("risk-config-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    fs::copy_file(data_dir() / "good/minimal/accounts.yaml", dir_ / "accounts.yaml",
                  fs::copy_options::overwrite_existing);
  }
  void TearDown() override { fs::remove_all(dir_); }
  LoadResult load(bool allow) {
    LoadOptions o = options_for(dir_ / "accounts.yaml", data_dir() / "good/minimal/risk_config.yaml");
    o.allow_insecure_permissions = allow;
    return load_config(o);
  }
  fs::path dir_;
};

TEST_F(Permissions, GroupOrWorldReadableAccountsFileIsRefused) {
  ASSERT_EQ(::chmod((dir_ / "accounts.yaml").string().c_str(), 0644), 0);
  const LoadResult r = load(false);
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u) << r.report();
  const Diagnostic& d = r.diagnostics[0];
  EXPECT_EQ(d.file, (dir_ / "accounts.yaml").string());
  EXPECT_NE(d.message.find("group or others may access it (mode 0644)"), std::string::npos) << d.message;
  EXPECT_NE(d.fix.find("chmod 600 " + (dir_ / "accounts.yaml").string()), std::string::npos) << d.fix;
  EXPECT_NE(d.fix.find("--allow-insecure-config"), std::string::npos);

  ASSERT_EQ(::chmod((dir_ / "accounts.yaml").string().c_str(), 0604), 0);
  EXPECT_FALSE(load(false).ok()) << "others may read it";
}

#if !defined(_WIN32)  // owners and groups: POSIX only
// 0640 is the service layout (root:riskd): accepted when the group is the
// daemon's own effective group, refused when it is another group.
TEST_F(Permissions, GroupReadableOnlyByTheDaemonsOwnGroupIsAccepted) {
  const fs::path file = dir_ / "accounts.yaml";
  struct group* own = ::getgrgid(::getegid());
  if (own != nullptr && own->gr_mem != nullptr && own->gr_mem[0] != nullptr) {
    GTEST_SKIP() << "the test user's own group " << own->gr_name << " has members: 0640 is rightly refused";
  }
  ASSERT_EQ(::chown(file.c_str(), ::geteuid(), ::getegid()), 0);
  ASSERT_EQ(::chmod(file.string().c_str(), 0640), 0);
  const LoadResult ok = load(false);
  EXPECT_TRUE(ok.ok()) << ok.report();
  EXPECT_TRUE(ok.diagnostics.empty()) << ok.report();

  ASSERT_EQ(::chmod(file.string().c_str(), 0660), 0);
  EXPECT_FALSE(load(false).ok()) << "the group may write it";

  // Another group: as root any group will do; otherwise one of the user's supplementary groups.
  gid_t other = 0;
  bool have_other = false;
  if (::geteuid() == 0) {
    other = ::getegid() == 65534 ? 0 : 65534;
    have_other = true;
  } else {
    std::vector<gid_t> groups(static_cast<std::size_t>(std::max(::getgroups(0, nullptr), 0)));
    const int n = ::getgroups(static_cast<int>(groups.size()), groups.data());
    for (int i = 0; i < n && !have_other; ++i) {
      if (groups[static_cast<std::size_t>(i)] != ::getegid()) {
        other = groups[static_cast<std::size_t>(i)];
        have_other = true;
      }
    }
  }
  if (!have_other) GTEST_SKIP() << "not root and in no second group: cannot give the file another group";
  ASSERT_EQ(::chown(file.c_str(), static_cast<uid_t>(-1), other), 0);
  ASSERT_EQ(::chmod(file.string().c_str(), 0640), 0);
  const LoadResult refused = load(false);
  EXPECT_FALSE(refused.ok());
  ASSERT_EQ(refused.diagnostics.size(), 1u) << refused.report();
  EXPECT_NE(refused.diagnostics[0].message.find("is not the daemon's group"), std::string::npos)
      << refused.diagnostics[0].message;
  EXPECT_NE(refused.diagnostics[0].fix.find("chmod 640"), std::string::npos) << refused.diagnostics[0].fix;
}

#endif

// The decision itself, for every case, whoever runs the test.
class SecretFileRule : public testing::Test {
 protected:
  static FileOwnership file(unsigned mode, std::uint32_t uid, std::uint32_t gid,
                            std::vector<std::string> members = {}) {
    FileOwnership f;
    f.mode = mode;
    f.uid = uid;
    f.gid = gid;
    f.owner_name = uid == 0 ? "root" : "u" + std::to_string(uid);
    f.group_name = gid == kRiskd ? "riskd" : "g" + std::to_string(gid);
    f.group_members = std::move(members);
    return f;
  }
  static constexpr std::uint32_t kRiskd = 998;
  static constexpr std::uint32_t kTraders = 997;
  ProcessIdentity me_{kRiskd, kRiskd, "riskd", "riskd"};
};

TEST_F(SecretFileRule, OwnerOnlyIsAlwaysAccepted) {
  EXPECT_FALSE(secret_file_problem(file(0600, kRiskd, kRiskd), me_));
  EXPECT_FALSE(secret_file_problem(file(0400, 0, kTraders), me_));
}

TEST_F(SecretFileRule, RootOwnedGroupReadableByTheDaemonsGroupIsAccepted) {
  EXPECT_FALSE(secret_file_problem(file(0640, 0, kRiskd), me_));
  EXPECT_FALSE(secret_file_problem(file(0640, kRiskd, kRiskd), me_));
  EXPECT_FALSE(secret_file_problem(file(0640, 0, kRiskd, {"riskd"}), me_)) << "the daemon's user may be listed";
}

TEST_F(SecretFileRule, EverythingElseIsRefused) {
  auto refused = [&](const FileOwnership& f, const std::string& why) {
    const auto p = secret_file_problem(f, me_);
    EXPECT_TRUE(p.has_value()) << why;
    if (p) {
      EXPECT_NE(p->find("group or others may access it"), std::string::npos) << *p;
    }
  };
  refused(file(0644, 0, kRiskd), "others may read");
  refused(file(0641, 0, kRiskd), "others may execute");
  refused(file(0602, kRiskd, kRiskd), "others may write");
  refused(file(0640, 0, kTraders), "the traders' group may read");
  refused(file(0660, 0, kRiskd), "the group may write");
  refused(file(0650, 0, kRiskd), "the group may execute");
  refused(file(0640, 1000, kRiskd), "owned by another user, who may chmod it");
  refused(file(0640, 0, kRiskd, {"riskd", "alice"}), "a trader was added to the daemon's group");
  EXPECT_NE(secret_file_problem(file(0640, 0, kTraders), me_)->find("its group g997 is not the daemon's group riskd"),
            std::string::npos);
  EXPECT_NE(secret_file_problem(file(0640, 0, kRiskd, {"alice"}), me_)->find("also has the members alice"),
            std::string::npos);
}

TEST_F(Permissions, OwnerOnlyIsAccepted) {
  ASSERT_EQ(::chmod((dir_ / "accounts.yaml").string().c_str(), 0600), 0);
  const LoadResult r = load(false);
  ASSERT_TRUE(r.ok()) << r.report();
  EXPECT_TRUE(r.diagnostics.empty());
}

TEST_F(Permissions, DevelopmentFlagTurnsTheErrorIntoAWarning) {
  ASSERT_EQ(::chmod((dir_ / "accounts.yaml").string().c_str(), 0644), 0);
  const LoadResult r = load(true);
  ASSERT_TRUE(r.ok()) << r.report();
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::Warning);
}

// ---- the tighten-only split ----------------------------------------------------

EngineSettings settings_with(SettingsLock lock, std::vector<AccountId> ids = {1001}) {
  EngineSettings s;
  s.global.settings_lock = lock;
  for (AccountId id : ids) {
    AccountSettings a;
    a.account_id = id;
    a.timezone = zone("America/Chicago");
    a.rules.session_block_outside.timezone = a.timezone;
    s.accounts.push_back(a);
  }
  return s;
}

const RulesConfig& rules_of(const EngineSettingsPtr& s, AccountId id = 1001) { return s->find(id)->rules; }

TEST(TightenOnly, LooserLossLimitIsHeldUntilTheAccountsReset) {
  const EngineSettings old = settings_with(SettingsLock::TightenOnly);
  EngineSettings next = old;
  next.accounts[0].rules.daily_realized_loss.loss_limit = Decimal::from_int(800);
  const LockSplit s = split_settings_change(old, next);
  EXPECT_EQ(rules_of(s.now).daily_realized_loss.loss_limit, Decimal::from_int(500));
  ASSERT_NE(s.pending, nullptr);
  EXPECT_EQ(rules_of(s.pending).daily_realized_loss.loss_limit, Decimal::from_int(800));
  const auto held = s.held();
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].describe(),
            "rules.daily_realized_loss.loss_limit 500 -> 800 (looser) held until the next daily reset of account 1001 "
            "(17:00 America/Chicago)");
}

TEST(TightenOnly, TighteningAppliesAtOnce) {
  const EngineSettings old = settings_with(SettingsLock::TightenOnly);
  EngineSettings next = old;
  auto& r = next.accounts[0].rules;
  r.daily_realized_loss.loss_limit = Decimal::from_int(300);
  r.max_contracts.limit = 2;
  r.trade_frequency_limit.minute_cooldown_seconds = 120;
  r.symbol_blocks.blocked_symbols.push_back(SymbolRoot::of("ENQ"));
  r.session_block_outside.window.end = TimeOfDay::hm(14, 0);
  r.daily_realized_loss.lockout_until = LossLockout::Permanent;
  r.trade_management.enabled = true;  // was disabled
  const LockSplit s = split_settings_change(old, next);
  EXPECT_EQ(s.pending, nullptr);
  EXPECT_TRUE(s.held().empty());
  EXPECT_EQ(rules_of(s.now), r);
  EXPECT_EQ(s.changes.size(), 7u);
  for (const auto& c : s.changes) EXPECT_NE(c.kind, ChangeKind::Looser) << c.describe();
}

TEST(TightenOnly, MixedEditSplitsFieldByField) {
  const EngineSettings old = settings_with(SettingsLock::TightenOnly);
  EngineSettings next = old;
  next.accounts[0].rules.daily_realized_loss.loss_limit = Decimal::from_int(800);  // looser
  next.accounts[0].rules.max_contracts.limit = 3;                                  // tighter
  const LockSplit s = split_settings_change(old, next);
  EXPECT_EQ(rules_of(s.now).daily_realized_loss.loss_limit, Decimal::from_int(500));
  EXPECT_EQ(rules_of(s.now).max_contracts.limit, 3);
  ASSERT_NE(s.pending, nullptr);
  EXPECT_EQ(rules_of(s.pending), next.accounts[0].rules);  // pending is the whole new file
}

struct LooseningCase {
  const char* name;
  void (*edit)(RulesConfig&);
  const char* key;
};

class Loosening : public testing::TestWithParam<LooseningCase> {};

TEST_P(Loosening, IsHeldAndTheOldValueStays) {
  const EngineSettings old = settings_with(SettingsLock::TightenOnly);
  EngineSettings next = old;
  GetParam().edit(next.accounts[0].rules);
  ASSERT_FALSE(next.accounts[0].rules == old.accounts[0].rules);
  const LockSplit s = split_settings_change(old, next);
  EXPECT_EQ(rules_of(s.now), old.accounts[0].rules) << "the loosening must not apply now";
  ASSERT_NE(s.pending, nullptr);
  EXPECT_EQ(rules_of(s.pending), next.accounts[0].rules);
  const auto held = s.held();
  ASSERT_FALSE(held.empty());
  EXPECT_EQ(held[0].key, GetParam().key);
  EXPECT_EQ(held[0].kind, ChangeKind::Looser);

  // Without the lock the same edit applies at once.
  EngineSettings unlocked = old;
  unlocked.global.settings_lock = SettingsLock::None;
  const LockSplit u = split_settings_change(unlocked, next);
  EXPECT_EQ(u.pending, nullptr);
  EXPECT_EQ(rules_of(u.now), next.accounts[0].rules);
}

INSTANTIATE_TEST_SUITE_P(
    TightenOnly, Loosening,
    testing::Values(
        LooseningCase{"ProfitModeChanged",
                      [](RulesConfig& r) { r.max_unrealized_profit.mode = MaxUnrealizedProfitConfig::Mode::Breakeven; },
                      "rules.max_unrealized_profit.mode"},
        LooseningCase{"LaterBreakevenArming", [](RulesConfig& r) { r.max_unrealized_profit.arm_at = dec("150"); },
                      "rules.max_unrealized_profit.arm_at"},
        LooseningCase{"HigherContractLimit", [](RulesConfig& r) { r.max_contracts.limit = 6; },
                      "rules.max_contracts.limit"},
        LooseningCase{"RuleDisabled", [](RulesConfig& r) { r.daily_realized_loss.enabled = false; },
                      "rules.daily_realized_loss.enabled"},
        LooseningCase{
            "CloseAllToReduce",
            [](RulesConfig& r) { r.max_contracts.enforcement = MaxContractsConfig::Enforcement::ReduceToLimit; },
            "rules.max_contracts.enforcement"},
        LooseningCase{"HigherProfitTarget",
                      [](RulesConfig& r) { r.daily_realized_profit.profit_target = dec("1000.01"); },
                      "rules.daily_realized_profit.profit_target"},
        LooseningCase{"RootLimitRaised",
                      [](RulesConfig& r) { r.max_contracts_per_instrument.limits[SymbolRoot::of("MNQ")] = 3; },
                      "rules.max_contracts_per_instrument.limits.MNQ"},
        LooseningCase{"UnknownSymbolBlockToLimit",
                      [](RulesConfig& r) {
                        r.max_contracts_per_instrument.unknown_symbol =
                            MaxContractsPerInstrumentConfig::UnknownSymbol::Limit;
                        r.max_contracts_per_instrument.unknown_limit = 1;
                      },
                      "rules.max_contracts_per_instrument.unknown_symbol"},
        LooseningCase{"LongerSession",
                      [](RulesConfig& r) { r.session_block_outside.window.end = TimeOfDay::hm(16, 0); },
                      "rules.session_block_outside.window"},
        LooseningCase{"EarlierSessionStart",
                      [](RulesConfig& r) { r.session_block_outside.window.start = TimeOfDay::hm(8, 0); },
                      "rules.session_block_outside.window"},
        LooseningCase{
            "NewPerRootWindowOutsideTheDefault",
            [](RulesConfig& r) {
              r.session_block_outside.per_root[SymbolRoot::of("MNQ")] = {TimeOfDay::hm(8, 30), TimeOfDay::hm(15, 30)};
            },
            "rules.session_block_outside.sessions.MNQ"},
        LooseningCase{"ShorterCooldown", [](RulesConfig& r) { r.trade_frequency_limit.hour_cooldown_seconds = 600; },
                      "rules.trade_frequency_limit.cooldown_seconds.hour"},
        LooseningCase{"MoreTradesPerMinute", [](RulesConfig& r) { r.trade_frequency_limit.per_minute = 4; },
                      "rules.trade_frequency_limit.per_minute"},
        LooseningCase{"LongerGrace", [](RulesConfig& r) { r.no_stop_loss_grace.grace_period_seconds = 60; },
                      "rules.no_stop_loss_grace.grace_period_seconds"},
        LooseningCase{"ShorterLossTier", [](RulesConfig& r) { r.cooldown_after_loss.tiers[0].seconds = 60; },
                      "rules.cooldown_after_loss.tiers"},
        LooseningCase{"ScopeChanged",
                      [](RulesConfig& r) { r.daily_unrealized_loss.scope = DailyUnrealizedLossConfig::Scope::Total; },
                      "rules.daily_unrealized_loss.scope"},
        LooseningCase{"CloseAtSessionEndOff",
                      [](RulesConfig& r) { r.session_block_outside.close_at_session_end = false; },
                      "rules.session_block_outside.close_at_session_end"}),
    [](const testing::TestParamInfo<LooseningCase>& p) { return std::string(p.param.name); });

// A few cases need a non-default starting point.
TEST(TightenOnly, StartingPointsThatAreNotTheDefaults) {
  EngineSettings old = settings_with(SettingsLock::TightenOnly);
  auto& o = old.accounts[0].rules;
  o.daily_realized_loss.lockout_until = LossLockout::Permanent;
  o.auth_loss_guard.auto_unlock = false;
  o.symbol_blocks.blocked_symbols = {SymbolRoot::of("ENQ"), SymbolRoot::of("CLE")};
  o.max_contracts.lockout_minutes = 30;

  EngineSettings next = old;
  auto& n = next.accounts[0].rules;
  n.daily_realized_loss.lockout_until = LossLockout::DailyReset;                     // looser
  n.auth_loss_guard.auto_unlock = true;                                              // looser
  n.symbol_blocks.blocked_symbols = {SymbolRoot::of("CLE"), SymbolRoot::of("MES")};  // ENQ unblocked, MES blocked
  n.max_contracts.lockout_minutes.reset();                                           // lockout removed: looser
  const LockSplit s = split_settings_change(old, next);
  const RulesConfig& now = rules_of(s.now);
  EXPECT_EQ(now.daily_realized_loss.lockout_until, LossLockout::Permanent);
  EXPECT_FALSE(now.auth_loss_guard.auto_unlock);
  EXPECT_EQ(now.max_contracts.lockout_minutes, std::optional<std::int32_t>(30));
  // MES is blocked at once; ENQ stays blocked until the reset.
  const auto& blocked = now.symbol_blocks.blocked_symbols;
  EXPECT_NE(std::find(blocked.begin(), blocked.end(), SymbolRoot::of("MES")), blocked.end());
  EXPECT_NE(std::find(blocked.begin(), blocked.end(), SymbolRoot::of("ENQ")), blocked.end());
  EXPECT_EQ(s.held().size(), 4u);
}

TEST(TightenOnly, PerInstrumentLimitsFollowTheUnknownSymbolPolicy) {
  EngineSettings old = settings_with(SettingsLock::TightenOnly);
  EngineSettings next = old;
  // Removing EP (limit 1) under unknown_symbol: block makes EP blocked: tighter, applies now.
  next.accounts[0].rules.max_contracts_per_instrument.limits.erase(SymbolRoot::of("EP"));
  LockSplit s = split_settings_change(old, next);
  EXPECT_EQ(s.pending, nullptr);
  EXPECT_EQ(rules_of(s.now).max_contracts_per_instrument.limits.count(SymbolRoot::of("EP")), 0u);

  // Under unknown_symbol: allow, removing EP would make it unlimited: held, EP keeps 1.
  old.accounts[0].rules.max_contracts_per_instrument.unknown_symbol =
      MaxContractsPerInstrumentConfig::UnknownSymbol::Allow;
  next.accounts[0].rules.max_contracts_per_instrument.unknown_symbol =
      MaxContractsPerInstrumentConfig::UnknownSymbol::Allow;
  s = split_settings_change(old, next);
  ASSERT_NE(s.pending, nullptr);
  EXPECT_EQ(rules_of(s.now).max_contracts_per_instrument.limits.at(SymbolRoot::of("EP")), 1);
  EXPECT_EQ(s.held()[0].describe().substr(0, 64), "rules.max_contracts_per_instrument.limits.EP 1 -> unlimited (loo");
}

TEST(TightenOnly, MixedTierEditAppliesTheStricterOfBothNow) {
  EngineSettings old = settings_with(SettingsLock::TightenOnly);
  EngineSettings next = old;
  // -100 -> 120 s (shorter: looser), and a new -50 tier (tighter).
  next.accounts[0].rules.cooldown_after_loss.tiers = {
      {dec("-50"), 60}, {dec("-100"), 120}, {dec("-200"), 900}, {dec("-300"), 1800}};
  const LockSplit s = split_settings_change(old, next);
  ASSERT_NE(s.pending, nullptr);
  const auto& now = rules_of(s.now).cooldown_after_loss.tiers;
  const std::vector<LossTier> expected{{dec("-50"), 60}, {dec("-100"), 300}, {dec("-200"), 900}, {dec("-300"), 1800}};
  EXPECT_EQ(now, expected);
}

TEST(TightenOnly, EditsOfADisabledRuleApplyAtOnce) {
  EngineSettings old = settings_with(SettingsLock::TightenOnly);
  old.accounts[0].rules.daily_realized_profit.enabled = false;
  EngineSettings next = old;
  next.accounts[0].rules.daily_realized_profit.profit_target = Decimal::from_int(5000);
  const LockSplit s = split_settings_change(old, next);
  EXPECT_EQ(s.pending, nullptr);
  EXPECT_EQ(rules_of(s.now).daily_realized_profit.profit_target, Decimal::from_int(5000));
  ASSERT_EQ(s.changes.size(), 1u);
  EXPECT_EQ(s.changes[0].kind, ChangeKind::Neutral);
}

TEST(TightenOnly, AccountsAddedAtOnceRemovedOrDisabledHeld) {
  const EngineSettings old = settings_with(SettingsLock::TightenOnly, {1001, 1002});
  EngineSettings next = settings_with(SettingsLock::TightenOnly, {1002, 1003});
  next.accounts[0].enabled = false;  // 1002 disabled
  const LockSplit s = split_settings_change(old, next);
  ASSERT_NE(s.pending, nullptr);
  ASSERT_NE(s.now->find(1001), nullptr);  // removal held: still monitored
  ASSERT_NE(s.now->find(1003), nullptr);  // addition: at once
  EXPECT_TRUE(s.now->find(1002)->enabled);
  EXPECT_EQ(s.pending->find(1001), nullptr);
  EXPECT_FALSE(s.pending->find(1002)->enabled);
  const auto held = s.held();
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(held[0].describe(),
            "enabled true -> false (looser) held until the next daily reset of account 1002 (17:00 America/Chicago)");
  EXPECT_EQ(
      held[1].describe(),
      "account monitored -> removed (looser) held until the next daily reset of account 1001 (17:00 America/Chicago)");
}

TEST(TightenOnly, GlobalLooseningIncludingTurningTheLockOff) {
  EngineSettings old = settings_with(SettingsLock::TightenOnly);
  old.global.holidays = {CivilDate{2026, 12, 25}};
  EngineSettings next = old;
  next.global.settings_lock = SettingsLock::None;
  next.global.include_fees = false;
  next.global.holidays.clear();
  next.global.warn_at_percent = 90;  // neutral
  const LockSplit s = split_settings_change(old, next);
  EXPECT_EQ(s.now->global.settings_lock, SettingsLock::TightenOnly);
  EXPECT_TRUE(s.now->global.include_fees);
  EXPECT_EQ(s.now->global.holidays, old.global.holidays);
  EXPECT_EQ(s.now->global.warn_at_percent, 90);
  EXPECT_EQ(s.held().size(), 3u);
  EXPECT_EQ(s.held()[0].when, "each account's next daily reset");

  // Turning the lock on applies at once (and governs the next reload, not this one).
  EngineSettings unlocked = settings_with(SettingsLock::None);
  EngineSettings locking = unlocked;
  locking.global.settings_lock = SettingsLock::TightenOnly;
  locking.accounts[0].rules.max_contracts.limit = 10;
  const LockSplit t = split_settings_change(unlocked, locking);
  EXPECT_EQ(t.pending, nullptr);
  EXPECT_EQ(t.now->global.settings_lock, SettingsLock::TightenOnly);
  EXPECT_EQ(rules_of(t.now).max_contracts.limit, 10);
}

TEST(TightenOnly, MovingTheResetIsHeld) {
  const EngineSettings old = settings_with(SettingsLock::TightenOnly);
  EngineSettings next = old;
  next.accounts[0].reset_time = TimeOfDay::hm(16, 0);
  next.accounts[0].nickname = "renamed";
  const LockSplit s = split_settings_change(old, next);
  EXPECT_EQ(s.now->accounts[0].reset_time, TimeOfDay::hm(17, 0));
  EXPECT_EQ(s.now->accounts[0].nickname, "renamed");
  ASSERT_EQ(s.held().size(), 1u);
  EXPECT_EQ(s.held()[0].key, "reset_time");
}

// ---- reload --------------------------------------------------------------------

std::string with_rules(std::string_view loss, std::string_view contracts) {
  return std::string("global: {settings_lock: tighten_only}\nrules:\n  daily_realized_loss: {loss_limit: ") +
         std::string(loss) + "}\n  max_contracts: {limit: " + std::string(contracts) + "}\n";
}
LoadResult reload_text(const std::string& risk) {
  return load_config_text("accounts:\n  - account_id: 1001\n    username: u\n    api_key: ${RISK_TEST_KEY}\n",
                          "accounts.yaml", risk, "risk_config.yaml", test_env());
}

// What the daemon does on a reload: the holder validates and swaps the files;
// the engine judges the settings under the tighten-only lock and owns what waits
// for each account's daily reset.
struct Running {
  explicit Running(LoadResult first)
      : holder(std::move(*first.config)), engine(holder.current()->settings, ts("2026-03-02T15:00:00Z")) {}
  ReloadResult reload(LoadResult loaded) {
    ReloadResult r = holder.apply(std::move(loaded));
    if (r.event) {
      Effects fx;
      engine.step(Event{now, *r.event}, fx);
      for (const auto& n : fx.notices) {
        if (const auto* c = std::get_if<SettingsChanged>(&n)) r.changes = c->changes;
      }
    }
    return r;
  }
  // Time passes to `t` (daily resets run).
  void advance(const char* t) {
    now = ts(t);
    Effects fx;
    engine.step(Event{now, TimeAdvanced{}}, fx);
  }
  const RulesConfig& in_force(AccountId id = 1001) const { return engine.account(id)->settings->rules; }
  static Timestamp ts(const char* t) { return Timestamp::parse(t).value(); }

  ConfigHolder holder;
  Engine engine;
  Timestamp now = ts("2026-03-02T15:00:00Z");  // 09:00 in Chicago; resets at 22:00Z (New York), 23:00Z (Chicago)
};

TEST(Reload, ValidFilesSwapAndTellTheEngine) {
  auto first = reload_text(with_rules("500", "5"));
  ASSERT_TRUE(first.ok()) << first.report();
  Running d(std::move(first));
  const ReloadResult r = d.reload(reload_text(with_rules("400", "4")));
  ASSERT_TRUE(r.applied) << r.report();
  ASSERT_TRUE(r.event.has_value());
  EXPECT_FALSE(d.engine.has_pending_settings(1001));
  EXPECT_EQ(d.in_force().daily_realized_loss.loss_limit, Decimal::from_int(400));
  EXPECT_EQ(d.holder.current()->settings, r.event->settings);
  EXPECT_NE(r.report().find("applied: rules.max_contracts.limit 5 -> 4 (tighter) applies now to account 1001"),
            std::string::npos)
      << r.report();

  // Reloading the same files again changes nothing and sends nothing.
  const ReloadResult same = d.reload(reload_text(with_rules("400", "4")));
  EXPECT_TRUE(same.applied);
  EXPECT_FALSE(same.event.has_value());
  EXPECT_NE(same.report().find("(no changes)"), std::string::npos);
}

TEST(Reload, InvalidFilesKeepTheOldConfiguration) {
  auto first = reload_text(with_rules("500", "5"));
  ASSERT_TRUE(first.ok());
  ConfigHolder holder(std::move(*first.config));
  const auto before = holder.current();
  const ReloadResult r = holder.apply(reload_text(with_rules("-800", "5")));
  EXPECT_FALSE(r.applied);
  EXPECT_FALSE(r.event.has_value());
  EXPECT_EQ(holder.current(), before);
  EXPECT_EQ(rules_of(holder.current()->settings).daily_realized_loss.loss_limit, Decimal::from_int(500));
  EXPECT_NE(r.report().find("risk_config.yaml:3:37: error: rules.daily_realized_loss.loss_limit: -800 is negative"),
            std::string::npos)
      << r.report();
}

TEST(Reload, LooseningIsHeldUntilTheResetAndTighteningIsImmediate) {
  auto first = reload_text(with_rules("500", "5"));
  ASSERT_TRUE(first.ok());
  Running d(std::move(first));
  const ReloadResult r = d.reload(reload_text(with_rules("800", "3")));
  ASSERT_TRUE(r.applied);
  ASSERT_TRUE(r.event.has_value());
  // Now: the tighter contract limit; the looser loss limit waits.
  EXPECT_EQ(d.in_force().max_contracts.limit, 3);
  EXPECT_EQ(d.in_force().daily_realized_loss.loss_limit, Decimal::from_int(500));
  EXPECT_TRUE(d.engine.has_pending_settings(1001));
  EXPECT_NE(r.report().find("held (tighten-only lock): rules.daily_realized_loss.loss_limit 500 -> 800 (looser) held "
                            "until the next daily reset of account 1001 (17:00 America/Chicago)"),
            std::string::npos)
      << r.report();

  // The account's reset passes: the held value is in force, nothing is pending.
  d.advance("2026-03-02T23:00:01Z");
  EXPECT_FALSE(d.engine.has_pending_settings(1001));
  EXPECT_EQ(d.in_force().daily_realized_loss.loss_limit, Decimal::from_int(800));
  EXPECT_EQ(d.in_force().max_contracts.limit, 3);

  // Tightening after that applies at once.
  const ReloadResult t = d.reload(reload_text(with_rules("600", "3")));
  ASSERT_TRUE(t.event.has_value());
  EXPECT_FALSE(d.engine.has_pending_settings(1001));
  EXPECT_EQ(d.in_force().daily_realized_loss.loss_limit, Decimal::from_int(600));
}

TEST(Reload, RevertingAHeldEditClearsThePending) {
  auto first = reload_text(with_rules("500", "5"));
  ASSERT_TRUE(first.ok());
  Running d(std::move(first));
  ASSERT_TRUE(d.reload(reload_text(with_rules("900", "5"))).event.has_value());
  ASSERT_TRUE(d.engine.has_pending_settings(1001));
  const ReloadResult back = d.reload(reload_text(with_rules("500", "5")));
  ASSERT_TRUE(back.event.has_value()) << "the engine must learn that nothing is pending any more";
  EXPECT_FALSE(d.engine.has_pending_settings(1001));
  EXPECT_EQ(d.in_force().daily_realized_loss.loss_limit, Decimal::from_int(500));
}

TEST(Reload, ResetOfOneAccountPromotesOnlyThatAccount) {
  const std::string two =
      "accounts:\n  - {account_id: 1, username: u, api_key: k-000000000001}\n"
      "  - {account_id: 2, username: u, api_key: k-000000000001, timezone: America/New_York}\n";
  auto first = load_config_text(two, "a.yaml", with_rules("500", "5"), "r.yaml", test_env());
  ASSERT_TRUE(first.ok()) << first.report();
  Running d(std::move(first));
  const ReloadResult r = d.reload(load_config_text(two, "a.yaml", with_rules("700", "5"), "r.yaml", test_env()));
  ASSERT_EQ(r.held().size(), 2u);
  EXPECT_NE(r.held()[1].when.find("account 2 (17:00 America/New_York)"), std::string::npos);
  d.advance("2026-03-02T22:00:01Z");  // 17:00 in New York: account 2's reset
  EXPECT_TRUE(d.engine.has_pending_settings(1));
  EXPECT_EQ(d.in_force(1).daily_realized_loss.loss_limit, Decimal::from_int(500));
  EXPECT_EQ(d.in_force(2).daily_realized_loss.loss_limit, Decimal::from_int(700));
  d.advance("2026-03-02T23:00:01Z");  // 17:00 in Chicago: account 1's
  EXPECT_FALSE(d.engine.has_pending_settings(1));
  EXPECT_EQ(d.in_force(1).daily_realized_loss.loss_limit, Decimal::from_int(700));
}

TEST(Reload, RemovedAccountIsMonitoredUntilItsReset) {
  const std::string two =
      "accounts:\n  - {account_id: 1, username: u, api_key: k-000000000001}\n"
      "  - {account_id: 2, username: v, api_key: k-000000000002}\n";
  const std::string one = "accounts:\n  - {account_id: 1, username: u, api_key: k-000000000001}\n";
  auto first = load_config_text(two, "a.yaml", with_rules("500", "5"), "r.yaml", test_env());
  ASSERT_TRUE(first.ok());
  Running d(std::move(first));
  const ReloadResult r = d.reload(load_config_text(one, "a.yaml", with_rules("500", "5"), "r.yaml", test_env()));
  ASSERT_TRUE(r.applied);
  ASSERT_EQ(r.held().size(), 1u);
  EXPECT_EQ(r.held()[0].key, "account");
  EXPECT_NE(d.engine.account(2), nullptr) << "account 2 still watched";
  d.advance("2026-03-02T23:00:01Z");
  EXPECT_EQ(d.engine.account(2), nullptr) << "its reset passed: no longer monitored";
  EXPECT_NE(d.engine.account(1), nullptr);
  EXPECT_EQ(d.holder.current()->credential(2), nullptr);
  EXPECT_EQ(d.holder.current()->logins().size(), 1u);
}

TEST(Reload, StartupOnlySettingsAskForARestart) {
  auto first = reload_text(with_rules("500", "5"));
  ASSERT_TRUE(first.ok());
  ConfigHolder holder(std::move(*first.config));
  const ReloadResult r = holder.apply(reload_text(with_rules("500", "5") + "event_server: {port: 9999}\n"));
  ASSERT_TRUE(r.applied);
  EXPECT_EQ(holder.current()->event_server.port, 8765);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0],
            "event_server 127.0.0.1:8765 -> 127.0.0.1:9999: read at startup only; restart the daemon to apply it");
}

TEST(Reload, FromFilesOnDisk) {
  const fs::path dir = fs::temp_directory_path() / ("risk-reload-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    ::chmod((dir / name).string().c_str(), 0600);
  };
  write("accounts.yaml", "accounts:\n  - account_id: 1001\n    username: u\n    api_key: ${RISK_TEST_KEY}\n");
  write("risk_config.yaml", with_rules("500", "5"));
  LoadOptions o = options_for(dir / "accounts.yaml", dir / "risk_config.yaml");
  o.allow_insecure_permissions = false;
  auto first = load_config(o);
  ASSERT_TRUE(first.ok()) << first.report();
  ConfigHolder holder(std::move(*first.config));

  write("risk_config.yaml", with_rules("800", "5"));
  ReloadResult r = holder.reload(o);
  ASSERT_TRUE(r.applied) << r.report();
  ASSERT_TRUE(r.event.has_value());
  EXPECT_EQ(rules_of(r.event->settings).daily_realized_loss.loss_limit, Decimal::from_int(800));

#if !defined(_WIN32)                                        // POSIX file modes (on Windows ACLs, set by the installer)
  ::chmod((dir / "accounts.yaml").string().c_str(), 0644);  // someone loosened the file mode
  r = holder.reload(o);
  EXPECT_FALSE(r.applied);
  EXPECT_NE(r.report().find("chmod 600"), std::string::npos);
  EXPECT_EQ(rules_of(holder.current()->settings).daily_realized_loss.loss_limit, Decimal::from_int(800))
      << "a rejected reload keeps what was loaded before";
#endif
  fs::remove_all(dir);
}

}  // namespace
