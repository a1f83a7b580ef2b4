#include "admin/password.hpp"

#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>

#include <sodium.h>

#include "platform/files.hpp"

namespace risk::admin {

bool crypto_ready() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

Result<std::string> hash_password(const std::string& password) {
  if (!crypto_ready()) return make_error("libsodium failed to initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return make_error("hashing the password failed (out of memory?)");
  }
  return std::string(out);
}

bool verify_password(const std::string& hash, const std::string& password) {
  if (!crypto_ready() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string password_problem(const std::string& password) {
  if (password.size() < kMinPasswordLength) {
    return "the password must have at least " + std::to_string(kMinPasswordLength) + " characters";
  }
  if (password.find_first_of("\r\n") != std::string::npos) return "the password may not hold a line break";
  return {};
}

Result<std::string> read_password_hash(const std::string& path, bool* missing) {
  if (missing != nullptr) *missing = false;
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    const int err = errno;
    if (err == ENOENT && missing != nullptr) *missing = true;
    return make_error("cannot read the admin password file " + path + ": " + std::generic_category().message(err) +
                      (err == EACCES ? " (only administrators may use risk-admin)" : ""));
  }
  std::stringstream ss;
  ss << f.rdbuf();
  std::string h = ss.str();
  while (!h.empty() && (h.back() == '\n' || h.back() == '\r')) h.pop_back();
  if (h.rfind("$argon2id$", 0) != 0) {
    return make_error("the admin password file " + path +
                      " does not hold an Argon2id hash; remove it to set a new password");
  }
  return h;
}

Result<bool> write_password_hash(const std::string& path, const std::string& hash) {
  return platform::replace_file(path, hash + "\n", platform::FileMode::OwnerOnly);
}

}  // namespace risk::admin
