#include "core/rule_id.hpp"

namespace risk {

namespace {

constexpr bool names_in_id_order() {
  for (std::size_t i = 0; i < kRuleNames.size(); ++i) {
    if (static_cast<std::size_t>(kRuleNames[i].id) != i) return false;
  }
  return true;
}
static_assert(names_in_id_order(), "kRuleNames lists every RuleId once, in id order");

}  // namespace

std::string_view rule_code(RuleId id) noexcept {
  const auto i = static_cast<std::size_t>(id);
  return i < kRuleNames.size() ? kRuleNames[i].code : std::string_view("RULE-?");
}

std::string_view rule_key(RuleId id) noexcept {
  const auto i = static_cast<std::size_t>(id);
  return i < kRuleNames.size() ? kRuleNames[i].key : std::string_view("unknown_rule");
}

std::optional<RuleId> parse_rule(std::string_view text) noexcept {
  for (const auto& n : kRuleNames) {
    if (n.id != RuleId::None && (text == n.code || text == n.key)) return n.id;
  }
  return std::nullopt;
}

}  // namespace risk
