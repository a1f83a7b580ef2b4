#include "admin/admin_tool.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "admin/daemon_channel.hpp"
#include "admin/password.hpp"
#include "admin/yaml_edit.hpp"
#include "config/loader.hpp"
#include "dashboard/status.hpp"
#include "gateway/hub_client.hpp"
#include "gateway/rest_client.hpp"
#include "net/client.hpp"
#include "platform/files.hpp"
#include "platform/system_clock.hpp"
#include "protocol/admin_auth.hpp"
#include "store/store.hpp"
#include "tz/iana_zone.hpp"

namespace risk::admin {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

// What an unresolvable ${VAR} reads as while the rest of an edit is checked
// (the running daemon's reload judges the real value).
constexpr const char* kStandInValue = "stand-in-for-a-variable-set-only-for-the-service";

// A child of a mapping, or a null node when absent (yaml-cpp throws on any use
// of the "zombie" node operator[] returns for a missing key, but IsDefined).
YAML::Node at(const YAML::Node& n, const std::string& key) {
  if (!n.IsDefined() || !n.IsMap()) return YAML::Node();
  const YAML::Node c = n[key];
  return c.IsDefined() ? c : YAML::Node();
}

std::string in_dir(const std::string& dir, const char* name) { return (fs::path(dir) / name).string(); }

// KEY=VALUE lines of the service's environment file (comments and blanks skipped).
std::map<std::string, std::string> read_env_file(const std::string& path) {
  std::map<std::string, std::string> out;
  std::ifstream f(path);
  std::string line;
  while (std::getline(f, line)) {
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string v = line.substr(eq + 1);
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
      v = v.substr(1, v.size() - 2);
    out[line.substr(first, eq - first)] = v;
  }
  return out;
}

// The environment the daemon would see: secrets.env (the service's
// environment file) first, then this process's (a daemon started by hand).
config::EnvLookup daemon_environment(const std::string& secrets_file) {
  auto secrets = std::make_shared<std::map<std::string, std::string>>(read_env_file(secrets_file));
  return [secrets](std::string_view name) -> std::optional<std::string> {
    const std::string n(name);
    if (const auto it = secrets->find(n); it != secrets->end()) return it->second;
    if (const char* v = std::getenv(n.c_str())) return std::string(v);
    return std::nullopt;
  };
}

std::string yaml_quote(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

std::string last4(const std::string& key) {
  if (key.size() < 8) return "****";
  return "\u2026" + key.substr(key.size() - 4);
}

std::string node_text(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "~";
  if (n.IsScalar()) return n.Scalar();
  YAML::Emitter e;
  e.SetMapFormat(YAML::Flow);
  e.SetSeqFormat(YAML::Flow);
  e << n;
  return e.c_str();
}

Result<YAML::Node> load_yaml(const std::string& text, const std::string& name) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return make_error(name + " is not valid YAML: " + e.what());
  }
}

// Index of the account in accounts.yaml's list, or nullopt.
std::optional<std::size_t> account_index(const YAML::Node& root, std::int64_t id) {
  const YAML::Node list = at(root, "accounts");
  if (!list.IsSequence()) return std::nullopt;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node a = at(list[i], "account_id");
    if (a.IsScalar() && a.Scalar() == std::to_string(id)) return i;
  }
  return std::nullopt;
}

template <typename F>
double time_ms(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// The quarterly Micro Nasdaq contract trading now (for the market hub's test subscribe).
std::string front_mnq(Timestamp now) {
  const CivilDate d = civil_from_days(now.ns() / 86'400'000'000'000LL);
  int year = d.year;
  const int m = static_cast<int>(d.month);
  int month = ((m - 1) / 3 + 1) * 3;         // 3, 6, 9, 12
  if (m == month && d.day > 14) month += 3;  // rolled a week before the third-Friday expiry
  if (month > 12) {
    month -= 12;
    ++year;
  }
  const char codes[] = {'H', 'M', 'U', 'Z'};
  return std::string("CON.F.US.MNQ.") + codes[month / 3 - 1] + std::to_string(year % 100);
}

// Waits for a hub to connect (handshake and subscriptions answered) or fail.
ConnectionCheck check_hub(gateway::HubClient::Kind kind, const std::string& name, const std::string& url,
                          const gateway::Endpoints& ep, const std::string& token,
                          const std::vector<AccountId>& accounts, const std::string& contract) {
  ConnectionCheck c{name, false, 0, {}};
  auto done = std::make_shared<std::promise<std::string>>();  // "" = connected
  auto once = std::make_shared<std::once_flag>();
  const auto finish = [done, once](std::string why) {
    std::call_once(*once, [&] { done->set_value(std::move(why)); });
  };
  gateway::HubCallbacks cb;
  cb.on_connected = [finish](bool) { finish(""); };
  cb.on_subscribe_failed = [finish](const std::string& what) { finish("subscribe failed: " + what); };
  cb.on_auth_failure = [finish] { finish("the hub refused the token (401)"); };
  auto result = done->get_future();
  const auto start = std::chrono::steady_clock::now();
  gateway::HubOptions opt;
  opt.backoff_initial = std::chrono::seconds(30);  // one attempt is enough for a test
  gateway::HubClient hub(
      kind, url, ep, [token] { return token; }, cb, opt);
  if (kind == gateway::HubClient::Kind::User) {
    hub.subscribe_accounts(accounts);
  } else {
    hub.subscribe_quotes(ContractId::of(contract));
  }
  hub.start();
  const auto limit = ep.connect_timeout + std::chrono::seconds(5);
  if (result.wait_for(limit) == std::future_status::ready) {
    const std::string why = result.get();
    c.ok = why.empty();
    c.detail = c.ok ? (kind == gateway::HubClient::Kind::User ? "handshake + SubscribeAccounts answered"
                                                              : "handshake + SubscribeContractQuotes " + contract)
                    : why;
  } else {
    c.detail = "no handshake within " + std::to_string(limit.count() / 1000) + " s";
  }
  c.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  hub.stop();
  return c;
}

}  // namespace

// ------------------------------------------------------------------- paths --

std::string AdminPaths::accounts_file() const { return in_dir(config_dir, "accounts.yaml"); }
std::string AdminPaths::risk_config_file() const { return in_dir(config_dir, "risk_config.yaml"); }
std::string AdminPaths::password_file() const { return in_dir(config_dir, kPasswordFile); }
std::string AdminPaths::key_file() const { return in_dir(config_dir, protocol::kAdminKeyFile); }
std::string AdminPaths::secrets_file() const { return in_dir(config_dir, "secrets.env"); }

std::string default_config_dir() {
  if (const char* d = std::getenv("RISK_CONFIG_DIR"); d != nullptr && *d != '\0') return d;
#ifdef _WIN32
  const char* pd = std::getenv("ProgramData");
  return (fs::path(pd != nullptr ? pd : "C:\\ProgramData") / "RiskManager" / "config").string();
#else
  return "/etc/risk-manager";
#endif
}

std::string admin_name(const std::string& given) {
  if (!given.empty()) return given;
  for (const char* v : {"SUDO_USER", "USER", "USERNAME"}) {
    if (const char* s = std::getenv(v); s != nullptr && *s != '\0') return s;
  }
  return "admin";
}

AdminTool::AdminTool(AdminPaths paths) : paths_(std::move(paths)) {}

Result<AdminTool::Files> AdminTool::read_files() const {
  auto a = platform::read_file(paths_.accounts_file());
  if (!a) return a.error();
  auto r = platform::read_file(paths_.risk_config_file());
  if (!r) return r.error();
  return Files{a.value(), r.value()};
}

// Validates the new texts as the daemon would, writes what changed, asks the
// daemon to reload. A refused edit leaves both files untouched.
Result<EditOutcome> AdminTool::commit(const Files& before, const Files& after, std::string summary) {
  const config::EnvLookup env = daemon_environment(paths_.secrets_file());
  std::set<std::string> unresolved;
  config::LoadResult check = config::load_config_text(after.accounts, paths_.accounts_file(), after.risk,
                                                      paths_.risk_config_file(), [&](std::string_view n) {
                                                        auto v = env(n);
                                                        if (!v) unresolved.emplace(n);
                                                        return v;
                                                      });
  EditOutcome out;
  if (!check.ok() && !unresolved.empty()) {
    // Variables set only in the service's environment (not readable here):
    // check the rest with stand-ins and say so.
    config::LoadResult again =
        config::load_config_text(after.accounts, paths_.accounts_file(), after.risk, paths_.risk_config_file(),
                                 [&](std::string_view n) -> std::optional<std::string> {
                                   if (auto v = env(n)) return v;
                                   return std::string(kStandInValue);
                                 });
    if (again.ok()) {
      check = std::move(again);
      for (const auto& n : unresolved) {
        out.warnings.push_back("${" + n +
                               "} is set neither here nor in secrets.env: the daemon needs it in its environment");
      }
    }
  }
  if (!check.ok()) {
    return make_error("the change was refused; the files are unchanged:\n" + check.report());
  }
  for (const auto& d : check.diagnostics) out.warnings.push_back(d.message);
  // The daemon listens where the configuration in force says (an edit of
  // event_server.port takes effect at its restart, not now).
  const std::string address = event_server_address();
  // Someone else's edit since this one was read is never overwritten.
  auto now_on_disk = read_files();
  if (!now_on_disk) return now_on_disk.error();
  if (now_on_disk.value().accounts != before.accounts || now_on_disk.value().risk != before.risk) {
    return make_error(
        "the configuration changed on disk while this edit was prepared (another admin?); nothing "
        "was written: try again");
  }
  // Writes the files of `to` that differ from `from` (what is on disk).
  const auto write = [&](const Files& from, const Files& to) -> Result<bool> {
    if (to.accounts != from.accounts) {
      auto w = platform::replace_file(paths_.accounts_file(), to.accounts);
      if (!w) return w.error();
    }
    if (to.risk != from.risk) {
      auto w = platform::replace_file(paths_.risk_config_file(), to.risk);
      if (!w) return w.error();
    }
    return true;
  };
  if (auto w = write(before, after); !w) return w.error();
  out.summary = std::move(summary);
  auto r = request_reload(admin_name(admin_), address);
  if (!r) {
    out.reload =
        "the daemon was not reached (" + r.error().message + "): it applies the change at its next start or reload";
    return out;
  }
  out.reloaded = r.value().value("ok", false);
  out.reload = r.value().value("report", r.value().value("error", std::string()));
  if (!out.reloaded) {
    // The running daemon refused it (e.g. a ${VAR} its environment lacks): put
    // the files back, or its next restart would refuse to start.
    if (auto w = write(after, before); !w) {
      return make_error("the daemon rejected the new configuration AND restoring the previous files failed (" +
                        w.error().message + "); fix the files before the daemon restarts:\n" + out.reload);
    }
    return make_error("the running daemon rejected the new configuration; the previous files were put back:\n" +
                      out.reload);
  }
  return out;
}

std::string AdminTool::event_server_address() const {
  if (!paths_.event_server.empty()) return paths_.event_server;
  auto files = read_files();
  if (files) {
    auto y = load_yaml(files.value().risk, paths_.risk_config_file());
    if (y && at(y.value(), "event_server").IsMap()) {
      const YAML::Node es = at(y.value(), "event_server");
      const std::string host = at(es, "host").IsScalar() ? at(es, "host").Scalar() : "127.0.0.1";
      const std::string port = at(es, "port").IsScalar() ? at(es, "port").Scalar() : "8765";
      return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + port;
    }
  }
  return "127.0.0.1:8765";
}

// ---------------------------------------------------------------- accounts --

Result<std::vector<AccountRow>> AdminTool::list_accounts() const {
  auto files = read_files();
  if (!files) return files.error();
  auto y = load_yaml(files.value().accounts, paths_.accounts_file());
  if (!y) return y.error();
  const config::EnvLookup env = daemon_environment(paths_.secrets_file());
  std::vector<AccountRow> rows;
  const YAML::Node list = at(y.value(), "accounts");
  if (!list.IsSequence()) return rows;
  for (const auto& a : list) {
    AccountRow r;
    r.account_id = at(a, "account_id").IsScalar() ? std::strtoll(at(a, "account_id").Scalar().c_str(), nullptr, 10) : 0;
    r.username = at(a, "username").IsScalar() ? at(a, "username").Scalar() : "";
    r.enabled = !(at(a, "enabled").IsScalar() && at(a, "enabled").Scalar() == "false");
    r.nickname = at(a, "nickname").IsScalar() ? at(a, "nickname").Scalar() : "";
    const std::string key = at(a, "api_key").IsScalar() ? at(a, "api_key").Scalar() : "";
    if (key.rfind("${", 0) == 0 && key.back() == '}') {
      std::string name = key.substr(2, key.size() - 3);
      name = name.substr(0, name.find(":-"));
      const auto v = env(name);
      r.api_key_hint = "${" + name + "} (" + (v ? last4(*v) : std::string("not set in this environment")) + ")";
    } else {
      r.api_key_hint = key.empty() ? "(none)" : last4(key);
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

Result<EditOutcome> AdminTool::add_account(const NewAccount& a) {
  if (a.account_id <= 0) return make_error("the account id must be a positive number");
  if (a.username.empty()) return make_error("a username is needed");
  if (a.api_key.empty() && a.api_key_env.empty()) return make_error("an API key is needed");
  auto files = read_files();
  if (!files) return files.error();
  auto y = load_yaml(files.value().accounts, paths_.accounts_file());
  if (!y) return y.error();
  if (account_index(y.value(), a.account_id)) {
    return make_error("account " + std::to_string(a.account_id) + " is already in " + paths_.accounts_file() +
                      " (edit it instead)");
  }
  if (a.test_login) {
    const config::EnvLookup env = daemon_environment(paths_.secrets_file());
    auto current = config::load_config_text(files.value().accounts, paths_.accounts_file(), files.value().risk,
                                            paths_.risk_config_file(), [&](std::string_view n) {
                                              if (auto v = env(n)) return v;
                                              return std::optional<std::string>(kStandInValue);
                                            });
    if (!current.ok()) return make_error("the current configuration has errors:\n" + current.report());
    std::string key = a.api_key;
    if (key.empty()) {
      auto v = env(a.api_key_env);
      if (!v) {
        return make_error("${" + a.api_key_env +
                          "} is not set here nor in secrets.env: cannot test the login (use --no-test-login)");
      }
      key = *v;
    }
    const SystemClock clock;
    gateway::RestClient rest(current.config->gateway.endpoints(), a.username, Secret(key), clock);
    auto login = rest.login();
    if (!login) return make_error("test login as " + a.username + " failed: " + login.error().message);
    auto accounts = rest.accounts(false);
    if (!accounts) return make_error("the login worked but listing accounts failed: " + accounts.error().message);
    const bool visible = std::any_of(accounts.value().begin(), accounts.value().end(),
                                     [&](const Account& x) { return x.id == a.account_id; });
    if (!visible) {
      return make_error("the login as " + a.username + " worked, but account " + std::to_string(a.account_id) +
                        " is not one of its accounts");
    }
  }
  std::vector<std::string> item{
      "account_id: " + std::to_string(a.account_id), "username: " + yaml_quote(a.username),
      "api_key: " + (a.api_key_env.empty() ? yaml_quote(a.api_key) : "${" + a.api_key_env + "}")};
  if (!a.nickname.empty()) item.push_back("nickname: " + yaml_quote(a.nickname));
  auto edited = append_item(files.value().accounts, {std::string("accounts")}, item);
  if (!edited) return edited.error();
  return commit(files.value(), Files{edited.value(), files.value().risk},
                "account " + std::to_string(a.account_id) + " (" + a.username + ") added" +
                    (a.test_login ? " after a successful test login" : " (login not tested)"));
}

Result<EditOutcome> AdminTool::edit_account(std::int64_t account_id, const std::string& field,
                                            const std::string& value) {
  static const char* const kFields[] = {"username", "nickname", "enabled", "api_key", "reset_time", "timezone"};
  if (std::find(std::begin(kFields), std::end(kFields), field) == std::end(kFields)) {
    return make_error("'" + field + "' cannot be edited here (username, nickname, enabled, api_key, reset_time, " +
                      "timezone; rule overrides: edit accounts.yaml by hand)");
  }
  auto files = read_files();
  if (!files) return files.error();
  auto y = load_yaml(files.value().accounts, paths_.accounts_file());
  if (!y) return y.error();
  const auto idx = account_index(y.value(), account_id);
  if (!idx) return make_error("account " + std::to_string(account_id) + " is not in " + paths_.accounts_file());
  std::string yaml = yaml_quote(value);
  if (field == "enabled") {
    if (value != "true" && value != "false") return make_error("enabled is true or false");
    yaml = value;
  }
  if (field == "api_key" && value.rfind("${", 0) == 0 && value.back() == '}') yaml = value;
  auto edited = set_value(files.value().accounts, {std::string("accounts"), *idx, field}, yaml);
  if (!edited) return edited.error();
  return commit(
      files.value(), Files{edited.value(), files.value().risk},
      "account " + std::to_string(account_id) + ": " + field + " changed" + (field == "api_key" ? "" : " to " + value));
}

Result<EditOutcome> AdminTool::remove_account(std::int64_t account_id, const std::string& confirmation) {
  if (confirmation != std::to_string(account_id)) {
    return make_error("the confirmation does not match: type the account id (" + std::to_string(account_id) +
                      ") to remove it");
  }
  auto files = read_files();
  if (!files) return files.error();
  auto y = load_yaml(files.value().accounts, paths_.accounts_file());
  if (!y) return y.error();
  const auto idx = account_index(y.value(), account_id);
  if (!idx) return make_error("account " + std::to_string(account_id) + " is not in " + paths_.accounts_file());
  auto edited = remove_item(files.value().accounts, {std::string("accounts")}, *idx);
  if (!edited) return edited.error();
  return commit(files.value(), Files{edited.value(), files.value().risk},
                "account " + std::to_string(account_id) + " removed (no longer monitored)");
}

// ------------------------------------------------------------------- rules --

Result<std::string> AdminTool::show_rules(const std::string& only_rule) const {
  auto files = read_files();
  if (!files) return files.error();
  auto y = load_yaml(files.value().risk, paths_.risk_config_file());
  if (!y) return y.error();
  auto defaults = load_yaml(defaults_text(), "the shipped defaults");
  if (!defaults) return defaults.error();
  auto accounts = load_yaml(files.value().accounts, paths_.accounts_file());
  const YAML::Node rules = at(y.value(), "rules");
  std::ostringstream out;
  bool any = false;
  int number = 0;
  for (const auto& r : at(defaults.value(), "rules")) {
    ++number;
    const std::string name = r.first.Scalar();
    if (!only_rule.empty() && only_rule != name) continue;
    any = true;
    const YAML::Node cur = at(rules, name);
    const auto value_of = [&](const std::string& field) {
      return at(cur, field).IsDefined() && !at(cur, field).IsNull() ? at(cur, field) : at(r.second, field);
    };
    const bool enabled = node_text(value_of("enabled")) == "true";
    char code[16];
    std::snprintf(code, sizeof code, "RULE-%03d", number);
    out << name << " (" << code << "): " << (enabled ? "enabled" : "DISABLED") << "\n";
    for (const auto& f : r.second) {
      const std::string field = f.first.Scalar();
      if (field == "enabled") continue;
      const std::string now = node_text(value_of(field));
      const std::string def = node_text(f.second);
      out << "  " << field << ": " << now;
      if (now != def) out << "    (default " << def << ")";
      out << "\n";
    }
    if (accounts && at(accounts.value(), "accounts").IsSequence()) {
      for (const auto& a : at(accounts.value(), "accounts")) {
        const YAML::Node o = at(a, "rule_overrides");
        if (at(o, name).IsDefined() && !at(o, name).IsNull()) {
          out << "  override for account " << node_text(at(a, "account_id")) << ": " << node_text(at(o, name)) << "\n";
        }
      }
    }
  }
  if (!any) return make_error("there is no rule '" + only_rule + "'");
  return out.str();
}

Result<EditOutcome> AdminTool::set_rule_value(const std::string& key, const std::string& value) {
  YamlPath path = parse_path(key);
  if (path.empty()) return make_error("which setting? e.g. daily_realized_loss.loss_limit");
  static const char* const kSections[] = {"global", "rules", "gateway", "event_server", "paths"};
  const std::string head = std::get<std::string>(path.front());
  if (std::find(std::begin(kSections), std::end(kSections), head) == std::end(kSections)) {
    path = parse_path("rules." + key);
  }
  if (std::get<std::string>(path.front()) == "rules") {
    auto defaults = load_yaml(defaults_text(), "the shipped defaults");
    if (!defaults) return defaults.error();
    if (path.size() < 3) return make_error("give a rule and a field, e.g. daily_realized_loss.loss_limit");
    if (at(at(defaults.value(), "rules"), std::get<std::string>(path[1])).IsNull()) {
      return make_error("there is no rule '" + std::get<std::string>(path[1]) + "' (risk-admin rules show lists them)");
    }
  }
  auto files = read_files();
  if (!files) return files.error();
  auto edited = set_value(files.value().risk, path, value);
  if (!edited) return edited.error();
  return commit(files.value(), Files{files.value().accounts, edited.value()}, path_text(path) + " set to " + value);
}

Result<EditOutcome> AdminTool::enable_rule(const std::string& rule, bool enabled) {
  return set_rule_value("rules." + rule + ".enabled", enabled ? "true" : "false");
}

Result<EditOutcome> AdminTool::restore_defaults(const std::string& rule) {
  auto files = read_files();
  if (!files) return files.error();
  YamlPath path{std::string("rules")};
  if (!rule.empty()) {
    auto defaults = load_yaml(defaults_text(), "the shipped defaults");
    if (!defaults) return defaults.error();
    if (at(at(defaults.value(), "rules"), rule).IsNull()) return make_error("there is no rule '" + rule + "'");
    path.emplace_back(rule);
  }
  auto edited = replace_entry(files.value().risk, path, defaults_text(), path);
  if (!edited) return edited.error();
  return commit(files.value(), Files{files.value().accounts, edited.value()},
                (rule.empty() ? std::string("every rule") : rule) + " restored to the shipped defaults");
}

// ------------------------------------------------------------------ daemon --

// "host:port" / "[v6]:port" of the daemon's event server, signed with admin.key.
ChannelOptions AdminTool::channel_options(const std::string& address) const {
  ChannelOptions o;
  const auto colon = address.rfind(':');
  o.host = address.substr(0, colon);
  if (!o.host.empty() && o.host.front() == '[') o.host = o.host.substr(1, o.host.size() - 2);
  o.port = static_cast<std::uint16_t>(std::strtoul(address.substr(colon + 1).c_str(), nullptr, 10));
  o.key_file = paths_.key_file();
  return o;
}

Result<nlohmann::json> AdminTool::clear_lockout(std::int64_t account_id, const std::string& rule,
                                                const std::string& symbol, const std::string& reason,
                                                const std::string& admin) {
  if (reason.empty()) return make_error("a reason is needed: lockout clears are audited");
  Json cmd{{"op", "clear_lockout"}, {"account", account_id}, {"reason", reason}, {"admin", admin_name(admin)}};
  if (!rule.empty()) cmd["rule"] = rule;
  if (!symbol.empty()) cmd["symbol"] = symbol;
  return send_admin_command(channel_options(event_server_address()), cmd);
}

Result<nlohmann::json> AdminTool::request_reload(const std::string& admin, const std::string& address) {
  return send_admin_command(channel_options(address.empty() ? event_server_address() : address),
                            Json{{"op", "reload"}, {"admin", admin_name(admin)}});
}

std::vector<ConnectionCheck> AdminTool::test_connection() const {
  std::vector<ConnectionCheck> out;
  config::LoadOptions lo;
  lo.accounts_file = paths_.accounts_file();
  lo.risk_config_file = paths_.risk_config_file();
  lo.allow_insecure_permissions = true;  // the daemon checks its own files; this only reads them
  lo.env = daemon_environment(paths_.secrets_file());
  config::LoadResult loaded;
  const double cfg_ms = time_ms([&] { loaded = config::load_config(lo); });
  out.push_back({"configuration", loaded.ok(), cfg_ms, loaded.ok() ? "both files valid" : loaded.report()});
  if (!loaded.ok()) return out;
  const config::DaemonConfig& c = *loaded.config;
  const gateway::Endpoints ep = c.gateway.endpoints();
  const SystemClock clock;

  bool pinged = false;
  for (const auto& login : c.logins()) {
    gateway::RestClient rest(ep, login.username, login.api_key, clock);
    if (!pinged) {
      Result<bool> p = make_error("not run");
      const double ms = time_ms([&] { p = rest.ping(); });
      out.push_back({"REST ping " + ep.rest_base_url, p.ok(), ms, p.ok() ? "ok" : p.error().message});
      pinged = true;
    }
    Result<bool> l = make_error("not run");
    const double lms = time_ms([&] { l = rest.login(); });
    out.push_back({"login " + login.username, l.ok(), lms, l.ok() ? "token received" : l.error().message});
    if (!l.ok()) continue;
    Result<std::vector<Account>> accts = make_error("not run");
    const double ams = time_ms([&] { accts = rest.accounts(false); });
    for (AccountId id : login.accounts) {
      const bool seen = accts.ok() && std::any_of(accts.value().begin(), accts.value().end(),
                                                  [&](const Account& a) { return a.id == id; });
      std::string detail = accts.ok() ? (seen ? "visible to " + login.username : "not among this login's accounts")
                                      : accts.error().message;
      out.push_back({"account " + std::to_string(id), seen, ams, detail});
    }
    out.push_back(check_hub(gateway::HubClient::Kind::User, "user hub " + login.username, ep.user_hub_url, ep,
                            rest.token(), login.accounts, {}));
    if (login.username == c.logins().front().username) {
      out.push_back(check_hub(gateway::HubClient::Kind::Market, "market hub", ep.market_hub_url, ep, rest.token(), {},
                              front_mnq(clock.now())));
    }
  }

  std::string data_dir = paths_.data_dir.empty() ? c.paths.data_dir : paths_.data_dir;
  const std::string db_path = (fs::path(data_dir) / "state.db").string();
  {
    ConnectionCheck d{"database " + db_path, false, 0, {}};
    d.ms = time_ms([&] {
      auto db = store::open_read_only(db_path);
      if (!db) {
        d.detail = db.error().message;
        return;
      }
      auto v = db.value().query_text("SELECT MAX(version) FROM schema_version");
      d.ok = v.ok() && v.value().has_value();
      d.detail = !v.ok() ? v.error().message : "schema version " + v.value().value_or("(none)");
    });
    out.push_back(d);
  }
  {
    const std::string addr = event_server_address();
    ConnectionCheck e{"event server " + addr, false, 0, {}};
    e.ms = time_ms([&] {
      net::ClientOptions co;
      co.timeout = std::chrono::seconds(3);
      auto ws = net::WsClient::connect("ws://" + addr + "/", co);
      if (!ws) {
        e.detail = ws.error().message + " (is risk-daemon running?)";
        return;
      }
      (void)ws.value()->send(R"({"subscribe":[]})");
      auto m = ws.value()->read(std::chrono::seconds(3));
      e.ok = m.ok();
      e.detail = m.ok() ? "connected, the daemon answered" : "connected, but no message: " + m.error().message;
      ws.value()->close();
    });
    out.push_back(e);
  }
  return out;
}

Result<std::string> AdminTool::status(std::size_t log_lines) const {
  auto files = read_files();
  if (!files) return files.error();
  auto rows = list_accounts();
  if (!rows) return rows.error();
  auto y = load_yaml(files.value().risk, paths_.risk_config_file());
  std::string data_dir = paths_.data_dir;
  std::string log_dir = paths_.log_dir;
  if (y) {
    const YAML::Node p = at(y.value(), "paths");
    if (data_dir.empty()) data_dir = at(p, "data_dir").IsScalar() ? at(p, "data_dir").Scalar() : "data";
    if (log_dir.empty()) log_dir = at(p, "log_dir").IsScalar() ? at(p, "log_dir").Scalar() : "logs";
  }
  std::ostringstream out;
  const SystemClock clock;
  std::string zone_name = "America/Chicago";
  if (y && at(at(y.value(), "global"), "timezone").IsScalar()) {
    zone_name = at(at(y.value(), "global"), "timezone").Scalar();
  }
  auto zone = tz::load(zone_name);
  for (const auto& r : rows.value()) {
    dashboard::StatusOptions so;
    so.server = event_server_address();
    so.db_path = (fs::path(data_dir) / "state.db").string();
    so.account = r.account_id;
    std::string text;
    dashboard::run_status(so, clock, zone ? zone.value().get() : nullptr, text);
    out << text << "\n";
  }
  // The newest daemon log (daily files: daemon_YYYY-MM-DD.log).
  std::error_code ec;
  fs::path newest;
  for (const auto& e : fs::directory_iterator(log_dir, ec)) {
    const std::string n = e.path().filename().string();
    if (n.rfind("daemon", 0) == 0 && e.path().extension() == ".log" &&
        (newest.empty() || n > newest.filename().string()))
      newest = e.path();
  }
  if (newest.empty()) {
    out << "daemon log: none found in " << log_dir << "\n";
  } else {
    std::ifstream f(newest);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(f, line)) {
      lines.push_back(line);
      if (lines.size() > log_lines) lines.erase(lines.begin());
    }
    out << "last " << lines.size() << " lines of " << newest.string() << ":\n";
    for (const auto& l : lines) out << "  " << l << "\n";
  }
  return out.str();
}

}  // namespace risk::admin
