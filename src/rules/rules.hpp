#pragma once
// The thirteen rules (shared/spec/rules.md), one file each.
#include "rules/rule.hpp"

namespace risk::rules {

void max_contracts(const RuleInput&, Decisions&);                 // RULE-001
void max_contracts_per_instrument(const RuleInput&, Decisions&);  // RULE-002
void daily_realized_loss(const RuleInput&, Decisions&);           // RULE-003
void daily_unrealized_loss(const RuleInput&, Decisions&);         // RULE-004
void max_unrealized_profit(const RuleInput&, Decisions&);         // RULE-005
void trade_frequency_limit(const RuleInput&, Decisions&);         // RULE-006
void cooldown_after_loss(const RuleInput&, Decisions&);           // RULE-007
void no_stop_loss_grace(const RuleInput&, Decisions&);            // RULE-008
void session_block_outside(const RuleInput&, Decisions&);         // RULE-009
void auth_loss_guard(const RuleInput&, Decisions&);               // RULE-010
void symbol_blocks(const RuleInput&, Decisions&);                 // RULE-011
void trade_management(const RuleInput&, Decisions&);              // RULE-012
void daily_realized_profit(const RuleInput&, Decisions&);         // RULE-013

// Shared pieces.
void reduce_most_recent(std::vector<const PositionState*> candidates, std::int32_t excess, RuleId rule, Decisions& d);
void warn_loss(const RuleInput& in, RuleId id, Decimal value, Decimal limit, Decisions& d, const char* what);

// Deadlines of the time-driven rules.
Timestamp no_stop_loss_deadline(const AccountState& a, const RulesConfig& rules);
Timestamp session_deadline(const AccountState& a, const GlobalSettings& g, const RulesConfig& rules, Timestamp now);

}  // namespace risk::rules
