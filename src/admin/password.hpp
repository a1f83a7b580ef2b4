#pragma once
// The admin password (docs/admin.md): an Argon2id hash (libsodium's
// crypto_pwhash_str: salted, 64 MiB, about 50 ms here) in admin.pwhash, a file
// only administrators may read (root 0600 on Linux). The password itself is
// never stored, logged or taken from the command line.
#include <string>

#include "core/result.hpp"

namespace risk::admin {

inline constexpr const char* kPasswordFile = "admin.pwhash";  // in the configuration directory
inline constexpr std::size_t kMinPasswordLength = 8;
inline constexpr int kPasswordTries = 3;

// Initialises libsodium (once; thread-safe). False when it cannot start.
bool crypto_ready();

// The Argon2id hash string of `password` (a new random salt each time).
Result<std::string> hash_password(const std::string& password);
// True when `password` matches `hash` (constant time inside libsodium).
bool verify_password(const std::string& hash, const std::string& password);
// Why a new password is refused ("" when acceptable).
std::string password_problem(const std::string& password);

// The stored hash; an error when the file is missing or unreadable (the
// error says which; `missing` is set when it does not exist).
Result<std::string> read_password_hash(const std::string& path, bool* missing = nullptr);
// Stores `hash` (atomically, mode 0600).
Result<bool> write_password_hash(const std::string& path, const std::string& hash);

}  // namespace risk::admin
