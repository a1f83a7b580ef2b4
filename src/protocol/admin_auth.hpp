#pragma once
// The admin channel's authentication (docs/admin.md): risk-admin proves to the
// daemon's event server that it can read admin.key, a 32-byte random key that
// only administrators and the daemon's own user may read (root:riskd 0640 on
// Linux; Administrators and the service's account on Windows).
//
//   client -> {"type":"admin_hello"}
//   server -> {"type":"admin_challenge","nonce":"<64 hex>"}        (single use)
//   client -> {"type":"admin_command","command":"<JSON text>",
//              "mac":"<hex HMAC-SHA256(key, nonce + "\n" + command)>"}
//   server -> {"type":"admin_result","ok":true|false,...}
//
// The key never crosses the wire; a captured command cannot be replayed (the
// nonce is spent on the first attempt); three failed attempts drop the client.
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace risk::protocol {

inline constexpr std::size_t kAdminKeyBytes = 32;
inline constexpr const char* kAdminKeyFile = "admin.key";  // in the configuration directory

// `bytes` random bytes from the operating system's CSPRNG, as lowercase hex.
std::string random_hex(std::size_t bytes);
// HMAC-SHA256(key, message) as lowercase hex.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);
// The MAC of one command under one challenge.
std::string command_mac(std::string_view key, std::string_view nonce, std::string_view command);
// Compares without leaking where the first difference is.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

// Reads the key file (64 hex digits, surrounding whitespace ignored) and
// returns the raw key. The error names the file and never holds key material.
Result<std::string> read_admin_key(const std::string& path);
// Writes a new random key file (mode 0640 on POSIX; fails if it exists).
Result<bool> create_admin_key(const std::string& path);

}  // namespace risk::protocol
