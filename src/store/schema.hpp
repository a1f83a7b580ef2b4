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

// WAL, busy timeout, foreign keys: the settings every connection uses.
Result<bool> configure_connection(Database& db, bool read_only);

}  // namespace risk::store
