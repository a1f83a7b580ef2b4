// The rule registry: every rule declares everything the engine and the
// dashboards need, in rule-id order, so no rule needs a special case elsewhere.
#include <gtest/gtest.h>

#include "rules/rules.hpp"

namespace risk {
namespace {

TEST(RuleRegistry, ListsEveryRuleOnceInIdOrder) {
  const auto specs = rule_registry();
  ASSERT_EQ(specs.size(), static_cast<std::size_t>(kRuleCount));
  for (std::size_t i = 0; i < specs.size(); ++i) {
    ASSERT_NE(specs[i], nullptr);
    EXPECT_EQ(static_cast<std::size_t>(specs[i]->id), i + 1) << rule_code(specs[i]->id);
    EXPECT_EQ(rule_spec(specs[i]->id), specs[i]);
  }
  EXPECT_EQ(rule_spec(RuleId::None), nullptr);
}

TEST(RuleRegistry, EverySpecIsComplete) {
  for (const RuleSpec* r : rule_registry()) {
    SCOPED_TRACE(std::string(rule_code(r->id)));
    EXPECT_NE(r->triggers, 0);
    EXPECT_NE(r->enabled, nullptr);
    EXPECT_NE(r->check, nullptr);
    EXPECT_NE(r->status, nullptr);
    EXPECT_NE(r->tighten, nullptr);
    EXPECT_EQ(r->release != nullptr, r->release_on != 0) << "a release needs the triggers it is judged on";
    // A rule that runs while the account is locked does so to record its own lockout.
    if (r->runs_while_locked) {
      EXPECT_TRUE(r->can_lock);
    }
    // A rule with a deadline is woken by the timer.
    if (r->deadline != nullptr) {
      EXPECT_NE(r->triggers & bits(Trigger::Timer), 0);
    }
  }
}

TEST(RuleRegistry, EveryRuleIsFoundByItsCodeAndItsKey) {
  for (const RuleSpec* r : rule_registry()) {
    EXPECT_EQ(parse_rule(rule_code(r->id)), r->id);
    EXPECT_EQ(parse_rule(rule_key(r->id)), r->id);
  }
  EXPECT_FALSE(parse_rule("LOCKOUT").has_value());
  EXPECT_FALSE(parse_rule("lockout_gate").has_value());
  EXPECT_FALSE(parse_rule("RULE-999").has_value());
}

}  // namespace
}  // namespace risk
