// Runs every tests/scenarios/*.yaml through the engine and checks each step's
// effects and resulting state. The format is described in README.md there.
#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "engine/engine.hpp"
#include "tz/iana_zone.hpp"

namespace fs = std::filesystem;
using namespace risk;

namespace {

fs::path scenario_dir() {
  const char* root = std::getenv("RISK_SOURCE_DIR");
  return fs::path(root != nullptr ? root : RISK_SOURCE_DIR_FALLBACK) / "tests" / "scenarios";
}

Decimal dec(const YAML::Node& n) {
  auto r = Decimal::parse(n.as<std::string>());
  if (!r) throw std::runtime_error(r.error().message);
  return *r;
}

Timestamp ts(const std::string& s) {
  auto r = Timestamp::parse(s);
  if (!r) throw std::runtime_error(r.error().message);
  return *r;
}

TimeOfDay hhmm(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') throw std::runtime_error("bad HH:MM " + s);
  return TimeOfDay::hm(std::stoi(s.substr(0, 2)), std::stoi(s.substr(3, 2)));
}

TimeZonePtr zone(const std::string& name) {
  auto r = tz::load(name);
  if (!r) throw std::runtime_error(r.error().message);
  return *r;
}

Duration parse_duration(std::string s) {
  if (s.empty()) throw std::runtime_error("empty duration");
  if (s.size() > 2 && s.compare(s.size() - 2, 2, "ms") == 0) return milliseconds(std::stoll(s.substr(0, s.size() - 2)));
  const char unit = s.back();
  s.pop_back();
  const auto n = std::stoll(s);
  switch (unit) {
    case 's':
      return seconds(n);
    case 'm':
      return minutes(n);
    case 'h':
      return hours(n);
    case 'd':
      return hours(24 * n);
    default:
      throw std::runtime_error("bad duration unit");
  }
}

template <typename F>
void each(const YAML::Node& n, F&& f) {
  if (!n) return;
  for (auto it = n.begin(); it != n.end(); ++it) f(it->first.as<std::string>(), it->second);
}

[[noreturn]] void unknown(const std::string& where, const std::string& key) {
  throw std::runtime_error("scenario: unknown key " + where + "." + key);
}

SessionWindow window(const YAML::Node& n, SessionWindow w) {
  if (n["start"]) w.start = hhmm(n["start"].as<std::string>());
  if (n["end"]) w.end = hhmm(n["end"].as<std::string>());
  return w;
}

void apply_rules(const YAML::Node& rules, RulesConfig& r) {
  each(rules, [&](const std::string& rule, const YAML::Node& n) {
    auto flag = [&](const char* k, bool& v) {
      if (n[k]) v = n[k].as<bool>();
    };
    auto i32 = [&](const char* k, std::int32_t& v) {
      if (n[k]) v = n[k].as<std::int32_t>();
    };
    auto money = [&](const char* k, Decimal& v) {
      if (n[k]) v = dec(n[k]);
    };
    if (rule == "max_contracts") {
      auto& c = r.max_contracts;
      flag("enabled", c.enabled);
      i32("limit", c.limit);
      if (n["enforcement"])
        c.enforcement = n["enforcement"].as<std::string>() == "close_all"
                            ? MaxContractsConfig::Enforcement::CloseAll
                            : MaxContractsConfig::Enforcement::ReduceToLimit;
      if (n["lockout_minutes"]) c.lockout_minutes = n["lockout_minutes"].as<std::int32_t>();
    } else if (rule == "max_contracts_per_instrument") {
      auto& c = r.max_contracts_per_instrument;
      using C = MaxContractsPerInstrumentConfig;
      flag("enabled", c.enabled);
      if (n["limits"]) {
        c.limits.clear();
        each(n["limits"], [&](const std::string& root, const YAML::Node& v) {
          c.limits[normalize_root(root)] = v.as<std::int32_t>();
        });
      }
      if (n["unknown_symbol"]) {
        const auto v = n["unknown_symbol"].as<std::string>();
        if (v == "block")
          c.unknown_symbol = C::UnknownSymbol::Block;
        else if (v == "allow")
          c.unknown_symbol = C::UnknownSymbol::Allow;
        else {
          c.unknown_symbol = C::UnknownSymbol::Limit;
          c.unknown_limit = std::stoi(v.substr(6));
        }
      }
      if (n["enforcement"])
        c.enforcement = n["enforcement"].as<std::string>() == "close_position" ? C::Enforcement::ClosePosition
                                                                               : C::Enforcement::ReduceToLimit;
    } else if (rule == "daily_realized_loss") {
      auto& c = r.daily_realized_loss;
      flag("enabled", c.enabled);
      money("loss_limit", c.loss_limit);
      if (n["lockout_until"])
        c.lockout_until =
            n["lockout_until"].as<std::string>() == "permanent" ? LossLockout::Permanent : LossLockout::DailyReset;
    } else if (rule == "daily_unrealized_loss") {
      auto& c = r.daily_unrealized_loss;
      flag("enabled", c.enabled);
      money("loss_limit", c.loss_limit);
      if (n["scope"])
        c.scope = n["scope"].as<std::string>() == "total" ? DailyUnrealizedLossConfig::Scope::Total
                                                          : DailyUnrealizedLossConfig::Scope::PerPosition;
    } else if (rule == "max_unrealized_profit") {
      auto& c = r.max_unrealized_profit;
      flag("enabled", c.enabled);
      money("profit_target", c.profit_target);
      money("arm_at", c.arm_at);
      if (n["mode"])
        c.mode = n["mode"].as<std::string>() == "breakeven" ? MaxUnrealizedProfitConfig::Mode::Breakeven
                                                            : MaxUnrealizedProfitConfig::Mode::ProfitTarget;
    } else if (rule == "trade_frequency_limit") {
      auto& c = r.trade_frequency_limit;
      flag("enabled", c.enabled);
      i32("per_minute", c.per_minute);
      i32("per_hour", c.per_hour);
      i32("per_session", c.per_session);
      if (const auto cd = n["cooldown_seconds"]) {
        if (cd["minute"]) c.minute_cooldown_seconds = cd["minute"].as<std::int32_t>();
        if (cd["hour"]) c.hour_cooldown_seconds = cd["hour"].as<std::int32_t>();
        if (cd["session"]) c.session_cooldown_seconds = cd["session"].as<std::int32_t>();
      }
      if (n["session_lockout"])
        c.session_lockout = n["session_lockout"].as<std::string>() == "cooldown"
                                ? TradeFrequencyConfig::SessionLockout::Cooldown
                                : TradeFrequencyConfig::SessionLockout::DailyReset;
    } else if (rule == "cooldown_after_loss") {
      auto& c = r.cooldown_after_loss;
      flag("enabled", c.enabled);
      if (n["tiers"]) {
        c.tiers.clear();
        for (const auto& t : n["tiers"])
          c.tiers.push_back(LossTier{dec(t["loss"]), t["cooldown_seconds"].as<std::int32_t>()});
      }
    } else if (rule == "no_stop_loss_grace") {
      flag("enabled", r.no_stop_loss_grace.enabled);
      i32("grace_period_seconds", r.no_stop_loss_grace.grace_period_seconds);
    } else if (rule == "session_block_outside") {
      auto& c = r.session_block_outside;
      flag("enabled", c.enabled);
      flag("close_at_session_end", c.close_at_session_end);
      c.window = window(n, c.window);
      if (n["timezone"]) c.timezone_name = n["timezone"].as<std::string>();
      each(n["sessions"], [&](const std::string& root, const YAML::Node& w) {
        c.per_root[normalize_root(root)] = window(w, c.window);
      });
    } else if (rule == "auth_loss_guard") {
      flag("enabled", r.auth_loss_guard.enabled);
      flag("auto_unlock", r.auth_loss_guard.auto_unlock);
    } else if (rule == "symbol_blocks") {
      auto& c = r.symbol_blocks;
      flag("enabled", c.enabled);
      flag("close_existing", c.close_existing);
      if (n["blocked_symbols"]) {
        c.blocked_symbols.clear();
        for (const auto& s : n["blocked_symbols"]) c.blocked_symbols.push_back(normalize_root(s.as<std::string>()));
      }
    } else if (rule == "trade_management") {
      auto& c = r.trade_management;
      flag("enabled", c.enabled);
      if (const auto b = n["breakeven"]) {
        if (b["enabled"]) c.breakeven_enabled = b["enabled"].as<bool>();
        if (b["trigger_ticks"]) c.breakeven_trigger_ticks = b["trigger_ticks"].as<std::int32_t>();
        if (b["offset_ticks"]) c.breakeven_offset_ticks = b["offset_ticks"].as<std::int32_t>();
      }
      if (const auto t = n["trailing"]) {
        if (t["enabled"]) c.trailing_enabled = t["enabled"].as<bool>();
        if (t["activation_ticks"]) c.trailing_activation_ticks = t["activation_ticks"].as<std::int32_t>();
        if (t["distance_ticks"]) c.trailing_distance_ticks = t["distance_ticks"].as<std::int32_t>();
      }
    } else if (rule == "daily_realized_profit") {
      flag("enabled", r.daily_realized_profit.enabled);
      money("profit_target", r.daily_realized_profit.profit_target);
    } else {
      unknown("rules", rule);
    }
  });
}

// Shipped defaults, except that scenarios start with every rule off: each
// scenario turns on what it shows, so one rule's file is not disturbed by another.
EngineSettingsPtr build_settings(const YAML::Node& given, const std::vector<AccountId>& accounts, bool all_rules_on) {
  const YAML::Node s = given ? given : YAML::Node(YAML::NodeType::Map);
  auto out = std::make_shared<EngineSettings>();
  GlobalSettings& g = out->global;
  g.timezone_name = "America/Chicago";
  // Scenarios give no hub heartbeats: the blind-spell reads are off unless a
  // scenario sets max_blind_seconds.
  g.max_blind_seconds = 0;
  if (const auto gn = s["global"]) {
    each(gn, [&](const std::string& k, const YAML::Node& v) {
      if (k == "timezone")
        g.timezone_name = v.as<std::string>();
      else if (k == "reset_time")
        g.reset_time = hhmm(v.as<std::string>());
      else if (k == "include_fees")
        g.include_fees = v.as<bool>();
      else if (k == "mark_price")
        g.mark_price = v.as<std::string>() == "bid_ask" ? MarkPriceMode::BidAsk : MarkPriceMode::Last;
      else if (k == "max_quote_age_seconds")
        g.max_quote_age_seconds = v.as<std::int32_t>();
      else if (k == "warn_at_percent")
        g.warn_at_percent = v.as<std::int32_t>();
      else if (k == "max_blind_seconds")
        g.max_blind_seconds = v.as<std::int32_t>();
      else if (k == "settings_lock")
        g.settings_lock = v.as<std::string>() == "tighten_only" ? SettingsLock::TightenOnly : SettingsLock::None;
      else if (k == "holidays") {
        for (const auto& d : v) {
          auto t = ts(d.as<std::string>() + "T00:00:00Z");
          g.holidays.push_back(civil_from_days(t.seconds_floor() / 86400));
        }
      } else
        unknown("global", k);
    });
  }
  RulesConfig rules;
  if (!all_rules_on) {
    rules.max_contracts.enabled = rules.max_contracts_per_instrument.enabled = rules.daily_realized_loss.enabled =
        rules.daily_unrealized_loss.enabled = rules.max_unrealized_profit.enabled =
            rules.trade_frequency_limit.enabled = rules.cooldown_after_loss.enabled = rules.no_stop_loss_grace.enabled =
                rules.session_block_outside.enabled = rules.auth_loss_guard.enabled = rules.symbol_blocks.enabled =
                    rules.trade_management.enabled = rules.daily_realized_profit.enabled = false;
  }
  apply_rules(s["rules"], rules);
  rules.session_block_outside.timezone = zone(rules.session_block_outside.timezone_name);
  for (AccountId id : accounts) {
    AccountSettings a;
    a.account_id = id;
    a.reset_time = g.reset_time;
    a.timezone_name = g.timezone_name;
    a.rules = rules;
    const YAML::Node per_account = s["accounts"] ? s["accounts"][std::to_string(id)] : YAML::Node();
    if (const auto ov = per_account) {
      if (ov["reset_time"]) a.reset_time = hhmm(ov["reset_time"].as<std::string>());
      if (ov["timezone"]) a.timezone_name = ov["timezone"].as<std::string>();
      apply_rules(ov["rules"], a.rules);
      a.rules.session_block_outside.timezone = zone(a.rules.session_block_outside.timezone_name);
    }
    a.timezone = zone(a.timezone_name);
    out->accounts.push_back(std::move(a));
  }
  return out;
}

struct Defaults {
  AccountId account = 1001;
  std::string contract = "CON.F.US.MNQ.H26";
};

ContractId cid(const std::string& s) { return *ContractId::from(s); }

OrderSide side(const YAML::Node& n, OrderSide def) {
  if (!n) return def;
  const auto s = n.as<std::string>();
  return (s == "sell" || s == "ask" || s == "1") ? OrderSide::Ask : OrderSide::Bid;
}

Trade make_trade(const YAML::Node& n, const Defaults& d, Timestamp at) {
  Trade t;
  t.id = n["id"].as<TradeId>();
  t.account_id = n["account"] ? n["account"].as<AccountId>() : d.account;
  t.contract_id = cid(n["contract"] ? n["contract"].as<std::string>() : d.contract);
  t.created = n["time"] ? ts(n["time"].as<std::string>()) : at;
  t.price = n["price"] ? dec(n["price"]) : Decimal::from_int(20000);
  if (n["pnl"]) t.profit_and_loss = dec(n["pnl"]);
  t.fees = n["fees"] ? dec(n["fees"]) : Decimal{};
  t.commissions = n["commissions"] ? dec(n["commissions"]) : Decimal{};
  t.side = side(n["side"], OrderSide::Bid);
  t.size = n["size"] ? n["size"].as<std::int32_t>() : 1;
  t.voided = n["voided"] && n["voided"].as<bool>();
  t.order_id = n["order"] ? n["order"].as<OrderId>() : 0;
  return t;
}

Position make_position(const YAML::Node& n, const Defaults& d, Timestamp at) {
  Position p;
  p.id = n["id"] ? n["id"].as<PositionId>() : 1;
  p.account_id = n["account"] ? n["account"].as<AccountId>() : d.account;
  p.contract_id = cid(n["contract"] ? n["contract"].as<std::string>() : d.contract);
  p.created = n["time"] ? ts(n["time"].as<std::string>()) : at;
  const auto type = n["type"] ? n["type"].as<std::string>() : "long";
  p.type = type == "short" ? PositionType::Short : PositionType::Long;
  p.size = n["size"] ? n["size"].as<std::int32_t>() : 1;
  p.average_price = n["avg"] ? dec(n["avg"]) : Decimal::from_int(20000);
  return p;
}

OrderStatus status(const std::string& s) {
  static const std::map<std::string, OrderStatus> m{{"open", OrderStatus::Open},
                                                    {"filled", OrderStatus::Filled},
                                                    {"cancelled", OrderStatus::Cancelled},
                                                    {"expired", OrderStatus::Expired},
                                                    {"rejected", OrderStatus::Rejected},
                                                    {"pending", OrderStatus::Pending},
                                                    {"pending_cancel", OrderStatus::PendingCancellation},
                                                    {"suspended", OrderStatus::Suspended}};
  return m.at(s);
}

OrderType otype(const std::string& s) {
  static const std::map<std::string, OrderType> m{{"limit", OrderType::Limit},
                                                  {"market", OrderType::Market},
                                                  {"stop_limit", OrderType::StopLimit},
                                                  {"stop", OrderType::Stop},
                                                  {"trailing_stop", OrderType::TrailingStop}};
  return m.at(s);
}

Order make_order(const YAML::Node& n, const Defaults& d, Timestamp at) {
  Order o;
  o.id = n["id"].as<OrderId>();
  o.account_id = n["account"] ? n["account"].as<AccountId>() : d.account;
  o.contract_id = cid(n["contract"] ? n["contract"].as<std::string>() : d.contract);
  o.created = o.updated = at;
  o.status = status(n["status"] ? n["status"].as<std::string>() : "open");
  o.type = otype(n["type"] ? n["type"].as<std::string>() : "stop");
  o.side = side(n["side"], OrderSide::Ask);
  o.size = n["size"] ? n["size"].as<std::int32_t>() : 1;
  if (n["stop"]) o.stop_price = dec(n["stop"]);
  if (n["limit"]) o.limit_price = dec(n["limit"]);
  return o;
}

QuoteUpdate make_quote(const YAML::Node& n, const Defaults& d) {
  QuoteUpdate q;
  q.contract_id = cid(n["contract"] ? n["contract"].as<std::string>() : d.contract);
  if (n["last"]) q.last_price = dec(n["last"]);
  if (n["bid"]) q.best_bid = dec(n["bid"]);
  if (n["ask"]) q.best_ask = dec(n["ask"]);
  return q;
}

Account make_account(const YAML::Node& n, const Defaults& d) {
  Account a;
  a.id = n["id"] ? n["id"].as<AccountId>() : d.account;
  a.name = "TEST-" + std::to_string(a.id);
  if (n["can_trade"]) a.can_trade = n["can_trade"].as<bool>();
  a.balance = n["balance"] ? dec(n["balance"]) : Decimal::from_int(50000);
  return a;
}

std::string action_text(const Action& a) {
  std::ostringstream s;
  switch (a.kind) {
    case ActionKind::ClosePosition:
      s << "close " << a.contract_id.view();
      break;
    case ActionKind::ReducePosition:
      s << "reduce " << a.contract_id.view() << " " << a.size;
      break;
    case ActionKind::CancelOrder:
      s << "cancel " << a.order_id;
      break;
    case ActionKind::ModifyStop:
      s << "modify_stop " << a.order_id << " " << a.stop_price.to_string();
      break;
    case ActionKind::PlaceStop:
      s << "place_stop " << a.contract_id.view() << " " << (a.side == OrderSide::Ask ? "sell" : "buy") << " " << a.size
        << " " << a.stop_price.to_string();
      break;
  }
  return s.str();
}

std::string lockout_text(const Lockout& l, bool with_until) {
  std::string s(rule_code(l.rule));
  if (!l.symbol.empty()) s += " " + l.symbol.str();
  s += " ";
  s += to_string(l.kind);
  if (with_until && l.until && l.kind != LockoutKind::UntilReset) s += " until " + l.until->to_iso();
  return s;
}

std::multiset<std::string> as_set(const YAML::Node& n) {
  std::multiset<std::string> out;
  for (const auto& v : n) out.insert(v.as<std::string>());
  return out;
}

std::string join(const std::multiset<std::string>& s) {
  std::string out = "[";
  for (const auto& v : s) out += (out.size() > 1 ? ", " : "") + v;
  return out + "]";
}

// Compares lockout texts; an expected entry without "until" matches any end.
bool lockouts_match(const std::multiset<std::string>& expected, const std::vector<Lockout>& actual) {
  if (expected.size() != actual.size()) return false;
  std::vector<bool> used(actual.size(), false);
  for (const auto& e : expected) {
    bool found = false;
    for (std::size_t i = 0; i < actual.size() && !found; ++i) {
      if (used[i]) continue;
      const bool with_until = e.find(" until ") != std::string::npos;
      if (lockout_text(actual[i], with_until) == e) found = used[i] = true;
    }
    if (!found) return false;
  }
  return true;
}

class Scenario {
 public:
  explicit Scenario(const fs::path& file) : file_(file), doc_(YAML::LoadFile(file.string())) {}

  void run() {
    for (auto it = doc_.begin(); it != doc_.end(); ++it) {
      static const std::set<std::string> known{"name",      "settings",          "account", "accounts", "start",
                                               "contracts", "all_rules_default", "restore", "steps"};
      if (known.count(it->first.as<std::string>()) == 0) unknown("scenario", it->first.as<std::string>());
    }
    if (doc_["account"]) defaults_.account = doc_["account"].as<AccountId>();
    std::vector<AccountId> accounts{defaults_.account};
    if (doc_["accounts"]) accounts = doc_["accounts"].as<std::vector<AccountId>>();
    if (doc_["contracts"] && doc_["contracts"].size() > 0)
      defaults_.contract = doc_["contracts"][0]["id"].as<std::string>();
    const bool all_on = doc_["all_rules_default"] && doc_["all_rules_default"].as<bool>();
    now_ = ts(doc_["start"].as<std::string>());
    engine_ = std::make_unique<Engine>(build_settings(doc_["settings"], accounts, all_on), now_);
    accounts_ = accounts;
    all_on_ = all_on;
    // Contracts come from the store at startup, like the rest of the restored
    // state: no event is stepped before the first scenario step, so whatever a
    // first step causes (a catch-up reset, say) is seen by its expectations.
    for (const auto& c : doc_["contracts"]) {
      Contract k;
      k.id = cid(c["id"].as<std::string>());
      k.tick_size = dec(c["tick_size"]);
      k.tick_value = dec(c["tick_value"]);
      engine_->restore_contract(k);
    }
    if (doc_["restore"]) restore(doc_["restore"]);
    int index = 0;
    for (const auto& step : doc_["steps"]) {
      ++index;
      SCOPED_TRACE("step " + std::to_string(index) + (step["note"] ? " (" + step["note"].as<std::string>() + ")" : ""));
      run_step(step);
    }
  }

 private:
  void restore(const YAML::Node& n) {
    AccountRestore r;
    r.account_id = defaults_.account;
    for (const auto& l : n["lockouts"]) {
      Lockout x;
      x.account_id = r.account_id;
      x.rule = static_cast<RuleId>(l["rule"].as<int>());
      const auto kind = l["kind"].as<std::string>();
      static const std::map<std::string, LockoutKind> kinds{
          {"until_daily_reset", LockoutKind::UntilReset},
          {"cooldown", LockoutKind::Cooldown},
          {"until_session_start", LockoutKind::UntilSessionStart},
          {"until_broker_allows_trading", LockoutKind::UntilBrokerFlag},
          {"permanent", LockoutKind::Permanent},
          {"while_symbol_blocked", LockoutKind::WhileListed}};
      x.kind = kinds.at(kind);
      if (l["until"]) x.until = ts(l["until"].as<std::string>());
      if (l["symbol"]) x.symbol = normalize_root(l["symbol"].as<std::string>());
      x.reason = "restored";
      r.lockouts.push_back(x);
    }
    for (const auto& t : n["trades"]) r.trades.push_back(make_trade(t, defaults_, ts(t["time"].as<std::string>())));
    for (const auto& p : n["positions"])
      r.positions.push_back(make_position(p, defaults_, ts(p["time"].as<std::string>())));
    for (const auto& o : n["orders"]) r.orders.push_back(make_order(o, defaults_, now_));
    if (n["account_info"]) r.account = make_account(n["account_info"], defaults_);
    if (n["day_start"]) {
      TradingDay d;
      d.start = ts(n["day_start"].as<std::string>());
      d.end = ts(n["day_end"].as<std::string>());
      d.date = civil_from_days(d.end.seconds_floor() / 86400);
      r.day = d;
    }
    engine_->restore(r);
  }

  Timestamp advance(const YAML::Node& at) {
    if (!at) return now_;
    const auto s = at.as<std::string>();
    if (!s.empty() && s[0] == '+') return now_ + parse_duration(s.substr(1));
    return ts(s);
  }

  void run_step(const YAML::Node& step) {
    for (auto it = step.begin(); it != step.end(); ++it) {
      static const std::set<std::string> known{"at",        "note",     "trade", "trades",  "position", "positions",
                                               "order",     "orders",   "quote", "account", "config",   "admin_clear",
                                               "reconcile", "contract", "time",  "outcome", "expect",   "heartbeat"};
      if (known.count(it->first.as<std::string>()) == 0) unknown("step", it->first.as<std::string>());
    }
    now_ = advance(step["at"]);
    Effects fx;
    const Timestamp at = now_;
    bool any = false;
    auto send = [&](EventBody body) {
      any = true;
      engine_->step(Event{at, std::move(body)}, fx);
      for (const auto& n : fx.notices) {  // remember each decided action, for `outcome` steps
        if (const auto* p = std::get_if<EnforcementPlan>(&n)) {
          for (std::uint32_t i = 0; i < p->actions.size(); ++i)
            decided_[action_text(p->actions[i])] = ActionRef{p->id, i};
        }
      }
    };
    if (step["heartbeat"]) send(HubHeartbeat{accounts_});  // the user hub gave a frame
    if (step["trade"]) send(TradeEvent{make_trade(step["trade"], defaults_, at)});
    if (step["trades"])
      for (const auto& t : step["trades"]) send(TradeEvent{make_trade(t, defaults_, at)});
    if (step["position"]) send(PositionEvent{make_position(step["position"], defaults_, at)});
    if (step["positions"])
      for (const auto& p : step["positions"]) send(PositionEvent{make_position(p, defaults_, at)});
    if (step["order"]) send(OrderEvent{make_order(step["order"], defaults_, at)});
    if (step["orders"])
      for (const auto& o : step["orders"]) send(OrderEvent{make_order(o, defaults_, at)});
    if (step["quote"]) send(QuoteEvent{make_quote(step["quote"], defaults_)});
    if (step["account"]) {  // one event, or a list (the gateway sends bursts of identical ones)
      if (step["account"].IsSequence()) {
        for (const auto& n : step["account"]) send(AccountEvent{make_account(n, defaults_)});
      } else {
        send(AccountEvent{make_account(step["account"], defaults_)});
      }
    }
    if (step["config"]) {
      ConfigChanged c;
      c.settings = build_settings(step["config"], accounts_, all_on_);
      send(c);
    }
    if (step["admin_clear"]) {
      AdminClearLockout c;
      c.account_id = defaults_.account;
      if (step["admin_clear"]["rule"]) c.rule = static_cast<RuleId>(step["admin_clear"]["rule"].as<int>());
      c.reason = step["admin_clear"]["reason"] ? step["admin_clear"]["reason"].as<std::string>() : "test";
      if (step["admin_clear"]["symbol"]) c.symbol = normalize_root(step["admin_clear"]["symbol"].as<std::string>());
      c.admin = "admin";
      send(c);
    }
    if (step["reconcile"]) {
      const auto& n = step["reconcile"];
      ReconciliationSnapshot s;
      s.account_id = n["account"] ? n["account"].as<AccountId>() : defaults_.account;
      if (n["account_info"]) s.account = make_account(n["account_info"], defaults_);
      for (const auto& p : n["positions"])
        s.positions.push_back(make_position(p, defaults_, p["time"] ? ts(p["time"].as<std::string>()) : at));
      for (const auto& o : n["orders"]) s.working_orders.push_back(make_order(o, defaults_, at));
      for (const auto& t : n["trades"]) s.trades.push_back(make_trade(t, defaults_, at));
      s.startup = n["startup"] && n["startup"].as<bool>();
      // When its first REST request was sent: `-2s` before the step, an ISO time, or (default) the step's time.
      s.requested_at = at;
      if (const auto r = n["requested_at"]) {
        const auto text = r.as<std::string>();
        s.requested_at = (!text.empty() && text[0] == '-') ? at - parse_duration(text.substr(1)) : ts(text);
      }
      send(s);
    }
    if (step["contract"]) {
      Contract k;
      k.id = cid(step["contract"]["id"].as<std::string>());
      k.tick_size = dec(step["contract"]["tick_size"]);
      k.tick_value = dec(step["contract"]["tick_value"]);
      send(ContractEvent{k});
    }
    if (const auto o = step["outcome"]) {  // the executor's report on an action decided earlier
      each(o, [&](const std::string& k, const YAML::Node&) {
        if (k != "action" && k != "result" && k != "note") unknown("outcome", k);
      });
      const auto what = o["action"].as<std::string>();
      const auto it = decided_.find(what);
      if (it == decided_.end()) throw std::runtime_error("outcome for an action never decided: " + what);
      ActionOutcome out;
      out.ref = it->second;
      const auto result = o["result"].as<std::string>();
      if (result == "accepted") {
        out.result = ActionOutcome::Result::Accepted;
      } else if (result == "failed") {
        out.result = ActionOutcome::Result::Failed;
      } else if (result == "dry_run") {
        out.result = ActionOutcome::Result::DryRun;
      } else {
        throw std::runtime_error("outcome result is accepted, failed or dry_run: " + result);
      }
      out.note = o["note"] ? o["note"].as<std::string>() : result;
      send(out);
    }
    if (step["time"] || !any) send(TimeAdvanced{});
    check(step["expect"], fx);
  }

  void check(const YAML::Node& e, const Effects& fx) {
    if (!e) return;
    std::multiset<std::string> actions, breaches, set_notices, cleared, warnings, failed;
    for (auto it = e.begin(); it != e.end(); ++it) {
      static const std::set<std::string> known{
          "account",       "actions",     "breaches",     "lockouts_set", "lockouts_cleared", "warnings",
          "resets",        "reset_dates", "failed_rules", "lockouts",     "realized",         "gross",
          "fees",          "fills",       "positions",    "orders",       "trading_date",     "next_reset",
          "next_deadline", "unprotected", "settled",      "reconciles",   "quotes",           "contracts_needed",
          "enforcement",   "statuses"};
      if (known.count(it->first.as<std::string>()) == 0) unknown("expect", it->first.as<std::string>());
    }
    std::multiset<std::string> reset_dates, settled, quotes, contracts_needed, statuses;
    int resets = 0;
    int reconciles = 0;
    for (const auto& n : fx.notices) {  // not an account's
      if (const auto* q = std::get_if<QuotesWanted>(&n)) {
        quotes.insert((q->wanted ? "+" : "-") + q->contract_id.str());
      } else if (const auto* c = std::get_if<ContractNeeded>(&n)) {
        contracts_needed.insert(c->contract_id.str());
      }
    }
    // Notices are checked for one account (the expectation's `account`, else the default).
    const AccountId acct = e["account"] ? e["account"].as<AccountId>() : defaults_.account;
    for (const auto& n : fx.notices) {
      if (notice_account(n) != acct) continue;
      if (const auto* p = std::get_if<EnforcementPlan>(&n)) {
        for (const auto& a : p->actions) actions.insert(action_text(a));
        for (const auto& b : p->breaches) {
          if (b.rule != RuleId::None)
            breaches.insert(std::string(rule_code(b.rule)));
          else
            breaches.insert("LOCKOUT");
        }
      } else if (const auto* s = std::get_if<LockoutSet>(&n)) {
        set_notices.insert(lockout_text(s->lockout, false));
      } else if (const auto* c = std::get_if<LockoutCleared>(&n)) {
        cleared.insert(std::string(rule_code(c->lockout.rule)) + " " + std::string(to_string(c->by)));
      } else if (const auto* w = std::get_if<RuleWarning>(&n)) {
        warnings.insert(std::string(rule_code(w->rule)));
      } else if (const auto* r = std::get_if<DailyReset>(&n)) {
        ++resets;
        reset_dates.insert(date_text(r->closed_trading_date) + "->" + date_text(r->trading_date));
      } else if (const auto* f = std::get_if<RuleFailed>(&n)) {
        failed.insert(std::string(rule_code(f->rule)) + ": " + f->what);
      } else if (const auto* d = std::get_if<ActionSettled>(&n)) {
        static const char* const kOutcome[] = {"confirmed", "unconfirmed", "failed", "dry_run"};
        settled.insert(std::string(kOutcome[static_cast<int>(d->outcome)]) + " " + action_text(d->action));
      } else if (std::holds_alternative<ReconcileRequested>(n)) {
        ++reconciles;
      } else if (const auto* st = std::get_if<EnforcementStatus>(&n)) {
        statuses.insert(st->state == EnforcementStatus::State::Failing ? "failing" : "recovered");
      }
    }
    breaches_dedup(breaches);
    const AccountState* a = engine_->account(acct);
    ASSERT_NE(a, nullptr) << "no account " << acct;
    if (e["actions"]) {
      EXPECT_EQ(join(actions), join(as_set(e["actions"]))) << "actions";
    }
    if (e["breaches"]) {
      EXPECT_EQ(join(breaches), join(as_set(e["breaches"]))) << "breaches";
    }
    if (e["lockouts_set"]) {
      EXPECT_EQ(join(set_notices), join(as_set(e["lockouts_set"]))) << "lockouts_set";
    }
    if (e["lockouts_cleared"]) {
      EXPECT_EQ(join(cleared), join(as_set(e["lockouts_cleared"]))) << "lockouts_cleared";
    }
    if (e["warnings"]) {
      EXPECT_EQ(join(warnings), join(as_set(e["warnings"]))) << "warnings";
    }
    if (e["resets"]) {
      EXPECT_EQ(resets, e["resets"].as<int>()) << "resets";
    }
    if (e["settled"]) {
      EXPECT_EQ(join(settled), join(as_set(e["settled"]))) << "settled";
    }
    if (e["statuses"]) {
      EXPECT_EQ(join(statuses), join(as_set(e["statuses"]))) << "statuses (enforcement failing / recovered notices)";
    }
    if (e["enforcement"]) {  // ok, or failing: the account's enforcement is an open obligation
      EXPECT_EQ(engine_->obligation(acct) != nullptr ? "failing" : "ok", e["enforcement"].as<std::string>())
          << "enforcement";
    }
    if (e["reconciles"]) {
      EXPECT_EQ(reconciles, e["reconciles"].as<int>()) << "reconciles (fresh REST snapshots asked for)";
    }
    if (e["quotes"]) {
      EXPECT_EQ(join(quotes), join(as_set(e["quotes"]))) << "quotes (+ subscribe, - unsubscribe)";
    }
    if (e["contracts_needed"]) {
      EXPECT_EQ(join(contracts_needed), join(as_set(e["contracts_needed"]))) << "contracts_needed";
    }
    EXPECT_TRUE(failed.empty() || e["failed_rules"]) << "rules failed: " << join(failed);
    if (e["lockouts"]) {
      std::multiset<std::string> actual;
      for (const auto& l : a->lockouts.all()) actual.insert(lockout_text(l, true));
      EXPECT_TRUE(lockouts_match(as_set(e["lockouts"]), a->lockouts.all()))
          << "lockouts: expected " << join(as_set(e["lockouts"])) << " got " << join(actual);
    }
    const bool fees = engine_->settings().global.include_fees;
    if (e["realized"]) {
      EXPECT_EQ(a->realized(fees).to_string(), dec(e["realized"]).to_string()) << "realized";
    }
    if (e["gross"]) {
      EXPECT_EQ(a->pnl.totals().gross.to_string(), dec(e["gross"]).to_string()) << "gross";
    }
    if (e["fees"]) {
      EXPECT_EQ(a->pnl.totals().fees.to_string(), dec(e["fees"]).to_string()) << "fees";
    }
    if (e["fills"]) {
      EXPECT_EQ(a->counter.session_count(), e["fills"].as<int>()) << "fills";
    }
    if (e["positions"]) {
      EXPECT_EQ(static_cast<int>(a->positions.all().size()), e["positions"].as<int>()) << "positions";
    }
    if (e["orders"]) {
      EXPECT_EQ(static_cast<int>(a->orders.all().size()), e["orders"].as<int>()) << "orders";
    }
    if (e["trading_date"]) {
      EXPECT_EQ(date_text(a->day.date), e["trading_date"].as<std::string>()) << "trading_date";
    }
    if (e["reset_dates"]) {
      EXPECT_EQ(join(reset_dates), join(as_set(e["reset_dates"]))) << "reset_dates";
    }
    if (e["next_deadline"]) {
      EXPECT_EQ(engine_->next_deadline().to_iso(), ts(e["next_deadline"].as<std::string>()).to_iso())
          << "next_deadline";
    }
    if (e["unprotected"]) {  // contracts whose RULE-008 grace clock is running
      std::multiset<std::string> actual;
      for (const auto& p : a->positions.all()) {
        if (p.unprotected_since)
          actual.insert(std::string(p.position.contract_id.view()) + " since " + p.unprotected_since->to_iso());
      }
      EXPECT_EQ(join(actual), join(as_set(e["unprotected"]))) << "unprotected";
    }
    if (e["next_reset"]) {
      EXPECT_EQ(a->day.end.to_iso(), ts(e["next_reset"].as<std::string>()).to_iso()) << "next_reset";
    }
  }

  static AccountId notice_account(const Notice& n) {
    return std::visit(
        [](const auto& v) -> AccountId {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, LockoutSet> || std::is_same_v<T, LockoutCleared>) {
            return v.lockout.account_id;
          } else if constexpr (std::is_same_v<T, SettingsChanged> || std::is_same_v<T, QuotesWanted> ||
                               std::is_same_v<T, ContractNeeded>) {
            return 0;  // not one account's
          } else {
            return v.account_id;
          }
        },
        n);
  }

  static void breaches_dedup(std::multiset<std::string>& s) {
    std::set<std::string> u(s.begin(), s.end());
    s = std::multiset<std::string>(u.begin(), u.end());
  }

  fs::path file_;
  YAML::Node doc_;
  Defaults defaults_;
  Timestamp now_;
  std::unique_ptr<Engine> engine_;
  std::map<std::string, ActionRef> decided_;  // the last plan that decided each action (see `outcome`)
  std::vector<AccountId> accounts_;
  bool all_on_ = false;
};

std::vector<std::string> scenario_files() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(scenario_dir())) {
    if (e.path().extension() == ".yaml") files.push_back(e.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The behaviour catalogue must not quietly shrink (a lost file would pass silently).
TEST(Scenarios, AtLeastEightyFilesExist) { EXPECT_GE(scenario_files().size(), 80u); }

class ScenarioTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioTest, Runs) {
  const fs::path file = scenario_dir() / GetParam();
  try {
    Scenario(file).run();
  } catch (const std::exception& ex) {
    FAIL() << file << ": " << ex.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Engine, ScenarioTest, ::testing::ValuesIn(scenario_files()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param.substr(0, param.param.size() - 5);
                           for (auto& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
