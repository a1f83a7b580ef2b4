#pragma once
#include <cstdint>
#include <string_view>

namespace risk {

// RULE-001 .. RULE-013. `None` marks decisions that are not a rule's: the
// lockout gate and admin commands.
enum class RuleId : std::uint8_t {
  None = 0,
  MaxContracts = 1,
  MaxContractsPerInstrument = 2,
  DailyRealizedLoss = 3,
  DailyUnrealizedLoss = 4,
  MaxUnrealizedProfit = 5,
  TradeFrequencyLimit = 6,
  CooldownAfterLoss = 7,
  NoStopLossGrace = 8,
  SessionBlockOutside = 9,
  AuthLossGuard = 10,
  SymbolBlocks = 11,
  TradeManagement = 12,
  DailyRealizedProfit = 13,
};
inline constexpr int kRuleCount = 13;

// `RULE-003`
std::string_view rule_code(RuleId id) noexcept;
// `daily_realized_loss` (the configuration key)
std::string_view rule_key(RuleId id) noexcept;

}  // namespace risk
