#include "sim/tokens.hpp"

#include <algorithm>
#include <cctype>

namespace risk::sim {
namespace {

std::string base64url(const std::string& in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  while (i + 2 < in.size()) {
    const auto n = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                   static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
    i += 3;
  }
  if (i + 1 == in.size()) {
    const auto n = static_cast<unsigned char>(in[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
  } else if (i + 2 == in.size()) {
    const auto n = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
  }
  return out;
}

bool constant_time_equal(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff = static_cast<unsigned char>(diff | (a[i] ^ b[i]));
  return diff == 0;
}

}  // namespace

std::string to_lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

TokenStore::TokenStore(Duration lifetime, std::uint64_t seed) : lifetime_(lifetime), rng_{seed} {}

std::uint64_t TokenStore::next_random() { return rng_.next(); }

void TokenStore::add_user(const std::string& user_name, const std::string& api_key) {
  auto& keys = api_keys_[to_lower(user_name)];
  if (std::find(keys.begin(), keys.end(), api_key) == keys.end()) keys.push_back(api_key);
}

bool TokenStore::has_user(const std::string& user_name) const { return api_keys_.count(to_lower(user_name)) != 0; }

std::vector<std::string> TokenStore::users() const {
  std::vector<std::string> out;
  for (const auto& [u, k] : api_keys_) out.push_back(u);
  std::sort(out.begin(), out.end());
  return out;
}

std::string TokenStore::issue(const std::string& user, Timestamp now) {
  const Timestamp expires = now + lifetime_;
  std::string secret;
  for (int i = 0; i < 4; ++i) {
    const std::uint64_t r = next_random();
    for (int b = 0; b < 8; ++b) secret.push_back(static_cast<char>((r >> (8 * b)) & 0xFF));
  }
  const std::string payload = "{\"sub\":\"" + user + "\",\"iat\":" + std::to_string(now.seconds_floor()) +
                              ",\"exp\":" + std::to_string(expires.seconds_floor()) + ",\"iss\":\"projectx-sim\"}";
  std::string token = base64url(R"({"alg":"HS256","typ":"JWT"})") + "." + base64url(payload) + "." + base64url(secret);
  sessions_[token] = Session{user, expires};
  return token;
}

LoginResult TokenStore::login_key(const std::string& user_name, const std::string& api_key, Timestamp now) {
  const std::string user = to_lower(user_name);
  const auto it = api_keys_.find(user);
  if (it == api_keys_.end()) return {1, std::nullopt};
  const bool match = std::any_of(it->second.begin(), it->second.end(),
                                 [&](const std::string& k) { return constant_time_equal(k, api_key); });
  if (!match) return {3, std::nullopt};
  return {0, issue(user, now)};
}

std::optional<std::string> TokenStore::user_of(const std::string& token, Timestamp now) const {
  const auto it = sessions_.find(token);
  if (it == sessions_.end() || now >= it->second.expires) return std::nullopt;
  return it->second.user;
}

bool TokenStore::is_expired(const std::string& token, Timestamp now) const {
  const auto it = sessions_.find(token);
  return it != sessions_.end() && now >= it->second.expires;
}

std::optional<std::string> TokenStore::refresh(const std::string& token, Timestamp now) {
  const auto user = user_of(token, now);
  if (!user) return std::nullopt;
  return issue(*user, now);
}

bool TokenStore::revoke(const std::string& token) { return sessions_.erase(token) != 0; }

int TokenStore::expire_all(const std::optional<std::string>& user_name, Timestamp now) {
  int n = 0;
  const std::optional<std::string> user = user_name ? std::optional(to_lower(*user_name)) : std::nullopt;
  for (auto& [token, s] : sessions_) {
    if ((!user || s.user == *user) && s.expires > now) {
      s.expires = now;
      ++n;
    }
  }
  return n;
}

}  // namespace risk::sim
