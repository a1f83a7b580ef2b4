// RULE-005 max_unrealized_profit: take the profit at the target, or scratch a
// position that reached `arm_at` and fell back to breakeven. No lockout.
#include "rules/rules.hpp"

namespace risk::rules {

void max_unrealized_profit(const RuleInput& in, Decisions& d) {
  const auto& cfg = in.rules().max_unrealized_profit;
  const RuleId id = RuleId::MaxUnrealizedProfit;
  for (const auto& s : in.account.positions.all()) {
    if (in.contract != nullptr && in.trigger == Trigger::Quote && s.position.contract_id != *in.contract) continue;
    const Valuation v = in.value(s.position);
    if (!v.known()) continue;
    if (cfg.mode == MaxUnrealizedProfitConfig::Mode::ProfitTarget) {
      if (v.pnl < cfg.profit_target) continue;
      d.breach(id, "unrealized profit " + money(v.pnl) + " on " + s.position.contract_id.str() +
                       " reached the target of " + money(cfg.profit_target) + ": taking the profit");
      d.close_position(s.position.contract_id, id);
    } else {
      const Contract* c = in.contracts.find(s.position.contract_id);
      if (c == nullptr || !s.best_price) continue;
      const Decimal peak = unrealized_pnl(s.position, *s.best_price, *c);
      if (peak < cfg.arm_at || v.pnl > Decimal{}) continue;
      d.breach(id, "position on " + s.position.contract_id.str() + " reached " + money(peak) + " (armed at " +
                       money(cfg.arm_at) + ") and fell back to " + money(v.pnl) + ": scratching it");
      d.close_position(s.position.contract_id, id);
    }
  }
}

}  // namespace risk::rules
