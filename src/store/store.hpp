#pragma once
// Opening the state database (integrity check, corruption recovery,
// migrations), loading the engine's state from it, and read-only queries for
// other processes (the trader dashboard).
#include <optional>
#include <string>
#include <vector>

#include "core/effects.hpp"
#include "engine/engine.hpp"
#include "store/sqlite.hpp"

namespace risk::store {

struct Opened {
  Database db;
  int from_version = 0;        // schema version found (0 = new database)
  bool rebuilt = false;        // the file was corrupt: moved aside, a fresh one made
  std::string corrupted_copy;  // where the corrupt file went
  std::string problem;         // what the integrity check said
};

// Opens (creating if needed) the database at `path` for writing. A file that
// fails to open as a database or fails `PRAGMA quick_check` is renamed to
// `<path>.corrupted-<stamp>` (with its -wal/-shm) and a fresh database is
// created; the caller must then rebuild from the gateway. `stamp` names the
// copy (the caller's clock, e.g. 20261124T193000Z).
Result<Opened> open_for_writing(const std::string& path, const std::string& stamp);
// The stamp of a corrupted copy's name: 2026-11-24T19:30:00.123Z -> 20261124T193000Z.
std::string file_stamp(Timestamp t);

// Read-only: never writes, never blocks the writer (WAL readers).
Result<Database> open_read_only(const std::string& path);

// Everything saved, in the seed's dependency order (reset schedule, lockouts,
// daily P&L, contracts, trades, positions, orders), for the given accounts.
struct Loaded {
  std::vector<AccountRestore> accounts;
  std::vector<Contract> contracts;
};
Result<Loaded> load_state(Database& db, const std::vector<AccountId>& accounts);

// Deletes old rows: daily P&L after 90 days, trade history after 7 days,
// enforcement log and lockout history after a year.
Result<bool> apply_retention(Database& db, Timestamp now);

// ---- read-only queries (trader dashboard, status, tests) --------------------
struct DailyPnlRow {
  AccountId account_id = 0;
  std::string trading_date;
  Decimal realized;
  Decimal gross;
  Decimal fees;
  std::int32_t fills = 0;
  Timestamp updated;
};
struct LockoutHistoryRow {
  Lockout lockout;
  std::string cleared_by;
  Timestamp cleared_at;
  std::string note;  // an admin override's reason and admin; may be empty
};
struct EnforcementRow {
  std::int64_t id = 0;
  AccountId account_id = 0;
  Timestamp at;
  RuleId rule = RuleId::None;
  std::string kind;
  std::string reason;
  std::string details_json;
  std::optional<bool> success;
  std::optional<std::int64_t> trigger_to_request_us;
  std::optional<std::int64_t> trigger_to_confirm_us;
};
struct ResetRow {
  AccountId account_id = 0;
  Timestamp last_reset;
  Timestamp next_reset;
  std::string trading_date;
};

Result<std::vector<Lockout>> read_lockouts(Database& db, std::optional<AccountId> account);
Result<std::vector<LockoutHistoryRow>> read_lockout_history(Database& db, AccountId account, int limit);
Result<std::vector<DailyPnlRow>> read_daily_pnl(Database& db, AccountId account, int days);
Result<std::vector<Trade>> read_trades(Database& db, AccountId account, const std::string& trading_date);
Result<std::vector<Position>> read_positions(Database& db, AccountId account);
Result<std::vector<Order>> read_orders(Database& db, AccountId account);
Result<std::vector<EnforcementRow>> read_enforcement(Database& db, std::optional<AccountId> account, int limit);
Result<std::optional<ResetRow>> read_reset(Database& db, AccountId account);
Result<std::vector<Contract>> read_contracts(Database& db);

using risk::date_text;  // "2026-12-25" (core/civil.hpp)
std::optional<LockoutKind> parse_lockout_kind(std::string_view s);

}  // namespace risk::store
