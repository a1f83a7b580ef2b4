#include "dashboard/render.hpp"

#include <algorithm>

#include "core/checked.hpp"
#include "dashboard/format.hpp"

namespace risk::dashboard {
namespace {

constexpr std::array<std::string_view, kTabCount> kNames = {
    "Overview", "P&L", "Positions & orders", "Rules", "Lockouts", "Enforcement", "Sessions", "Connections"};
constexpr std::array<std::string_view, kTabCount> kShort = {"Overview", "P&L",     "Pos/Ord", "Rules",
                                                            "Lockouts", "Enforce", "Session", "Conn"};
constexpr std::array<std::string_view, kTabCount> kSlugs = {"overview", "pnl",         "positions", "rules",
                                                            "lockouts", "enforcement", "sessions",  "connections"};

Style money_style(const std::optional<Decimal>& d) {
  if (!d) return Style::Dim;
  if (d->is_negative()) return Style::Bad;
  if (d->is_positive()) return Style::Good;
  return Style::Plain;
}

Line heading(std::string text) { return Line{{std::move(text), Style::Bold}}; }
Line plain(std::string text, Style s = Style::Plain) { return Line{{std::move(text), s}}; }
Line blank() { return Line{}; }

std::string s(std::int64_t v) { return std::to_string(v); }

std::string lockout_scope(const LockoutView& l) { return l.symbol.empty() ? "account" : "symbol " + l.symbol; }

// "ends in 4m 05s (13:35:05)" / "until the daemon's next reset" / ...
std::string lockout_ends(const LockoutView& l, Timestamp now, const TimeZone& zone) {
  if (l.until) {
    if (*l.until <= now) return "ending (" + fmt_time(*l.until, zone) + ")";
    return "ends in " + fmt_duration(*l.until - now) + " (" + fmt_day_time(*l.until, zone) + ")";
  }
  if (l.kind == "permanent") return "until an admin clears it";
  if (l.kind == "until_broker_allows_trading") return "until the broker allows trading";
  if (l.kind == "while_symbol_blocked") return "while the symbol stays blocked";
  if (l.kind == "until_daily_reset") return "until the next daily reset";
  return "no end time";
}

std::string quote_age_text(const Model& m, std::string_view contract, Timestamp now, Style& style) {
  const auto at = m.quote_time(contract);
  switch (quote_age_class(at, now)) {
    case QuoteAge::Fresh:
      style = Style::Good;
      return fmt_age(now - *at);
    case QuoteAge::Stale:
      style = Style::Warn;
      return fmt_age(now - *at) + " STALE";
    case QuoteAge::NoData:
      style = Style::Bad;
      return "NO DATA";
  }
  return "";
}

void position_table(std::vector<Line>& out, const Model& m, Timestamp now) {
  out.push_back(plain("  Contract           Side   Size        Avg       Mark   Unrealized  Quote age", Style::Dim));
  if (m.positions.empty()) {
    out.push_back(plain("  (flat: no open positions)", Style::Dim));
    return;
  }
  for (const auto& p : m.positions) {
    Style age_style = Style::Plain;
    const std::string age = quote_age_text(m, p.contract_id, now, age_style);
    Line l;
    l.push_back({"  " + pad(p.contract_id, 18) + " " + pad(p.type, 5) + " " + rpad(s(p.size), 5) + " " +
                     rpad(p.average_price.to_string(), 10) + " " + rpad(fmt_price(p.mark), 10) + " ",
                 Style::Plain});
    l.push_back({rpad(fmt_money(p.unrealized), 12), money_style(p.unrealized)});
    l.push_back({"  ", Style::Plain});
    l.push_back({age, age_style});
    out.push_back(std::move(l));
    if (!p.unrealized && !p.valuation.empty() && p.valuation != "ok") {
      out.push_back(plain("    not valued: " + p.valuation, Style::Dim));
    }
  }
}

std::vector<Line> overview(const Model& m, Timestamp now, const TimeZone& zone) {
  std::vector<Line> out;
  if (const auto& f = m.enforcement_failing) {
    out.push_back(plain(
        "ENFORCEMENT STILL FAILING since " + fmt_time(f->since, zone) + " (" + f->reason + "): the daemon keeps at it",
        Style::Bad));
    out.push_back(blank());
  }
  out.push_back(heading("P&L today" + (m.trading_date.empty() ? std::string() : " (" + m.trading_date + ")")));
  const auto u = m.unrealized();
  const auto t = m.total();
  out.push_back(Line{{"  Realized  ", Style::Plain},
                     {rpad(fmt_money(m.realized), 12), money_style(m.realized)},
                     {"    Unrealized  ", Style::Plain},
                     {rpad(fmt_money(u), 12), money_style(u)},
                     {"    Total  ", Style::Plain},
                     {rpad(fmt_money(t), 12), money_style(t)}});
  out.push_back(blank());
  out.push_back(heading("Room left under loss limits"));
  bool any = false;
  for (const auto& r : m.rules) {
    if (!r.loss_limit) continue;
    any = true;
    if (!r.enabled) {
      out.push_back(plain("  " + r.rule + "  " + pad(r.key, 22) + "  off", Style::Dim));
      continue;
    }
    const auto room = Model::room_left(r);
    const Style st = usage_style(r.percent_used, r.breached);
    out.push_back(Line{
        {"  " + r.rule + "  " + pad(r.key, 22) + "  limit " + rpad(fmt_money(r.limit), 9) + "  room ", Style::Plain},
        {rpad(fmt_money(room), 9), st},
        {"  used " + rpad(r.percent_used ? s(*r.percent_used) + "%" : "-", 5), st}});
  }
  if (!any) {
    out.push_back(plain(m.source == Source::Database ? "  limits unknown while the daemon is unreachable"
                                                     : "  no loss limits configured",
                        Style::Dim));
  }
  out.push_back(blank());
  out.push_back(heading("Open positions (" + s(static_cast<std::int64_t>(m.positions.size())) + ")"));
  position_table(out, m, now);
  out.push_back(blank());
  out.push_back(heading("Active lockouts (" + s(static_cast<std::int64_t>(m.lockouts.size())) + ")"));
  if (m.lockouts.empty()) {
    out.push_back(plain("  none - trading allowed", Style::Good));
  } else {
    for (const auto& l : m.lockouts) {
      out.push_back(Line{{"  LOCKED ", Style::Bad},
                         {l.rule + "  " + pad(lockout_scope(l), 12) + " " + lockout_ends(l, now, zone), Style::Plain}});
      if (!l.reason.empty()) out.push_back(plain("    " + l.reason, Style::Dim));
    }
  }
  if (m.balance || m.can_trade) {
    out.push_back(blank());
    Line l{{"Account  balance " + fmt_money(m.balance) + "   broker allows trading: ", Style::Plain}};
    if (m.can_trade) {
      l.push_back({*m.can_trade ? "yes" : "NO", *m.can_trade ? Style::Good : Style::Bad});
    } else {
      l.push_back({"unknown", Style::Dim});
    }
    out.push_back(std::move(l));
  }
  return out;
}

std::vector<Line> pnl_tab(const Model& m, const TimeZone& zone) {
  std::vector<Line> out;
  out.push_back(
      Line{{"Day " + (m.trading_date.empty() ? std::string("?") : m.trading_date) + "  realized ", Style::Bold},
           {fmt_money(m.realized), money_style(m.realized)},
           {"  gross " + fmt_money(m.gross) + "  fees " + fmt_money(m.fees) + "  fills " + s(m.fills) +
                (m.realized_includes_fees ? "" : "  (fees not counted)"),
            Style::Plain}});
  out.push_back(blank());
  out.push_back(plain("  Time      Contract           Side Size      Price       P&L   Fees    Running", Style::Dim));
  if (m.trades.empty()) out.push_back(plain("  (no trades today)", Style::Dim));
  // Checked: the figures come from the feed; a sum that does not fit is shown as unknown.
  std::optional<Decimal> running = Decimal{};
  for (const auto& t : m.trades) {
    const std::optional<Decimal> fee_sum = checked::add(t.fees, t.commissions);
    const Decimal f = fee_sum.value_or(Decimal{});
    if (!t.voided && running) {
      const auto net =
          fee_sum ? checked::sub(t.pnl.value_or(Decimal{}), m.realized_includes_fees ? f : Decimal{}) : std::nullopt;
      running = net ? checked::add(*running, *net) : std::nullopt;
    }
    const std::string when = t.created ? fmt_time(*t.created, zone) : "--:--:--";
    Line l{{"  " + when + "  " + pad(t.contract_id, 18) + " " + pad(t.side, 4) + " " + rpad(s(t.size), 4) + " " +
                rpad(t.price.to_string(), 10) + " ",
            t.voided ? Style::Dim : Style::Plain}};
    if (t.voided) {
      l.push_back(
          {rpad("voided", 9) + " " + rpad(fmt_money(fee_sum), 6) + " " + rpad(fmt_money(running), 10), Style::Dim});
    } else {
      l.push_back({rpad(t.pnl ? fmt_money(*t.pnl) : "open", 9), t.pnl ? money_style(t.pnl) : Style::Dim});
      l.push_back({" " + rpad(fmt_money(fee_sum), 6) + " ", Style::Plain});
      l.push_back({rpad(fmt_money(running), 10), money_style(running)});
    }
    out.push_back(std::move(l));
  }
  return out;
}

std::vector<Line> positions_tab(const Model& m, Timestamp now, int width) {
  std::vector<Line> out;
  out.push_back(heading("Positions (" + s(static_cast<std::int64_t>(m.positions.size())) + ")"));
  position_table(out, m, now);
  out.push_back(blank());
  out.push_back(heading("Working orders (" + s(static_cast<std::int64_t>(m.orders.size())) + ")"));
  const bool wide = width >= 100;
  const std::size_t type_w = wide ? 12 : 6;
  out.push_back(plain(wide ? "  Id       Contract           Side Type         Size     Limit      Stop Fill  Quote age"
                           : "  Id       Contract           Side Type   Size     Limit      Stop  Quote age",
                      Style::Dim));
  if (m.orders.empty()) out.push_back(plain("  (none)", Style::Dim));
  for (const auto& o : m.orders) {
    Style age_style = Style::Plain;
    const std::string age = quote_age_text(m, o.contract_id, now, age_style);
    out.push_back(
        Line{{"  " + pad(s(o.id), 8) + " " + pad(o.contract_id, 18) + " " + pad(o.side, 4) + " " + pad(o.type, type_w) +
                  " " + rpad(s(o.size), 4) + " " + rpad(fmt_price(o.limit_price), 9) + " " +
                  rpad(fmt_price(o.stop_price), 9) + (wide ? " " + rpad(s(o.fill_volume), 4) : "") + "  ",
              Style::Plain},
             {age, age_style}});
    if (o.status != "Open") out.push_back(plain("    status " + o.status, Style::Dim));
  }
  out.push_back(blank());
  out.push_back(plain("Quote age: fresh <= 5 s, STALE > 5 s, NO DATA > 30 s or never quoted.", Style::Dim));
  return out;
}

std::vector<Line> rules_tab(const Model& m, int width, const TimeZone& zone) {
  std::vector<Line> out;
  if (m.source == Source::Database) {
    out.push_back(plain(m.rules.empty() ? "Limits are only known to the daemon, which is unreachable."
                                        : "Daemon unreachable: limits as last reported" +
                                              (m.last_event_at ? " at " + fmt_time(*m.last_event_at, zone) : "") +
                                              "; current values from the database.",
                        Style::Warn));
    out.push_back(blank());
  }
  const bool bar = width >= 96;
  out.push_back(plain(std::string("  Rule      Key                            Limit    Current   Used ") +
                          (bar ? "            " : "") + "State",
                      Style::Dim));
  for (const auto& r : m.rules) {
    if (!r.enabled) {
      out.push_back(plain("  " + pad(r.rule, 9) + " " + pad(r.key, 28) + "       -          -      - " +
                              (bar ? "            " : "") + "off",
                          Style::Dim));
      continue;
    }
    const Style st = usage_style(r.percent_used, r.breached);
    const std::string pct = r.percent_used ? s(*r.percent_used) + "%" : "-";
    Line l{{"  " + pad(r.rule, 9) + " " + pad(r.key, 28) + " " + rpad(fmt_price(r.limit), 8) + " " +
                rpad(r.current ? r.current->to_string() : "-", 10) + " ",
            Style::Plain},
           {rpad(pct, 5) + " ", st}};
    if (bar) {
      std::int64_t p = r.percent_used.value_or(0);
      p = std::clamp<std::int64_t>(p, 0, 100);
      const auto filled = static_cast<std::size_t>(p / 10);
      l.push_back({"[" + std::string(filled, '#') + std::string(10 - filled, '.') + "] ", st});
    }
    std::string state = !r.percent_used         ? "n/a"
                        : r.breached            ? "BREACHED"
                        : *r.percent_used > 90  ? "DANGER"
                        : *r.percent_used >= 70 ? "warning"
                                                : "ok";
    if (r.breached && !r.percent_used) state = "BREACHED";
    l.push_back({state, r.breached || r.percent_used ? st : Style::Dim});
    out.push_back(std::move(l));
    if (!r.detail.empty()) out.push_back(plain("            " + r.detail, Style::Dim));
  }
  if (m.rules.empty() && m.source != Source::Database) out.push_back(plain("  (no rules reported yet)", Style::Dim));
  out.push_back(blank());
  out.push_back(plain("Used: green < 70 %, yellow 70-90 %, red > 90 % or breached (active lockout).", Style::Dim));
  if (m.pending_settings)
    out.push_back(plain("Loosened settings are pending: they apply at the next reset.", Style::Warn));
  if (!m.warnings.empty()) {
    out.push_back(blank());
    out.push_back(heading("Recent warnings"));
    std::size_t n = 0;
    for (const auto& w : m.warnings) {
      if (++n > 10) break;
      out.push_back(
          Line{{"  " + fmt_time(w.at, zone) + "  " + w.rule + " " + rpad(s(w.percent) + "%", 4) + "  ", Style::Warn},
               {w.message, Style::Plain}});
    }
  }
  return out;
}

std::vector<Line> lockouts_tab(const Model& m, Timestamp now, const TimeZone& zone) {
  std::vector<Line> out;
  out.push_back(heading("Active (" + s(static_cast<std::int64_t>(m.lockouts.size())) + ")"));
  if (m.lockouts.empty()) out.push_back(plain("  none - trading allowed", Style::Good));
  for (const auto& l : m.lockouts) {
    out.push_back(Line{{"  " + pad(l.rule, 9) + " ", Style::Bad},
                       {pad(lockout_scope(l), 14) + pad(l.kind, 22) + " set " +
                            (l.set_at ? fmt_time(*l.set_at, zone) : std::string("?")),
                        Style::Plain}});
    out.push_back(Line{{"            " + lockout_ends(l, now, zone), Style::Bold}});
    if (!l.reason.empty()) out.push_back(plain("            " + l.reason, Style::Dim));
  }
  out.push_back(blank());
  out.push_back(heading("Recent history"));
  if (m.lockout_history.empty()) out.push_back(plain("  (none recorded)", Style::Dim));
  out.push_back(plain("  Rule      Scope     Kind                 Set         Cleared     By", Style::Dim));
  std::size_t n = 0;
  for (const auto& h : m.lockout_history) {
    if (++n > 50) break;
    out.push_back(plain("  " + pad(h.lockout.rule, 9) + " " +
                        pad(h.lockout.symbol.empty() ? std::string("account") : h.lockout.symbol, 9) + " " +
                        pad(h.lockout.kind, 20) + " " +
                        pad(h.lockout.set_at ? fmt_day_time(*h.lockout.set_at, zone) : "?", 11) + " " +
                        pad(h.cleared_at ? fmt_day_time(*h.cleared_at, zone) : "?", 11) + " " + h.cleared_by));
    if (!h.note.empty()) out.push_back(plain("            note: " + h.note, Style::Dim));
  }
  return out;
}

std::vector<Line> enforcement_tab(const Model& m, const TimeZone& zone) {
  std::vector<Line> out;
  out.push_back(heading("Recent enforcement (newest first)"));
  if (m.enforcement.empty()) out.push_back(plain("  (none)", Style::Dim));
  std::size_t n = 0;
  for (const auto& e : m.enforcement) {
    if (++n > 50) break;
    const Style st = e.status == "failed" ? Style::Bad : e.status == "confirmed" ? Style::Good : Style::Warn;
    std::string timing;
    if (e.request_us) timing += "  request " + fmt_us(*e.request_us);
    if (e.confirm_us) timing += "  confirm " + fmt_us(*e.confirm_us);
    out.push_back(
        Line{{"  " +
                  (e.trigger_at ? fmt_day_time(*e.trigger_at, zone).substr(0, 5) + " " + fmt_time(*e.trigger_at, zone)
                                : std::string("?")) +
                  "  #" + s(e.id) + "  ",
              Style::Bold},
             {e.status, st},
             {timing, Style::Plain}});
    for (const auto& [rule, reason] : e.breaches) out.push_back(plain("      " + rule + "  " + reason));
    for (const auto& a : e.actions) {
      std::string what = "      -> " + a.kind;
      if (!a.contract_id.empty()) what += " " + a.contract_id;
      if (a.order_id) what += " order " + s(*a.order_id);
      if (a.size && *a.size != 0) what += " size " + s(*a.size);
      if (a.stop_price) what += " stop " + a.stop_price->to_string();
      Line l{{what + "  ", Style::Plain}};
      if (!a.result.empty()) {
        l.push_back({a.result, a.result == "ok" || a.result == "confirmed"   ? Style::Good
                               : a.result == "failed" || a.result == "error" ? Style::Bad
                                                                             : Style::Plain});
      }
      if (!a.error.empty()) l.push_back({"  " + a.error, Style::Bad});
      out.push_back(std::move(l));
    }
  }
  return out;
}

std::vector<Line> sessions_tab(const Model& m, Timestamp now, const TimeZone& zone) {
  std::vector<Line> out;
  const std::string tz = m.timezone.empty() ? std::string(zone.name()) : m.timezone;
  out.push_back(plain("Trading day    " + (m.trading_date.empty() ? std::string("?") : m.trading_date) +
                      (m.reset_time.empty() ? std::string() : "   (daily reset " + m.reset_time + " " + tz + ")")));
  if (m.day_start) out.push_back(plain("Day started    " + fmt_day_time(*m.day_start, zone)));
  if (m.next_reset) {
    out.push_back(Line{{"Next reset     " + fmt_day_time(*m.next_reset, zone) + "   in ", Style::Plain},
                       {fmt_duration(*m.next_reset - now), Style::Bold}});
  } else {
    out.push_back(plain("Next reset     unknown", Style::Dim));
  }
  out.push_back(blank());
  if (!m.session) {
    out.push_back(plain(m.source == Source::Database ? "Session        unknown while the daemon is unreachable"
                                                     : "Session        not reported",
                        Style::Dim));
  } else if (!m.session->enabled) {
    out.push_back(plain("Session        not restricted (session rule off): trading allowed at any hour"));
  } else {
    const auto& sv = *m.session;
    out.push_back(plain("Session        " + sv.window + " " + (sv.timezone.empty() ? tz : sv.timezone)));
    if (sv.open) {
      Line l{{"Now            ", Style::Plain}, {"OPEN", Style::Good}};
      if (sv.current_end && *sv.current_end > now) {
        l.push_back(
            {"   ends in " + fmt_duration(*sv.current_end - now) + " (" + fmt_day_time(*sv.current_end, zone) + ")",
             Style::Plain});
      }
      out.push_back(std::move(l));
    } else {
      Line l{{"Now            ", Style::Plain}, {"CLOSED", Style::Bad}};
      if (sv.next_start && *sv.next_start > now) {
        l.push_back(
            {"   opens in " + fmt_duration(*sv.next_start - now) + " (" + fmt_day_time(*sv.next_start, zone) + ")",
             Style::Plain});
      }
      out.push_back(std::move(l));
    }
    if (sv.open && sv.next_start) out.push_back(plain("Next session   " + fmt_day_time(*sv.next_start, zone)));
  }
  out.push_back(blank());
  out.push_back(plain("Holidays       the next session start above already skips exchange holidays", Style::Dim));
  out.push_back(plain("               (the event server does not send the holiday list itself)", Style::Dim));
  out.push_back(plain("Times are " + std::string(zone.name()) + ".", Style::Dim));
  return out;
}

std::vector<Line> connections_tab(const Model& m, Timestamp now, const TimeZone& zone) {
  std::vector<Line> out;
  Line es{{"Event server   " + (m.server.empty() ? std::string("-") : m.server) + "   ", Style::Plain}};
  switch (m.source) {
    case Source::Live:
      es.push_back({"connected (live)", Style::Good});
      break;
    case Source::Connecting:
      es.push_back({"connecting", Style::Warn});
      break;
    case Source::Database:
      es.push_back({"UNREACHABLE", Style::Bad});
      break;
  }
  if (m.source != Source::Live && m.disconnected_since) {
    es.push_back({" since " + fmt_time(*m.disconnected_since, zone), Style::Plain});
  }
  if (m.source != Source::Live && m.next_retry_at) {
    es.push_back({", retry in " + fmt_duration(*m.next_retry_at - now), Style::Plain});
  }
  out.push_back(std::move(es));
  if (!m.problem.empty() && m.source != Source::Live) out.push_back(plain("               " + m.problem, Style::Dim));
  out.push_back(plain("Last event     " + (m.last_event_at ? fmt_age(now - *m.last_event_at) + " ago (" +
                                                                 fmt_time(*m.last_event_at, zone) + ")"
                                                           : std::string("none yet"))));
  out.push_back(plain("Messages       " + s(m.messages) + " received, " + s(m.rejected_messages) + " rejected"));
  out.push_back(blank());
  if (!m.daemon) {
    out.push_back(plain("Daemon         no status received yet", Style::Dim));
  } else {
    const auto& d = *m.daemon;
    const Duration up = seconds(d.uptime_s) + (m.source == Source::Live ? now - d.received_at : Duration{0});
    out.push_back(plain("Daemon         version " + (d.version.empty() ? std::string("?") : d.version) + ", up " +
                        fmt_duration(up) + (d.started_at ? " (since " + fmt_day_time(*d.started_at, zone) + ")" : "")));
    if (d.dry_run)
      out.push_back(Line{{"               ", Style::Plain}, {"DRY RUN: rules are not enforced", Style::Warn}});
    std::string accts;
    for (auto a : d.accounts) accts += (accts.empty() ? "" : ", ") + s(a);
    out.push_back(plain("Accounts       " + (accts.empty() ? std::string("-") : accts)));
    out.push_back(heading("Hubs and connections"));
    if (d.connections.empty()) out.push_back(plain("  (none reported)", Style::Dim));
    for (const auto& c : d.connections) {
      out.push_back(Line{{"  " + pad(c.name, 20) + " ", Style::Plain},
                         {c.connected ? "connected" : "DISCONNECTED", c.connected ? Style::Good : Style::Bad},
                         {c.since ? " since " + fmt_day_time(*c.since, zone) + " (" + fmt_duration(now - *c.since) + ")"
                                  : std::string(),
                          Style::Plain}});
    }
    if (m.source != Source::Live) out.push_back(plain("  (as last reported by the daemon)", Style::Dim));
  }
  out.push_back(plain("Token expiry   not reported by the event server", Style::Dim));
  out.push_back(blank());
  out.push_back(plain("Database       " + (m.db_path.empty() ? std::string("(none given)") : m.db_path) +
                      "  read-only" +
                      (m.db_polled_at ? ", last read " + fmt_time(*m.db_polled_at, zone) : std::string())));
  return out;
}

Line status_bar(const Model& m, Timestamp now, int width) {
  Line l;
  switch (m.source) {
    case Source::Live: {
      const bool quiet = m.last_event_at && now - *m.last_event_at > seconds(15);
      l.push_back({" LIVE ", quiet ? Style::Warn : Style::Good});
      l.push_back({" daemon " + m.server +
                       (m.last_event_at ? " | last event " + fmt_age(now - *m.last_event_at) + " ago" : std::string()),
                   Style::Bar});
      break;
    }
    case Source::Connecting:
      l.push_back({" CONNECTING ", Style::Warn});
      l.push_back({" to the daemon at " + m.server, Style::Bar});
      break;
    case Source::Database:
      l.push_back({" DAEMON UNREACHABLE ", Style::Bad});
      l.push_back({" database view (read-only" +
                       (m.db_polled_at ? ", " + fmt_age(now - *m.db_polled_at) + " old" : std::string()) + ")" +
                       (m.next_retry_at ? " | retry in " + fmt_duration(*m.next_retry_at - now) : std::string()),
                   Style::Bar});
      if (m.db_path.empty()) {
        l.back().text = m.has_data ? " no database (--db): last data from the daemon" : " no database given (--db)";
        if (m.next_retry_at) l.back().text += " | retry in " + fmt_duration(*m.next_retry_at - now);
      }
      break;
  }
  std::size_t used = 0;
  for (const auto& span : l) used += span.text.size();
  const std::string hint = " | 1-8 tabs, arrows, q quit";
  if (used + hint.size() <= static_cast<std::size_t>(width)) {
    l.push_back({hint, Style::Bar});
  } else if (used + 8 <= static_cast<std::size_t>(width)) {
    l.push_back({" | q quit", Style::Bar});
  }
  return l;
}

}  // namespace

std::string_view tab_name(Tab t, bool short_name) {
  const auto i = static_cast<std::size_t>(t);
  return short_name ? kShort[i] : kNames[i];
}
std::string_view tab_slug(Tab t) { return kSlugs[static_cast<std::size_t>(t)]; }

Style usage_style(std::optional<std::int64_t> percent, bool breached) {
  if (breached) return Style::Bad;
  if (!percent) return Style::Plain;
  if (*percent > 90) return Style::Bad;
  if (*percent >= 70) return Style::Warn;
  return Style::Good;
}

std::vector<Line> tab_lines(const Model& m, Tab tab, Timestamp now, int width, const TimeZone& zone) {
  if (!m.has_data && tab != Tab::Connections) {
    // Never show zeros or "trading allowed" that no source has said.
    return {plain("No data yet.", Style::Bold),
            plain(m.source == Source::Connecting ? "Connecting to the daemon at " + m.server + " ..."
                  : m.db_path.empty()            ? "The daemon is unreachable and no database was given (--db PATH)."
                                                 : "The daemon is unreachable and the database has not answered yet.",
                  Style::Warn),
            plain("See tab 8 (Connections) for details.", Style::Dim)};
  }
  switch (tab) {
    case Tab::Overview:
      return overview(m, now, zone);
    case Tab::Pnl:
      return pnl_tab(m, zone);
    case Tab::Positions:
      return positions_tab(m, now, width);
    case Tab::Rules:
      return rules_tab(m, width, zone);
    case Tab::Lockouts:
      return lockouts_tab(m, now, zone);
    case Tab::Enforcement:
      return enforcement_tab(m, zone);
    case Tab::Sessions:
      return sessions_tab(m, now, zone);
    case Tab::Connections:
      return connections_tab(m, now, zone);
  }
  return {};
}

Canvas render(const Model& m, const ViewState& view, Timestamp now, const RenderOptions& o) {
  Canvas c(o.width, o.height);
  const TimeZone& zone = o.zone != nullptr ? *o.zone : *utc_zone();
  if (o.width < kMinWidth || o.height < kMinHeight) {
    c.put(0, 0, "risk-trader: terminal too small", Style::Bold);
    c.put(1, 0, s(o.width) + "x" + s(o.height) + ", need " + s(kMinWidth) + "x" + s(kMinHeight));
    c.put(2, 0,
          m.source == Source::Live       ? "LIVE"
          : m.source == Source::Database ? "DAEMON UNREACHABLE"
                                         : "CONNECTING",
          m.source == Source::Live ? Style::Good : Style::Bad);
    c.put(3, 0, "q quits");
    return c;
  }
  // Title bar.
  c.fill(0, Style::Bar);
  std::string title = " risk-trader  account " + (m.account_id() != 0 ? s(m.account_id()) : std::string("?"));
  if (!m.nickname.empty()) title += " " + m.nickname;
  if (!m.account_name.empty() && m.account_name != m.nickname && o.width >= 100) title += " (" + m.account_name + ")";
  if (!m.trading_date.empty()) title += "  day " + m.trading_date;
  c.put(0, 0, title, Style::Bar);
  // Right side: the LOCKED badge first, the clock when there is room for both.
  const std::string locked = m.lockouts.empty() ? "" : " LOCKED ";
  std::string clock = fmt_time(now, zone) + " " + std::string(zone.name()) + " ";
  if (static_cast<int>(title.size() + locked.size() + clock.size()) + 2 > o.width) clock = fmt_time(now, zone) + " ";
  if (static_cast<int>(title.size() + locked.size() + clock.size()) + 2 > o.width) clock.clear();
  c.put(0, o.width - static_cast<int>(clock.size()), clock, Style::Bar);
  if (!locked.empty()) {
    const int col = o.width - static_cast<int>(clock.size()) - static_cast<int>(locked.size()) - 1;
    if (col > static_cast<int>(title.size())) c.put(0, col, locked, Style::Bad);
  }
  // Tab bar: full names when they fit, short names otherwise.
  bool short_names = false;
  {
    std::size_t full = 0;
    for (int i = 0; i < kTabCount; ++i) full += tab_name(static_cast<Tab>(i)).size() + 4;
    short_names = static_cast<int>(full) > o.width;
  }
  int col = 0;
  for (int i = 0; i < kTabCount; ++i) {
    const auto t = static_cast<Tab>(i);
    const std::string label = " " + s(i + 1) + " " + std::string(tab_name(t, short_names)) + " ";
    col = c.put(1, col, label, t == view.tab ? Style::Selected : Style::Plain);
    if (!short_names) col = c.put(1, col, " ");
  }
  // Content.
  const std::vector<Line> lines = tab_lines(m, view.tab, now, o.width, zone);
  const int rows = content_rows(o.height);
  const int max_scroll = std::max(0, static_cast<int>(lines.size()) - rows);
  const int first = std::clamp(view.scroll, 0, max_scroll);
  for (int r = 0; r < rows; ++r) {
    const auto i = static_cast<std::size_t>(first + r);
    if (i >= lines.size()) break;
    c.put(2 + r, 0, lines[i]);
  }
  if (first + rows < static_cast<int>(lines.size())) {
    const std::string more = " more below (down arrow) ";
    c.put(1 + rows, o.width - static_cast<int>(more.size()), more, Style::Dim);
  }
  if (first > 0) {
    const std::string up = " more above (up arrow) ";
    c.put(2, o.width - static_cast<int>(up.size()), up, Style::Dim);
  }
  // Status bar.
  c.fill(o.height - 1, Style::Bar);
  c.put(o.height - 1, 0, status_bar(m, now, o.width));
  return c;
}

}  // namespace risk::dashboard

namespace risk::dashboard {

bool handle_key(ViewState& v, Key key, int page_rows) {
  const auto select = [&](int i) {
    const Tab t = static_cast<Tab>(((i % kTabCount) + kTabCount) % kTabCount);
    if (t != v.tab) v.scroll = 0;
    v.tab = t;
  };
  switch (key) {
    case Key::Quit:
      return false;
    case Key::Tab1:
    case Key::Tab2:
    case Key::Tab3:
    case Key::Tab4:
    case Key::Tab5:
    case Key::Tab6:
    case Key::Tab7:
    case Key::Tab8:
      select(static_cast<int>(key) - static_cast<int>(Key::Tab1));
      break;
    case Key::Left:
      select(static_cast<int>(v.tab) - 1);
      break;
    case Key::Right:
      select(static_cast<int>(v.tab) + 1);
      break;
    case Key::Up:
      v.scroll = std::max(0, v.scroll - 1);
      break;
    case Key::Down:
      ++v.scroll;
      break;
    case Key::PageUp:
      v.scroll = std::max(0, v.scroll - std::max(1, page_rows - 1));
      break;
    case Key::PageDown:
      v.scroll += std::max(1, page_rows - 1);
      break;
    case Key::Home:
      v.scroll = 0;
      break;
    case Key::End:
      v.scroll = 1 << 20;
      break;  // clamped when drawn
    case Key::Redraw:
      break;
  }
  return true;
}

}  // namespace risk::dashboard
