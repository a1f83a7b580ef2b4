#include "daemon/publisher.hpp"

#include "daemon/json.hpp"

namespace risk::daemon {

namespace feed = protocol::feed;

Publisher::Publisher(const Clock& clock, const Logs& logs, protocol::FeedSink& feed, Views views)
    : clock_(clock), logs_(logs), feed_(feed), views_(std::move(views)) {}

void Publisher::snapshot(AccountId id, Timestamp now) {
  if (const auto summary = views_.summary(id, now)) {
    feed_.broadcast(id, message(feed::kSnapshot, id, now, account_snapshot(*summary)));
  }
}

void Publisher::publish(const std::vector<Notice>& notices, const Event* source) {
  const Timestamp now = clock_.now();
  const bool listeners = feed_.clients() > 0;
  std::set<AccountId> touched;  // accounts whose figures changed: a fresh snapshot after the events
  for (const auto& n : notices) {
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, GatewayEventApplied>) {
            if (source == nullptr || !listeners) return;
            auto ev = gateway_event_json(source->body);
            if (!ev) return;
            if (x.account_id != 0) {
              feed_.broadcast(x.account_id, message(ev->first, x.account_id, now, ev->second));
              touched.insert(x.account_id);
            } else if (const auto* q = std::get_if<QuoteEvent>(&source->body)) {
              for (AccountId id : views_.holders(q->quote.contract_id)) {
                feed_.broadcast(id, message(ev->first, id, now, ev->second));
                quote_snapshot_due_.insert(id);
              }
            }
          } else if constexpr (std::is_same_v<T, EnforcementPlan>) {
            touched.insert(x.account_id);
          } else if constexpr (std::is_same_v<T, LockoutSet>) {
            const Lockout& l = x.lockout;
            logs_.enforcement->warn("LOCKOUT_SET account={} rule={} kind={}{}{} reason=\"{}\"", l.account_id,
                                    rule_code(l.rule), to_string(l.kind),
                                    l.symbol.empty() ? "" : " symbol=" + l.symbol.str(),
                                    l.until ? " until=" + l.until->to_iso() : "", l.reason);
            feed_.broadcast(l.account_id, message(feed::kLockoutSet, l.account_id, now, to_json(l)));
            touched.insert(l.account_id);
          } else if constexpr (std::is_same_v<T, LockoutCleared>) {
            const Lockout& l = x.lockout;
            logs_.enforcement->info("LOCKOUT_CLEARED account={} rule={} by={}{}", l.account_id, rule_code(l.rule),
                                    to_string(x.by), x.note.empty() ? "" : " note=\"" + x.note + "\"");
            feed_.broadcast(l.account_id,
                            message(feed::kLockoutCleared, l.account_id, now,
                                    Json{{"lockout", to_json(l)}, {"cleared_by", to_string(x.by)}, {"note", x.note}}));
            touched.insert(l.account_id);
          } else if constexpr (std::is_same_v<T, DailyReset>) {
            logs_.daemon->info("daily reset of account {}: {} closed at {}, next reset {}", x.account_id,
                               date_text(x.closed_trading_date), x.closed_day_realized.to_string_fixed(2),
                               x.next_reset.to_iso());
            feed_.broadcast(x.account_id, message(feed::kDailyReset, x.account_id, now,
                                                  Json{{"closed_trading_date", date_text(x.closed_trading_date)},
                                                       {"trading_date", date_text(x.trading_date)},
                                                       {"closed_day_realized", x.closed_day_realized.to_string()},
                                                       {"next_reset", x.next_reset.to_iso()}}));
            touched.insert(x.account_id);
          } else if constexpr (std::is_same_v<T, RuleWarning>) {
            logs_.daemon->info("warning account={} {}: {}", x.account_id, rule_code(x.rule), x.message);
            feed_.broadcast(x.account_id,
                            message(feed::kRuleWarning, x.account_id, now,
                                    Json{{"rule", rule_code(x.rule)}, {"percent", x.percent}, {"message", x.message}}));
          } else if constexpr (std::is_same_v<T, RuleFailed>) {
            logs_.daemon->error("rule {} failed for account {} and was skipped: {}", rule_code(x.rule), x.account_id,
                                x.what);
          } else if constexpr (std::is_same_v<T, ReconcileRequested>) {
            logs_.daemon->info("account {}: {} ({})", x.account_id,
                               x.verify ? "reading positions and orders" : "reconciling", x.reason);
          } else if constexpr (std::is_same_v<T, EnforcementStatus>) {
            enforcement_status(x, now);
            touched.insert(x.account_id);
          }
        },
        n);
  }
  if (!listeners) return;
  for (AccountId id : touched) {
    snapshot(id, now);
    last_quote_snapshot_[id] = now;
    quote_snapshot_due_.erase(id);
  }
  tick();
}

// Enforcement failing: said at once, then again at most every kStillFailingEvery
// in enforcement.log (the feed hears of every attempt); recovered: said once.
void Publisher::enforcement_status(const EnforcementStatus& s, Timestamp now) {
  const EnforcementHealth health{s.state == EnforcementStatus::State::Failing, s.since, s.reason, s.failures};
  Json data = enforcement_json(health);
  data["since"] = s.since.to_iso();
  data["state"] = health.failing ? "failing" : "recovered";
  if (health.failing) {
    auto& last = last_failing_log_[s.account_id];
    if (last == Timestamp{} || now - last >= kStillFailingEvery) {
      last = now;
      logs_.enforcement->critical("{} account={} since={} failures={} last=\"{}\"",
                                  s.failures == 1 ? "ENFORCEMENT FAILING" : "STILL FAILING", s.account_id,
                                  s.since.to_iso(), s.failures, s.reason);
    }
  } else {
    last_failing_log_.erase(s.account_id);
    data["message"] = "enforcement works again (failing since " + s.since.to_iso().substr(11, 8) + " UTC)";
    logs_.enforcement->warn("ENFORCEMENT RECOVERED account={} failing since={} for {} s after {} failure(s)",
                            s.account_id, s.since.to_iso(), std::chrono::duration_cast<seconds>(now - s.since).count(),
                            s.failures);
  }
  feed_.broadcast(s.account_id, message(feed::kEnforcementStatus, s.account_id, now, data));
}

void Publisher::tick() {
  if (quote_snapshot_due_.empty()) return;
  const Timestamp now = clock_.now();
  for (auto it = quote_snapshot_due_.begin(); it != quote_snapshot_due_.end();) {
    auto& last = last_quote_snapshot_[*it];
    if (now - last < kQuoteSnapshotEvery) {
      ++it;
      continue;
    }
    snapshot(*it, now);
    last = now;
    it = quote_snapshot_due_.erase(it);
  }
}

void Publisher::snapshots_to(std::uint64_t connection, const std::vector<AccountId>& ids) {
  const Timestamp now = clock_.now();
  std::vector<std::string> msgs;
  for (AccountId id : ids) {
    if (const auto summary = views_.summary(id, now)) {
      msgs.push_back(message(feed::kSnapshot, id, now, account_snapshot(*summary)));
    }
  }
  feed_.send_to(connection, std::move(msgs));
}

void Publisher::banner_started(std::size_t accounts, std::size_t rules_on, const std::string& feed_url, bool dry_run) {
  logs_.daemon->info("============================================================");
  logs_.daemon->info("Risk Manager Daemon Started Successfully{}", dry_run ? " (DRY RUN)" : "");
  logs_.daemon->info("Monitoring {} accounts", accounts);
  logs_.daemon->info("Active rules: {}", rules_on);
  logs_.daemon->info("Event server: {} (for trader dashboards)", feed_url);
  logs_.daemon->info("============================================================");
}

void Publisher::banner_stopped() {
  logs_.daemon->info("============================================================");
  logs_.daemon->info("Risk Manager Daemon Stopped");
  logs_.daemon->info("============================================================");
}

void Publisher::status(const Status& s) {
  const Timestamp now = clock_.now();
  Json conns = Json::array();
  for (const auto& c : s.connections) {
    conns.push_back({{"name", c.name}, {"connected", c.connected}, {"since", c.since.to_iso()}});
  }
  Json accounts = Json::array();
  for (AccountId id : s.accounts) accounts.push_back(id);
  Json tokens = Json::array();
  for (const auto& [user, exp] : s.tokens) {
    tokens.push_back({{"user", user}, {"expires", exp ? Json(exp->to_iso()) : Json(nullptr)}});
  }
  feed_.broadcast(0, message(feed::kDaemonStatus, 0, now,
                             Json{{"version", s.version},
                                  {"started_at", s.started_at.to_iso()},
                                  {"uptime_s", std::chrono::duration_cast<seconds>(now - s.started_at).count()},
                                  {"connections", conns},
                                  {"accounts", accounts},
                                  {"tokens", tokens},
                                  {"dry_run", s.dry_run}}));
}

}  // namespace risk::daemon
