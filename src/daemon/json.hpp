#pragma once
// The daemon's JSON (docs/event-server.md): engine notices, gateway events and
// account snapshots for the event server, and the enforcement log's details.
// Money and prices are strings holding exact decimals.
#include <nlohmann/json.hpp>

#include "core/effects.hpp"
#include "core/events.hpp"
#include "engine/account_summary.hpp"

namespace risk::daemon {

using Json = nlohmann::json;

Json to_json(const Lockout& l);
Json to_json(const Trade& t);
Json to_json(const Order& o);
Json to_json(const Account& a);
Json to_json(const Action& a);
Json position_json(const PositionSummary& s);
Json plan_json(const EnforcementPlan& p, std::int64_t id);

// {"type", "account_id", "ts", "data"} as one line of text.
std::string message(std::string_view type, AccountId account, Timestamp ts, const Json& data);

// {"failing": false} or {"failing": true, "since", "reason", "failures", "message"}.
Json enforcement_json(const EnforcementHealth& e);
// The snapshot of one account (docs/event-server.md), from the engine's summary.
Json account_snapshot(const AccountSummary& summary);

// The gateway event's message type (GatewayUserTrade, ...) and data, for broadcast.
std::optional<std::pair<std::string, Json>> gateway_event_json(const EventBody& e);

}  // namespace risk::daemon
