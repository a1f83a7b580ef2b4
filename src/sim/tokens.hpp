#pragma once
// Users, API keys and session tokens. Tokens are JWT-shaped opaque strings
// (header.payload.signature, base64url) with an expiry; a new login does not
// revoke older tokens; `validate` issues a fresh one. No clock: callers pass `now`.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/timestamp.hpp"
#include "sim/splitmix.hpp"

namespace risk::sim {

struct LoginResult {
  int error_code = 0;  // LoginErrorCode
  std::optional<std::string> token;
};

class TokenStore {
 public:
  TokenStore(Duration lifetime, std::uint64_t seed);

  void add_user(const std::string& user_name, const std::string& api_key);
  [[nodiscard]] bool has_user(const std::string& user_name) const;
  [[nodiscard]] std::vector<std::string> users() const;

  // 0 Success, 1 UserNotFound, 3 InvalidCredentials.
  LoginResult login_key(const std::string& user_name, const std::string& api_key, Timestamp now);
  // The user (lower case) of a valid, unexpired token.
  [[nodiscard]] std::optional<std::string> user_of(const std::string& token, Timestamp now) const;
  [[nodiscard]] bool is_expired(const std::string& token, Timestamp now) const;
  // A new token for the same user; the old one stays valid until it expires.
  std::optional<std::string> refresh(const std::string& token, Timestamp now);
  bool revoke(const std::string& token);
  // Fault injection: every token (of `user_name`, or of everyone) expires now.
  int expire_all(const std::optional<std::string>& user_name, Timestamp now);
  void set_lifetime(Duration lifetime) { lifetime_ = lifetime; }
  [[nodiscard]] Duration lifetime() const { return lifetime_; }

 private:
  struct Session {
    std::string user;
    Timestamp expires;
  };
  std::string issue(const std::string& user, Timestamp now);
  std::uint64_t next_random();

  Duration lifetime_;
  SplitMix64 rng_;
  std::unordered_map<std::string, std::vector<std::string>> api_keys_;  // user -> keys
  std::unordered_map<std::string, Session> sessions_;
};

std::string to_lower(std::string s);

}  // namespace risk::sim
