#include "dashboard/model.hpp"

#include <algorithm>
#include <initializer_list>

#include "core/checked.hpp"
#include "protocol/feed.hpp"

namespace risk::dashboard {

namespace feed = protocol::feed;
namespace {

std::string str_or(const JsonValue& v, std::string_view key, std::string_view fallback = {}) {
  auto s = v.str(key);
  return s ? *s : std::string(fallback);
}

// A field the protocol leaves loosely typed (an enum as name or number): its text either way.
std::string text_of(const JsonValue& v, std::string_view key) {
  const JsonValue* x = v.find(key);
  if (x == nullptr || (x->kind != JsonValue::Kind::String && x->kind != JsonValue::Kind::Number)) return {};
  return x->text;
}

// The gateway's numeric enums, should the daemon send them as numbers.
std::string enum_name(std::string text, std::initializer_list<std::string_view> names) {
  if (text.size() == 1 && text[0] >= '0' && text[0] <= '9') {
    const auto i = static_cast<std::size_t>(text[0] - '0');
    if (i < names.size()) return std::string(*(names.begin() + i));
  }
  return text;
}

bool is_working_status(std::string_view s) {
  return s == "Open" || s == "Pending" || s == "PendingCancellation" || s == "Suspended";
}

// When a quote `age_ms` old at `base` was received; an age that is negative or
// beyond a day is not one the daemon sends, and is ignored.
std::optional<Timestamp> quote_received_at(Timestamp base, std::int64_t age_ms) {
  constexpr std::int64_t kMaxAgeMs = 86'400'000;
  if (age_ms < 0 || age_ms > kMaxAgeMs) return std::nullopt;
  return base - milliseconds(age_ms);
}

}  // namespace

QuoteAge quote_age_class(std::optional<Timestamp> quote_at, Timestamp now) {
  if (!quote_at) return QuoteAge::NoData;
  // Compared, not subtracted: the two may be centuries apart.
  if (*quote_at < now - kQuoteNoDataAfter) return QuoteAge::NoData;
  if (*quote_at < now - kQuoteStaleAfter) return QuoteAge::Stale;
  return QuoteAge::Fresh;
}

LockoutView parse_lockout(const JsonValue& v) {
  LockoutView l;
  l.rule = str_or(v, "rule");
  l.rule_key = str_or(v, "rule_key");
  l.symbol = str_or(v, "symbol");
  l.kind = str_or(v, "kind");
  l.set_at = v.time("set_at");
  l.until = v.time("until");
  l.reason = str_or(v, "reason");
  return l;
}

TradeView parse_trade(const JsonValue& v) {
  TradeView t;
  t.id = v.int64("id").value_or(0);
  t.contract_id = str_or(v, "contract_id");
  t.created = v.time("created");
  t.price = v.decimal("price").value_or(Decimal{});
  t.pnl = v.decimal("pnl");
  t.fees = v.decimal("fees").value_or(Decimal{});
  t.commissions = v.decimal("commissions").value_or(Decimal{});
  t.side = enum_name(text_of(v, "side"), {"Buy", "Sell"});
  t.size = v.int64("size").value_or(0);
  t.voided = v.boolean_at("voided").value_or(false);
  return t;
}

PositionView parse_position(const JsonValue& v) {
  PositionView p;
  p.contract_id = str_or(v, "contract_id");
  p.type = enum_name(text_of(v, "type"), {"Undefined", "Long", "Short"});
  p.size = v.int64("size").value_or(0);
  p.average_price = v.decimal("average_price").value_or(Decimal{});
  p.opened_at = v.time("opened_at");
  p.unrealized = v.decimal("unrealized");
  p.mark = v.decimal("mark");
  p.valuation = str_or(v, "valuation");
  return p;
}

OrderView parse_order(const JsonValue& v) {
  OrderView o;
  o.id = v.int64("id").value_or(0);
  o.contract_id = str_or(v, "contract_id");
  o.status = enum_name(text_of(v, "status"), {"None", "Open", "Filled", "Cancelled", "Expired", "Rejected", "Pending",
                                              "PendingCancellation", "Suspended"});
  o.type = enum_name(text_of(v, "type"),
                     {"Unknown", "Limit", "Market", "StopLimit", "Stop", "TrailingStop", "JoinBid", "JoinAsk"});
  o.side = enum_name(text_of(v, "side"), {"Buy", "Sell"});
  o.size = v.int64("size").value_or(0);
  o.limit_price = v.decimal("limit_price");
  o.stop_price = v.decimal("stop_price");
  o.fill_volume = v.int64("fill_volume").value_or(0);
  return o;
}

EnforcementView parse_enforcement(const JsonValue& v) {
  EnforcementView e;
  e.id = v.int64("id").value_or(0);
  e.trigger_at = v.time("trigger_at");
  if (const JsonValue* b = v.find("breaches"); b != nullptr && b->is_array()) {
    for (const auto& x : b->items) e.breaches.emplace_back(str_or(x, "rule"), str_or(x, "reason"));
  }
  if (const JsonValue* a = v.find("actions"); a != nullptr && a->is_array()) {
    for (const auto& x : a->items) {
      ActionView act;
      act.kind = str_or(x, "kind");
      act.contract_id = str_or(x, "contract_id");
      act.order_id = x.int64("order_id");
      act.size = x.int64("size");
      act.stop_price = x.decimal("stop_price");
      act.rule = str_or(x, "rule");
      act.result = str_or(x, "result");
      act.error = str_or(x, "error");
      e.actions.push_back(std::move(act));
    }
  }
  e.status = str_or(v, "status");
  e.request_us = v.int64("request_us");
  e.confirm_us = v.int64("confirm_us");
  return e;
}

std::string subscribe_message(std::int64_t account_id) {
  if (account_id == 0) return R"({"subscribe":"all"})";
  return "{\"subscribe\":[" + std::to_string(account_id) + "]}";
}

Duration reconnect_delay(int attempt) {
  if (attempt <= 1) return seconds(1);
  if (attempt >= 5) return seconds(10);
  return seconds(std::int64_t{1} << (attempt - 1));
}

Result<bool> Model::apply_message(std::string_view text, Timestamp received_at) {
  auto v = parse_json(text);
  if (!v) {
    ++rejected_messages;
    return v.error();
  }
  return apply(v.value(), received_at);
}

Result<bool> Model::apply(const JsonValue& m, Timestamp received_at) {
  if (!m.is_object()) {
    ++rejected_messages;
    return make_error("message is not an object");
  }
  const auto type = m.str("type");
  if (!type) {
    ++rejected_messages;
    return make_error("message has no type");
  }
  const JsonValue* data = m.find("data");
  if (data == nullptr || !data->is_object()) {
    ++rejected_messages;
    return make_error("message '" + *type + "' has no data object");
  }
  const Timestamp ts = m.time("ts").value_or(received_at);
  last_event_at = received_at;
  ++messages;

  if (*type == feed::kDaemonStatus) {
    DaemonView d;
    d.version = str_or(*data, "version");
    d.started_at = data->time("started_at");
    d.uptime_s = data->int64("uptime_s").value_or(0);
    d.received_at = received_at;
    if (const JsonValue* c = data->find("connections"); c != nullptr && c->is_array()) {
      for (const auto& x : c->items) {
        d.connections.push_back(
            ConnectionView{str_or(x, "name"), x.boolean_at("connected").value_or(false), x.time("since")});
      }
    }
    if (const JsonValue* a = data->find("accounts"); a != nullptr && a->is_array()) {
      for (const auto& x : a->items) {
        if (auto id = x.as_int()) d.accounts.push_back(*id);
      }
    }
    d.dry_run = data->boolean_at("dry_run").value_or(false);
    daemon = std::move(d);
    return true;
  }

  const auto account = m.int64("account_id");
  if (*type == feed::kSnapshot) {
    const auto snap_account = data->int64("account_id").value_or(account.value_or(0));
    if (account_id_ == 0 && snap_account != 0) account_id_ = snap_account;
    if (snap_account != account_id_) return false;
    return apply_snapshot(*data, received_at);
  }
  if (!account || *account != account_id_) return false;

  if (*type == feed::kUserTrade) {
    apply_trade(*data);
  } else if (*type == feed::kUserPosition) {
    apply_position(*data);
  } else if (*type == feed::kUserOrder) {
    apply_order(*data);
  } else if (*type == feed::kUserAccount) {
    apply_account(*data);
  } else if (*type == feed::kQuote) {
    apply_quote(*data, ts);
  } else if (*type == feed::kLockoutSet) {
    LockoutView l = parse_lockout(*data);
    auto it = std::find_if(lockouts.begin(), lockouts.end(),
                           [&](const LockoutView& x) { return x.rule == l.rule && x.symbol == l.symbol; });
    if (it != lockouts.end()) {
      *it = std::move(l);
    } else {
      lockouts.push_back(std::move(l));
    }
    mark_breached_rules();
  } else if (*type == feed::kLockoutCleared) {
    const JsonValue* lv = data->find("lockout");
    if (lv == nullptr || !lv->is_object()) {
      ++rejected_messages;
      return make_error("lockout_cleared has no lockout");
    }
    LockoutHistoryView h{parse_lockout(*lv), str_or(*data, "cleared_by"), ts, str_or(*data, "note")};
    std::erase_if(lockouts,
                  [&](const LockoutView& x) { return x.rule == h.lockout.rule && x.symbol == h.lockout.symbol; });
    lockout_history.push_front(std::move(h));
    if (lockout_history.size() > kMaxHistory) lockout_history.pop_back();
    mark_breached_rules();
  } else if (*type == feed::kEnforcementAction) {
    apply_enforcement(*data);
  } else if (*type == feed::kDailyReset) {
    trading_date = str_or(*data, "trading_date", trading_date);
    if (auto n = data->time("next_reset")) next_reset = n;
    day_start = ts;
    // A new day: its figures start at zero (the daemon's snapshot follows).
    trades.clear();
    realized = gross = fees = Decimal{};
    fills = 0;
    std::erase_if(lockouts, [](const LockoutView& x) { return x.kind == "until_daily_reset"; });
    forget_rule_figures();  // the new day's are in the snapshot that follows
    mark_breached_rules();
  } else if (*type == feed::kEnforcementStatus) {
    apply_enforcement_health(data);
  } else if (*type == feed::kRuleWarning) {
    WarningView w{ts, str_or(*data, "rule"), data->int64("percent").value_or(0), str_or(*data, "message")};
    for (auto& r : rules) {
      if (r.rule == w.rule) r.percent_used = w.percent;
    }
    warnings.push_front(std::move(w));
    if (warnings.size() > kMaxHistory) warnings.pop_back();
  } else {
    return false;  // unknown types are ignored (forward compatible)
  }
  return true;
}

Result<bool> Model::apply_snapshot(const JsonValue& d, Timestamp received_at) {
  nickname = str_or(d, "nickname");
  as_of = d.time("as_of");
  const std::string previous_date = trading_date;
  trading_date = str_or(d, "trading_date");
  if (trading_date != previous_date) trades.clear();  // another day's fills are not today's
  day_start = d.time("day_start");
  next_reset = d.time("next_reset");
  reset_time = str_or(d, "reset_time");
  timezone = str_or(d, "timezone");
  const Timestamp base = as_of.value_or(received_at);

  realized = gross = fees = Decimal{};
  fills = 0;
  snapshot_unrealized.reset();
  if (const JsonValue* p = d.find("pnl"); p != nullptr && p->is_object()) {
    realized = p->decimal("realized").value_or(Decimal{});
    gross = p->decimal("gross").value_or(realized);
    fees = p->decimal("fees").value_or(Decimal{});
    fills = p->int64("fills").value_or(0);
    snapshot_unrealized = p->decimal("unrealized");
    // include_fees is the daemon's setting; the snapshot shows which way it is.
    const auto net = checked::sub(gross, fees);
    realized_includes_fees = net && realized == *net;
  }
  if (const JsonValue* a = d.find("account"); a != nullptr && a->is_object()) apply_account(*a);

  positions.clear();
  if (const JsonValue* ps = d.find("positions"); ps != nullptr && ps->is_array()) {
    for (const auto& x : ps->items) {
      PositionView p = parse_position(x);
      const auto age = x.int64("quote_age_ms");
      if (const auto at = age ? quote_received_at(base, *age) : std::nullopt) {
        auto& q = quotes[p.contract_id];
        q.at = at;
        if (p.mark) q.last = p.mark;
      }
      if (p.size != 0) positions.push_back(std::move(p));
    }
  }
  orders.clear();
  if (const JsonValue* os = d.find("orders"); os != nullptr && os->is_array()) {
    for (const auto& x : os->items) {
      OrderView o = parse_order(x);
      if (o.status.empty() || is_working_status(o.status)) orders.push_back(std::move(o));
    }
  }
  // The day's fills are kept across snapshots (the daemon's snapshot does not
  // repeat them); one that lists them replaces the list.
  if (const JsonValue* ts = d.find("trades_today"); ts != nullptr && ts->is_array()) {
    trades.clear();
    for (const auto& x : ts->items) trades.push_back(parse_trade(x));
  }
  lockouts.clear();
  if (const JsonValue* ls = d.find("lockouts"); ls != nullptr && ls->is_array()) {
    for (const auto& x : ls->items) lockouts.push_back(parse_lockout(x));
  }
  rules.clear();
  if (const JsonValue* rs = d.find("rules"); rs != nullptr && rs->is_array()) {
    for (const auto& x : rs->items) {
      RuleView r;
      r.rule = str_or(x, "rule");
      r.key = str_or(x, "key");
      r.enabled = x.boolean_at("enabled").value_or(true);
      r.limit = x.decimal("limit");
      r.current = x.decimal("current");
      r.percent_used = x.int64("percent_used");
      r.detail = str_or(x, "detail");
      r.loss_limit = x.boolean_at("loss_limit").value_or(false);
      r.room = x.decimal("room");
      rules.push_back(std::move(r));
    }
  }
  session.reset();
  if (const JsonValue* s = d.find("session"); s != nullptr && s->is_object()) {
    SessionView sv;
    sv.enabled = s->boolean_at("enabled").value_or(false);
    sv.open = s->boolean_at("open").value_or(false);
    sv.window = str_or(*s, "window");
    sv.timezone = str_or(*s, "timezone");
    sv.current_end = s->time("current_end");
    sv.next_start = s->time("next_start");
    session = std::move(sv);
  }
  pending_settings = d.boolean_at("pending_settings").value_or(false);
  apply_enforcement_health(d.find("enforcement"));
  mark_breached_rules();
  have_snapshot = true;
  has_data = true;
  source = Source::Live;
  return true;
}

// A fill joins the day's list; the P&L it makes is the daemon's, in the snapshot
// that follows it.
void Model::apply_trade(const JsonValue& v) {
  TradeView t = parse_trade(v);
  auto it = std::find_if(trades.begin(), trades.end(), [&](const TradeView& x) { return x.id == t.id; });
  if (it != trades.end()) {
    *it = std::move(t);
  } else {
    trades.push_back(std::move(t));
  }
}

void Model::apply_position(const JsonValue& v) {
  PositionView p = parse_position(v);
  const auto age = v.int64("quote_age_ms");
  if (const auto at = age ? quote_received_at(last_event_at.value_or(Timestamp{}), *age) : std::nullopt) {
    quotes[p.contract_id].at = at;
  }
  auto it = std::find_if(positions.begin(), positions.end(),
                         [&](const PositionView& x) { return x.contract_id == p.contract_id; });
  if (p.size == 0) {
    if (it != positions.end()) positions.erase(it);
    return;
  }
  if (it != positions.end()) {
    // A gateway event carries no valuation: the daemon's last one stays until its next snapshot.
    if (v.find("valuation") == nullptr) {
      p.unrealized = it->unrealized;
      p.mark = it->mark;
      p.valuation = it->valuation;
    }
    *it = std::move(p);
  } else {
    positions.push_back(std::move(p));
  }
}

void Model::apply_order(const JsonValue& v) {
  OrderView o = parse_order(v);
  auto it = std::find_if(orders.begin(), orders.end(), [&](const OrderView& x) { return x.id == o.id; });
  if (!is_working_status(o.status)) {
    if (it != orders.end()) orders.erase(it);
    return;
  }
  if (it != orders.end()) {
    *it = std::move(o);
  } else {
    orders.push_back(std::move(o));
  }
}

void Model::apply_enforcement_health(const JsonValue* e) {
  if (e == nullptr || !e->is_object() || !e->boolean_at("failing").value_or(false)) {
    enforcement_failing.reset();
    return;
  }
  enforcement_failing = EnforcementFailing{e->time("since").value_or(Timestamp{}), str_or(*e, "reason"),
                                           e->int64("failures").value_or(0)};
}

void Model::apply_account(const JsonValue& a) {
  if (auto n = a.str("name")) account_name = *n;
  if (auto b = a.decimal("balance")) balance = b;
  if (auto c = a.boolean_at("can_trade")) can_trade = c;
}

void Model::apply_quote(const JsonValue& v, Timestamp at) {
  const std::string cid = str_or(v, "contract_id");
  if (cid.empty()) return;
  auto& q = quotes[cid];
  if (auto x = v.decimal("last")) q.last = x;
  if (auto x = v.decimal("bid")) q.bid = x;
  if (auto x = v.decimal("ask")) q.ask = x;
  q.at = at;  // its freshness; the positions' P&L at this price comes in the daemon's next snapshot
}

void Model::apply_enforcement(const JsonValue& v) {
  EnforcementView e = parse_enforcement(v);
  auto it =
      std::find_if(enforcement.begin(), enforcement.end(), [&](const EnforcementView& x) { return x.id == e.id; });
  if (it != enforcement.end()) {
    *it = std::move(e);  // the same action again, with its outcome
    return;
  }
  enforcement.push_front(std::move(e));
  if (enforcement.size() > kMaxHistory) enforcement.pop_back();
}

void Model::forget_rule_figures() {
  for (auto& r : rules) {
    r.current = std::nullopt;
    r.percent_used = std::nullopt;
    r.room = std::nullopt;
  }
}

void Model::mark_breached_rules() {
  for (auto& r : rules) {
    r.breached = std::any_of(lockouts.begin(), lockouts.end(), [&](const LockoutView& l) { return l.rule == r.rule; });
  }
}

std::optional<Decimal> Model::unrealized() const {
  Decimal sum;
  for (const auto& p : positions) {
    if (!p.unrealized) return std::nullopt;
    const auto next = checked::add(sum, *p.unrealized);
    if (!next) return std::nullopt;  // figures from the feed that do not add up in 64 bits
    sum = *next;
  }
  return sum;
}

std::optional<Decimal> Model::total() const {
  auto u = unrealized();
  if (!u) return std::nullopt;
  return checked::add(realized, *u);
}

const RuleView* Model::rule(std::string_view key) const {
  for (const auto& r : rules) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

std::optional<Timestamp> Model::quote_time(std::string_view contract_id) const {
  auto it = quotes.find(contract_id);
  if (it == quotes.end()) return std::nullopt;
  return it->second.at;
}

}  // namespace risk::dashboard
