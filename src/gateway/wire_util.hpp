#pragma once
// Small wire helpers of the gateway client: JSON string escaping for request
// bodies, the expiry inside a JWT-shaped token, Retry-After, and scrubbing a
// token out of a log line. No I/O.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/timestamp.hpp"
#include "json/json_tree.hpp"

namespace risk::gateway {

// Appends `s` as a JSON string literal (quotes included): the shared one.
using json::append_json_string;

// The `exp` claim (seconds since the epoch) of a JWT `header.payload.signature`;
// nothing when the token is not JWT-shaped or has no numeric `exp`.
std::optional<Timestamp> jwt_expiry(std::string_view token);

// Retry-After: delay-seconds ("3") or an HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT",
// relative to `now`). Nothing when absent or unreadable; never negative.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value, Timestamp now);

// Replaces `token` (and its URL-encoded form) in `text` with "<token>".
std::string scrub_token(std::string text, std::string_view token);

}  // namespace risk::gateway
