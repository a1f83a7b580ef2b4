// RULE-012 trade_management: automation, not a limit. Breakeven moves the stop
// to entry +/- offset once the profit reaches the trigger; trailing keeps the
// stop `distance` ticks behind the best price after activation. Stops only
// ever tighten, and each order changes at most once per second.
#include "rules/rules.hpp"

namespace risk::rules {

namespace {

// Rounds `price` to the tick grid, up or down.
Decimal align(Decimal price, Decimal tick, bool up) {
  if (tick.is_zero()) return price;
  std::int64_t q = price.raw() / tick.raw();
  const std::int64_t r = price.raw() % tick.raw();
  if (r != 0) {
    if (r < 0) --q;  // q is now the floor
    if (up) ++q;
  }
  return Decimal::from_raw(q * tick.raw());
}

const Order* protective_stop(const AccountState& a, const Position& p) {
  for (const auto& o : a.orders.all()) {
    if (is_protective_stop(o, p) && o.stop_price) return &o;
  }
  return nullptr;
}

void check(const RuleInput& in, Decisions& d) {
  const auto& cfg = in.rules().trade_management;
  const RuleId id = RuleId::TradeManagement;
  for (const auto& s : in.account.positions.all()) {
    const Position& p = s.position;
    if (in.contract != nullptr && p.contract_id != *in.contract) continue;
    const Contract* c = in.contracts.find(p.contract_id);
    const Valuation v = in.value(p);
    if (c == nullptr || !v.known() || c->tick_size.is_zero()) continue;
    const Decimal tick = c->tick_size;
    const bool is_long = p.is_long();
    const std::int64_t profit_ticks = (is_long ? v.mark - p.average_price : p.average_price - v.mark).div_trunc(tick);

    std::optional<Decimal> desired;
    const char* why = "";
    auto tighter = [&](Decimal a, Decimal b) { return is_long ? a > b : a < b; };
    if (cfg.breakeven_enabled && profit_ticks >= cfg.breakeven_trigger_ticks) {
      const Decimal be = is_long ? p.average_price + tick * cfg.breakeven_offset_ticks
                                 : p.average_price - tick * cfg.breakeven_offset_ticks;
      desired = align(be, tick, is_long);
      why = "breakeven";
    }
    if (cfg.trailing_enabled && s.best_price) {
      const Decimal best = *s.best_price;
      const std::int64_t best_ticks = (is_long ? best - p.average_price : p.average_price - best).div_trunc(tick);
      if (best_ticks >= cfg.trailing_activation_ticks) {
        const Decimal trail =
            align(is_long ? best - tick * cfg.trailing_distance_ticks : best + tick * cfg.trailing_distance_ticks, tick,
                  !is_long);
        if (!desired || tighter(trail, *desired)) {
          desired = trail;
          why = "trailing";
        }
      }
    }
    if (!desired) continue;
    // A stop at or through the market would fill at once: leave it.
    if (is_long ? *desired >= v.mark : *desired <= v.mark) continue;
    const Order* stop = protective_stop(in.account, p);
    Action a;
    a.account_id = in.account.id;
    a.contract_id = p.contract_id;
    a.stop_price = *desired;
    a.rule = id;
    if (stop != nullptr) {
      if (!tighter(*desired, *stop->stop_price)) continue;
      if (in.account.timers.pending(TimerKind::StopChangeOrder, static_cast<std::uint64_t>(stop->id), in.now)) continue;
      a.kind = ActionKind::ModifyStop;
      a.order_id = stop->id;
      a.size = stop->size;
      d.breach(id, std::string(why) + ": moving the stop of " + p.contract_id.str() + " from " +
                       stop->stop_price->to_string() + " to " + desired->to_string());
    } else {
      if (in.account.timers.pending(TimerKind::StopPlaceContract, std::hash<ContractId>{}(p.contract_id), in.now)) {
        continue;
      }
      a.kind = ActionKind::PlaceStop;
      a.side = is_long ? OrderSide::Ask : OrderSide::Bid;
      a.size = p.size;
      d.breach(id, std::string(why) + ": placing a stop for " + p.contract_id.str() + " at " + desired->to_string());
    }
    d.stop_action(std::move(a));
  }
}

RuleStatus status(const RuleInput&) { return {.detail = "breakeven / trailing stops"}; }

void tighten_fn(SettingsDiff& d, RulesConfig& m, const RulesConfig& o) {
  using namespace risk::tighten;
  rule(d, "trade_management", m.trade_management, o.trade_management,
       [](SettingsDiff& df, const std::string& k, auto& mm, const auto& oo) {
         flag(df, k + ".breakeven.enabled", mm.breakeven_enabled, oo.breakeven_enabled, true);
         higher_looser(df, k + ".breakeven.trigger_ticks", mm.breakeven_trigger_ticks, oo.breakeven_trigger_ticks);
         lower_looser(df, k + ".breakeven.offset_ticks", mm.breakeven_offset_ticks, oo.breakeven_offset_ticks);
         flag(df, k + ".trailing.enabled", mm.trailing_enabled, oo.trailing_enabled, true);
         higher_looser(df, k + ".trailing.activation_ticks", mm.trailing_activation_ticks,
                       oo.trailing_activation_ticks);
         higher_looser(df, k + ".trailing.distance_ticks", mm.trailing_distance_ticks, oo.trailing_distance_ticks);
       });
}

}  // namespace

const RuleSpec kTradeManagement{
    .id = RuleId::TradeManagement,
    .triggers = Trigger::Quote | Trigger::Position | Trigger::Order,
    .runs_while_locked = false,
    .can_lock = false,
    .enabled = [](const RulesConfig& r) { return r.trade_management.enabled; },
    .check = &check,
    .status = &status,
    .tighten = &tighten_fn,
};

}  // namespace risk::rules
