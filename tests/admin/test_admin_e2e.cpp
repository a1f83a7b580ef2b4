// risk-admin end to end: the real binary, driven non-interactively (the
// password on a file descriptor), against a running daemon and projectx-sim
// over TLS on loopback, with real files.
#include <cstdlib>

#include <sys/stat.h>

#include "../e2e/e2e_fixture.hpp"
#include "protocol/admin_auth.hpp"

namespace risk::e2e {
namespace {

constexpr int kBuy = 0;
constexpr int kSell = 1;
constexpr const char* kPassword = "correct-horse-42";

struct AdminRun {
  int rc = -1;
  std::string out;
};

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return static_cast<unsigned>(st.st_mode) & 0777u;
}

class AdminE2E : public E2E {
 protected:
  // risk-admin with `args`; `input` lines go to its stdin, which is also its --password-fd.
  AdminRun admin(const std::string& args, const std::vector<std::string>& input, const std::string& env = {}) {
    const fs::path in = dir / "admin.in";
    const fs::path out = dir / "admin.out";
    {
      std::ofstream f(in);
      for (const auto& l : input) f << l << "\n";
    }
    const std::string port = daemon ? std::to_string(daemon->event_port()) : "1";
    const std::string cmd = env + " " RISK_ADMIN_BIN " --config " + (dir / "config").string() + " --data " +
                            (dir / "data").string() + " --log-dir " + (dir / "logs").string() +
                            " --event-server 127.0.0.1:" + port + " --password-fd 0 --admin e2e-admin " + args + " < " +
                            in.string() + " > " + out.string() + " 2>&1";
    const int status = std::system(cmd.c_str());
    AdminRun r;
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    return r;
  }

  void init_admin() {
    const AdminRun r = admin("init", {kPassword, kPassword});
    ASSERT_EQ(r.rc, 0) << r.out;
  }

  // A realized loss of about 50 (1 MNQ, 25 points) on the sim.
  void lose_about_50(Trader& t) {
    t.price(kMnq, "20000");
    t.market(kMnq, kBuy, 1);
    ASSERT_TRUE(eventually([&] { return t.open_contracts() == 1; }));
    t.price(kMnq, "19975");
    t.market(kMnq, kSell, 1);
    ASSERT_TRUE(eventually([&] { return t.open_contracts() == 0; }));
  }
};

TEST_F(AdminE2E, FirstRunSetsThePasswordThreeWrongTriesAreRefused) {
  write_config(rules_yaml({}));
  init_admin();
  const fs::path hash = dir / "config" / "admin.pwhash";
  EXPECT_EQ(mode_of(hash), 0600u);
  EXPECT_EQ(slurp(hash).rfind("$argon2id$", 0), 0u) << "an Argon2id hash, not the password";
  EXPECT_EQ(slurp(hash).find(kPassword), std::string::npos);
  EXPECT_EQ(mode_of(dir / "config" / "admin.key"), 0640u);

  const AdminRun wrong = admin("accounts list", {"guess-one", "guess-two", "guess-three", kPassword});
  EXPECT_EQ(wrong.rc, 3) << wrong.out;
  EXPECT_NE(wrong.out.find("3 wrong passwords"), std::string::npos) << wrong.out;
  EXPECT_EQ(wrong.out.find("ACCOUNT"), std::string::npos) << "nothing is shown without the password";
  EXPECT_EQ(wrong.out.find("guess-one"), std::string::npos) << "a typed password is never echoed";

  const AdminRun second = admin("accounts list", {"guess-one", kPassword});
  EXPECT_EQ(second.rc, 0) << "the second of three tries may succeed: " << second.out;

  const AdminRun list = admin("accounts list", {kPassword});
  ASSERT_EQ(list.rc, 0) << list.out;
  EXPECT_NE(list.out.find("1001"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("\u20260001"), std::string::npos) << "the last 4 characters of the key: " << list.out;
  EXPECT_EQ(list.out.find(kKey), std::string::npos) << "the API key is never printed";

  // Changing the password needs the old one.
  EXPECT_EQ(admin("password", {"not-the-old-one", "x", "y"}).rc, 3);
  const AdminRun change = admin("password", {kPassword, "a-new-password-7", "a-new-password-7"});
  ASSERT_EQ(change.rc, 0) << change.out;
  EXPECT_EQ(admin("accounts list", {kPassword, kPassword, kPassword}).rc, 3);
  EXPECT_EQ(admin("accounts list", {"a-new-password-7"}).rc, 0);
}

TEST_F(AdminE2E, AccountAddRunsATestLoginAgainstTheGateway) {
  write_config(rules_yaml({}));
  start_daemon();
  init_admin();
  Trader t(base(), ca());
  t.control("users", {{"userName", "second-user"}, {"apiKey", "second-key-0000000002"}});
  t.control("accounts", {{"userName", "second-user"}, {"id", 2002}, {"name", "SECOND-50K"}});
  const fs::path accounts = dir / "config" / "accounts.yaml";
  const std::string before = slurp(accounts);

  const AdminRun bad_key =
      admin("accounts add --id 2002 --username second-user --nickname Second", {kPassword, "wrong-key-000000000000"});
  EXPECT_EQ(bad_key.rc, 1) << bad_key.out;
  EXPECT_NE(bad_key.out.find("test login as second-user failed"), std::string::npos) << bad_key.out;
  EXPECT_EQ(slurp(accounts), before) << "a refused add leaves the file untouched";

  const AdminRun not_theirs =
      admin("accounts add --id 1001 --username second-user", {kPassword, "second-key-0000000002"});
  EXPECT_EQ(not_theirs.rc, 1);
  EXPECT_NE(not_theirs.out.find("already"), std::string::npos) << not_theirs.out;
  const AdminRun foreign = admin("accounts add --id 3003 --username second-user", {kPassword, "second-key-0000000002"});
  EXPECT_EQ(foreign.rc, 1);
  EXPECT_NE(foreign.out.find("not one of its accounts"), std::string::npos) << foreign.out;
  EXPECT_EQ(slurp(accounts), before);

  const AdminRun ok =
      admin("accounts add --id 2002 --username second-user --nickname Second", {kPassword, "second-key-0000000002"});
  ASSERT_EQ(ok.rc, 0) << ok.out;
  EXPECT_NE(ok.out.find("after a successful test login"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("reloaded"), std::string::npos) << "the running daemon was asked to reload: " << ok.out;
  EXPECT_EQ(ok.out.find("second-key-0000000002"), std::string::npos);
  const std::string after = slurp(accounts);
  EXPECT_NE(after.find("account_id: 2002"), std::string::npos) << after;
  EXPECT_EQ(after.rfind(before, 0), 0u) << "the old text (comments, layout) is kept as it was";
  EXPECT_EQ(mode_of(accounts), 0600u) << "the file keeps its mode";

  const AdminRun wrong_confirm = admin("accounts remove --id 2002 --confirm 2003", {kPassword});
  EXPECT_EQ(wrong_confirm.rc, 1);
  EXPECT_EQ(slurp(accounts), after);
  const AdminRun removed = admin("accounts remove --id 2002 --confirm 2002", {kPassword});
  ASSERT_EQ(removed.rc, 0) << removed.out;
  EXPECT_EQ(slurp(accounts).find("2002"), std::string::npos);
}

TEST_F(AdminE2E, BadRuleEditIsRefusedGoodEditIsAppliedByTheRunningDaemon) {
  write_config(rules_yaml({{"daily_realized_loss", "    loss_limit: 1000   # generous\n"}}));
  start_daemon();
  init_admin();
  Listener events(daemon->event_port());
  const fs::path risk = dir / "config" / "risk_config.yaml";
  const std::string before = slurp(risk);

  const AdminRun bad = admin("rules set daily_realized_loss.loss_limit -5", {kPassword});
  EXPECT_EQ(bad.rc, 1) << bad.out;
  EXPECT_NE(bad.out.find("risk_config.yaml:"), std::string::npos) << "names the file and line: " << bad.out;
  EXPECT_NE(bad.out.find("loss_limit"), std::string::npos) << bad.out;
  EXPECT_EQ(slurp(risk), before) << "a bad edit never replaces a good file";
  const AdminRun typo = admin("rules set daily_realized_loss.los_limit 40", {kPassword});
  EXPECT_EQ(typo.rc, 1);
  EXPECT_NE(typo.out.find("did you mean 'loss_limit'"), std::string::npos) << typo.out;
  EXPECT_EQ(slurp(risk), before);

  Trader t(base(), ca());
  lose_about_50(t);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(locked_by(RuleId::DailyRealizedLoss)) << "-51 is within the 1000 limit";

  const AdminRun good = admin("rules set daily_realized_loss.loss_limit 40", {kPassword});
  ASSERT_EQ(good.rc, 0) << good.out;
  EXPECT_NE(good.out.find("The daemon reloaded its configuration"), std::string::npos) << good.out;
  EXPECT_NE(slurp(risk).find("    loss_limit: 40   # generous\n"), std::string::npos) << "comment kept";
  EXPECT_TRUE(eventually([&] { return locked_by(RuleId::DailyRealizedLoss); }))
      << "the running daemon judged the day's -51 against the new 40 limit";

  const AdminRun show = admin("rules show daily_realized_loss", {kPassword});
  EXPECT_NE(show.out.find("loss_limit: 40    (default 500)"), std::string::npos) << show.out;
}

TEST_F(AdminE2E, AnEditTheRunningDaemonRejectsIsPutBack) {
  write_config(rules_yaml({}));
  start_daemon();
  init_admin();
  const fs::path accounts = dir / "config" / "accounts.yaml";
  const std::string before = slurp(accounts);
  // ${RISK_E2E_NOT_SET} is set neither for risk-admin nor for the daemon: risk-admin can only
  // check the rest; the running daemon rejects the reload, so the old file must come back.
  const AdminRun r =
      admin("accounts edit --id 1001 --field api_key --api-key-fd 0", {kPassword, "${RISK_E2E_NOT_SET}"});
  EXPECT_EQ(r.rc, 1) << r.out;
  EXPECT_NE(r.out.find("the previous files were put back"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("RISK_E2E_NOT_SET"), std::string::npos) << "says why: " << r.out;
  EXPECT_EQ(slurp(accounts), before);
  EXPECT_EQ(mode_of(accounts), 0600u);
}

TEST_F(AdminE2E, LockoutClearIsAuthenticatedAuditedAndBroadcast) {
  write_config(rules_yaml({{"daily_realized_loss", "    loss_limit: 40\n    lockout_until: permanent\n"}}));
  start_daemon();
  init_admin();
  Listener events(daemon->event_port());
  Trader t(base(), ca());
  lose_about_50(t);
  ASSERT_TRUE(eventually([&] { return locked_by(RuleId::DailyRealizedLoss); }));

  // A command signed with another key is refused, and the nonce is spent.
  {
    auto ws = net::WsClient::connect("ws://127.0.0.1:" + std::to_string(daemon->event_port()) + "/");
    ASSERT_TRUE(ws.ok());
    const auto next = [&](const std::string& type) {
      for (int i = 0; i < 50; ++i) {
        auto m = ws.value()->read(std::chrono::seconds(5));
        if (!m.ok()) return Json();
        Json j = Json::parse(m.value(), nullptr, false);
        if (j.is_object() && j.value("type", "") == type) return j;
      }
      return Json();
    };
    ASSERT_TRUE(ws.value()->send(R"({"type":"admin_hello"})").ok());
    const std::string nonce = next("admin_challenge").value("nonce", "");
    ASSERT_EQ(nonce.size(), 64u);
    const std::string cmd = Json{{"op", "clear_lockout"}, {"account", kAccount}, {"reason", "forged"}}.dump();
    const std::string forged_key(32, 'x');
    ASSERT_TRUE(
        ws.value()
            ->send(Json{
                {"type", "admin_command"}, {"command", cmd}, {"mac", protocol::command_mac(forged_key, nonce, cmd)}}
                       .dump())
            .ok());
    const Json refused = next("admin_result");
    EXPECT_FALSE(refused.value("ok", true));
    EXPECT_NE(refused.value("error", "").find("authentication failed"), std::string::npos) << refused.dump();
    // Replaying with the real key but the spent nonce fails too.
    auto key = protocol::read_admin_key((dir / "config" / "admin.key").string());
    ASSERT_TRUE(key.ok());
    ASSERT_TRUE(
        ws.value()
            ->send(Json{
                {"type", "admin_command"}, {"command", cmd}, {"mac", protocol::command_mac(key.value(), nonce, cmd)}}
                       .dump())
            .ok());
    EXPECT_FALSE(next("admin_result").value("ok", true));
    // A signed command with a field of the wrong type is refused; the daemon carries on.
    ASSERT_TRUE(ws.value()->send(R"({"type":"admin_hello"})").ok());
    const std::string nonce2 = next("admin_challenge").value("nonce", "");
    const std::string odd = R"({"op":"clear_lockout","account":"1001","reason":7})";
    ASSERT_TRUE(
        ws.value()
            ->send(Json{
                {"type", "admin_command"}, {"command", odd}, {"mac", protocol::command_mac(key.value(), nonce2, odd)}}
                       .dump())
            .ok());
    const Json malformed = next("admin_result");
    EXPECT_FALSE(malformed.value("ok", true));
    EXPECT_NE(malformed.value("error", "").find("malformed command"), std::string::npos) << malformed.dump();
  }
  EXPECT_TRUE(locked_by(RuleId::DailyRealizedLoss)) << "no forged or replayed command cleared anything";

  const AdminRun no_reason = admin("lockout clear --account 1001 --reason ''", {kPassword});
  EXPECT_NE(no_reason.rc, 0);
  const AdminRun cleared =
      admin("lockout clear --account 1001 --rule RULE-003 --reason 'reviewed with the trader'", {kPassword});
  ASSERT_EQ(cleared.rc, 0) << cleared.out;
  EXPECT_NE(cleared.out.find("Cleared 1 lockout(s) of account 1001"), std::string::npos) << cleared.out;
  EXPECT_TRUE(db_lockouts().empty());

  auto db = store::open_read_only((dir / "data" / "state.db").string());
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(eventually([&] {
    auto h = store::read_lockout_history(db.value(), kAccount, 10);
    return h.ok() && !h.value().empty();
  }));
  const auto history = store::read_lockout_history(db.value(), kAccount, 10).value();
  EXPECT_EQ(history[0].cleared_by, "ADMIN_OVERRIDE");
  EXPECT_EQ(history[0].note, "reviewed with the trader (by e2e-admin)");
  EXPECT_TRUE(eventually([&] {
    for (const auto& m : events.of_type("lockout_cleared")) {
      if (m["data"].value("cleared_by", "") == "ADMIN_OVERRIDE") return true;
    }
    return false;
  }));
  std::string enforcement;
  for (const auto& e : fs::directory_iterator(dir / "logs")) {
    if (e.path().filename().string().rfind("enforcement", 0) == 0) enforcement += slurp(e.path());
  }
  EXPECT_NE(enforcement.find("ADMIN_OVERRIDE account=1001 rule=RULE-003 cleared=1 admin=\"e2e-admin\""),
            std::string::npos)
      << enforcement;
}

TEST_F(AdminE2E, TestConnectionAndStatus) {
  write_config(rules_yaml({}));
  start_daemon();
  init_admin();
  const AdminRun r = admin("test-connection", {kPassword});
  EXPECT_EQ(r.rc, 0) << r.out;
  for (const char* part : {"REST ping", "login e2e-trader", "account 1001", "user hub e2e-trader", "market hub",
                           "database", "event server"}) {
    EXPECT_NE(r.out.find(std::string("OK   ") + part), std::string::npos) << part << "\n" << r.out;
  }
  EXPECT_NE(r.out.find(" ms "), std::string::npos);
  EXPECT_EQ(r.out.find(kKey), std::string::npos);

  const AdminRun s = admin("status", {kPassword});
  EXPECT_EQ(s.rc, 0) << s.out;
  EXPECT_NE(s.out.find("1001"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("daemon_"), std::string::npos) << "the last lines of the daemon's log: " << s.out;

  stop_daemon();
  const AdminRun down = admin("test-connection", {kPassword});
  EXPECT_EQ(down.rc, 1) << "the event server is down: " << down.out;
  EXPECT_NE(down.out.find("FAIL event server"), std::string::npos) << down.out;
}

TEST_F(AdminE2E, ServiceCommandsDriveSystemctl) {
  write_config(rules_yaml({}));
  init_admin();
  // systemd does not run on these machines: a stand-in systemctl on PATH records what it is asked.
  const fs::path bin = dir / "bin";
  fs::create_directories(bin);
  const fs::path log = dir / "systemctl.log";
  {
    std::ofstream f(bin / "systemctl");
    f << "#!/bin/sh\necho \"$*\" >> " << log.string() << "\n"
      << "case \"$1\" in show) printf 'LoadState=loaded\\nActiveState=active\\nSubState=running\\nMainPID=4242\\n';; "
         "esac\n";
  }
  fs::permissions(bin / "systemctl", fs::perms::owner_all);
  fs::create_directories(dir / "units");
  const std::string env = "PATH=" + bin.string() + ":$PATH RISK_SYSTEMD_UNIT_DIR=" + (dir / "units").string();
  const AdminRun status = admin("service status", {kPassword}, env);
  EXPECT_EQ(status.rc, 0) << status.out;
  EXPECT_NE(status.out.find("STATE: RUNNING (pid 4242)"), std::string::npos) << status.out;
  EXPECT_EQ(admin("service restart", {kPassword}, env).rc, 0);
  EXPECT_EQ(admin("service reload", {kPassword}, env).rc, 0);
  const AdminRun install = admin("service install", {kPassword}, env);
  ASSERT_EQ(install.rc, 0) << install.out;
  const std::string unit = slurp(dir / "units" / "risk-daemon.service");
  EXPECT_NE(unit.find("ExecStart=" + fs::path(RISK_ADMIN_BIN).parent_path().string() + "/risk-daemon --config " +
                      (dir / "config").string()),
            std::string::npos)
      << unit;
  EXPECT_NE(unit.find("Type=notify"), std::string::npos);
  EXPECT_NE(unit.find("EnvironmentFile=-" + (dir / "config" / "secrets.env").string() + "\n"), std::string::npos)
      << unit;
  EXPECT_NE(unit.find("WorkingDirectory=" + (dir / "data").string() + "\n"), std::string::npos) << unit;
  EXPECT_NE(unit.find("ReadWritePaths=" + (dir / "data").string() + " " + (dir / "logs").string() + "\n"),
            std::string::npos)
      << unit;
  EXPECT_EQ(mode_of(dir / "units" / "risk-daemon.service"), 0644u);
  EXPECT_EQ(slurp(log),
            "show risk-daemon.service --property=LoadState,ActiveState,SubState,MainPID --no-pager\n"
            "restart risk-daemon.service\nreload risk-daemon.service\ndaemon-reload\nenable risk-daemon.service\n");
}

}  // namespace
}  // namespace risk::e2e
