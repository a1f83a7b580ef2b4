// Crash test: a child process applies a long event stream through the real
// engine and store and is killed with SIGKILL at random points, again and
// again. After every kill: the database opens clean, every lockout the child
// had acknowledged as set is there (or in the history, cleared by a later
// event), every acknowledged trade is there, and the stored daily P&L equals
// what the engine computes from the stored trades.
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/engine.hpp"
#include "store/store.hpp"
#include "store/writer.hpp"

namespace fs = std::filesystem;
using namespace risk;
using namespace risk::store;

namespace {

constexpr int kEvents = 120'000;
constexpr int kKills = 50;
const Timestamp kStart = *Timestamp::parse("2026-03-03T15:00:00Z");
const std::vector<AccountId> kAccounts{1, 2, 3, 4};
const ContractId kContract = ContractId::of("CON.F.US.MNQ.H26");

EngineSettingsPtr settings() {
  auto s = std::make_shared<EngineSettings>();
  for (AccountId id : kAccounts) {
    AccountSettings a;
    a.account_id = id;
    a.timezone = utc_zone();
    a.timezone_name = "UTC";
    a.reset_time = TimeOfDay::hm(23, 0);
    RulesConfig& r = a.rules;
    r.max_contracts.enabled = r.max_contracts_per_instrument.enabled = r.daily_realized_loss.enabled =
        r.daily_unrealized_loss.enabled = r.max_unrealized_profit.enabled = r.trade_frequency_limit.enabled =
            r.cooldown_after_loss.enabled = r.no_stop_loss_grace.enabled = r.session_block_outside.enabled =
                r.auth_loss_guard.enabled = r.symbol_blocks.enabled = r.daily_realized_profit.enabled = false;
    switch (id) {
      case 1:  // realized loss: locked until the reset
        r.daily_realized_loss.enabled = true;
        r.daily_realized_loss.loss_limit = Decimal::from_int(3000);
        break;
      case 2:  // one-minute cooldowns, again and again
        r.trade_frequency_limit.enabled = true;
        r.trade_frequency_limit.per_minute = 50;
        r.trade_frequency_limit.per_hour = 100000;
        r.trade_frequency_limit.per_session = 100000;
        break;
      case 3:  // cooldown after a losing fill
        r.cooldown_after_loss.enabled = true;
        r.cooldown_after_loss.tiers = {{Decimal::from_int(-95), 30}};
        break;
      default:  // lock in the day's profit
        r.daily_realized_profit.enabled = true;
        r.daily_realized_profit.profit_target = Decimal::from_int(4000);
        break;
    }
    s->accounts.push_back(std::move(a));
  }
  return s;
}

Timestamp time_of(int i) { return kStart + std::chrono::milliseconds(5) * i; }

// Event i of the deterministic stream.
Event event_at(int i) {
  const AccountId account = kAccounts[static_cast<std::size_t>(i % 4)];
  const int k = (i / 4) % 8;
  const Timestamp t = time_of(i);
  if (k == 0 || k == 4) {
    Position p;
    p.id = account;
    p.account_id = account;
    p.contract_id = kContract;
    p.created = t;
    p.type = PositionType::Long;
    p.size = k == 0 ? 1 : 0;
    p.average_price = Decimal::from_int(20000);
    return Event{t, PositionEvent{p}};
  }
  if (k == 1 || k == 5) {
    Order o;
    o.id = 1'000'000 + (i / 32) * 4 + account;  // opened at k=1, cancelled at k=5
    o.account_id = account;
    o.contract_id = kContract;
    o.status = k == 1 ? OrderStatus::Open : OrderStatus::Cancelled;
    o.type = OrderType::Limit;
    o.size = 1;
    o.limit_price = Decimal::from_int(19990);
    return Event{t, OrderEvent{o}};
  }
  Trade tr;
  tr.id = 3'000'000'000LL + i;
  tr.account_id = account;
  tr.contract_id = kContract;
  tr.created = t;
  tr.price = Decimal::from_int(20000);
  tr.fees = *Decimal::parse("0.37");
  tr.commissions = *Decimal::parse("0.25");
  tr.size = 1;
  if (k == 3 || k == 7) {
    // Closing fills: mostly small, some larger losses and gains.
    const int x = (i * 7919) % 23;
    tr.profit_and_loss = Decimal::from_int((x - 10) * 10);
  }
  return Event{t, TradeEvent{tr}};
}

bool is_trade(int i) {
  const int k = (i / 4) % 8;
  return !(k == 0 || k == 4 || k == 1 || k == 5);
}

[[noreturn]] void run_child(const std::string& path, int start, int fd) {
  auto opened = open_for_writing(path, "crash");
  if (!opened || opened.value().rebuilt) {
    const char* msg = "FAIL open\n";
    (void)!::write(fd, msg, strlen(msg));
    _exit(3);
  }
  Engine engine(settings(), time_of(start));
  auto loaded = load_state(opened.value().db, kAccounts);
  if (!loaded) _exit(4);
  for (const auto& r : loaded.value().accounts) engine.restore(r);
  StoreWriter::Options opt;
  opt.batch_interval = std::chrono::milliseconds(20);
  StoreWriter writer(std::move(opened.value().db), opt);
  Effects fx;
  engine.start(fx);
  std::uint64_t seq = writer.submit(fx.persist);
  std::deque<std::pair<int, std::uint64_t>> pending;
  std::string buf;
  for (int i = start; i < kEvents; ++i) {
    fx.clear();
    engine.step(event_at(i), fx);
    if (!fx.persist.empty()) seq = writer.submit(fx.persist);
    pending.emplace_back(i, seq);
    const std::uint64_t done = writer.committed();
    buf.clear();
    while (!pending.empty() && pending.front().second <= done) {
      buf += std::to_string(pending.front().first) + "\n";
      pending.pop_front();
    }
    if (!buf.empty()) (void)!::write(fd, buf.data(), buf.size());
  }
  writer.flush();
  buf.clear();
  for (const auto& p : pending) buf += std::to_string(p.first) + "\n";
  buf += "DONE\n";
  (void)!::write(fd, buf.data(), buf.size());
  _exit(0);
}

struct Reference {
  Engine engine{settings(), time_of(0)};
  int applied = -1;
  std::vector<std::pair<int, Lockout>> lockouts_set;  // (event index, lockout)
  void advance_to(int index) {
    Effects fx;
    while (applied < index) {
      ++applied;
      fx.clear();
      engine.step(event_at(applied), fx);
      for (const auto& n : fx.notices) {
        if (const auto* s = std::get_if<LockoutSet>(&n)) lockouts_set.emplace_back(applied, s->lockout);
      }
    }
  }
};

// What a child acknowledged must be in the database.
void verify(const std::string& path, int acked, Reference& ref) {
  auto db = Database::open(path, Database::Mode::ReadWrite);
  ASSERT_TRUE(db.ok());
  ASSERT_EQ(*db.value().query_text("PRAGMA integrity_check").value(), "ok");
  // Trades: every acknowledged one is stored.
  std::set<TradeId> stored;
  for (AccountId a : kAccounts) {
    auto reset = read_reset(db.value(), a);
    ASSERT_TRUE(reset.ok() && reset.value().has_value());
    auto trades = read_trades(db.value(), a, reset.value()->trading_date);
    ASSERT_TRUE(trades.ok());
    Decimal gross;
    Decimal fees;
    for (const auto& t : trades.value()) {
      stored.insert(t.id);
      gross += t.profit_and_loss.value_or(Decimal{});
      fees += t.fees + t.commissions;
    }
    // The stored day's P&L is exactly what its stored trades add up to.
    auto pnl = read_daily_pnl(db.value(), a, 1);
    ASSERT_TRUE(pnl.ok());
    if (!trades.value().empty()) {
      ASSERT_EQ(pnl.value().size(), 1u);
      EXPECT_EQ(pnl.value()[0].realized, gross - fees) << "account " << a;
      EXPECT_EQ(pnl.value()[0].fills, static_cast<std::int32_t>(trades.value().size())) << "account " << a;
    }
  }
  for (int i = 0; i <= acked; ++i) {
    if (is_trade(i)) {
      ASSERT_TRUE(stored.count(3'000'000'000LL + i)) << "acknowledged trade of event " << i << " lost";
    }
  }
  // Lockouts: every one set up to the acknowledged event is active or in the history.
  ref.advance_to(acked);
  auto active = read_lockouts(db.value(), std::nullopt);
  ASSERT_TRUE(active.ok());
  for (const auto& [index, l] : ref.lockouts_set) {
    if (index > acked) break;
    bool found = false;
    for (const auto& x : active.value()) {
      found =
          found || (x.account_id == l.account_id && x.rule == l.rule && x.symbol == l.symbol && x.set_at >= l.set_at);
    }
    if (!found) {
      auto hist = read_lockout_history(db.value(), l.account_id, 100000);
      for (const auto& h : hist.value()) found = found || (h.lockout.rule == l.rule && h.lockout.set_at >= l.set_at);
    }
    ASSERT_TRUE(found) << "lockout " << rule_code(l.rule) << " of account " << l.account_id << " set at event " << index
                       << " lost";
  }
}

}  // namespace

TEST(CrashRecovery, SigkillAtRandomPointsLosesNothingAcknowledged) {
  const fs::path dir = fs::temp_directory_path() / ("risk-crash-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "state.db").string();
  std::mt19937 rng(20261124);
  std::uniform_int_distribution<int> life_ms(15, 120);
  Reference ref;
  int acked = -1;
  int kills = 0;
  std::size_t lockouts_checked = 0;
  bool finished = false;
  while (!finished) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      run_child(path, acked + 1, fds[1]);
    }
    ::close(fds[1]);
    const bool kill_it = kills < kKills;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(life_ms(rng));
    std::string data;
    char buf[65536];
    bool eof = false;
    while (!eof) {
      if (kill_it && std::chrono::steady_clock::now() >= deadline) break;
      pollfd p{fds[0], POLLIN, 0};
      if (::poll(&p, 1, 5) > 0) {
        const ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n <= 0) {
          eof = true;
        } else {
          data.append(buf, static_cast<std::size_t>(n));
        }
      }
    }
    if (!eof) {
      ::kill(pid, SIGKILL);
      ++kills;
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    // Acknowledgements written before the kill still count.
    while (true) {
      const ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n <= 0) break;
      data.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    ASSERT_EQ(data.find("FAIL"), std::string::npos) << data.substr(0, 200);
    std::size_t pos = 0;
    while (pos < data.size()) {
      const std::size_t nl = data.find('\n', pos);
      if (nl == std::string::npos) break;  // a line cut by the kill
      const std::string line = data.substr(pos, nl - pos);
      pos = nl + 1;
      if (line == "DONE") {
        finished = true;
      } else if (!line.empty()) {
        acked = std::max(acked, std::stoi(line));
      }
    }
    verify(path, acked, ref);
    if (::testing::Test::HasFatalFailure()) break;
    lockouts_checked = ref.lockouts_set.size();
  }
  EXPECT_GE(kills, kKills);
  EXPECT_EQ(acked, kEvents - 1);
  EXPECT_GT(lockouts_checked, 10u) << "the stream should set lockouts to check";
  fs::remove_all(dir);
}
