// risk-admin: the administrator's tool (docs/admin.md). Password-protected;
// menus when started without a subcommand, the same operations as
// subcommands for scripts. Secrets (the password, API keys) come from the
// terminal with echo off or from a file descriptor, never from the command line.
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>

#include "admin/admin_tool.hpp"
#include "admin/password.hpp"
#include "platform/console.hpp"
#include "platform/paths.hpp"
#include "protocol/admin_auth.hpp"
#include "service/service_control.hpp"

namespace {

using risk::admin::AdminTool;
namespace fs = std::filesystem;

constexpr int kExitFailed = 1;
constexpr int kExitAuth = 3;

struct Globals {
  risk::admin::AdminPaths paths;
  int password_fd = -1;
  std::string admin;
};

// A secret from the given descriptor, else the terminal (echo off).
std::optional<std::string> secret(int fd, const std::string& prompt) {
  if (fd >= 0) return risk::platform::read_line_fd(fd);
  return risk::platform::read_secret(prompt);
}

// First run sets the password; later runs need it (3 tries).
bool authenticate(const Globals& g) {
  bool missing = false;
  auto hash = risk::admin::read_password_hash(g.paths.password_file(), &missing);
  if (!hash && !missing) {
    std::cerr << "risk-admin: " << hash.error().message << "\n";
    return false;
  }
  if (g.password_fd < 0 && !risk::platform::stdin_is_terminal() && !fs::exists("/dev/tty")) {
    std::cerr << "risk-admin: no terminal to ask for the password: pass it on a file descriptor (--password-fd N)\n";
    return false;
  }
  if (missing) {
    std::cout << "No admin password is set yet (" << g.paths.password_file() << "): choose one.\n" << std::flush;
    auto p1 = secret(g.password_fd, "New admin password: ");
    auto p2 = secret(g.password_fd, "Repeat it: ");
    if (!p1 || !p2) {
      std::cerr << "risk-admin: no password given\n";
      return false;
    }
    if (*p1 != *p2) {
      std::cerr << "risk-admin: the two passwords differ; nothing was set\n";
      return false;
    }
    if (const auto problem = risk::admin::password_problem(*p1); !problem.empty()) {
      std::cerr << "risk-admin: " << problem << "; nothing was set\n";
      return false;
    }
    auto h = risk::admin::hash_password(*p1);
    if (!h) {
      std::cerr << "risk-admin: " << h.error().message << "\n";
      return false;
    }
    auto w = risk::admin::write_password_hash(g.paths.password_file(), h.value());
    if (!w) {
      std::cerr << "risk-admin: " << w.error().message << "\n";
      return false;
    }
    std::cout << "Admin password set.\n";
    if (!fs::exists(g.paths.key_file())) {
      auto k = risk::protocol::create_admin_key(g.paths.key_file());
      std::cout << (k ? "Admin channel key created: " + g.paths.key_file() + "\n"
                      : "Could not create the admin channel key: " + k.error().message + "\n");
    }
    return true;
  }
  for (int attempt = 1; attempt <= risk::admin::kPasswordTries; ++attempt) {
    auto p = secret(g.password_fd, "Admin password: ");
    if (!p) {
      std::cerr << "risk-admin: no password given\n";
      return false;
    }
    if (risk::admin::verify_password(hash.value(), *p)) return true;
    const int left = risk::admin::kPasswordTries - attempt;
    std::cerr << "Wrong password" << (left > 0 ? " (" + std::to_string(left) + " tries left)" : "") << "\n";
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
  }
  std::cerr << "risk-admin: " << risk::admin::kPasswordTries << " wrong passwords: giving up\n";
  return false;
}

int change_password(const Globals& g) {
  auto p1 = secret(g.password_fd, "New admin password: ");
  auto p2 = secret(g.password_fd, "Repeat it: ");
  if (!p1 || !p2 || *p1 != *p2) {
    std::cerr << "risk-admin: the new passwords are missing or differ; the password is unchanged\n";
    return kExitFailed;
  }
  if (const auto problem = risk::admin::password_problem(*p1); !problem.empty()) {
    std::cerr << "risk-admin: " << problem << "; the password is unchanged\n";
    return kExitFailed;
  }
  auto h = risk::admin::hash_password(*p1);
  auto w = h ? risk::admin::write_password_hash(g.paths.password_file(), h.value()) : risk::Result<bool>(h.error());
  if (!w) {
    std::cerr << "risk-admin: " << w.error().message << "\n";
    return kExitFailed;
  }
  std::cout << "Admin password changed.\n";
  return 0;
}

int report(const risk::Result<risk::admin::EditOutcome>& r) {
  if (!r) {
    std::cerr << "risk-admin: " << r.error().message << "\n";
    return kExitFailed;
  }
  std::cout << r.value().summary << "\n";
  for (const auto& w : r.value().warnings) std::cout << "warning: " << w << "\n";
  std::cout << (r.value().reloaded ? "The daemon reloaded its configuration:\n" : "Reload: ") << r.value().reload
            << "\n";
  return 0;
}

int print_accounts(AdminTool& tool) {
  auto rows = tool.list_accounts();
  if (!rows) {
    std::cerr << "risk-admin: " << rows.error().message << "\n";
    return kExitFailed;
  }
  std::printf("%-12s %-20s %-34s %-8s %s\n", "ACCOUNT", "USERNAME", "API KEY", "ENABLED", "NICKNAME");
  for (const auto& r : rows.value()) {
    std::printf("%-12lld %-20s %-34s %-8s %s\n", static_cast<long long>(r.account_id), r.username.c_str(),
                r.api_key_hint.c_str(), r.enabled ? "yes" : "no", r.nickname.c_str());
  }
  return 0;
}

int print_checks(AdminTool& tool) {
  bool all = true;
  for (const auto& c : tool.test_connection()) {
    std::printf("%-4s %-48s %9.1f ms  %s\n", c.ok ? "OK" : "FAIL", c.name.c_str(), c.ms, c.detail.c_str());
    all = all && c.ok;
  }
  return all ? 0 : kExitFailed;
}

int clear_lockout(AdminTool& tool, std::int64_t account, const std::string& rule, const std::string& symbol,
                  const std::string& reason, const std::string& admin) {
  auto r = tool.clear_lockout(account, rule, symbol, reason, admin);
  if (!r) {
    std::cerr << "risk-admin: " << r.error().message << "\n";
    return kExitFailed;
  }
  if (!r.value().value("ok", false)) {
    std::cerr << "risk-admin: the daemon refused: " << r.value().value("error", std::string("?")) << "\n";
    return kExitFailed;
  }
  const auto& cleared = r.value()["cleared"];
  std::cout << "Cleared " << cleared.size() << " lockout(s) of account " << account << " (audited as ADMIN_OVERRIDE)\n";
  for (const auto& l : cleared) {
    std::cout << "  " << l.value("rule", std::string()) << " " << l.value("reason", std::string()) << "\n";
  }
  return 0;
}

int service(const Globals& g, const std::string& verb) {
  auto sc = risk::service::make_platform_service_control();
  risk::service::Result r;
  if (verb == "status") {
    const auto s = sc->status();
    std::cout << "STATE: " << risk::service::state_name(s.state);
    if (s.pid != 0) std::cout << " (pid " << s.pid << ")";
    std::cout << "\n" << s.detail << "\n";
    return s.state == risk::service::State::Unknown ? kExitFailed : 0;
  }
  if (verb == "install") {
    risk::service::InstallOptions o;
#ifdef _WIN32
    o.daemon_path = (fs::path(risk::platform::executable_dir()) / "risk-daemon.exe").string();
#else
    o.daemon_path = (fs::path(risk::platform::executable_dir()) / "risk-daemon").string();
#endif
    o.config_dir = fs::absolute(g.paths.config_dir).string();
#ifdef _WIN32
    o.data_dir = g.paths.data_dir.empty() ? risk::platform::default_data_dir() : g.paths.data_dir;
    o.log_dir = g.paths.log_dir.empty() ? risk::platform::default_log_dir() : g.paths.log_dir;
#else
    o.data_dir = g.paths.data_dir.empty() ? "/var/lib/risk-manager" : g.paths.data_dir;
    o.log_dir = g.paths.log_dir.empty() ? "/var/log/risk-manager" : g.paths.log_dir;
#endif
    r = sc->install(o);
  } else if (verb == "uninstall") {
    r = sc->uninstall();
  } else if (verb == "start") {
    r = sc->start();
  } else if (verb == "stop") {
    r = sc->stop();
  } else if (verb == "restart") {
    r = sc->restart();
  } else if (verb == "reload") {
    r = sc->reload();
  } else {
    std::cerr << "risk-admin: unknown service command '" << verb << "'\n";
    return 2;
  }
  (r.ok ? std::cout : std::cerr) << r.message << "\n";
  return r.ok ? 0 : kExitFailed;
}

// ------------------------------------------------------------------- menus --

std::string ask(const std::string& prompt) {
  std::cout << prompt << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) return "\x04";  // end of input: leave
  const auto first = line.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
}

int menu_choice(const std::string& title, const std::vector<std::string>& items) {
  std::cout << "\n== " << title << " ==\n";
  for (std::size_t i = 0; i < items.size(); ++i) std::cout << "  " << i + 1 << ") " << items[i] << "\n";
  std::cout << "  0) " << (title == "risk-admin" ? "Quit" : "Back") << "\n";
  const std::string c = ask("Choice: ");
  if (c == "\x04") return 0;
  int n = -1;
  const auto [end, ec] = std::from_chars(c.data(), c.data() + c.size(), n);
  if (ec == std::errc() && end == c.data() + c.size() && n >= 0 && n <= static_cast<int>(items.size())) return n;
  std::cout << "Please type a number from 0 to " << items.size() << ".\n";
  return -1;
}

// 0 when the answer is not a number.
std::int64_t ask_id(const std::string& prompt) {
  const std::string text = ask(prompt);
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  return ec == std::errc() && end == text.data() + text.size() ? id : 0;
}

void accounts_menu(const Globals& g, AdminTool& tool) {
  while (true) {
    const int c = menu_choice("Accounts", {"List", "Add (with a test login)", "Edit", "Remove"});
    if (c == 0) return;
    if (c == 1) print_accounts(tool);
    if (c == 2) {
      risk::admin::NewAccount a;
      a.account_id = ask_id("Account id: ");
      a.username = ask("Gateway username: ");
      auto key = secret(g.password_fd, "API key (not shown): ");
      a.api_key = key.value_or("");
      a.nickname = ask("Nickname (optional): ");
      report(tool.add_account(a));
    }
    if (c == 3) {
      const auto id = ask_id("Account id: ");
      const std::string field = ask("Field (username, nickname, enabled, api_key, reset_time, timezone): ");
      std::string value;
      if (field == "api_key") {
        value = secret(g.password_fd, "New API key (not shown): ").value_or("");
      } else {
        value = ask("New value: ");
      }
      report(tool.edit_account(id, field, value));
    }
    if (c == 4) {
      const auto id = ask_id("Account id to remove: ");
      const std::string confirm = ask("Type the account id again to confirm: ");
      report(tool.remove_account(id, confirm));
    }
  }
}

void rules_menu(AdminTool& tool) {
  while (true) {
    const int c = menu_choice("Rules", {"Show all", "Edit a field", "Enable or disable a rule", "Restore defaults"});
    if (c == 0) return;
    if (c == 1) {
      auto s = tool.show_rules();
      std::cout << (s ? s.value() : "risk-admin: " + s.error().message + "\n");
    }
    if (c == 2) {
      const std::string key = ask("Setting (e.g. daily_realized_loss.loss_limit): ");
      const std::string value = ask("New value: ");
      report(tool.set_rule_value(key, value));
    }
    if (c == 3) {
      const std::string rule = ask("Rule (e.g. trade_frequency_limit): ");
      const std::string on = ask("Enable? (yes/no): ");
      report(tool.enable_rule(rule, on == "yes" || on == "y"));
    }
    if (c == 4) {
      const std::string rule = ask("Rule to restore (empty = every rule): ");
      const std::string confirm = ask("Type 'restore' to confirm: ");
      if (confirm == "restore") {
        report(tool.restore_defaults(rule));
      } else {
        std::cout << "Nothing changed.\n";
      }
    }
  }
}

void service_menu(const Globals& g) {
  static const std::vector<std::string> kVerbs{"status", "install", "start", "stop", "restart", "reload", "uninstall"};
  while (true) {
    const int c =
        menu_choice("Service", {"Status", "Install", "Start", "Stop", "Restart", "Reload configuration", "Uninstall"});
    if (c == 0) return;
    if (c > 0) service(g, kVerbs[static_cast<std::size_t>(c - 1)]);
  }
}

void menu_action(const Globals& g, AdminTool& tool, int choice) {
  switch (choice) {
    case 1:
      accounts_menu(g, tool);
      break;
    case 2:
      rules_menu(tool);
      break;
    case 3:
      service_menu(g);
      break;
    case 4:
      print_checks(tool);
      break;
    case 5: {
      auto s = tool.status();
      std::cout << (s ? s.value() : "risk-admin: " + s.error().message + "\n");
      break;
    }
    case 6: {
      const auto id = ask_id("Account id: ");
      const std::string rule = ask("Rule (empty = every lockout of the account): ");
      const std::string reason = ask("Reason (audited): ");
      clear_lockout(tool, id, rule, {}, reason, g.admin);
      break;
    }
    case 7:
      change_password(g);
      break;
    default:
      break;
  }
}

int menus(const Globals& g) {
  AdminTool tool(g.paths);
  tool.set_admin(g.admin);
  std::cout << "risk-admin: " << g.paths.config_dir << "\n";
  while (true) {
    const int c = menu_choice("risk-admin", {"Accounts", "Rules", "Service control", "Test connection", "Daemon status",
                                             "Clear a lockout", "Change the admin password"});
    if (c == 0) return 0;
    try {
      menu_action(g, tool, c);
    } catch (const std::exception& e) {  // one failed action does not end the session
      std::cout << "risk-admin: " << e.what() << "\n";
    }
  }
}

}  // namespace

int run(int argc, char** argv) {
  Globals g;
  g.paths.config_dir = risk::admin::default_config_dir();
  CLI::App app{"risk-admin: administer the risk manager (accounts, rules, service, lockouts); password-protected"};
  app.add_option("--config", g.paths.config_dir, "configuration directory")->capture_default_str();
  app.add_option("--data", g.paths.data_dir, "data directory (state.db); default from risk_config.yaml");
  app.add_option("--log-dir", g.paths.log_dir, "log directory; default from risk_config.yaml");
  app.add_option("--event-server", g.paths.event_server, "the daemon's event server HOST:PORT (default from config)");
  app.add_option("--password-fd", g.password_fd,
                 "read the admin password (and other secrets, one per line) from this file descriptor");
  app.add_option("--admin", g.admin, "your name for the audit (default: SUDO_USER or USER)");
  app.require_subcommand(0, 1);

  auto* init = app.add_subcommand("init", "set the admin password (first run) and create admin.key");
  auto* password = app.add_subcommand("password", "change the admin password (needs the old one)");

  auto* accounts = app.add_subcommand("accounts", "list, add, edit, remove accounts")->require_subcommand(1);
  accounts->add_subcommand("list", "accounts (API keys: last 4 characters only)");
  risk::admin::NewAccount na;
  int key_fd = -1;
  auto* add = accounts->add_subcommand("add", "add an account after a test login against the gateway");
  add->add_option("--id", na.account_id, "the gateway's account id")->required();
  add->add_option("--username", na.username, "the gateway username")->required();
  add->add_option("--api-key-fd", key_fd, "read the API key from this file descriptor (else: prompt)");
  add->add_option("--api-key-env", na.api_key_env, "write ${VAR} instead of the key (set VAR in secrets.env)");
  add->add_option("--nickname", na.nickname, "shown on dashboards");
  bool no_test = false;
  add->add_flag("--no-test-login", no_test, "do not test the login first");
  std::int64_t edit_id = 0;
  std::string edit_field;
  std::string edit_value;
  auto* edit = accounts->add_subcommand("edit", "change one field of an account");
  edit->add_option("--id", edit_id)->required();
  edit->add_option("--field", edit_field, "username|nickname|enabled|api_key|reset_time|timezone")->required();
  edit->add_option("--value", edit_value, "the new value (api_key: read from --api-key-fd or a prompt)");
  edit->add_option("--api-key-fd", key_fd, "read the new API key from this file descriptor");
  std::int64_t remove_id = 0;
  std::string confirm;
  auto* remove = accounts->add_subcommand("remove", "stop monitoring an account (typed confirmation)");
  remove->add_option("--id", remove_id)->required();
  remove->add_option("--confirm", confirm, "the account id again (else: prompt)");

  auto* rules = app.add_subcommand("rules", "show and edit the risk rules")->require_subcommand(1);
  std::string rule_name;
  auto* rshow = rules->add_subcommand("show", "every rule with its current values and defaults");
  rshow->add_option("rule", rule_name);
  std::string set_key;
  std::string set_value;
  auto* rset = rules->add_subcommand("set", "set one field: rules set daily_realized_loss.loss_limit 400");
  rset->add_option("key", set_key)->required();
  rset->add_option("value", set_value)->required();
  auto* renable = rules->add_subcommand("enable", "enable a rule");
  renable->add_option("rule", rule_name)->required();
  auto* rdisable = rules->add_subcommand("disable", "disable a rule");
  rdisable->add_option("rule", rule_name)->required();
  bool all_rules = false;
  auto* rdefaults = rules->add_subcommand("defaults", "restore a rule (or --all) to the shipped defaults");
  rdefaults->add_option("rule", rule_name);
  rdefaults->add_flag("--all", all_rules, "every rule");

  std::string verb;
  auto* svc = app.add_subcommand("service", "install|start|stop|restart|reload|uninstall|status");
  svc->add_option("command", verb)
      ->required()
      ->check(CLI::IsMember({"install", "start", "stop", "restart", "reload", "uninstall", "status"}));

  auto* lockout = app.add_subcommand("lockout", "clear a lockout (audited)")->require_subcommand(1);
  std::int64_t lock_account = 0;
  std::string lock_rule;
  std::string lock_symbol;
  std::string lock_reason;
  auto* lclear = lockout->add_subcommand("clear", "clear an account's lockouts (all, or one rule's)");
  lclear->add_option("--account", lock_account)->required();
  lclear->add_option("--rule", lock_rule, "RULE-003 or daily_realized_loss (default: every lockout)");
  lclear->add_option("--symbol", lock_symbol, "only the lockout of this symbol root");
  lclear->add_option("--reason", lock_reason, "why (recorded in the audit)")->required();

  auto* test = app.add_subcommand("test-connection", "gateway REST, logins, both hubs, database, event server");
  auto* status = app.add_subcommand("status", "accounts, P&L, positions, lockouts, last log lines");

  CLI11_PARSE(app, argc, argv);

  if (!authenticate(g)) return kExitAuth;
  AdminTool tool(g.paths);
  tool.set_admin(g.admin);

  if (app.get_subcommands().empty()) return menus(g);
  if (init->parsed()) {
    if (!fs::exists(g.paths.key_file())) {
      auto k = risk::protocol::create_admin_key(g.paths.key_file());
      std::cout << (k ? "Admin channel key created: " + g.paths.key_file() : "risk-admin: " + k.error().message)
                << "\n";
      return k ? 0 : kExitFailed;
    }
    std::cout << "Admin password and channel key are in place.\n";
    return 0;
  }
  if (password->parsed()) return change_password(g);
  if (accounts->got_subcommand("list")) return print_accounts(tool);
  if (add->parsed()) {
    na.test_login = !no_test;
    if (na.api_key_env.empty()) {
      na.api_key = secret(key_fd >= 0 ? key_fd : g.password_fd, "API key (not shown): ").value_or("");
    }
    return report(tool.add_account(na));
  }
  if (edit->parsed()) {
    if (edit_field == "api_key") {
      edit_value = secret(key_fd >= 0 ? key_fd : g.password_fd, "New API key (not shown): ").value_or("");
    }
    return report(tool.edit_account(edit_id, edit_field, edit_value));
  }
  if (remove->parsed()) {
    if (confirm.empty()) confirm = ask("Type the account id again to confirm: ");
    return report(tool.remove_account(remove_id, confirm));
  }
  if (rshow->parsed()) {
    auto s = tool.show_rules(rule_name);
    if (!s) {
      std::cerr << "risk-admin: " << s.error().message << "\n";
      return kExitFailed;
    }
    std::cout << s.value();
    return 0;
  }
  if (rset->parsed()) return report(tool.set_rule_value(set_key, set_value));
  if (renable->parsed()) return report(tool.enable_rule(rule_name, true));
  if (rdisable->parsed()) return report(tool.enable_rule(rule_name, false));
  if (rdefaults->parsed()) {
    if (rule_name.empty() && !all_rules) {
      std::cerr << "risk-admin: name a rule, or --all\n";
      return 2;
    }
    return report(tool.restore_defaults(all_rules ? std::string() : rule_name));
  }
  if (svc->parsed()) return service(g, verb);
  if (lclear->parsed()) return clear_lockout(tool, lock_account, lock_rule, lock_symbol, lock_reason, g.admin);
  if (test->parsed()) return print_checks(tool);
  if (status->parsed()) {
    auto s = tool.status();
    if (!s) {
      std::cerr << "risk-admin: " << s.error().message << "\n";
      return kExitFailed;
    }
    std::cout << s.value();
    return 0;
  }
  return 0;
}

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {  // never a core dump for bad input; the message says what
    std::cerr << "risk-admin: " << e.what() << "\n";
    return kExitFailed;
  }
}
