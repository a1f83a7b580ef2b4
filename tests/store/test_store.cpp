// The store on real SQLite files: schema and migrations, the writer (critical
// records at once, the rest batched), the loader, read-only access, retention,
// corruption recovery.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "store/schema.hpp"
#include "store/store.hpp"
#include "store/writer.hpp"

namespace fs = std::filesystem;
using namespace risk;
using namespace risk::store;

namespace {

Timestamp T(const char* s) { return *Timestamp::parse(s); }
Decimal D(const char* s) { return *Decimal::parse(s); }

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("risk-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  [[nodiscard]] std::string file(const char* name) const { return (path_ / name).string(); }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  static inline int counter_ = 0;
};

Database open_db(const std::string& path) {
  auto r = open_for_writing(path, "test");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return std::move(r.value().db);
}

Lockout lockout(AccountId a, RuleId rule, LockoutKind kind, std::optional<Timestamp> until, const char* symbol = "") {
  Lockout l;
  l.account_id = a;
  l.rule = rule;
  l.kind = kind;
  l.symbol = SymbolRoot::of(symbol);
  l.set_at = T("2026-03-02T15:00:00Z");
  l.until = until;
  l.reason = "test reason";
  return l;
}

Trade trade(TradeId id, AccountId a, const char* pnl) {
  Trade t;
  t.id = id;
  t.account_id = a;
  t.contract_id = ContractId::of("CON.F.US.MNQ.H26");
  t.created = T("2026-03-02T15:00:00Z") + seconds(id % 1000);
  t.price = D("20000.25");
  if (pnl != nullptr) t.profit_and_loss = D(pnl);
  t.fees = D("0.37");
  t.commissions = D("0.25");
  t.side = OrderSide::Ask;
  t.size = 1;
  t.order_id = id + 7;
  return t;
}

bool wait_for(const std::function<bool()>& cond, std::chrono::seconds limit = std::chrono::seconds(10)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return cond();
}

}  // namespace

TEST(Schema, NewDatabaseGetsCurrentVersionAndAllTables) {
  TempDir dir;
  auto opened = open_for_writing(dir.file("state.db"), "x");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened.value().from_version, 0);
  EXPECT_FALSE(opened.value().rebuilt);
  Database& db = opened.value().db;
  EXPECT_EQ(*schema_version(db), kSchemaVersion);
  for (const char* t : {"lockouts", "daily_pnl", "contract_cache", "trade_history", "session_state", "positions",
                        "orders", "enforcement_log", "reset_schedule", "schema_version", "lockout_history"}) {
    auto r = db.query_text(std::string("SELECT name FROM sqlite_master WHERE type='table' AND name='") + t + "'");
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r.value().has_value()) << t;
  }
  EXPECT_EQ(*db.query_text("PRAGMA journal_mode").value(), "wal");
}

TEST(Schema, MigratesVersionOneToCurrentKeepingData) {
  TempDir dir;
  const auto path = dir.file("state.db");
  {
    auto db = Database::open(path, Database::Mode::ReadWrite);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(configure_connection(db.value(), false).ok());
    ASSERT_TRUE(migrate(db.value(), 1).ok());
    EXPECT_EQ(*schema_version(db.value()), 1);
    ASSERT_TRUE(db.value()
                    .exec("INSERT INTO lockouts VALUES (7, 3, '', 'until_daily_reset', 1, 2, 'old');"
                          "INSERT INTO daily_pnl VALUES (7, '2026-03-02', '-12.5', '-10', '2.5', 2, 1);")
                    .ok());
  }
  auto opened = open_for_writing(path, "x");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened.value().from_version, 1);
  Database& db = opened.value().db;
  EXPECT_EQ(*schema_version(db), kSchemaVersion);
  auto locks = read_lockouts(db, 7);
  ASSERT_TRUE(locks.ok());
  ASSERT_EQ(locks.value().size(), 1u);
  EXPECT_EQ(locks.value()[0].reason, "old");
  auto pnl = read_daily_pnl(db, 7, 10);
  ASSERT_TRUE(pnl.ok());
  ASSERT_EQ(pnl.value().size(), 1u);
  EXPECT_EQ(pnl.value()[0].realized, D("-12.5"));
  EXPECT_TRUE(db.query_text("SELECT COUNT(*) FROM lockout_history").ok());
}

TEST(Schema, RefusesANewerDatabase) {
  TempDir dir;
  const auto path = dir.file("state.db");
  {
    Database db = open_db(path);
    ASSERT_TRUE(db.exec("INSERT INTO schema_version VALUES (99, 0)").ok());
  }
  auto opened = open_for_writing(path, "x");
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message.find("newer"), std::string::npos) << opened.error().message;
  EXPECT_NE(opened.error().message.find("99"), std::string::npos);
  EXPECT_FALSE(open_read_only(path).ok());
}

TEST(Corruption, GarbageFileIsMovedAsideAndRebuilt) {
  TempDir dir;
  const auto path = dir.file("state.db");
  {
    std::ofstream f(path, std::ios::binary);
    for (int i = 0; i < 4096; ++i) f.put(static_cast<char>(i * 37 % 251));
  }
  auto opened = open_for_writing(path, "20261124T193000Z");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_TRUE(opened.value().rebuilt);
  EXPECT_EQ(opened.value().corrupted_copy, path + ".corrupted-20261124T193000Z");
  EXPECT_TRUE(fs::exists(opened.value().corrupted_copy));
  EXPECT_EQ(*schema_version(opened.value().db), kSchemaVersion);
  // and it works
  StoreWriter w(std::move(opened.value().db), {});
  w.wait_committed(w.submit(LockoutRecord{lockout(1, RuleId::DailyRealizedLoss, LockoutKind::Permanent, {})}));
  auto ro = open_read_only(path);
  ASSERT_TRUE(ro.ok());
  EXPECT_EQ(read_lockouts(ro.value(), 1).value().size(), 1u);
}

TEST(Corruption, DamagedPagesAreDetectedByTheIntegrityCheck) {
  TempDir dir;
  const auto path = dir.file("state.db");
  {
    Database db = open_db(path);
    StoreWriter w(std::move(db), {});
    std::vector<PersistRecord> records;
    for (int i = 0; i < 3000; ++i) records.emplace_back(TradeRecord{trade(1000 + i, 1, "-1.5"), CivilDate{2026, 3, 2}});
    w.wait_committed(w.submit(records));
  }
  {
    auto db = Database::open(path, Database::Mode::ReadWrite);
    ASSERT_TRUE(db.value().exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  }
  // Overwrite pages in the middle of the file (not the header), as a bad disk would.
  const auto size = fs::file_size(path);
  ASSERT_GT(size, 32768u);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    for (int i = 0; i < 12000; ++i) f.put(static_cast<char>(0xA5 ^ i));
  }
  auto opened = open_for_writing(path, "damaged");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_TRUE(opened.value().rebuilt);
  EXPECT_FALSE(opened.value().problem.empty());
  EXPECT_TRUE(fs::exists(path + ".corrupted-damaged"));
  EXPECT_EQ(*opened.value().db.query_text("SELECT COUNT(*) FROM trade_history").value(), "0");
}

TEST(Writer, RoundTripsEveryRecordThroughTheLoader) {
  TempDir dir;
  const auto path = dir.file("state.db");
  {
    StoreWriter w(open_db(path), {});
    std::vector<PersistRecord> r;
    r.emplace_back(ResetScheduleRecord{1, T("2026-03-01T23:00:00Z"), T("2026-03-02T23:00:00Z"), CivilDate{2026, 3, 2}});
    r.emplace_back(
        LockoutRecord{lockout(1, RuleId::DailyRealizedLoss, LockoutKind::UntilReset, T("2026-03-02T23:00:00Z"))});
    r.emplace_back(LockoutRecord{lockout(1, RuleId::SymbolBlocks, LockoutKind::WhileListed, {}, "ES")});
    r.emplace_back(TradeRecord{trade(11, 1, nullptr), CivilDate{2026, 3, 2}});
    r.emplace_back(TradeRecord{trade(12, 1, "-510.5"), CivilDate{2026, 3, 2}});
    r.emplace_back(TradeRecord{trade(13, 1, "99"), CivilDate{2026, 3, 1}});  // another day: not loaded
    r.emplace_back(
        DailyPnlRecord{1, CivilDate{2026, 3, 2}, D("-511.74"), D("-510.5"), D("1.24"), 2, T("2026-03-02T15:00:02Z")});
    Position p;
    p.id = 5;
    p.account_id = 1;
    p.contract_id = ContractId::of("CON.F.US.MNQ.H26");
    p.type = PositionType::Short;
    p.size = 2;
    p.average_price = D("20000.125");
    p.created = T("2026-03-02T14:59:00Z");
    r.emplace_back(PositionRecord{p});
    Order o;
    o.id = 3000000001;
    o.account_id = 1;
    o.contract_id = p.contract_id;
    o.status = OrderStatus::Open;
    o.type = OrderType::Stop;
    o.side = OrderSide::Bid;
    o.size = 2;
    o.stop_price = D("20010.5");
    r.emplace_back(OrderRecord{o, false});
    Order gone = o;
    gone.id = 3000000002;
    r.emplace_back(OrderRecord{gone, false});
    r.emplace_back(OrderRecord{gone, true});  // removed again
    Contract c;
    c.id = p.contract_id;
    c.name = "MNQH6";
    c.tick_size = D("0.25");
    c.tick_value = D("0.5");
    c.symbol_id = "F.US.MNQ";
    r.emplace_back(ContractRecord{c});
    w.flush();
    w.wait_committed(w.submit(r));
  }
  auto db = open_read_only(path);
  ASSERT_TRUE(db.ok());
  auto loaded = load_state(db.value(), {1, 2});
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  ASSERT_EQ(loaded.value().accounts.size(), 2u);
  const AccountRestore& a = loaded.value().accounts[0];
  ASSERT_TRUE(a.day.has_value());
  EXPECT_EQ(a.day->date, (CivilDate{2026, 3, 2}));
  EXPECT_EQ(a.day->end, T("2026-03-02T23:00:00Z"));
  ASSERT_EQ(a.lockouts.size(), 2u);
  EXPECT_EQ(a.trades.size(), 2u);
  EXPECT_EQ(a.trades[1].profit_and_loss, D("-510.5"));
  EXPECT_FALSE(a.trades[0].profit_and_loss.has_value());
  EXPECT_EQ(a.trades[0].id, 11);
  ASSERT_EQ(a.positions.size(), 1u);
  EXPECT_EQ(a.positions[0].average_price, D("20000.125"));
  EXPECT_EQ(a.positions[0].type, PositionType::Short);
  ASSERT_EQ(a.orders.size(), 1u);
  EXPECT_EQ(a.orders[0].id, 3000000001);
  EXPECT_EQ(a.orders[0].stop_price, D("20010.5"));
  EXPECT_TRUE(loaded.value().accounts[1].lockouts.empty());
  ASSERT_EQ(loaded.value().contracts.size(), 1u);
  EXPECT_EQ(loaded.value().contracts[0].tick_value, D("0.5"));
  auto pnl = read_daily_pnl(db.value(), 1, 5);
  EXPECT_EQ(pnl.value().at(0).realized, D("-511.74"));
}

TEST(Writer, LockoutRemovalGoesToHistory) {
  TempDir dir;
  const auto path = dir.file("state.db");
  const Lockout l = lockout(4, RuleId::TradeFrequencyLimit, LockoutKind::Cooldown, T("2026-03-02T15:01:00Z"));
  {
    StoreWriter w(open_db(path), {});
    w.submit(LockoutRecord{l});
    w.wait_committed(w.submit(LockoutRemovedRecord{l, ClearedBy::AdminOverride, T("2026-03-02T15:00:30Z"),
                                                   "funded account review (by ops-anna)"}));
  }
  auto db = open_read_only(path);
  EXPECT_TRUE(read_lockouts(db.value(), 4).value().empty());
  auto h = read_lockout_history(db.value(), 4, 10);
  ASSERT_EQ(h.value().size(), 1u);
  EXPECT_EQ(h.value()[0].cleared_by, "ADMIN_OVERRIDE");
  EXPECT_EQ(h.value()[0].note, "funded account review (by ops-anna)");
  EXPECT_EQ(h.value()[0].lockout.until, l.until);
}

TEST(Writer, EnforcementLogIsWrittenThenUpdatedWithTheOutcome) {
  TempDir dir;
  const auto path = dir.file("state.db");
  {
    StoreWriter w(open_db(path), {});
    EnforcementLogEntry e;
    e.id = 42;
    e.account_id = 9;
    e.at = T("2026-03-02T15:00:00Z");
    e.rule = RuleId::DailyRealizedLoss;
    e.kind = "enforcement";
    e.reason = "loss";
    e.details_json = R"({"actions":[{"kind":"close_position","contract":"CON.F.US.MNQ.H26"}]})";
    e.trigger_to_request_us = 180;
    w.log_enforcement(e);
    e.success = true;
    e.trigger_to_confirm_us = 2400;
    e.details_json = R"({"actions":[{"kind":"close_position","contract":"CON.F.US.MNQ.H26","result":"ok"}]})";
    w.wait_committed(w.log_enforcement(e));
  }
  auto db = open_read_only(path);
  auto rows = read_enforcement(db.value(), 9, 10);
  ASSERT_EQ(rows.value().size(), 1u);
  EXPECT_EQ(rows.value()[0].success, true);
  EXPECT_EQ(rows.value()[0].trigger_to_request_us, 180);
  EXPECT_EQ(rows.value()[0].trigger_to_confirm_us, 2400);
  EXPECT_NE(rows.value()[0].details_json.find("\"result\":\"ok\""), std::string::npos);
}

TEST(Writer, CriticalRecordsAreNotHeldForTheBatch) {
  TempDir dir;
  StoreWriter::Options opt;
  opt.batch_interval = std::chrono::hours(1);
  StoreWriter w(open_db(dir.file("state.db")), opt);
  Position p;
  p.account_id = 1;
  p.contract_id = ContractId::of("CON.F.US.MNQ.H26");
  p.size = 1;
  p.type = PositionType::Long;
  const auto batched = w.submit(PositionRecord{p});
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  EXPECT_LT(w.committed(), batched) << "a position was committed without a critical record or the batch interval";
  const auto critical = w.submit(LockoutRecord{lockout(1, RuleId::DailyRealizedLoss, LockoutKind::Permanent, {})});
  EXPECT_TRUE(wait_for([&] { return w.committed() >= critical; })) << "critical record waited for the 1 h batch";
  EXPECT_GE(w.committed(), batched);  // the queued position went with it
}

TEST(Writer, BatchedRecordsAreCommittedWithinTheInterval) {
  TempDir dir;
  StoreWriter::Options opt;
  opt.batch_interval = std::chrono::milliseconds(50);
  StoreWriter w(open_db(dir.file("state.db")), opt);
  Order o;
  o.id = 1;
  o.account_id = 1;
  o.status = OrderStatus::Open;
  const auto seq = w.submit(OrderRecord{o, false});
  EXPECT_TRUE(wait_for([&] { return w.committed() >= seq; }));
}

TEST(Reader, ReadOnlyAccessNeitherWritesNorBlocksTheWriter) {
  TempDir dir;
  const auto path = dir.file("state.db");
  StoreWriter w(open_db(path), {});
  w.wait_committed(w.submit(LockoutRecord{lockout(1, RuleId::DailyRealizedLoss, LockoutKind::Permanent, {})}));
  auto ro = open_read_only(path);
  ASSERT_TRUE(ro.ok()) << ro.error().message;
  // A read transaction held open by the reader...
  ASSERT_TRUE(ro.value().exec("BEGIN").ok());
  EXPECT_EQ(read_lockouts(ro.value(), 1).value().size(), 1u);
  // ...does not stop the writer from committing.
  const auto seq = w.submit(LockoutRecord{lockout(2, RuleId::DailyRealizedLoss, LockoutKind::Permanent, {})});
  EXPECT_TRUE(wait_for([&] { return w.committed() >= seq; }));
  EXPECT_EQ(read_lockouts(ro.value(), 2).value().size(), 0u);  // snapshot isolation
  ASSERT_TRUE(ro.value().exec("COMMIT").ok());
  EXPECT_EQ(read_lockouts(ro.value(), 2).value().size(), 1u);
  EXPECT_FALSE(ro.value().exec("DELETE FROM lockouts").ok()) << "the read-only connection could write";
}

// A trader in the risk-traders group may read state.db but not write its
// directory: SQLite can then open the WAL database only if -wal and -shm exist.
// The daemon's connections keep them when they close (tests/service checks the
// read as a real non-root user).
TEST(Reader, WalFilesOutliveTheWriterForReadersWhoCannotCreateThem) {
  TempDir dir;
  const auto path = dir.file("state.db");
  {
    StoreWriter w(open_db(path), {});
    w.wait_committed(w.submit(LockoutRecord{lockout(1, RuleId::DailyRealizedLoss, LockoutKind::Permanent, {})}));
  }
  EXPECT_TRUE(fs::exists(path + "-wal")) << "SQLite removed the WAL file when the writer closed";
  EXPECT_TRUE(fs::exists(path + "-shm")) << "SQLite removed the shared-memory file when the writer closed";
  auto ro = open_read_only(path);
  ASSERT_TRUE(ro.ok()) << ro.error().message;
  EXPECT_EQ(read_lockouts(ro.value(), 1).value().size(), 1u);
}

TEST(Retention, DeletesOnlyWhatIsOld) {
  TempDir dir;
  Database db = open_db(dir.file("state.db"));
  const Timestamp now = T("2026-11-24T12:00:00Z");
  const auto day = std::chrono::hours(24);
  ASSERT_TRUE(db.exec("INSERT INTO daily_pnl VALUES (1, '2026-08-01', '0', '0', '0', 0, 0);"
                      "INSERT INTO daily_pnl VALUES (1, '2026-11-01', '0', '0', '0', 0, 0);")
                  .ok());
  auto ins = [&](const std::string& sql) { ASSERT_TRUE(db.exec(sql).ok()) << sql; };
  ins("INSERT INTO trade_history VALUES (1, 1, 'C', " + std::to_string((now - 8 * day).ns()) +
      ", '2026-11-16', '1', NULL, '0', '0', 0, 1, 0, 1)");
  ins("INSERT INTO trade_history VALUES (2, 1, 'C', " + std::to_string((now - 6 * day).ns()) +
      ", '2026-11-18', '1', NULL, '0', '0', 0, 1, 0, 1)");
  ins("INSERT INTO enforcement_log VALUES (1, 1, " + std::to_string((now - 400 * day).ns()) +
      ", 3, 'x', 'r', '{}', 1, NULL, NULL)");
  ins("INSERT INTO enforcement_log VALUES (2, 1, " + std::to_string((now - 300 * day).ns()) +
      ", 3, 'x', 'r', '{}', 1, NULL, NULL)");
  ASSERT_TRUE(apply_retention(db, now).ok());
  EXPECT_EQ(*db.query_text("SELECT group_concat(trading_date) FROM daily_pnl").value(), "2026-11-01");
  EXPECT_EQ(*db.query_text("SELECT group_concat(trade_id) FROM trade_history").value(), "2");
  EXPECT_EQ(*db.query_text("SELECT group_concat(id) FROM enforcement_log").value(), "2");
}

// The writer sleeps without a deadline while its queue is empty: a batched
// record arriving then must start the batch timer (it once waited for the next
// critical record instead).
TEST(Writer, ABatchedRecordIntoAnIdleWriterIsCommittedWithoutACriticalOne) {
  TempDir dir;
  StoreWriter::Options opt;
  opt.batch_interval = std::chrono::milliseconds(20);
  StoreWriter w(open_db(dir.file("state.db")), opt);
  for (int i = 1; i <= 5; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(60));  // the writer is idle, waiting
    Order o;
    o.id = i;
    o.account_id = 1;
    o.status = OrderStatus::Open;
    const auto seq = w.submit(OrderRecord{o, false});
    EXPECT_TRUE(wait_for([&] { return w.committed() >= seq; }, std::chrono::seconds(2))) << "record " << i;
  }
}
