#include "store/store.hpp"

#include <cstdio>
#include <filesystem>

#include "store/schema.hpp"

namespace risk::store {

namespace fs = std::filesystem;

std::optional<LockoutKind> parse_lockout_kind(std::string_view s) {
  for (const LockoutKind k : {LockoutKind::UntilReset, LockoutKind::Cooldown, LockoutKind::UntilSessionStart,
                              LockoutKind::UntilBrokerFlag, LockoutKind::Permanent, LockoutKind::WhileListed}) {
    if (to_string(k) == s) return k;
  }
  return std::nullopt;
}

namespace {

Decimal dec(const Statement& st, int col) {
  auto r = Decimal::parse(st.text(col));
  return r ? *r : Decimal{};
}
std::optional<Decimal> opt_dec(const Statement& st, int col) {
  if (st.is_null(col)) return std::nullopt;
  return dec(st, col);
}
std::int32_t i32(const Statement& st, int col) { return static_cast<std::int32_t>(st.int64(col)); }
ContractId cid(const Statement& st, int col) { return ContractId::of(st.text(col)); }

std::optional<CivilDate> parse_date(const std::string& s) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  if (std::sscanf(s.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return std::nullopt;
  return CivilDate{y, m, d};
}

// A database that cannot be opened, read or passes no quick_check is corrupt.
std::optional<std::string> check(const std::string& path) {
  auto db = Database::open(path, Database::Mode::ReadWrite);
  if (!db) return db.error().message;
  keep_wal_files(db.value());
  auto r = db.value().query_text("PRAGMA quick_check");
  if (!r) return r.error().message;
  if (!r.value() || *r.value() != "ok") return r.value().value_or("quick_check returned nothing");
  return std::nullopt;
}

Lockout lockout_from(const Statement& st, int base) {
  Lockout l;
  l.account_id = st.int64(base + 0);
  l.rule = static_cast<RuleId>(st.int64(base + 1));
  l.symbol = SymbolRoot::of(st.text(base + 2));
  l.kind = parse_lockout_kind(st.text(base + 3)).value_or(LockoutKind::Permanent);
  l.set_at = Timestamp::from_ns(st.int64(base + 4));
  if (!st.is_null(base + 5)) l.until = Timestamp::from_ns(st.int64(base + 5));
  l.reason = st.text(base + 6);
  return l;
}

Trade trade_from(const Statement& st) {
  Trade t;
  t.id = st.int64(0);
  t.account_id = st.int64(1);
  t.contract_id = cid(st, 2);
  t.created = Timestamp::from_ns(st.int64(3));
  t.price = dec(st, 4);
  t.profit_and_loss = opt_dec(st, 5);
  t.fees = dec(st, 6);
  t.commissions = dec(st, 7);
  t.side = static_cast<OrderSide>(st.int64(8));
  t.size = i32(st, 9);
  t.voided = st.int64(10) != 0;
  t.order_id = st.int64(11);
  return t;
}

Position position_from(const Statement& st) {
  Position p;
  p.account_id = st.int64(0);
  p.contract_id = cid(st, 1);
  p.id = st.int64(2);
  p.type = static_cast<PositionType>(st.int64(3));
  p.size = i32(st, 4);
  p.average_price = dec(st, 5);
  p.created = Timestamp::from_ns(st.int64(6));
  return p;
}

Order order_from(const Statement& st) {
  Order o;
  o.id = st.int64(0);
  o.account_id = st.int64(1);
  o.contract_id = cid(st, 2);
  o.status = static_cast<OrderStatus>(st.int64(3));
  o.type = static_cast<OrderType>(st.int64(4));
  o.side = static_cast<OrderSide>(st.int64(5));
  o.size = i32(st, 6);
  o.limit_price = opt_dec(st, 7);
  o.stop_price = opt_dec(st, 8);
  o.fill_volume = i32(st, 9);
  o.created = Timestamp::from_ns(st.int64(10));
  o.updated = Timestamp::from_ns(st.int64(11));
  return o;
}

}  // namespace

std::string file_stamp(Timestamp t) {
  std::string out;
  for (char c : t.to_iso().substr(0, 19)) {
    if (c != '-' && c != ':') out.push_back(c);
  }
  return out + "Z";
}

Result<Opened> open_for_writing(const std::string& path, const std::string& stamp) {
  Opened out;
  std::error_code ec;
  if (fs::exists(path, ec) && fs::file_size(path, ec) > 0) {
    if (auto problem = check(path)) {
      out.rebuilt = true;
      out.problem = *problem;
      out.corrupted_copy = path + ".corrupted-" + stamp;
      fs::rename(path, out.corrupted_copy, ec);
      if (ec) return make_error("cannot move the corrupt database aside: " + ec.message());
      for (const char* suffix : {"-wal", "-shm"}) {
        if (fs::exists(path + suffix)) fs::rename(path + suffix, out.corrupted_copy + suffix, ec);
      }
    }
  }
  auto db = Database::open(path, Database::Mode::ReadWrite);
  if (!db) return db.error();
  out.db = std::move(db.value());
  if (auto r = configure_connection(out.db, false); !r) return r.error();
  auto from = migrate(out.db);
  if (!from) return from.error();
  out.from_version = from.value();
  return out;
}

Result<Database> open_read_only(const std::string& path) {
  auto db = Database::open(path, Database::Mode::ReadOnly);
  if (!db) return db.error();
  if (auto r = configure_connection(db.value(), true); !r) return r.error();
  auto v = schema_version(db.value());
  if (!v) return v.error();
  if (v.value() > kSchemaVersion) {
    return make_error("the database is at schema version " + std::to_string(v.value()) +
                      ", newer than this program understands (" + std::to_string(kSchemaVersion) + ")");
  }
  return std::move(db.value());
}

// ------------------------------------------------------------------ reads ----

Result<std::vector<Lockout>> read_lockouts(Database& db, std::optional<AccountId> account) {
  auto st = db.prepare(
      "SELECT account_id, rule_id, symbol, kind, set_ns, until_ns, reason FROM lockouts "
      "WHERE ?1 IS NULL OR account_id = ?1 ORDER BY account_id, set_ns");
  if (!st) return st.error();
  st.value().bind(1, account);
  std::vector<Lockout> out;
  while (true) {
    auto row = st.value().step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(lockout_from(st.value(), 0));
  }
  return out;
}

Result<std::vector<LockoutHistoryRow>> read_lockout_history(Database& db, AccountId account, int limit) {
  auto st = db.prepare(
      "SELECT account_id, rule_id, symbol, kind, set_ns, until_ns, reason, cleared_by, cleared_ns, note "
      "FROM lockout_history WHERE account_id = ?1 ORDER BY cleared_ns DESC LIMIT ?2");
  if (!st) return st.error();
  st.value().bind(1, account).bind(2, static_cast<std::int64_t>(limit));
  std::vector<LockoutHistoryRow> out;
  while (true) {
    auto row = st.value().step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(LockoutHistoryRow{lockout_from(st.value(), 0), st.value().text(7),
                                    Timestamp::from_ns(st.value().int64(8)), st.value().text(9)});
  }
  return out;
}

Result<std::vector<DailyPnlRow>> read_daily_pnl(Database& db, AccountId account, int days) {
  auto st = db.prepare(
      "SELECT account_id, trading_date, realized, gross, fees, fills, updated_ns FROM daily_pnl "
      "WHERE account_id = ?1 ORDER BY trading_date DESC LIMIT ?2");
  if (!st) return st.error();
  st.value().bind(1, account).bind(2, static_cast<std::int64_t>(days));
  std::vector<DailyPnlRow> out;
  while (true) {
    auto row = st.value().step();
    if (!row) return row.error();
    if (!*row) break;
    const Statement& s = st.value();
    out.push_back(
        DailyPnlRow{s.int64(0), s.text(1), dec(s, 2), dec(s, 3), dec(s, 4), i32(s, 5), Timestamp::from_ns(s.int64(6))});
  }
  return out;
}

Result<std::vector<Trade>> read_trades(Database& db, AccountId account, const std::string& trading_date) {
  auto st = db.prepare(
      "SELECT trade_id, account_id, contract_id, created_ns, price, pnl, fees, commissions, side, size, voided, "
      "order_id FROM trade_history WHERE account_id = ?1 AND trading_date = ?2 ORDER BY created_ns, trade_id");
  if (!st) return st.error();
  st.value().bind(1, account).bind(2, trading_date);
  std::vector<Trade> out;
  while (true) {
    auto row = st.value().step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(trade_from(st.value()));
  }
  return out;
}

Result<std::vector<Position>> read_positions(Database& db, AccountId account) {
  auto st = db.prepare(
      "SELECT account_id, contract_id, position_id, type, size, average_price, created_ns FROM positions "
      "WHERE account_id = ?1 ORDER BY created_ns");
  if (!st) return st.error();
  st.value().bind(1, account);
  std::vector<Position> out;
  while (true) {
    auto row = st.value().step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(position_from(st.value()));
  }
  return out;
}

Result<std::vector<Order>> read_orders(Database& db, AccountId account) {
  auto st = db.prepare(
      "SELECT order_id, account_id, contract_id, status, type, side, size, limit_price, stop_price, fill_volume, "
      "created_ns, updated_ns FROM orders WHERE account_id = ?1 ORDER BY created_ns, order_id");
  if (!st) return st.error();
  st.value().bind(1, account);
  std::vector<Order> out;
  while (true) {
    auto row = st.value().step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(order_from(st.value()));
  }
  return out;
}

Result<std::vector<EnforcementRow>> read_enforcement(Database& db, std::optional<AccountId> account, int limit) {
  auto st = db.prepare(
      "SELECT id, account_id, at_ns, rule_id, kind, reason, details, success, trigger_to_request_us, "
      "trigger_to_confirm_us FROM enforcement_log WHERE ?1 IS NULL OR account_id = ?1 "
      "ORDER BY at_ns DESC, id DESC LIMIT ?2");
  if (!st) return st.error();
  st.value().bind(1, account).bind(2, static_cast<std::int64_t>(limit));
  std::vector<EnforcementRow> out;
  while (true) {
    auto row = st.value().step();
    if (!row) return row.error();
    if (!*row) break;
    const Statement& s = st.value();
    EnforcementRow e;
    e.id = s.int64(0);
    e.account_id = s.int64(1);
    e.at = Timestamp::from_ns(s.int64(2));
    e.rule = static_cast<RuleId>(s.int64(3));
    e.kind = s.text(4);
    e.reason = s.text(5);
    e.details_json = s.text(6);
    if (!s.is_null(7)) e.success = s.int64(7) != 0;
    if (!s.is_null(8)) e.trigger_to_request_us = s.int64(8);
    if (!s.is_null(9)) e.trigger_to_confirm_us = s.int64(9);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::optional<ResetRow>> read_reset(Database& db, AccountId account) {
  auto st = db.prepare(
      "SELECT account_id, last_reset_ns, next_reset_ns, trading_date FROM reset_schedule WHERE account_id = ?1");
  if (!st) return st.error();
  st.value().bind(1, account);
  auto row = st.value().step();
  if (!row) return row.error();
  if (!*row) return std::optional<ResetRow>{};
  const Statement& s = st.value();
  return std::optional<ResetRow>{
      ResetRow{s.int64(0), Timestamp::from_ns(s.int64(1)), Timestamp::from_ns(s.int64(2)), s.text(3)}};
}

Result<std::vector<Contract>> read_contracts(Database& db) {
  auto st =
      db.prepare("SELECT contract_id, name, description, tick_size, tick_value, active, symbol_id FROM contract_cache");
  if (!st) return st.error();
  std::vector<Contract> out;
  while (true) {
    auto row = st.value().step();
    if (!row) return row.error();
    if (!*row) break;
    const Statement& s = st.value();
    Contract c;
    c.id = cid(s, 0);
    c.name = s.text(1);
    c.description = s.text(2);
    c.tick_size = dec(s, 3);
    c.tick_value = dec(s, 4);
    c.active = s.int64(5) != 0;
    c.symbol_id = s.text(6);
    out.push_back(std::move(c));
  }
  return out;
}

// ----------------------------------------------------------------- loader ----

Result<Loaded> load_state(Database& db, const std::vector<AccountId>& accounts) {
  Loaded out;
  for (const AccountId id : accounts) {
    AccountRestore r;
    r.account_id = id;
    // 1. reset schedule: which trading day the saved state belongs to
    auto reset = read_reset(db, id);
    if (!reset) return reset.error();
    std::optional<std::string> day_text;
    if (reset.value()) {
      const ResetRow& row = *reset.value();
      if (auto d = parse_date(row.trading_date)) {
        r.day = TradingDay{row.last_reset, row.next_reset, *d};
        day_text = row.trading_date;
      }
    }
    // 2. lockouts
    auto lockouts = read_lockouts(db, id);
    if (!lockouts) return lockouts.error();
    r.lockouts = std::move(lockouts.value());
    // 3-5. the day's trades (P&L and trade counts are rebuilt from them)
    if (day_text) {
      auto trades = read_trades(db, id, *day_text);
      if (!trades) return trades.error();
      r.trades = std::move(trades.value());
    }
    // 6-7. positions and orders (reconciliation replaces them right after)
    auto positions = read_positions(db, id);
    if (!positions) return positions.error();
    r.positions = std::move(positions.value());
    auto orders = read_orders(db, id);
    if (!orders) return orders.error();
    r.orders = std::move(orders.value());
    out.accounts.push_back(std::move(r));
  }
  auto contracts = read_contracts(db);
  if (!contracts) return contracts.error();
  out.contracts = std::move(contracts.value());
  return out;
}

Result<bool> apply_retention(Database& db, Timestamp now) {
  const std::int64_t day_ns = 86'400'000'000'000LL;
  const std::int64_t t = now.ns();
  const CivilDate cutoff = civil_from_days(now.seconds_floor() / 86400 - 90);
  std::string sql = "BEGIN;";
  sql += "DELETE FROM daily_pnl WHERE trading_date < '" + date_text(cutoff) + "';";
  sql += "DELETE FROM trade_history WHERE created_ns < " + std::to_string(t - 7 * day_ns) + ";";
  sql += "DELETE FROM enforcement_log WHERE at_ns < " + std::to_string(t - 365 * day_ns) + ";";
  sql += "DELETE FROM lockout_history WHERE cleared_ns < " + std::to_string(t - 365 * day_ns) + ";";
  sql += "COMMIT;";
  auto r = db.exec(sql);
  if (!r) (void)db.exec("ROLLBACK");
  return r;
}

}  // namespace risk::store
