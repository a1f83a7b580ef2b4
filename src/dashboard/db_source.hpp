#pragma once
// The fallback when the daemon is unreachable: the state database, opened
// read-only (store::open_read_only), polled by the dashboard. It holds
// lockouts, the day's P&L and trades, positions, working orders, the
// enforcement log, lockout history and the reset schedule. Limits, sessions,
// live quotes and the rules' figures are only known to the daemon: the model
// keeps the limits it last saw and shows the figures as unknown.
#include <cstdint>
#include <vector>

#include "dashboard/model.hpp"
#include "store/store.hpp"

namespace risk::dashboard {

// Replaces the account's state in `model` with the database's and marks the
// source as Database. History (lockouts cleared, enforcement) is replaced too.
Result<bool> load_from_database(Model& model, store::Database& db, Timestamp now);

// Lockout history and the enforcement log: what the event server's snapshot
// does not carry, also used while live.
Result<bool> load_history(Model& model, store::Database& db);

// Accounts the database knows (reset schedule, daily P&L, lockouts), ascending.
Result<std::vector<std::int64_t>> database_accounts(store::Database& db);

}  // namespace risk::dashboard
