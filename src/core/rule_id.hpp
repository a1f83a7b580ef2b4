#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace risk {

// The rules, by id (shared/spec/rules.md). `None` marks decisions that are not a
// rule's: the lockout gate and admin commands. A new rule gets the next number
// here and a row in kRuleNames; its behaviour lives in its own file in
// src/rules/ (see rules/rule.hpp), listed in rules/registry.cpp.
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

// How a rule is named: its code in logs and the database, its key in the configuration.
struct RuleName {
  RuleId id;
  std::string_view code;  // RULE-003
  std::string_view key;   // daily_realized_loss
};
inline constexpr std::array kRuleNames{
    RuleName{RuleId::None, "LOCKOUT", "lockout_gate"},
    RuleName{RuleId::MaxContracts, "RULE-001", "max_contracts"},
    RuleName{RuleId::MaxContractsPerInstrument, "RULE-002", "max_contracts_per_instrument"},
    RuleName{RuleId::DailyRealizedLoss, "RULE-003", "daily_realized_loss"},
    RuleName{RuleId::DailyUnrealizedLoss, "RULE-004", "daily_unrealized_loss"},
    RuleName{RuleId::MaxUnrealizedProfit, "RULE-005", "max_unrealized_profit"},
    RuleName{RuleId::TradeFrequencyLimit, "RULE-006", "trade_frequency_limit"},
    RuleName{RuleId::CooldownAfterLoss, "RULE-007", "cooldown_after_loss"},
    RuleName{RuleId::NoStopLossGrace, "RULE-008", "no_stop_loss_grace"},
    RuleName{RuleId::SessionBlockOutside, "RULE-009", "session_block_outside"},
    RuleName{RuleId::AuthLossGuard, "RULE-010", "auth_loss_guard"},
    RuleName{RuleId::SymbolBlocks, "RULE-011", "symbol_blocks"},
    RuleName{RuleId::TradeManagement, "RULE-012", "trade_management"},
    RuleName{RuleId::DailyRealizedProfit, "RULE-013", "daily_realized_profit"},
};
inline constexpr int kRuleCount = static_cast<int>(kRuleNames.size()) - 1;

// `RULE-003` (`LOCKOUT` for None)
std::string_view rule_code(RuleId id) noexcept;
// `daily_realized_loss` (the configuration key)
std::string_view rule_key(RuleId id) noexcept;
// A rule named by its code or its key (`RULE-003`, `daily_realized_loss`); never None.
std::optional<RuleId> parse_rule(std::string_view code_or_key) noexcept;

}  // namespace risk
