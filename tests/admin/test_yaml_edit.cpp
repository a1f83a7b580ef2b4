// risk-admin's in-place YAML edits: comments and layout kept, the edited node
// is exactly what was asked for, and anything it cannot do safely is refused.
#include <gtest/gtest.h>

#include "admin/yaml_edit.hpp"

namespace risk::admin {
namespace {

const char* const kRisk = R"(# header comment
global:
  reset_time: "17:00"             # daily reset
  holidays: []

rules:
  # RULE-002
  max_contracts_per_instrument:
    enabled: true
    limits:                       # root: max
      MNQ: 2
      EP: 1                       # EP is ES
    unknown_symbol: block

  daily_realized_loss:
    enabled: true
    loss_limit: 500               # positive amount
    lockout_until: daily_reset
)";

const char* const kDefaults = R"(rules:
  max_contracts_per_instrument:
    enabled: true
    limits:                       # root: max
      MNQ: 2
      EP: 1
    unknown_symbol: block         # unlisted roots
  daily_realized_loss:
    enabled: true
    loss_limit: 500
    lockout_until: daily_reset
)";

const char* const kAccounts = R"(accounts:
  - account_id: 1                 # first
    username: a
    api_key: ${KEY_A}

  - account_id: 2
    username: b
    api_key: "k2"
    nickname: "Two"
)";

TEST(YamlEdit, ScalarReplacedCommentKept) {
  auto r = set_value(kRisk, parse_path("rules.daily_realized_loss.loss_limit"), "400");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NE(r.value().find("    loss_limit: 400               # positive amount\n"), std::string::npos) << r.value();
  EXPECT_NE(r.value().find("# header comment"), std::string::npos);
  EXPECT_NE(r.value().find("  # RULE-002\n"), std::string::npos);
  EXPECT_EQ(r.value().size(), std::string(kRisk).size());  // 500 -> 400: the same length, nothing else moved
}

TEST(YamlEdit, QuotedScalarReplaced) {
  auto r = set_value(kRisk, parse_path("global.reset_time"), "\"16:00\"");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NE(r.value().find("  reset_time: \"16:00\"             # daily reset\n"), std::string::npos) << r.value();
}

TEST(YamlEdit, BlockMappingReplacedByFlowValue) {
  auto r = set_value(kRisk, parse_path("rules.max_contracts_per_instrument.limits"), "{MNQ: 3}");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NE(r.value().find("    limits: {MNQ: 3}  # root: max\n    unknown_symbol: block\n"), std::string::npos)
      << r.value();
  EXPECT_EQ(r.value().find("EP: 1"), std::string::npos);
}

TEST(YamlEdit, MissingKeyInsertedAtTheEndOfItsMapping) {
  auto r = set_value(kRisk, parse_path("rules.max_contracts_per_instrument.limits.MES"), "4");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NE(r.value().find("      EP: 1                       # EP is ES\n      MES: 4\n    unknown_symbol"),
            std::string::npos)
      << r.value();
}

TEST(YamlEdit, MissingSectionsCreated) {
  auto r = set_value(kRisk, parse_path("rules.cooldown_after_loss.enabled"), "false");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NE(r.value().find("    lockout_until: daily_reset\n  cooldown_after_loss:\n    enabled: false\n"),
            std::string::npos)
      << r.value();
}

TEST(YamlEdit, ValueInsideAFlowMapping) {
  auto r = set_value(kRisk, parse_path("global.holidays"), "[2026-12-25]");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NE(r.value().find("  holidays: [2026-12-25]\n"), std::string::npos) << r.value();
}

TEST(YamlEdit, AValueThatWouldTurnIntoACommentIsRefused) {
  // " #..." would make the rest a comment: the result would not be the value asked for.
  auto r = set_value(kRisk, parse_path("rules.daily_realized_loss.lockout_until"), "daily_reset #x");
  ASSERT_TRUE(r.ok());  // YAML itself reads this as "daily_reset": then it IS what was asked
  auto multi = set_value(kRisk, parse_path("rules.daily_realized_loss.lockout_until"), "a\nb");
  EXPECT_FALSE(multi.ok());
  auto bad = set_value(kRisk, parse_path("rules.daily_realized_loss.loss_limit"), "{unclosed");
  EXPECT_FALSE(bad.ok());
}

TEST(YamlEdit, BlockScalarsAreLeftToAHuman) {
  const char* text = "a:\n  b: |\n    line\n";
  auto r = set_value(text, parse_path("a.b"), "x");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("by hand"), std::string::npos);
}

TEST(YamlEdit, RemoveKeyTakesItsBlock) {
  auto r = remove_key(kRisk, parse_path("rules.max_contracts_per_instrument.limits"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().find("MNQ"), std::string::npos);
  EXPECT_NE(r.value().find("    enabled: true\n    unknown_symbol: block\n"), std::string::npos) << r.value();
  EXPECT_FALSE(remove_key(kRisk, parse_path("rules.nope")).ok());
}

TEST(YamlEdit, ReplaceEntryRestoresADefaultSection) {
  auto edited = set_value(kRisk, parse_path("rules.max_contracts_per_instrument.limits"), "{MNQ: 9}");
  ASSERT_TRUE(edited.ok());
  auto r = replace_entry(edited.value(), parse_path("rules.max_contracts_per_instrument"), kDefaults,
                         parse_path("rules.max_contracts_per_instrument"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NE(r.value().find("      MNQ: 2\n      EP: 1\n    unknown_symbol: block         # unlisted roots\n\n"
                           "  daily_realized_loss:"),
            std::string::npos)
      << r.value();
  EXPECT_NE(r.value().find("  # RULE-002\n"), std::string::npos);
}

TEST(YamlEdit, ReplaceEntryAddsAMissingSection) {
  const char* text = "rules:\n  daily_realized_loss:\n    enabled: false\n";
  auto r = replace_entry(text, parse_path("rules.max_contracts_per_instrument"), kDefaults,
                         parse_path("rules.max_contracts_per_instrument"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NE(r.value().find("    enabled: false\n  max_contracts_per_instrument:\n    enabled: true\n"),
            std::string::npos)
      << r.value();
}

TEST(YamlEdit, ReplaceWholeRulesSection) {
  auto r = replace_entry(kRisk, parse_path("rules"), kDefaults, parse_path("rules"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NE(r.value().find("# header comment\nglobal:"), std::string::npos);
  EXPECT_NE(r.value().find("unknown_symbol: block         # unlisted roots"), std::string::npos);
}

TEST(YamlEdit, AppendItemFollowsTheListsLayout) {
  auto r = append_item(kAccounts, {std::string("accounts")}, {"account_id: 3", "username: c", "api_key: \"k3\""});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NE(r.value().find("    nickname: \"Two\"\n\n  - account_id: 3\n    username: c\n    api_key: \"k3\"\n"),
            std::string::npos)
      << r.value();
}

TEST(YamlEdit, AppendToAnEmptyList) {
  auto r = append_item("accounts: []   # none yet\n", {std::string("accounts")}, {"account_id: 3", "username: c"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NE(r.value().find("  - account_id: 3\n    username: c\n"), std::string::npos) << r.value();
}

TEST(YamlEdit, RemoveItem) {
  auto r = remove_item(kAccounts, {std::string("accounts")}, 1);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().find("account_id: 2"), std::string::npos);
  EXPECT_NE(r.value().find("    api_key: ${KEY_A}\n"), std::string::npos) << r.value();
  auto first = remove_item(kAccounts, {std::string("accounts")}, 0);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first.value().find("account_id: 1"), std::string::npos);
  EXPECT_NE(first.value().find("  - account_id: 2\n"), std::string::npos);
  auto both = remove_item(first.value(), {std::string("accounts")}, 0);
  ASSERT_TRUE(both.ok()) << both.error().message;
  EXPECT_NE(both.value().find("accounts: []"), std::string::npos) << both.value();
}

TEST(YamlEdit, FieldOfAnItem) {
  auto r = set_value(kAccounts, {std::string("accounts"), std::size_t{0}, std::string("username")}, "\"alice\"");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NE(r.value().find("    username: \"alice\"\n"), std::string::npos) << r.value();
  auto add = set_value(kAccounts, {std::string("accounts"), std::size_t{0}, std::string("enabled")}, "false");
  ASSERT_TRUE(add.ok()) << add.error().message;
  EXPECT_NE(add.value().find("    api_key: ${KEY_A}\n    enabled: false\n\n"), std::string::npos) << add.value();
  EXPECT_FALSE(set_value(kAccounts, {std::string("accounts"), std::size_t{5}, std::string("x")}, "1").ok());
}

TEST(YamlEdit, AKeyUnderAScalarIsAnErrorNotACrash) {
  auto r = set_value(kRisk, parse_path("rules.daily_realized_loss.loss_limit.x"), "1");
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(r.error().message.empty());
}

}  // namespace
}  // namespace risk::admin
