#include "dashboard/status.hpp"

#include "dashboard/db_source.hpp"
#include "dashboard/feed.hpp"
#include "dashboard/format.hpp"
#include "net/client.hpp"
#include "store/store.hpp"

namespace risk::dashboard {
namespace {

std::string rule_state(const RuleView& r) {
  if (!r.enabled) return "off";
  if (r.breached) return "breached";
  if (!r.percent_used) return "n/a";
  if (*r.percent_used > 90) return "red";
  if (*r.percent_used >= 70) return "yellow";
  return "green";
}

std::string source_name(Source s) {
  switch (s) {
    case Source::Live:
      return "daemon";
    case Source::Database:
      return "database";
    case Source::Connecting:
      return "none";
  }
  return "none";
}

}  // namespace

std::string status_text(const Model& m, Timestamp now, const TimeZone& zone) {
  std::string out;
  out += "account " + std::to_string(m.account_id());
  if (!m.nickname.empty()) out += " " + m.nickname;
  out += "  day " + (m.trading_date.empty() ? std::string("?") : m.trading_date);
  out += "  source: ";
  out += m.source == Source::Live ? "daemon (live)" : "database (daemon unreachable)";
  out += "\n";
  if (m.source != Source::Live && !m.problem.empty()) out += "  " + m.problem + "\n";
  out += "P&L        realized " + fmt_money(m.realized) + "  unrealized " + fmt_money(m.unrealized(), "unknown") +
         "  total " + fmt_money(m.total(), "unknown") + "  (" + std::to_string(m.fills) + " fills)\n";
  for (const auto& r : m.rules) {
    if (!r.enabled || !r.loss_limit) continue;
    out += "Limit      " + r.rule + " " + r.key + ": limit " + fmt_money(r.limit) + ", room " +
           fmt_money(Model::room_left(r)) + ", " + (r.percent_used ? std::to_string(*r.percent_used) + "%" : "-") +
           " used (" + rule_state(r) + ")\n";
  }
  if (const auto& f = m.enforcement_failing) {
    out += "Enforcement STILL FAILING since " + f->since.to_iso() + " (" + f->reason + ", " +
           std::to_string(f->failures) + " failure(s)): the daemon keeps at it\n";
  }
  if (m.lockouts.empty()) {
    out += "Lockouts   none: trading allowed\n";
  } else {
    for (const auto& l : m.lockouts) {
      out += "LOCKED     " + l.rule + " " + (l.symbol.empty() ? std::string("account") : l.symbol) + " " + l.kind;
      if (l.until) out += ", ends in " + fmt_duration(*l.until - now) + " (" + fmt_day_time(*l.until, zone) + ")";
      if (!l.reason.empty()) out += ": " + l.reason;
      out += "\n";
    }
  }
  out += "Positions  " + std::to_string(m.positions.size()) + (m.positions.empty() ? " (flat)" : "") + "\n";
  for (const auto& p : m.positions) {
    out += "  " + p.contract_id + " " + p.type + " " + std::to_string(p.size) + " @ " + p.average_price.to_string() +
           "  unrealized " + fmt_money(p.unrealized, "unknown") + "\n";
  }
  out += "Orders     " + std::to_string(m.orders.size()) + " working\n";
  if (m.next_reset) {
    out += "Next reset " + fmt_day_time(*m.next_reset, zone) + " " + std::string(zone.name()) + ", in " +
           fmt_duration(*m.next_reset - now) + "\n";
  }
  return out;
}

std::string status_json(const Model& m, Timestamp now) {
  std::string out;
  JsonWriter w(out, kStatusStyle);
  w.begin_object();
  w.field("account_id", m.account_id());
  w.field("nickname", m.nickname);
  w.field("source", source_name(m.source));
  w.key("problem");
  if (m.problem.empty() || m.source == Source::Live) {
    w.null();
  } else {
    w.value(m.problem);
  }
  w.field("as_of", now);
  w.field("trading_date", m.trading_date);
  w.field("next_reset", m.next_reset);
  w.key("seconds_to_reset");
  if (m.next_reset) {
    w.value(std::chrono::duration_cast<seconds>(*m.next_reset - now).count());
  } else {
    w.null();
  }
  w.key("pnl").begin_object();
  w.field("realized", m.realized).field("gross", m.gross).field("fees", m.fees).field("fills", m.fills);
  w.field("unrealized", m.unrealized()).field("total", m.total());
  w.end_object();
  w.field("locked", !m.lockouts.empty());
  w.key("lockouts").begin_array();
  for (const auto& l : m.lockouts) {
    w.begin_object();
    w.field("rule", l.rule).field("rule_key", l.rule_key).field("symbol", l.symbol).field("kind", l.kind);
    w.field("set_at", l.set_at).field("until", l.until);
    w.key("seconds_left");
    if (l.until) {
      const auto left = std::chrono::duration_cast<seconds>(*l.until - now).count();
      w.value(left < 0 ? std::int64_t{0} : left);
    } else {
      w.null();
    }
    w.field("reason", l.reason);
    w.end_object();
  }
  w.end_array();
  w.key("positions").begin_array();
  for (const auto& p : m.positions) {
    w.begin_object();
    w.field("contract_id", p.contract_id).field("type", p.type).field("size", p.size);
    w.field("average_price", p.average_price).field("mark", p.mark).field("unrealized", p.unrealized);
    w.end_object();
  }
  w.end_array();
  w.field("working_orders", static_cast<std::int64_t>(m.orders.size()));
  w.key("rules").begin_array();
  for (const auto& r : m.rules) {
    w.begin_object();
    w.field("rule", r.rule).field("key", r.key).field("enabled", r.enabled);
    w.field("limit", r.limit).field("current", r.current);
    w.key("percent_used");
    if (r.percent_used) {
      w.value(*r.percent_used);
    } else {
      w.null();
    }
    w.field("state", rule_state(r));
    w.end_object();
  }
  w.end_array();
  w.key("daemon");
  if (m.daemon) {
    w.begin_object();
    w.field("version", m.daemon->version).field("uptime_s", m.daemon->uptime_s).field("dry_run", m.daemon->dry_run);
    w.key("connections").begin_array();
    for (const auto& c : m.daemon->connections) {
      w.begin_object().field("name", c.name).field("connected", c.connected).field("since", c.since).end_object();
    }
    w.end_array();
    w.end_object();
  } else {
    w.null();
  }
  w.end_object();
  out.push_back('\n');
  return out;
}

bool gather_status(Model& m, const StatusOptions& o, const Clock& clock) {
  m.server = o.server;
  m.db_path = o.db_path;
  if (!o.offline) {
    net::ClientOptions co;
    co.timeout = o.timeout;
    auto ws = net::WsClient::connect(event_server_url(o.server), co);
    if (!ws) {
      m.problem = "cannot connect to " + o.server + ": " + ws.error().message;
    } else if (auto sent = ws.value()->send(subscribe_message(o.account)); !sent) {
      m.problem = "subscribe failed: " + sent.error().message;
    } else {
      const auto deadline = std::chrono::steady_clock::now() + o.timeout;
      std::string message;
      while (!m.have_snapshot) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || !ws.value()->read_into(message, left)) break;
        (void)m.apply_message(message, clock.now());
      }
      ws.value()->close();
      if (!m.have_snapshot)
        m.problem = "the daemon sent no snapshot within " + std::to_string(o.timeout.count()) + " ms";
    }
    if (m.have_snapshot) return true;
  }
  if (o.offline) m.problem = "offline: the daemon was not asked";
  if (o.db_path.empty()) return false;
  auto db = store::open_read_only(o.db_path);
  if (!db) {
    m.problem += (m.problem.empty() ? "" : "; ") + ("database " + o.db_path + ": " + db.error().message);
    return false;
  }
  if (m.account_id() == 0) {
    auto accounts = database_accounts(db.value());
    if (!accounts || accounts.value().empty()) {
      m.problem += "; the database has no accounts";
      return false;
    }
    m.set_account_id(accounts.value().front());
  }
  auto r = load_from_database(m, db.value(), clock.now());
  if (!r) {
    m.problem += "; database: " + r.error().message;
    return false;
  }
  return true;
}

int run_status(const StatusOptions& o, const Clock& clock, const TimeZone* zone, std::string& out) {
  Model m(o.account);
  const bool ok = gather_status(m, o, clock);
  const Timestamp now = clock.now();
  if (!ok) {
    if (o.json) {
      std::string j;
      JsonWriter w(j, kStatusStyle);
      w.begin_object().field("account_id", o.account).field("source", "none").field("problem", m.problem).end_object();
      out = j + "\n";
    } else {
      out = "risk-trader status: no data: " + m.problem + "\n";
    }
    return 1;
  }
  out = o.json ? status_json(m, now) : status_text(m, now, zone != nullptr ? *zone : *utc_zone());
  return 0;
}

}  // namespace risk::dashboard
