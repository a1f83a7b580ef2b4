#include "daemon/json.hpp"

#include <algorithm>

#include "state/session_calendar.hpp"
#include "store/store.hpp"

namespace risk::daemon {

namespace {

Json opt_dec(const std::optional<Decimal>& d) { return d ? Json(d->to_string()) : Json(nullptr); }
Json opt_ts(const std::optional<Timestamp>& t) { return t ? Json(t->to_iso()) : Json(nullptr); }
std::string hhmm(TimeOfDay t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", t.minutes / 60 % 100, t.minutes % 60);
  return buf;
}
Json pct(Decimal used, Decimal limit) {
  if (!limit.is_positive()) return nullptr;
  if (!used.is_positive()) return 0;
  return Decimal::mul_div(used, 100, limit).raw() / Decimal::kUnit;
}
Json pct_int(std::int64_t used, std::int64_t limit) {
  if (limit <= 0) return used > 0 ? Json(100) : Json(0);
  return used * 100 / limit;
}

}  // namespace

Json to_json(const Lockout& l) {
  return Json{{"rule", rule_code(l.rule)}, {"rule_key", rule_key(l.rule)}, {"symbol", l.symbol.str()},
              {"kind", to_string(l.kind)}, {"set_at", l.set_at.to_iso()},  {"until", opt_ts(l.until)},
              {"reason", l.reason}};
}

Json to_json(const Trade& t) {
  return Json{{"id", t.id},
              {"contract_id", t.contract_id.str()},
              {"created", t.created.to_iso()},
              {"price", t.price.to_string()},
              {"pnl", opt_dec(t.profit_and_loss)},
              {"fees", t.fees.to_string()},
              {"commissions", t.commissions.to_string()},
              {"side", to_string(t.side)},
              {"size", t.size},
              {"voided", t.voided}};
}

Json to_json(const Order& o) {
  return Json{{"id", o.id},
              {"contract_id", o.contract_id.str()},
              {"status", to_string(o.status)},
              {"type", to_string(o.type)},
              {"side", to_string(o.side)},
              {"size", o.size},
              {"limit_price", opt_dec(o.limit_price)},
              {"stop_price", opt_dec(o.stop_price)},
              {"fill_volume", o.fill_volume}};
}

Json to_json(const Account& a) {
  return Json{{"id", a.id}, {"name", a.name}, {"balance", a.balance.to_string()}, {"can_trade", a.can_trade}};
}

Json to_json(const Action& a) {
  Json j{{"kind", to_string(a.kind)}, {"contract_id", a.contract_id.str()}, {"rule", rule_code(a.rule)}};
  if (a.kind == ActionKind::CancelOrder || a.kind == ActionKind::ModifyStop) j["order_id"] = a.order_id;
  if (a.kind == ActionKind::ReducePosition || a.kind == ActionKind::PlaceStop) j["size"] = a.size;
  if (a.kind == ActionKind::ModifyStop || a.kind == ActionKind::PlaceStop) j["stop_price"] = a.stop_price.to_string();
  if (a.kind == ActionKind::PlaceStop) j["side"] = to_string(a.side);
  return j;
}

Json position_json(const PositionState& s, const Engine& engine, const GlobalSettings& g) {
  const Position& p = s.position;
  const QuoteState* q = engine.quotes().find(p.contract_id);
  const Valuation v = value_position(p, q, engine.contracts().find(p.contract_id), g.mark_price, engine.now(),
                                     seconds(g.max_quote_age_seconds));
  Json j{{"contract_id", p.contract_id.str()},
         {"type", to_string(p.type)},
         {"size", p.size},
         {"average_price", p.average_price.to_string()},
         {"opened_at", s.opened_at.to_iso()},
         {"valuation", to_string(v.gap)}};
  j["unrealized"] = v.known() ? Json(v.pnl.to_string()) : Json(nullptr);
  std::optional<QuotePrice> m = q != nullptr ? mark_for(p, *q, g.mark_price) : std::nullopt;
  j["mark"] = m ? Json(m->price.to_string()) : Json(nullptr);
  j["quote_age_ms"] =
      m ? Json(std::chrono::duration_cast<milliseconds>(engine.now() - m->received).count()) : Json(nullptr);
  j["unprotected_since"] = opt_ts(s.unprotected_since);
  if (const Contract* c = engine.contracts().find(p.contract_id)) {
    j["tick_size"] = c->tick_size.to_string();
    j["tick_value"] = c->tick_value.to_string();
  }
  return j;
}

Json plan_json(const EnforcementPlan& p, std::int64_t id) {
  Json breaches = Json::array();
  for (const auto& b : p.breaches) breaches.push_back({{"rule", rule_code(b.rule)}, {"reason", b.reason}});
  Json actions = Json::array();
  for (const auto& a : p.actions) actions.push_back(to_json(a));
  return Json{{"id", id}, {"trigger_at", p.trigger_at.to_iso()}, {"breaches", breaches}, {"actions", actions}};
}

std::string message(std::string_view type, AccountId account, Timestamp ts, const Json& data) {
  Json m{{"type", type}, {"account_id", account}, {"ts", ts.to_iso()}, {"data", data}};
  return m.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::optional<std::pair<std::string, Json>> gateway_event_json(const EventBody& e) {
  if (const auto* t = std::get_if<TradeEvent>(&e)) return std::pair{std::string("GatewayUserTrade"), to_json(t->trade)};
  if (const auto* o = std::get_if<OrderEvent>(&e)) return std::pair{std::string("GatewayUserOrder"), to_json(o->order)};
  if (const auto* a = std::get_if<AccountEvent>(&e)) {
    return std::pair{std::string("GatewayUserAccount"), to_json(a->account)};
  }
  if (const auto* p = std::get_if<PositionEvent>(&e)) {
    const Position& x = p->position;
    return std::pair{std::string("GatewayUserPosition"), Json{{"contract_id", x.contract_id.str()},
                                                              {"type", to_string(x.type)},
                                                              {"size", x.size},
                                                              {"average_price", x.average_price.to_string()}}};
  }
  if (const auto* q = std::get_if<QuoteEvent>(&e)) {
    Json j{{"contract_id", q->quote.contract_id.str()}};
    if (q->quote.last_price) j["last"] = q->quote.last_price->to_string();
    if (q->quote.best_bid) j["bid"] = q->quote.best_bid->to_string();
    if (q->quote.best_ask) j["ask"] = q->quote.best_ask->to_string();
    return std::pair{std::string("GatewayQuote"), j};
  }
  return std::nullopt;
}

Json account_snapshot(const Engine& engine, AccountId id, Timestamp now, const std::string& nickname) {
  const AccountState* a = engine.account(id);
  if (a == nullptr) return nullptr;
  const AccountSettings& s = *a->settings;
  const GlobalSettings& g = engine.settings().global;
  const RulesConfig& r = s.rules;
  const PnlTotals& tot = a->pnl.totals();
  const Decimal realized = tot.realized(g.include_fees);

  Json positions = Json::array();
  Decimal unrealized;
  bool all_known = true;
  Decimal worst_position;  // most negative unrealized
  Decimal best_position;
  for (const auto& ps : a->positions.all()) {
    Json pj = position_json(ps, engine, g);
    if (!pj["unrealized"].is_null()) {
      const Decimal u = *Decimal::parse(pj["unrealized"].get<std::string>());
      unrealized += u;
      worst_position = std::min(worst_position, u);
      best_position = std::max(best_position, u);
    } else {
      all_known = false;
    }
    positions.push_back(std::move(pj));
  }
  Json orders = Json::array();
  for (const auto& o : a->orders.all()) orders.push_back(to_json(o));
  Json lockouts = Json::array();
  for (const auto& l : a->lockouts.all()) lockouts.push_back(to_json(l));

  // Rules: limit, current value, percent used.
  Json rules = Json::array();
  auto rule = [&](RuleId id_, bool enabled, Json limit, Json current, Json percent, std::string detail) {
    rules.push_back({{"rule", rule_code(id_)},
                     {"key", rule_key(id_)},
                     {"enabled", enabled},
                     {"limit", std::move(limit)},
                     {"current", std::move(current)},
                     {"percent_used", enabled ? std::move(percent) : Json(nullptr)},
                     {"detail", std::move(detail)}});
  };
  const std::int32_t contracts = a->positions.total_contracts();
  rule(RuleId::MaxContracts, r.max_contracts.enabled, r.max_contracts.limit, contracts,
       pct_int(contracts, r.max_contracts.limit), "open contracts across all positions");
  {
    std::int64_t worst = 0;
    std::string detail = "contracts per symbol root";
    for (const auto& ps : a->positions.all()) {
      const SymbolRoot root = symbol_root(ps.position.contract_id);
      const auto it = r.max_contracts_per_instrument.limits.find(root);
      const std::int64_t lim = it != r.max_contracts_per_instrument.limits.end() ? it->second : -1;
      if (lim >= 0)
        worst = std::max<std::int64_t>(worst, pct_int(a->positions.contracts_in_root(root), lim).get<std::int64_t>());
    }
    rule(RuleId::MaxContractsPerInstrument, r.max_contracts_per_instrument.enabled, nullptr, nullptr, worst, detail);
  }
  rule(RuleId::DailyRealizedLoss, r.daily_realized_loss.enabled, r.daily_realized_loss.loss_limit.to_string(),
       realized.to_string(), pct(-realized, r.daily_realized_loss.loss_limit), "realized P&L of the day");
  {
    const bool total = r.daily_unrealized_loss.scope == DailyUnrealizedLossConfig::Scope::Total;
    const Decimal cur = total ? realized + unrealized : worst_position;
    rule(RuleId::DailyUnrealizedLoss, r.daily_unrealized_loss.enabled, r.daily_unrealized_loss.loss_limit.to_string(),
         cur.to_string(), (total && !all_known) ? Json(nullptr) : pct(-cur, r.daily_unrealized_loss.loss_limit),
         total ? "realized + unrealized of the day" : "worst open position");
  }
  rule(RuleId::MaxUnrealizedProfit, r.max_unrealized_profit.enabled, r.max_unrealized_profit.profit_target.to_string(),
       best_position.to_string(), pct(best_position, r.max_unrealized_profit.profit_target), "best open position");
  {
    const auto& f = r.trade_frequency_limit;
    const std::int32_t m = a->counter.count_in(seconds(60), now);
    const std::int32_t h = a->counter.count_in(minutes(60), now);
    const std::int32_t sn = a->counter.session_count();
    const std::int64_t p =
        std::max({pct_int(m, f.per_minute).get<std::int64_t>(), pct_int(h, f.per_hour).get<std::int64_t>(),
                  pct_int(sn, f.per_session).get<std::int64_t>()});
    rule(RuleId::TradeFrequencyLimit, f.enabled,
         std::to_string(f.per_minute) + "/min, " + std::to_string(f.per_hour) + "/h, " + std::to_string(f.per_session) +
             "/day",
         std::to_string(m) + "/min, " + std::to_string(h) + "/h, " + std::to_string(sn) + "/day", p, "fills");
  }
  rule(RuleId::CooldownAfterLoss, r.cooldown_after_loss.enabled, nullptr, nullptr, nullptr,
       "cooldown after a losing fill");
  {
    std::int64_t worst_s = 0;
    for (const auto& ps : a->positions.all()) {
      if (ps.unprotected_since) {
        worst_s =
            std::max<std::int64_t>(worst_s, std::chrono::duration_cast<seconds>(now - *ps.unprotected_since).count());
      }
    }
    rule(RuleId::NoStopLossGrace, r.no_stop_loss_grace.enabled, r.no_stop_loss_grace.grace_period_seconds, worst_s,
         pct_int(worst_s, r.no_stop_loss_grace.grace_period_seconds), "seconds without a protective stop");
  }
  rule(RuleId::SessionBlockOutside, r.session_block_outside.enabled,
       hhmm(r.session_block_outside.window.start) + "-" + hhmm(r.session_block_outside.window.end), nullptr, nullptr,
       r.session_block_outside.timezone_name);
  rule(RuleId::AuthLossGuard, r.auth_loss_guard.enabled, nullptr, a->can_trade(), a->can_trade() ? 0 : 100,
       "the gateway's canTrade flag");
  {
    Json blocked = Json::array();
    for (const auto& b : r.symbol_blocks.blocked_symbols) blocked.push_back(b.str());
    rule(RuleId::SymbolBlocks, r.symbol_blocks.enabled, blocked, nullptr, nullptr, "blocked symbol roots");
  }
  rule(RuleId::TradeManagement, r.trade_management.enabled, nullptr, nullptr, nullptr, "breakeven / trailing stops");
  rule(RuleId::DailyRealizedProfit, r.daily_realized_profit.enabled, r.daily_realized_profit.profit_target.to_string(),
       realized.to_string(), pct(realized, r.daily_realized_profit.profit_target), "realized P&L of the day");

  Json holidays = Json::array();
  for (const auto& h : g.holidays) holidays.push_back(store::date_text(h));
  Json session{{"enabled", r.session_block_outside.enabled},
               {"holidays", holidays},
               {"window", hhmm(r.session_block_outside.window.start) + "-" + hhmm(r.session_block_outside.window.end)},
               {"timezone", r.session_block_outside.timezone_name}};
  if (r.session_block_outside.timezone) {
    const SessionStatus st =
        session_status(*r.session_block_outside.timezone, r.session_block_outside.window, g.holidays, now);
    session["open"] = st.open;
    session["current_end"] = st.open ? Json(st.current_end.to_iso()) : Json(nullptr);
    session["next_start"] = st.next_start == Timestamp::max() ? Json(nullptr) : Json(st.next_start.to_iso());
  }

  return Json{{"account_id", id},
              {"nickname", nickname},
              {"as_of", now.to_iso()},
              {"trading_date", store::date_text(a->day.date)},
              {"day_start", a->day.start.to_iso()},
              {"next_reset", a->day.end.to_iso()},
              {"reset_time", hhmm(s.reset_time)},
              {"timezone", s.timezone_name},
              {"pnl",
               {{"realized", realized.to_string()},
                {"gross", tot.gross.to_string()},
                {"fees", tot.fees.to_string()},
                {"unrealized", unrealized.to_string()},
                {"total", (realized + unrealized).to_string()},
                {"fills", a->counter.session_count()}}},
              {"account", a->info ? to_json(*a->info) : Json(nullptr)},
              {"positions", positions},
              {"orders", orders},
              {"trades_today", Json::array()},
              {"lockouts", lockouts},
              {"rules", rules},
              {"session", session},
              {"pending_settings", engine.has_pending_settings(id)}};
}

}  // namespace risk::daemon
