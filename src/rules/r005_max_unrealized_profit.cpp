// RULE-005 max_unrealized_profit: take the profit at the target, or scratch a
// position that reached `arm_at` and fell back to breakeven. No lockout.
#include "rules/rules.hpp"

namespace risk::rules {

namespace {

void check(const RuleInput& in, Decisions& d) {
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

RuleStatus status(const RuleInput& in) {
  const auto& cfg = in.rules().max_unrealized_profit;
  const Decimal best = open_pnl(in).best;
  return {.limit = cfg.profit_target,
          .current = best,
          .percent_used = percent_of(best, cfg.profit_target),
          .detail = "best open position"};
}

void tighten_fn(SettingsDiff& d, RulesConfig& m, const RulesConfig& o) {
  using namespace risk::tighten;
  rule(d, "max_unrealized_profit", m.max_unrealized_profit, o.max_unrealized_profit,
       [](SettingsDiff& df, const std::string& k, auto& mm, const auto& oo) {
         choice(df, k + ".mode", mm.mode, oo.mode, kProfitMode, std::optional<MaxUnrealizedProfitConfig::Mode>{});
         higher_looser(df, k + ".profit_target", mm.profit_target, oo.profit_target);
         higher_looser(df, k + ".arm_at", mm.arm_at, oo.arm_at);
       });
}

}  // namespace

const RuleSpec kMaxUnrealizedProfit{
    .id = RuleId::MaxUnrealizedProfit,
    .triggers = Trigger::Quote | Trigger::Position,
    .runs_while_locked = false,
    .can_lock = false,
    .enabled = [](const RulesConfig& r) { return r.max_unrealized_profit.enabled; },
    .check = &check,
    .status = &status,
    .tighten = &tighten_fn,
};

}  // namespace risk::rules
