#include "store/schema.hpp"

#include <string>
#include <vector>

namespace risk::store {
namespace {

// Money and prices are exact decimal strings (never REAL); times are
// nanoseconds since the Unix epoch (UTC); trading dates are YYYY-MM-DD.
constexpr const char* kV1 = R"sql(
CREATE TABLE schema_version (
  version     INTEGER PRIMARY KEY,
  applied_ns  INTEGER NOT NULL
) STRICT;

-- MOD-002: active lockouts. symbol '' = account-wide; otherwise a symbol root.
CREATE TABLE lockouts (
  account_id  INTEGER NOT NULL,
  rule_id     INTEGER NOT NULL,
  symbol      TEXT    NOT NULL DEFAULT '',
  kind        TEXT    NOT NULL,
  set_ns      INTEGER NOT NULL,
  until_ns    INTEGER,
  reason      TEXT    NOT NULL,
  PRIMARY KEY (account_id, rule_id, symbol)
) STRICT;

-- MOD-005: realized P&L per account and trading day.
CREATE TABLE daily_pnl (
  account_id    INTEGER NOT NULL,
  trading_date  TEXT    NOT NULL,
  realized      TEXT    NOT NULL,
  gross         TEXT    NOT NULL,
  fees          TEXT    NOT NULL,
  fills         INTEGER NOT NULL,
  updated_ns    INTEGER NOT NULL,
  PRIMARY KEY (account_id, trading_date)
) STRICT;

-- MOD-007: contract metadata for P&L.
CREATE TABLE contract_cache (
  contract_id  TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  description  TEXT NOT NULL,
  tick_size    TEXT NOT NULL,
  tick_value   TEXT NOT NULL,
  active       INTEGER NOT NULL,
  symbol_id    TEXT NOT NULL,
  updated_ns   INTEGER NOT NULL
) STRICT;

-- MOD-008: every fill (half-turn) the daemon processed.
CREATE TABLE trade_history (
  trade_id      INTEGER PRIMARY KEY,
  account_id    INTEGER NOT NULL,
  contract_id   TEXT    NOT NULL,
  created_ns    INTEGER NOT NULL,
  trading_date  TEXT    NOT NULL,
  price         TEXT    NOT NULL,
  pnl           TEXT,
  fees          TEXT    NOT NULL,
  commissions   TEXT    NOT NULL,
  side          INTEGER NOT NULL,
  size          INTEGER NOT NULL,
  voided        INTEGER NOT NULL,
  order_id      INTEGER NOT NULL
) STRICT;
CREATE INDEX trade_history_by_day ON trade_history (account_id, trading_date, created_ns);

-- MOD-008: the trade counter's day summary.
CREATE TABLE session_state (
  account_id    INTEGER PRIMARY KEY,
  trading_date  TEXT    NOT NULL,
  fills         INTEGER NOT NULL,
  updated_ns    INTEGER NOT NULL
) STRICT;

-- MOD-009: open positions and working orders (rebuilt by reconciliation).
CREATE TABLE positions (
  account_id     INTEGER NOT NULL,
  contract_id    TEXT    NOT NULL,
  position_id    INTEGER NOT NULL,
  type           INTEGER NOT NULL,
  size           INTEGER NOT NULL,
  average_price  TEXT    NOT NULL,
  created_ns     INTEGER NOT NULL,
  PRIMARY KEY (account_id, contract_id)
) STRICT;

CREATE TABLE orders (
  order_id       INTEGER PRIMARY KEY,
  account_id     INTEGER NOT NULL,
  contract_id    TEXT    NOT NULL,
  status         INTEGER NOT NULL,
  type           INTEGER NOT NULL,
  side           INTEGER NOT NULL,
  size           INTEGER NOT NULL,
  limit_price    TEXT,
  stop_price     TEXT,
  fill_volume    INTEGER NOT NULL,
  created_ns     INTEGER NOT NULL,
  updated_ns     INTEGER NOT NULL
) STRICT;
CREATE INDEX orders_by_account ON orders (account_id);

-- MOD-001: every enforcement, with what was closed and cancelled as JSON.
CREATE TABLE enforcement_log (
  id                     INTEGER PRIMARY KEY,
  account_id             INTEGER NOT NULL,
  at_ns                  INTEGER NOT NULL,
  rule_id                INTEGER NOT NULL,
  kind                   TEXT    NOT NULL,
  reason                 TEXT    NOT NULL,
  details                TEXT    NOT NULL CHECK (json_valid(details)),
  success                INTEGER,
  trigger_to_request_us  INTEGER,
  trigger_to_confirm_us  INTEGER
) STRICT;
CREATE INDEX enforcement_log_by_account ON enforcement_log (account_id, at_ns);

-- MOD-004: the daily reset schedule per account.
CREATE TABLE reset_schedule (
  account_id    INTEGER PRIMARY KEY,
  last_reset_ns INTEGER NOT NULL,
  next_reset_ns INTEGER NOT NULL,
  trading_date  TEXT    NOT NULL
) STRICT;
)sql";

// v2: cleared lockouts are kept (who or what cleared them, and when) for the
// trader's lockout history and the audit of admin overrides; retention indexes.
constexpr const char* kV2 = R"sql(
CREATE TABLE lockout_history (
  account_id  INTEGER NOT NULL,
  rule_id     INTEGER NOT NULL,
  symbol      TEXT    NOT NULL,
  kind        TEXT    NOT NULL,
  set_ns      INTEGER NOT NULL,
  until_ns    INTEGER,
  reason      TEXT    NOT NULL,
  cleared_by  TEXT    NOT NULL,
  cleared_ns  INTEGER NOT NULL
) STRICT;
CREATE INDEX lockout_history_by_account ON lockout_history (account_id, cleared_ns);
CREATE INDEX enforcement_log_by_time ON enforcement_log (at_ns);
CREATE INDEX trade_history_by_time ON trade_history (created_ns);
)sql";

// v3: why a lockout was cleared (an admin override's reason and the admin's
// name, a configuration change): the audit trail of risk-admin's lockout clear.
constexpr const char* kV3 = R"sql(
ALTER TABLE lockout_history ADD COLUMN note TEXT NOT NULL DEFAULT '';
)sql";

const std::vector<const char*>& migrations() {
  static const std::vector<const char*> kMigrations{kV1, kV2, kV3};
  return kMigrations;
}

}  // namespace

Result<bool> configure_connection(Database& db, bool read_only) {
  if (!read_only) keep_wal_files(db);
  std::string sql = "PRAGMA busy_timeout = 5000;";
  if (!read_only) sql += "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
  if (read_only) sql += "PRAGMA query_only = ON;";
  return db.exec(sql);
}

void keep_wal_files(Database& db) {
  int keep = 1;
  (void)sqlite3_file_control(db.handle(), "main", SQLITE_FCNTL_PERSIST_WAL, &keep);
}

Result<int> schema_version(Database& db) {
  auto exists = db.query_text("SELECT name FROM sqlite_master WHERE type='table' AND name='schema_version'");
  if (!exists) return exists.error();
  if (!exists.value()) return 0;
  auto v = db.query_text("SELECT MAX(version) FROM schema_version");
  if (!v) return v.error();
  return v.value() ? std::stoi(*v.value()) : 0;
}

Result<int> migrate(Database& db, int target) {
  auto current = schema_version(db);
  if (!current) return current.error();
  const int from = current.value();
  if (from > kSchemaVersion) {
    return make_error("the database is at schema version " + std::to_string(from) +
                      ", newer than this program understands (" + std::to_string(kSchemaVersion) +
                      "): upgrade risk-daemon, or restore a database made by this version");
  }
  const auto& list = migrations();
  for (int v = from + 1; v <= target && v <= static_cast<int>(list.size()); ++v) {
    if (auto r = db.exec("BEGIN IMMEDIATE"); !r) return r.error();
    auto applied = db.exec(list[static_cast<std::size_t>(v - 1)]);
    if (applied) {
      applied = db.exec("INSERT INTO schema_version (version, applied_ns) VALUES (" + std::to_string(v) +
                        ", CAST((julianday('now') - 2440587.5) * 86400000000000 AS INTEGER))");
    }
    if (!applied) {
      (void)db.exec("ROLLBACK");
      return make_error("migration to schema version " + std::to_string(v) + " failed: " + applied.error().message);
    }
    if (auto r = db.exec("COMMIT"); !r) return r.error();
  }
  return from;
}

}  // namespace risk::store
