#include <array>

#include "rules/rules.hpp"

namespace risk {

namespace {

// Every rule, in rule-id order. A new rule: its file, and a line here.
const std::array<const RuleSpec*, kRuleCount> kRegistry{
    &rules::kMaxContracts,        &rules::kMaxContractsPerInstrument,
    &rules::kDailyRealizedLoss,   &rules::kDailyUnrealizedLoss,
    &rules::kMaxUnrealizedProfit, &rules::kTradeFrequencyLimit,
    &rules::kCooldownAfterLoss,   &rules::kNoStopLossGrace,
    &rules::kSessionBlockOutside, &rules::kAuthLossGuard,
    &rules::kSymbolBlocks,        &rules::kTradeManagement,
    &rules::kDailyRealizedProfit,
};

}  // namespace

std::span<const RuleSpec* const> rule_registry() { return kRegistry; }

const RuleSpec* rule_spec(RuleId id) {
  const auto i = static_cast<std::size_t>(id);
  if (i == 0 || i > kRegistry.size()) return nullptr;
  return kRegistry[i - 1];
}

}  // namespace risk
