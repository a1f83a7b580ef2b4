// risk-admin's building blocks: the password hash, the admin channel's MAC and
// key file, atomic file replacement.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "admin/password.hpp"
#include "platform/files.hpp"
#include "protocol/admin_auth.hpp"

namespace risk::admin {
using namespace risk::protocol;  // the admin channel's authentication (src/protocol)
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("risk-admin-unit-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  [[nodiscard]] std::string file(const char* name) const { return (path / name).string(); }
};

unsigned mode_of(const std::string& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return static_cast<unsigned>(st.st_mode) & 0777u;
}

TEST(Password, Argon2idHashVerifiesOnlyTheRightPassword) {
  auto h = hash_password("correct horse");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h.value().rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(h.value().find("correct horse"), std::string::npos);
  EXPECT_TRUE(verify_password(h.value(), "correct horse"));
  EXPECT_FALSE(verify_password(h.value(), "correct horsE"));
  EXPECT_FALSE(verify_password(h.value(), ""));
  EXPECT_FALSE(verify_password("", "correct horse"));
  auto again = hash_password("correct horse");
  EXPECT_NE(again.value(), h.value()) << "a new salt every time";
}

TEST(Password, WeakPasswordsAreRefused) {
  EXPECT_FALSE(password_problem("short").empty());
  EXPECT_FALSE(password_problem("line\nbreak-here").empty());
  EXPECT_TRUE(password_problem("long-enough").empty());
}

TEST(Password, HashFileIsOwnerOnlyAndChecked) {
  TempDir d;
  const std::string f = d.file("admin.pwhash");
  bool missing = false;
  EXPECT_FALSE(read_password_hash(f, &missing).ok());
  EXPECT_TRUE(missing);
  auto h = hash_password("correct horse");
  ASSERT_TRUE(write_password_hash(f, h.value()).ok());
  EXPECT_EQ(mode_of(f), 0600u);
  EXPECT_EQ(read_password_hash(f).value(), h.value());
  std::ofstream(f) << "plain-text-password\n";
  auto bad = read_password_hash(f, &missing);
  ASSERT_FALSE(bad.ok());
  EXPECT_FALSE(missing);
  EXPECT_NE(bad.error().message.find("does not hold an Argon2id hash"), std::string::npos);
}

TEST(ChannelAuth, HmacSha256KnownAnswer) {
  // RFC 4231, test case 2.
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(command_mac("Jefe", "what do ya want", " for nothing?"),
            hmac_sha256_hex("Jefe", "what do ya want\n for nothing?"));
}

TEST(ChannelAuth, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

TEST(ChannelAuth, KeyFileCreatedOnceReadBackMalformedRefused) {
  TempDir d;
  const std::string f = d.file("admin.key");
  ASSERT_TRUE(create_admin_key(f).ok());
  EXPECT_EQ(mode_of(f), 0640u);
  EXPECT_FALSE(create_admin_key(f).ok()) << "an existing key is never replaced";
  auto k = read_admin_key(f);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k.value().size(), kAdminKeyBytes);
  EXPECT_NE(random_hex(32), random_hex(32));
  std::ofstream(f) << "zz" << std::string(62, '0') << "\n";
  auto bad = read_admin_key(f);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("not a hex digit"), std::string::npos);
  std::ofstream(f) << "abcd\n";
  EXPECT_FALSE(read_admin_key(f).ok());
  EXPECT_FALSE(read_admin_key(d.file("missing.key")).ok());
}

TEST(Files, ReplaceKeepsModeAndLeavesNoTemporary) {
  TempDir d;
  const std::string f = d.file("risk_config.yaml");
  std::ofstream(f) << "old\n";
  fs::permissions(f, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read, fs::perm_options::replace);
  ASSERT_TRUE(platform::replace_file(f, "new\n").ok());
  EXPECT_EQ(platform::read_file(f).value(), "new\n");
  EXPECT_EQ(mode_of(f), 0640u);
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(d.path)) ++n;
  EXPECT_EQ(n, 1u) << "no temporary file left behind";
  EXPECT_FALSE(platform::replace_file(d.file("no-such-dir/x"), "y").ok());
}

}  // namespace
}  // namespace risk::admin
