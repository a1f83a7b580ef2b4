#include "dashboard/db_source.hpp"

#include <algorithm>

#include "core/rule_id.hpp"

namespace risk::dashboard {
namespace {

LockoutView view_of(const Lockout& l) {
  LockoutView v;
  v.rule = std::string(rule_code(l.rule));
  v.rule_key = std::string(rule_key(l.rule));
  v.symbol = l.symbol.str();
  v.kind = std::string(to_string(l.kind));
  v.set_at = l.set_at;
  v.until = l.until;
  v.reason = l.reason;
  return v;
}

EnforcementView view_of(const store::EnforcementRow& r) {
  EnforcementView e;
  // The log's details hold the enforcement_action shape when the daemon wrote
  // it so; whatever parses is shown, the row's own columns win.
  if (auto d = parse_json(r.details_json); d && d.value().is_object()) e = parse_enforcement(d.value());
  e.id = r.id;
  e.trigger_at = r.at;
  if (e.breaches.empty()) e.breaches.emplace_back(std::string(rule_code(r.rule)), r.reason);
  if (r.success) {
    e.status = *r.success ? "confirmed" : "failed";
  } else if (e.status.empty()) {
    e.status = r.kind.empty() ? "decided" : r.kind;
  }
  if (r.trigger_to_request_us) e.request_us = r.trigger_to_request_us;
  if (r.trigger_to_confirm_us) e.confirm_us = r.trigger_to_confirm_us;
  return e;
}

TradeView trade_view(const Trade& t) {
  TradeView v;
  v.id = t.id;
  v.contract_id = t.contract_id.str();
  v.created = t.created;
  v.price = t.price;
  v.pnl = t.profit_and_loss;
  v.fees = t.fees;
  v.commissions = t.commissions;
  v.side = std::string(to_string(t.side));
  v.size = t.size;
  v.voided = t.voided;
  return v;
}

}  // namespace

Result<bool> load_history(Model& m, store::Database& db) {
  auto hist = store::read_lockout_history(db, m.account_id(), static_cast<int>(Model::kMaxHistory));
  if (!hist) return hist.error();
  auto enf = store::read_enforcement(db, m.account_id(), static_cast<int>(Model::kMaxHistory));
  if (!enf) return enf.error();
  m.lockout_history.clear();
  for (const auto& h : hist.value()) {
    m.lockout_history.push_back(LockoutHistoryView{view_of(h.lockout), h.cleared_by, h.cleared_at, h.note});
  }
  m.enforcement.clear();
  for (const auto& r : enf.value()) m.enforcement.push_back(view_of(r));
  // The day's fills the database has that the live feed has not shown (yet).
  if (!m.trading_date.empty()) {
    auto trades = store::read_trades(db, m.account_id(), m.trading_date);
    if (!trades) return trades.error();
    for (const auto& t : trades.value()) {
      const bool known =
          std::any_of(m.trades.begin(), m.trades.end(), [&](const TradeView& x) { return x.id == t.id; });
      if (!known) m.trades.push_back(trade_view(t));
    }
    std::stable_sort(m.trades.begin(), m.trades.end(),
                     [](const TradeView& a, const TradeView& b) { return a.created < b.created; });
  }
  return true;
}

Result<bool> load_from_database(Model& m, store::Database& db, Timestamp now) {
  const std::int64_t account = m.account_id();
  auto reset = store::read_reset(db, account);
  if (!reset) return reset.error();
  auto pnl = store::read_daily_pnl(db, account, 1);
  if (!pnl) return pnl.error();
  std::string date;
  if (reset.value()) {
    date = reset.value()->trading_date;
    m.next_reset = reset.value()->next_reset;
    m.day_start = reset.value()->last_reset;
  } else if (!pnl.value().empty()) {
    date = pnl.value().front().trading_date;
  }
  auto trades = store::read_trades(db, account, date);
  if (!trades) return trades.error();
  auto positions = store::read_positions(db, account);
  if (!positions) return positions.error();
  auto orders = store::read_orders(db, account);
  if (!orders) return orders.error();
  auto lockouts = store::read_lockouts(db, account);
  if (!lockouts) return lockouts.error();
  if (auto h = load_history(m, db); !h) return h.error();

  m.trading_date = date;
  m.realized = m.gross = m.fees = Decimal{};
  m.fills = 0;
  if (!pnl.value().empty() && pnl.value().front().trading_date == date) {
    const auto& row = pnl.value().front();
    m.realized = row.realized;
    m.gross = row.gross;
    m.fees = row.fees;
    m.fills = row.fills;
    m.as_of = row.updated;
  }
  m.trades.clear();
  for (const auto& t : trades.value()) m.trades.push_back(trade_view(t));
  m.positions.clear();
  for (const auto& p : positions.value()) {
    if (p.size == 0) continue;
    PositionView v;
    v.contract_id = p.contract_id.str();
    v.type = std::string(to_string(p.type));
    v.size = p.size;
    v.average_price = p.average_price;
    v.opened_at = p.created;
    v.valuation = "no live quotes (daemon offline)";
    m.positions.push_back(std::move(v));
  }
  m.orders.clear();
  for (const auto& o : orders.value()) {
    if (!is_working(o.status)) continue;
    OrderView v;
    v.id = o.id;
    v.contract_id = o.contract_id.str();
    v.status = std::string(to_string(o.status));
    v.type = std::string(to_string(o.type));
    v.side = std::string(to_string(o.side));
    v.size = o.size;
    v.limit_price = o.limit_price;
    v.stop_price = o.stop_price;
    v.fill_volume = o.fill_volume;
    m.orders.push_back(std::move(v));
  }
  m.lockouts.clear();
  for (const auto& l : lockouts.value()) m.lockouts.push_back(view_of(l));
  m.forget_rule_figures();  // the rules' figures are the daemon's: unknown while it is unreachable
  m.mark_breached_rules();
  m.source = Source::Database;
  m.db_polled_at = now;
  m.has_data = true;
  return true;
}

Result<std::vector<std::int64_t>> database_accounts(store::Database& db) {
  auto st = db.prepare(
      "SELECT account_id FROM reset_schedule UNION SELECT account_id FROM daily_pnl "
      "UNION SELECT account_id FROM lockouts ORDER BY 1");
  if (!st) return st.error();
  std::vector<std::int64_t> out;
  while (true) {
    auto row = st.value().step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(st.value().int64(0));
  }
  return out;
}

}  // namespace risk::dashboard
