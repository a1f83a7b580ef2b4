// RULE-007 cooldown_after_loss: one losing closing fill at or beyond a tier.
#include <algorithm>

#include "rules/rules.hpp"

namespace risk::rules {

namespace {

void check(const RuleInput& in, Decisions& d) {
  if (in.trade == nullptr || in.trade_applied == nullptr) return;
  if (in.trade_applied->outcome != PnlTracker::Outcome::Counted || in.trade->voided) return;
  if (!in.trade->profit_and_loss) return;  // opening fills have no P&L
  const auto& cfg = in.rules().cooldown_after_loss;
  const RuleId id = RuleId::CooldownAfterLoss;
  Decimal net = *in.trade->profit_and_loss;
  if (in.global.include_fees) net -= in.trade->fees + in.trade->commissions;
  const LossTier* worst = nullptr;
  for (const auto& tier : cfg.tiers) {
    if (net <= tier.loss && (worst == nullptr || tier.loss < worst->loss)) worst = &tier;
  }
  if (worst == nullptr) return;
  const Timestamp until = cooldown_end(in.trade->created, in.now, worst->seconds);
  if (until <= in.now) return;  // replayed fill whose cooldown already ran out
  std::string reason = "losing trade " + money(net) + " on " + in.trade->contract_id.str() + " (tier " +
                       money(worst->loss) + "): cooling down for " + std::to_string(worst->seconds) + " s";
  d.breach(id, reason);
  d.close_all(id);
  d.cancel_all(id);
  d.lockout(make_lockout(in, id, LockoutKind::Cooldown, until, std::move(reason)));
}

RuleStatus status(const RuleInput&) { return {.detail = "cooldown after a losing fill"}; }

// Cooldown seconds for a closing fill with P&L `p`: the most severe matching tier.
std::int32_t cooldown_for(const std::vector<LossTier>& tiers, Decimal p) {
  std::int32_t best = 0;
  for (const auto& t : tiers) {
    if (p <= t.loss) best = std::max(best, t.seconds);
  }
  return best;
}
std::string tiers_text(const std::vector<LossTier>& tiers) {
  std::string s = "[";
  for (const auto& t : tiers)
    s += (s.size() > 1 ? ", " : "") + t.loss.to_string() + ": " + std::to_string(t.seconds) + "s";
  return s + "]";
}

// Looser when some loss gets a shorter cooldown. A held edit applies the
// stricter of both tier sets now (for every loss the longer cooldown), so the
// tightening part of a mixed edit is not delayed.
void tiers(SettingsDiff& d, const std::string& key, std::vector<LossTier>& m, const std::vector<LossTier>& o) {
  if (m == o) return;
  bool looser = false;
  std::vector<Decimal> points;
  for (const auto& t : o) points.push_back(t.loss);
  for (const auto& t : m) points.push_back(t.loss);
  for (const auto& p : points) looser = looser || cooldown_for(m, p) < cooldown_for(o, p);
  if (!d.record(key, tiers_text(o), tiers_text(m), looser ? ChangeKind::Looser : ChangeKind::Tighter)) return;
  std::vector<LossTier> both = o;
  for (const auto& t : m) {
    auto it = std::find_if(both.begin(), both.end(), [&](const LossTier& x) { return x.loss == t.loss; });
    if (it == both.end()) {
      both.push_back(t);
    } else {
      it->seconds = std::max(it->seconds, t.seconds);
    }
  }
  std::sort(both.begin(), both.end(), [](const LossTier& a, const LossTier& b) { return a.loss > b.loss; });
  m = std::move(both);
}

void tighten_fn(SettingsDiff& d, RulesConfig& m, const RulesConfig& o) {
  tighten::rule(d, "cooldown_after_loss", m.cooldown_after_loss, o.cooldown_after_loss,
                [](SettingsDiff& df, const std::string& k, auto& mm, const auto& oo) {
                  tiers(df, k + ".tiers", mm.tiers, oo.tiers);
                });
}

}  // namespace

const RuleSpec kCooldownAfterLoss{
    .id = RuleId::CooldownAfterLoss,
    .triggers = bits(Trigger::Trade),
    .runs_while_locked = false,
    .can_lock = true,
    .enabled = [](const RulesConfig& r) { return r.cooldown_after_loss.enabled; },
    .check = &check,
    .status = &status,
    .tighten = &tighten_fn,
};

}  // namespace risk::rules
