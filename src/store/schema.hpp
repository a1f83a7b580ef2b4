#pragma once
// The database schema: the seed's nine tables plus schema_version, built by
// numbered migrations applied in one transaction each at startup.
#include "core/result.hpp"
#include "store/sqlite.hpp"

namespace risk::store {

inline constexpr int kSchemaVersion = 3;

// The version recorded in the database (0 for a new, empty one).
Result<int> schema_version(Database& db);

// Applies every migration above the database's version up to `target`
// (default: current). Refuses a database written by a newer version.
Result<int> migrate(Database& db, int target = kSchemaVersion);

// Keeps -wal and -shm when the last writer closes (SQLITE_FCNTL_PERSIST_WAL).
// A reader that may not write the database's directory (a trader in the
// risk-traders group reading /var/lib/risk-manager/state.db) can open a WAL
// database read-only only while those two files exist: SQLite cannot create
// them for it. Set on every read-write connection, so a stopped daemon leaves
// them in place and the trader's dashboard still reads the database.
void keep_wal_files(Database& db);

// WAL (with keep_wal_files), busy timeout, foreign keys: the settings every connection uses.
Result<bool> configure_connection(Database& db, bool read_only);

}  // namespace risk::store
