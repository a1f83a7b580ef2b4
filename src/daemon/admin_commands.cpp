#include "daemon/admin_commands.hpp"

#include <algorithm>

#include "daemon/json.hpp"
#include "protocol/feed.hpp"

namespace risk::daemon {

namespace {

constexpr int kRefusalsLoggedPerMinute = 10;

// Free text goes into one-line logs: no control characters (no forged lines).
std::string one_line(std::string s) {
  for (char& ch : s) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = ' ';
  }
  return s;
}

std::string reply(Json j) {
  j["type"] = protocol::admin_channel::kResult;
  return j.dump();
}

}  // namespace

AdminCommands::AdminCommands(const Clock& clock, const Logs& logs) : clock_(clock), logs_(logs) {}

bool AdminCommands::admit(const server::EventServer::AdminAttempt& a) {
  if (a.refusal.empty()) return true;
  const std::lock_guard lock(refusals_mutex_);
  const Timestamp now = clock_.now();
  if (refusal_window_ == Timestamp::min() || now - refusal_window_ > minutes(1)) {
    if (refusals_unlogged_ > 0) {
      logs_.daemon->warn("{} more admin command(s) refused in the last minute", refusals_unlogged_);
    }
    refusal_window_ = now;
    refusals_logged_ = 0;
    refusals_unlogged_ = 0;
  }
  if (refusals_logged_++ < kRefusalsLoggedPerMinute) {
    logs_.daemon->warn("admin command refused (connection {}): {}", a.connection, a.refusal);
  } else {
    ++refusals_unlogged_;
  }
  return false;
}

AdminCommands::Command AdminCommands::parse(const std::string& text, const std::vector<AccountId>& monitored) const {
  const Json cmd = Json::parse(text, nullptr, false);
  if (!cmd.is_object() || !cmd.contains("op") || !cmd["op"].is_string()) {
    return Refuse{"an admin command is a JSON object with an \"op\""};
  }
  try {
    const std::string op = cmd["op"].get<std::string>();
    const std::string admin = one_line(cmd.value("admin", std::string()));
    if (op == "reload") {
      logs_.daemon->info("admin {} asked for a configuration reload", admin.empty() ? "(unnamed)" : admin);
      return Reload{admin};
    }
    if (op != "clear_lockout") return Refuse{"unknown admin op '" + op + "' (clear_lockout, reload)"};
    AdminClearLockout c;
    c.account_id = cmd.value("account", AccountId{0});
    c.reason = one_line(cmd.value("reason", std::string()));
    c.admin = admin;
    if (std::find(monitored.begin(), monitored.end(), c.account_id) == monitored.end()) {
      return Refuse{"account " + std::to_string(c.account_id) + " is not monitored by this daemon"};
    }
    if (c.reason.empty()) return Refuse{"a lockout clear needs a reason (it is audited)"};
    if ((cmd.contains("rule") && !cmd["rule"].is_string() && !cmd["rule"].is_null()) ||
        (cmd.contains("symbol") && !cmd["symbol"].is_string() && !cmd["symbol"].is_null())) {
      return Refuse{"rule and symbol must be strings (a filter that cannot be read clears nothing)"};
    }
    if (cmd.contains("rule") && cmd["rule"].is_string()) {
      c.rule = parse_rule(cmd["rule"].get<std::string>());
      if (!c.rule) return Refuse{"unknown rule '" + cmd["rule"].get<std::string>() + "'"};
    }
    if (cmd.contains("symbol") && cmd["symbol"].is_string()) {
      c.symbol = normalize_root(cmd["symbol"].get<std::string>());
    }
    return Clear{std::move(c)};
  } catch (const Json::exception& e) {  // a field of the wrong type: refused, never fatal
    logs_.daemon->warn("malformed admin command refused: {}", e.what());
    return Refuse{std::string("malformed command: ") + e.what()};
  }
}

std::string AdminCommands::cleared(const AdminClearLockout& c, const std::vector<Notice>& notices) const {
  Json cleared = Json::array();
  for (const auto& n : notices) {
    if (const auto* l = std::get_if<LockoutCleared>(&n)) cleared.push_back(to_json(l->lockout));
  }
  logs_.enforcement->warn("ADMIN_OVERRIDE account={} rule={} cleared={} admin=\"{}\" reason=\"{}\"", c.account_id,
                          c.rule ? std::string(rule_code(*c.rule)) : std::string("all"), cleared.size(), c.admin,
                          c.reason);
  logs_.daemon->warn("admin {} cleared {} lockout(s) of account {}: {}", c.admin.empty() ? "(unnamed)" : c.admin,
                     cleared.size(), c.account_id, c.reason);
  return reply({{"ok", true}, {"op", "clear_lockout"}, {"account", c.account_id}, {"cleared", cleared}});
}

std::string AdminCommands::refusal(const std::string& error) { return reply({{"ok", false}, {"error", error}}); }

}  // namespace risk::daemon
