#pragma once
// The rules (shared/spec/rules.md), one file each: every file defines its
// RuleSpec (rules/rule.hpp), and rules/registry.cpp lists them in id order.
#include "rules/rule.hpp"
#include "rules/tighten.hpp"

namespace risk::rules {

extern const RuleSpec kMaxContracts;               // RULE-001
extern const RuleSpec kMaxContractsPerInstrument;  // RULE-002
extern const RuleSpec kDailyRealizedLoss;          // RULE-003
extern const RuleSpec kDailyUnrealizedLoss;        // RULE-004
extern const RuleSpec kMaxUnrealizedProfit;        // RULE-005
extern const RuleSpec kTradeFrequencyLimit;        // RULE-006
extern const RuleSpec kCooldownAfterLoss;          // RULE-007
extern const RuleSpec kNoStopLossGrace;            // RULE-008
extern const RuleSpec kSessionBlockOutside;        // RULE-009
extern const RuleSpec kAuthLossGuard;              // RULE-010
extern const RuleSpec kSymbolBlocks;               // RULE-011
extern const RuleSpec kTradeManagement;            // RULE-012
extern const RuleSpec kDailyRealizedProfit;        // RULE-013

// Shared pieces.
void reduce_most_recent(std::vector<const PositionState*> candidates, std::int32_t excess, RuleId rule, Decisions& d);
void warn_loss(const RuleInput& in, RuleId id, Decimal value, Decimal limit, Decisions& d, const char* what);
// Unrealized P&L of the account's open positions: the sum of those that can be
// valued, the worst and the best of them, and whether every one could be.
struct OpenPnl {
  Decimal total;
  Decimal worst;  // most negative (0 when none is negative)
  Decimal best;   // most positive (0 when none is positive)
  bool all_valued = true;
};
OpenPnl open_pnl(const RuleInput& in);

}  // namespace risk::rules
