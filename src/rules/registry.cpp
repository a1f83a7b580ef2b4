#include "rules/rules.hpp"

namespace risk {

const std::vector<RuleSpec>& rule_registry() {
  using T = Trigger;
  static const std::vector<RuleSpec> kRules{
      {RuleId::MaxContracts, T::Position | T::Reconcile | T::ConfigReload, false, true, &rules::max_contracts,
       [](const RulesConfig& r) { return r.max_contracts.enabled; }},
      {RuleId::MaxContractsPerInstrument, T::Position | T::Reconcile | T::ConfigReload, false, false,
       &rules::max_contracts_per_instrument,
       [](const RulesConfig& r) { return r.max_contracts_per_instrument.enabled; }},
      {RuleId::DailyRealizedLoss, T::Trade | T::Reconcile | T::ConfigReload, false, true, &rules::daily_realized_loss,
       [](const RulesConfig& r) { return r.daily_realized_loss.enabled; }},
      {RuleId::DailyUnrealizedLoss, T::Quote | T::Position | T::Reconcile, false, true, &rules::daily_unrealized_loss,
       [](const RulesConfig& r) { return r.daily_unrealized_loss.enabled; }},
      {RuleId::MaxUnrealizedProfit, T::Quote | T::Position, false, false, &rules::max_unrealized_profit,
       [](const RulesConfig& r) { return r.max_unrealized_profit.enabled; }},
      {RuleId::TradeFrequencyLimit, bits(T::Trade), false, true, &rules::trade_frequency_limit,
       [](const RulesConfig& r) { return r.trade_frequency_limit.enabled; }},
      {RuleId::CooldownAfterLoss, bits(T::Trade), false, true, &rules::cooldown_after_loss,
       [](const RulesConfig& r) { return r.cooldown_after_loss.enabled; }},
      {RuleId::NoStopLossGrace, T::Position | T::Order | T::Timer | T::Reconcile, false, false,
       &rules::no_stop_loss_grace, [](const RulesConfig& r) { return r.no_stop_loss_grace.enabled; }},
      {RuleId::SessionBlockOutside, T::Position | T::Order | T::Timer | T::Reconcile | T::ConfigReload, false, true,
       &rules::session_block_outside, [](const RulesConfig& r) { return r.session_block_outside.enabled; }},
      {RuleId::AuthLossGuard, T::Account | T::Reconcile, true, true, &rules::auth_loss_guard,
       [](const RulesConfig& r) { return r.auth_loss_guard.enabled; }},
      {RuleId::SymbolBlocks, T::Position | T::Order | T::Reconcile | T::ConfigReload, true, true, &rules::symbol_blocks,
       [](const RulesConfig& r) { return r.symbol_blocks.enabled; }},
      {RuleId::TradeManagement, T::Quote | T::Position | T::Order, false, false, &rules::trade_management,
       [](const RulesConfig& r) { return r.trade_management.enabled; }},
      {RuleId::DailyRealizedProfit, T::Trade | T::Reconcile | T::ConfigReload, false, true,
       &rules::daily_realized_profit, [](const RulesConfig& r) { return r.daily_realized_profit.enabled; }},
  };
  return kRules;
}

}  // namespace risk
