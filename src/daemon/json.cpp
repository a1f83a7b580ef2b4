#include "daemon/json.hpp"

#include <algorithm>

#include "core/setting_names.hpp"

namespace risk::daemon {

namespace {

Json opt_dec(const std::optional<Decimal>& d) { return d ? Json(d->to_string()) : Json(nullptr); }
Json opt_ts(const std::optional<Timestamp>& t) { return t ? Json(t->to_iso()) : Json(nullptr); }
Json status_value(const StatusValue& v) {
  return std::visit(
      [](const auto& x) -> Json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return nullptr;
        } else if constexpr (std::is_same_v<T, Decimal>) {
          return x.to_string();
        } else {
          return x;
        }
      },
      v);
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

Json position_json(const PositionSummary& s) {
  const Position& p = s.state.position;
  Json j{{"contract_id", p.contract_id.str()},
         {"type", to_string(p.type)},
         {"size", p.size},
         {"average_price", p.average_price.to_string()},
         {"opened_at", s.state.opened_at.to_iso()},
         {"valuation", to_string(s.valuation.gap)}};
  j["unrealized"] = s.valuation.known() ? Json(s.valuation.pnl.to_string()) : Json(nullptr);
  j["mark"] = s.mark ? Json(s.mark->to_string()) : Json(nullptr);
  j["quote_age_ms"] =
      s.quote_age ? Json(std::chrono::duration_cast<milliseconds>(*s.quote_age).count()) : Json(nullptr);
  j["unprotected_since"] = opt_ts(s.state.unprotected_since);
  if (s.contract) {
    j["tick_size"] = s.contract->tick_size.to_string();
    j["tick_value"] = s.contract->tick_value.to_string();
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

Json enforcement_json(const EnforcementHealth& e) {
  if (!e.failing) return Json{{"failing", false}};
  return Json{
      {"failing", true},
      {"since", e.since.to_iso()},
      {"reason", e.reason},
      {"failures", e.failures},
      {"message", "enforcement still failing since " + e.since.to_iso().substr(11, 8) + " UTC (" + e.reason + ")"}};
}

Json account_snapshot(const AccountSummary& a) {
  Json positions = Json::array();
  for (const auto& p : a.positions) positions.push_back(position_json(p));
  Json orders = Json::array();
  for (const auto& o : a.orders) orders.push_back(to_json(o));
  Json lockouts = Json::array();
  for (const auto& l : a.lockouts) lockouts.push_back(to_json(l));
  Json rules = Json::array();
  for (const auto& r : a.rules) {
    rules.push_back(
        {{"rule", rule_code(r.id)},
         {"key", rule_key(r.id)},
         {"enabled", r.enabled},
         {"limit", status_value(r.status.limit)},
         {"current", status_value(r.status.current)},
         {"percent_used", r.enabled && r.status.percent_used ? Json(*r.status.percent_used) : Json(nullptr)},
         {"detail", r.status.detail},
         {"loss_limit", r.status.loss_limit},
         {"room", r.enabled && r.status.room ? Json(r.status.room->to_string()) : Json(nullptr)}});
  }
  Json holidays = Json::array();
  for (const auto& h : a.session.holidays) holidays.push_back(date_text(h));
  const std::string window = time_text(a.session.window.start) + "-" + time_text(a.session.window.end);
  Json session{
      {"enabled", a.session.enabled}, {"holidays", holidays}, {"window", window}, {"timezone", a.session.timezone}};
  if (const auto& st = a.session.status) {
    session["open"] = st->open;
    session["current_end"] = st->open ? Json(st->current_end.to_iso()) : Json(nullptr);
    session["next_start"] = st->next_start == Timestamp::max() ? Json(nullptr) : Json(st->next_start.to_iso());
  }
  return Json{{"account_id", a.account_id},
              {"nickname", a.nickname},
              {"as_of", a.as_of.to_iso()},
              {"trading_date", date_text(a.day.date)},
              {"day_start", a.day.start.to_iso()},
              {"next_reset", a.day.end.to_iso()},
              {"reset_time", time_text(a.reset_time)},
              {"timezone", a.timezone},
              {"pnl",
               {{"realized", a.realized.to_string()},
                {"gross", a.gross.to_string()},
                {"fees", a.fees.to_string()},
                {"unrealized", a.unrealized.to_string()},
                {"total", a.total.to_string()},
                {"fills", a.fills}}},
              {"account", a.info ? to_json(*a.info) : Json(nullptr)},
              {"positions", positions},
              {"orders", orders},
              {"lockouts", lockouts},
              {"rules", rules},
              {"session", session},
              {"pending_settings", a.pending_settings},
              {"enforcement", enforcement_json(a.enforcement)}};
}

}  // namespace risk::daemon
