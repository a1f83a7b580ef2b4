#include "protocol/admin_auth.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#ifndef _WIN32
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace risk::protocol {

namespace {

std::string to_hex(const unsigned char* p, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[p[i] >> 4]);
    out.push_back(kDigits[p[i] & 0xF]);
  }
  return out;
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1) {
    throw std::runtime_error("the operating system's random generator failed");
  }
  return to_hex(buf.data(), buf.size());
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &len) == nullptr ||
      len != 32) {
    // Never an empty MAC that an empty "mac" would match.
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return to_hex(out, len);
}

std::string command_mac(std::string_view key, std::string_view nonce, std::string_view command) {
  std::string m;
  m.reserve(nonce.size() + 1 + command.size());
  m.append(nonce).push_back('\n');
  m.append(command);
  return hmac_sha256_hex(key, m);
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size() || a.empty()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<std::string> read_admin_key(const std::string& path) {
#ifndef _WIN32
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 0007) != 0) {
    return make_error("the admin key " + path +
                      " may be read by any user, so anyone could sign admin commands: it is refused (chmod 640 " +
                      path + ", owned by root and the daemon's group)");
  }
#endif
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    return make_error("cannot read the admin key " + path + ": " + std::generic_category().message(errno) +
                      " (an administrator creates it with `risk-admin init` or the install script)");
  }
  std::stringstream ss;
  ss << f.rdbuf();
  std::string text = ss.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.erase(0, 1);
  if (text.size() != kAdminKeyBytes * 2) {
    return make_error("the admin key " + path + " is malformed: expected " + std::to_string(kAdminKeyBytes * 2) +
                      " hex digits (recreate it with `risk-admin init --new-key`)");
  }
  std::string key;
  key.reserve(kAdminKeyBytes);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = hex_value(text[i]);
    const int lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) {
      return make_error("the admin key " + path +
                        " is malformed: it holds a character that is not a hex digit (recreate it with "
                        "`risk-admin init --new-key`)");
    }
    key.push_back(static_cast<char>((hi << 4) | lo));
  }
  return key;
}

Result<bool> create_admin_key(const std::string& path) {
  const std::string text = random_hex(kAdminKeyBytes) + "\n";
#ifndef _WIN32
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return make_error("cannot create the admin key " + path + ": " + std::generic_category().message(errno));
  (void)::fchmod(fd, 0640);  // exactly 0640, whatever the umask
  // The daemon's user reads it through the configuration directory's group (root:riskd).
  const std::string dir = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/') + 1);
  struct stat ds {};
  if (::stat(dir.c_str(), &ds) == 0) (void)::fchown(fd, static_cast<uid_t>(-1), ds.st_gid);
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());  // no half-written key left to be taken for a good one
    return make_error("cannot write the admin key " + path);
  }
#else
  if (std::ifstream(path).good()) return make_error("cannot create the admin key " + path + ": it exists");
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!(f << text)) return make_error("cannot write the admin key " + path);
#endif
  return true;
}

}  // namespace risk::protocol
