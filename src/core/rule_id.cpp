#include "core/rule_id.hpp"

namespace risk {

std::string_view rule_code(RuleId id) noexcept {
  switch (id) {
    case RuleId::None:
      return "LOCKOUT";
    case RuleId::MaxContracts:
      return "RULE-001";
    case RuleId::MaxContractsPerInstrument:
      return "RULE-002";
    case RuleId::DailyRealizedLoss:
      return "RULE-003";
    case RuleId::DailyUnrealizedLoss:
      return "RULE-004";
    case RuleId::MaxUnrealizedProfit:
      return "RULE-005";
    case RuleId::TradeFrequencyLimit:
      return "RULE-006";
    case RuleId::CooldownAfterLoss:
      return "RULE-007";
    case RuleId::NoStopLossGrace:
      return "RULE-008";
    case RuleId::SessionBlockOutside:
      return "RULE-009";
    case RuleId::AuthLossGuard:
      return "RULE-010";
    case RuleId::SymbolBlocks:
      return "RULE-011";
    case RuleId::TradeManagement:
      return "RULE-012";
    case RuleId::DailyRealizedProfit:
      return "RULE-013";
  }
  return "RULE-?";
}

std::string_view rule_key(RuleId id) noexcept {
  switch (id) {
    case RuleId::None:
      return "lockout_gate";
    case RuleId::MaxContracts:
      return "max_contracts";
    case RuleId::MaxContractsPerInstrument:
      return "max_contracts_per_instrument";
    case RuleId::DailyRealizedLoss:
      return "daily_realized_loss";
    case RuleId::DailyUnrealizedLoss:
      return "daily_unrealized_loss";
    case RuleId::MaxUnrealizedProfit:
      return "max_unrealized_profit";
    case RuleId::TradeFrequencyLimit:
      return "trade_frequency_limit";
    case RuleId::CooldownAfterLoss:
      return "cooldown_after_loss";
    case RuleId::NoStopLossGrace:
      return "no_stop_loss_grace";
    case RuleId::SessionBlockOutside:
      return "session_block_outside";
    case RuleId::AuthLossGuard:
      return "auth_loss_guard";
    case RuleId::SymbolBlocks:
      return "symbol_blocks";
    case RuleId::TradeManagement:
      return "trade_management";
    case RuleId::DailyRealizedProfit:
      return "daily_realized_profit";
  }
  return "unknown_rule";
}

}  // namespace risk
