#include "config/loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include <yaml-cpp/yaml.h>

#if defined(__unix__)
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "config/yaml_reader.hpp"
#include "tz/iana_zone.hpp"

namespace risk::config {

using detail::Ctx;
using detail::Field;
using detail::join;
using detail::MapReader;
using detail::quoted;

namespace {

constexpr std::int64_t kMaxContracts = 100'000;
constexpr std::int64_t kWeekSeconds = 7 * 24 * 3600;

// Reads `key` of `m` into `target` with `parse`. A key written with no value
// (`loss_limit:` or `~`) is recorded in `nulls`: an error when the rule ends up
// enabled (a required parameter is missing), ignored (default kept) when not.
template <typename T, typename Parse>
void read_into(const Ctx& ctx, MapReader& m, std::string_view key, T& target, std::vector<Field>& nulls, Parse parse) {
  auto f = m.get(key);
  if (!f) return;
  if (f->is_null()) {
    nulls.push_back(*f);
    return;
  }
  if (auto v = parse(ctx, *f)) target = *v;
}

void require_values(const Ctx& ctx, bool enabled, const std::vector<Field>& nulls, std::string_view rule_path) {
  if (!enabled) return;
  for (const auto& f : nulls) {
    ctx.error(f.at(), f.path, "the rule is enabled but '" + f.key + "' has no value",
              "write a value for " + f.key + ", or set " + std::string(rule_path) + ".enabled: false");
  }
}

auto int_in(std::int64_t lo, std::int64_t hi) {
  return [lo, hi](const Ctx& c, const Field& f) { return detail::read_int(c, f, lo, hi); };
}
auto boolean() {
  return [](const Ctx& c, const Field& f) { return detail::read_bool(c, f); };
}
auto money() {
  return [](const Ctx& c, const Field& f) { return detail::read_positive_money(c, f); };
}
auto time_of_day() {
  return [](const Ctx& c, const Field& f) { return detail::read_time(c, f); };
}
template <typename E>
auto one_of(const NameTable<E>& table) {
  return [&table](const Ctx& c, const Field& f) { return detail::read_enum(c, f, table); };
}

// ---- the thirteen rules ------------------------------------------------------

void parse_max_contracts(const Ctx& ctx, const Field& section, MaxContractsConfig& c) {
  MapReader m(ctx, section);
  std::vector<Field> nulls;
  read_into(ctx, m, "enabled", c.enabled, nulls, boolean());
  read_into(ctx, m, "limit", c.limit, nulls, int_in(1, kMaxContracts));
  read_into(ctx, m, "enforcement", c.enforcement, nulls, one_of(kMaxContractsEnforcement));
  if (auto f = m.get("lockout_minutes")) {
    if (f->is_null()) {
      c.lockout_minutes.reset();  // explicitly no lockout
    } else if (auto v = detail::read_int(ctx, *f, 1, 7 * 24 * 60)) {
      c.lockout_minutes = *v;
    }
  }
  m.finish();
  require_values(ctx, c.enabled, nulls, section.path);
}

void parse_unknown_symbol(const Ctx& ctx, const Field& f, MaxContractsPerInstrumentConfig& c) {
  using U = MaxContractsPerInstrumentConfig::UnknownSymbol;
  const std::string fix = "write block, allow or limit:N (N contracts per unlisted root, e.g. limit:1)";
  if (f.value.IsMap()) {  // `unknown_symbol: {limit: 1}` (or `limit: 1` on the next line)
    MapReader m(ctx, f);
    if (auto n = m.get("limit")) {
      if (auto v = detail::read_int(ctx, *n, 0, kMaxContracts)) {
        c.unknown_symbol = U::Limit;
        c.unknown_limit = *v;
      }
    } else {
      ctx.error(f.at(), f.path, "expected block, allow or limit:N", fix);
    }
    m.finish();
    return;
  }
  auto text = detail::read_text(ctx, f);
  if (!text) return;
  if (*text == "block") {
    c.unknown_symbol = U::Block;
    return;
  }
  if (*text == "allow") {
    c.unknown_symbol = U::Allow;
    return;
  }
  if (text->rfind("limit", 0) == 0) {
    std::string n = text->substr(5);
    n.erase(0, n.find_first_not_of(" :"));
    if (n.empty()) {
      ctx.error(f.at(), f.path, "'limit' needs a number of contracts", "write limit:N, e.g. limit:1");
      return;
    }
    Field num{f.key, f.path, f.key_mark, YAML::Node(n)};
    num.key_mark = f.at();
    if (auto v = detail::read_int(ctx, num, 0, kMaxContracts)) {
      c.unknown_symbol = U::Limit;
      c.unknown_limit = *v;
    }
    return;
  }
  const std::vector<std::string> options{"block", "allow", "limit:N"};
  const std::string near = did_you_mean(*text, options);
  ctx.error(f.at(), f.path,
            quoted(*text) + " is not block, allow or limit:N" + (near.empty() ? "" : " (did you mean '" + near + "'?)"),
            fix);
}

void parse_max_per_instrument(const Ctx& ctx, const Field& section, MaxContractsPerInstrumentConfig& c) {
  MapReader m(ctx, section);
  std::vector<Field> nulls;
  read_into(ctx, m, "enabled", c.enabled, nulls, boolean());
  if (auto f = m.get("limits")) {
    if (f->is_null()) {
      nulls.push_back(*f);
    } else {
      MapReader limits(ctx, *f);
      // Maps merge per root over what is inherited (a per-account override of MNQ keeps EP).
      std::vector<SymbolRoot> seen;
      for (const Field& item : limits.all()) {
        auto root = detail::read_root(ctx, item.key, item.key_mark, item.path);
        if (!root) continue;
        if (std::find(seen.begin(), seen.end(), *root) != seen.end()) {
          ctx.error(item.key_mark, item.path, "root " + root->str() + " is listed twice (roots are case-insensitive)",
                    "keep one entry for " + root->str());
          continue;
        }
        seen.push_back(*root);
        if (auto n = detail::read_int(ctx, item, 0, kMaxContracts)) c.limits[*root] = *n;
      }
    }
  }
  if (auto f = m.get("unknown_symbol")) {
    if (f->is_null()) {
      nulls.push_back(*f);
    } else {
      parse_unknown_symbol(ctx, *f, c);
    }
  }
  read_into(ctx, m, "enforcement", c.enforcement, nulls, one_of(kPerInstrumentEnforcement));
  m.finish();
  require_values(ctx, c.enabled, nulls, section.path);
}

void parse_daily_realized_loss(const Ctx& ctx, const Field& section, DailyRealizedLossConfig& c) {
  MapReader m(ctx, section);
  std::vector<Field> nulls;
  read_into(ctx, m, "enabled", c.enabled, nulls, boolean());
  read_into(ctx, m, "loss_limit", c.loss_limit, nulls, money());
  read_into(ctx, m, "lockout_until", c.lockout_until, nulls, one_of(kLossLockout));
  m.finish();
  require_values(ctx, c.enabled, nulls, section.path);
}

void parse_daily_unrealized_loss(const Ctx& ctx, const Field& section, DailyUnrealizedLossConfig& c) {
  MapReader m(ctx, section);
  std::vector<Field> nulls;
  read_into(ctx, m, "enabled", c.enabled, nulls, boolean());
  read_into(ctx, m, "loss_limit", c.loss_limit, nulls, money());
  read_into(ctx, m, "scope", c.scope, nulls, one_of(kUnrealizedScope));
  m.finish();
  require_values(ctx, c.enabled, nulls, section.path);
}

void parse_max_unrealized_profit(const Ctx& ctx, const Field& section, MaxUnrealizedProfitConfig& c) {
  MapReader m(ctx, section);
  std::vector<Field> nulls;
  read_into(ctx, m, "enabled", c.enabled, nulls, boolean());
  read_into(ctx, m, "mode", c.mode, nulls, one_of(kProfitMode));
  read_into(ctx, m, "profit_target", c.profit_target, nulls, money());
  read_into(ctx, m, "arm_at", c.arm_at, nulls, money());
  m.finish();
  // profit_target matters in profit_target mode, arm_at in breakeven mode.
  std::vector<Field> required;
  for (const auto& f : nulls) {
    const bool needed = f.key == "enabled" || f.key == "mode" ||
                        (f.key == "profit_target" && c.mode == MaxUnrealizedProfitConfig::Mode::ProfitTarget) ||
                        (f.key == "arm_at" && c.mode == MaxUnrealizedProfitConfig::Mode::Breakeven);
    if (needed) required.push_back(f);
  }
  require_values(ctx, c.enabled, required, section.path);
}

void parse_trade_frequency(const Ctx& ctx, const Field& section, TradeFrequencyConfig& c) {
  MapReader m(ctx, section);
  std::vector<Field> nulls;
  read_into(ctx, m, "enabled", c.enabled, nulls, boolean());
  read_into(ctx, m, "per_minute", c.per_minute, nulls, int_in(1, 1'000'000));
  read_into(ctx, m, "per_hour", c.per_hour, nulls, int_in(1, 1'000'000));
  read_into(ctx, m, "per_session", c.per_session, nulls, int_in(1, 1'000'000));
  if (auto f = m.get("cooldown_seconds")) {
    if (f->is_null()) {
      nulls.push_back(*f);
    } else {
      MapReader cd(ctx, *f);
      read_into(ctx, cd, "minute", c.minute_cooldown_seconds, nulls, int_in(1, kWeekSeconds));
      read_into(ctx, cd, "hour", c.hour_cooldown_seconds, nulls, int_in(1, kWeekSeconds));
      read_into(ctx, cd, "session", c.session_cooldown_seconds, nulls, int_in(1, kWeekSeconds));
      cd.finish();
    }
  }
  read_into(ctx, m, "session_lockout", c.session_lockout, nulls, one_of(kSessionLockout));
  m.finish();
  require_values(ctx, c.enabled, nulls, section.path);
}

void parse_cooldown_after_loss(const Ctx& ctx, const Field& section, CooldownAfterLossConfig& c) {
  MapReader m(ctx, section);
  std::vector<Field> nulls;
  read_into(ctx, m, "enabled", c.enabled, nulls, boolean());
  std::optional<Field> tiers_field = m.get("tiers");
  if (tiers_field && tiers_field->is_null()) {
    nulls.push_back(*tiers_field);
  } else if (tiers_field && !tiers_field->value.IsSequence()) {
    ctx.error(tiers_field->at(), tiers_field->path, "expected a list of tiers",
              "write tiers as a list: - {loss: -100, cooldown_seconds: 300}");
  } else if (tiers_field) {
    std::vector<LossTier> tiers;
    bool ok = true;
    std::size_t i = 0;
    for (const auto& node : tiers_field->value) {
      const std::string path = tiers_field->path + "[" + std::to_string(i++) + "]";
      MapReader t(ctx, node, path, node.Mark());
      if (!t.valid()) {
        ok = false;
        continue;
      }
      LossTier tier;
      auto loss = t.get("loss");
      auto secs = t.get("cooldown_seconds");
      if (!loss || !secs) {
        ctx.error(node.Mark(), path,
                  std::string("a tier needs both loss and cooldown_seconds") +
                      (!loss ? " (loss is missing)" : " (cooldown_seconds is missing)"),
                  "write - {loss: -100, cooldown_seconds: 300}");
        ok = false;
      }
      if (loss) {
        if (auto d = detail::read_decimal(ctx, *loss)) {
          if (!d->is_negative()) {
            ctx.error(loss->at(), loss->path, d->to_string() + " is not a loss",
                      "write the tier's loss as a negative amount: -" + d->abs().to_string() + " means a loss of " +
                          d->abs().to_string() + " or more");
            ok = false;
          }
          tier.loss = *d;
        } else {
          ok = false;
        }
      }
      if (secs) {
        if (auto s = detail::read_int(ctx, *secs, 1, kWeekSeconds)) {
          tier.seconds = *s;
        } else {
          ok = false;
        }
      }
      t.finish();
      if (ok && std::any_of(tiers.begin(), tiers.end(), [&](const LossTier& x) { return x.loss == tier.loss; })) {
        ctx.error(node.Mark(), path, "a second tier for a loss of " + tier.loss.to_string(),
                  "keep one tier per loss amount");
        ok = false;
      }
      tiers.push_back(tier);
    }
    if (ok) {
      // Least severe first (-100, -200, -300), whatever order the file used.
      std::sort(tiers.begin(), tiers.end(), [](const LossTier& a, const LossTier& b) { return a.loss > b.loss; });
      c.tiers = std::move(tiers);
    }
  }
  m.finish();
  require_values(ctx, c.enabled, nulls, section.path);
  if (c.enabled && c.tiers.empty() && tiers_field && !tiers_field->is_null()) {
    ctx.error(
        tiers_field->at(), tiers_field->path, "the rule is enabled but has no tiers",
        "add at least one tier (- {loss: -100, cooldown_seconds: 300}) or set " + section.path + ".enabled: false");
  }
}

void parse_no_stop_loss_grace(const Ctx& ctx, const Field& section, NoStopLossGraceConfig& c) {
  MapReader m(ctx, section);
  std::vector<Field> nulls;
  read_into(ctx, m, "enabled", c.enabled, nulls, boolean());
  read_into(ctx, m, "grace_period_seconds", c.grace_period_seconds, nulls, int_in(1, 86'400));
  m.finish();
  require_values(ctx, c.enabled, nulls, section.path);
}

void check_window(const Ctx& ctx, const SessionWindow& w, const YAML::Mark& at, const std::string& path) {
  if (w.start == w.end) {
    ctx.error(at, path, "session end equals its start (" + time_text(w.start) + "), a window of no time",
              "set end to the time trading stops (a window may wrap midnight, e.g. start \"17:00\" end "
              "\"16:00\"); to allow trading at any time set enabled: false");
  }
}

void parse_session_block(const Ctx& ctx, const Field& section, SessionBlockConfig& c) {
  MapReader m(ctx, section);
  std::vector<Field> nulls;
  read_into(ctx, m, "enabled", c.enabled, nulls, boolean());
  auto start = m.get("start");
  auto end = m.get("end");
  if (start) read_into(ctx, m, "start", c.window.start, nulls, time_of_day());
  if (end) read_into(ctx, m, "end", c.window.end, nulls, time_of_day());
  if (auto f = m.get("timezone")) {
    if (f->is_null()) {
      nulls.push_back(*f);
    } else {
      std::string name;
      if (auto z = detail::read_zone(ctx, *f, name)) {
        c.timezone = *z;
        c.timezone_name = name;
      }
    }
  }
  if (auto f = m.get("sessions")) {
    if (!f->is_null()) {
      MapReader roots(ctx, *f);
      std::vector<SymbolRoot> seen;
      for (const Field& item : roots.all()) {
        auto root = detail::read_root(ctx, item.key, item.key_mark, item.path);
        MapReader w(ctx, item);
        auto s = w.get("start");
        auto e = w.get("end");
        w.finish();
        if (!w.valid()) continue;
        if (!s || !e) {
          ctx.error(
              item.key_mark, item.path,
              std::string("a session needs both start and end") + (!s ? " (start is missing)" : " (end is missing)"),
              "write " + item.key + ": {start: \"08:30\", end: \"15:00\"}");
          continue;
        }
        auto st = detail::read_time(ctx, *s);
        auto en = detail::read_time(ctx, *e);
        if (!root || !st || !en) continue;
        if (std::find(seen.begin(), seen.end(), *root) != seen.end()) {
          ctx.error(item.key_mark, item.path, "root " + root->str() + " is listed twice (roots are case-insensitive)",
                    "keep one entry for " + root->str());
          continue;
        }
        seen.push_back(*root);
        const SessionWindow window{*st, *en};
        check_window(ctx, window, s->at(), item.path);
        c.per_root[*root] = window;
      }
    }
  }
  read_into(ctx, m, "close_at_session_end", c.close_at_session_end, nulls, boolean());
  m.finish();
  require_values(ctx, c.enabled, nulls, section.path);
  if (start || end) check_window(ctx, c.window, (end ? *end : *start).at(), join(section.path, end ? "end" : "start"));
}

void parse_auth_loss_guard(const Ctx& ctx, const Field& section, AuthLossGuardConfig& c) {
  MapReader m(ctx, section);
  std::vector<Field> nulls;
  read_into(ctx, m, "enabled", c.enabled, nulls, boolean());
  read_into(ctx, m, "auto_unlock", c.auto_unlock, nulls, boolean());
  m.finish();
  require_values(ctx, c.enabled, nulls, section.path);
}

void parse_symbol_blocks(const Ctx& ctx, const Field& section, SymbolBlocksConfig& c) {
  MapReader m(ctx, section);
  std::vector<Field> nulls;
  read_into(ctx, m, "enabled", c.enabled, nulls, boolean());
  if (auto f = m.get("blocked_symbols")) {
    if (f->is_null()) {
      c.blocked_symbols.clear();  // `blocked_symbols:` with nothing: no root is blocked
    } else if (!f->value.IsSequence()) {
      ctx.error(f->at(), f->path, "expected a list of roots", "write blocked_symbols: [EP, ENQ]");
    } else {
      std::vector<SymbolRoot> roots;
      std::size_t i = 0;
      bool ok = true;
      for (const auto& node : f->value) {
        const std::string path = f->path + "[" + std::to_string(i++) + "]";
        Field item{f->key, path, node.Mark(), node};
        auto text = detail::read_text(ctx, item);
        if (!text) {
          ok = false;
          continue;
        }
        auto root = detail::read_root(ctx, *text, node.Mark(), path);
        if (!root) {
          ok = false;
          continue;
        }
        if (std::find(roots.begin(), roots.end(), *root) == roots.end()) roots.push_back(*root);
      }
      if (ok) c.blocked_symbols = std::move(roots);
    }
  }
  read_into(ctx, m, "close_existing", c.close_existing, nulls, boolean());
  m.finish();
  require_values(ctx, c.enabled, nulls, section.path);
}

void parse_trade_management(const Ctx& ctx, const Field& section, TradeManagementConfig& c) {
  MapReader m(ctx, section);
  std::vector<Field> nulls;
  read_into(ctx, m, "enabled", c.enabled, nulls, boolean());
  std::optional<YAML::Mark> breakeven_at;
  if (auto f = m.get("breakeven")) {
    if (!f->is_null()) {
      breakeven_at = f->at();
      MapReader b(ctx, *f);
      if (auto off = b.get("offset_ticks"); off && !off->is_null()) breakeven_at = off->at();
      read_into(ctx, b, "enabled", c.breakeven_enabled, nulls, boolean());
      read_into(ctx, b, "trigger_ticks", c.breakeven_trigger_ticks, nulls, int_in(1, 100'000));
      read_into(ctx, b, "offset_ticks", c.breakeven_offset_ticks, nulls, int_in(0, 100'000));
      b.finish();
    }
  }
  if (auto f = m.get("trailing")) {
    if (!f->is_null()) {
      MapReader t(ctx, *f);
      read_into(ctx, t, "enabled", c.trailing_enabled, nulls, boolean());
      read_into(ctx, t, "activation_ticks", c.trailing_activation_ticks, nulls, int_in(1, 100'000));
      read_into(ctx, t, "distance_ticks", c.trailing_distance_ticks, nulls, int_in(1, 100'000));
      t.finish();
    }
  }
  m.finish();
  require_values(ctx, c.enabled, nulls, section.path);
  if (breakeven_at && c.enabled && c.breakeven_enabled && c.breakeven_offset_ticks >= c.breakeven_trigger_ticks) {
    ctx.error(*breakeven_at, section.path + ".breakeven.offset_ticks",
              "offset_ticks (" + std::to_string(c.breakeven_offset_ticks) + ") must be below trigger_ticks (" +
                  std::to_string(c.breakeven_trigger_ticks) + "): the stop would sit at or beyond the price",
              "lower offset_ticks or raise trigger_ticks");
  }
}

void parse_daily_realized_profit(const Ctx& ctx, const Field& section, DailyRealizedProfitConfig& c) {
  MapReader m(ctx, section);
  std::vector<Field> nulls;
  read_into(ctx, m, "enabled", c.enabled, nulls, boolean());
  read_into(ctx, m, "profit_target", c.profit_target, nulls, money());
  m.finish();
  require_values(ctx, c.enabled, nulls, section.path);
}

// Applies `rules:` (or an account's `rule_overrides:`) over `rules`, key by key.
void parse_rules(const Ctx& ctx, const Field& section, RulesConfig& rules) {
  MapReader m(ctx, section);
  if (!m.valid()) return;
  auto each = [&](std::string_view key, auto parse, auto& target) {
    if (auto f = m.get(key)) parse(ctx, *f, target);
  };
  each("max_contracts", parse_max_contracts, rules.max_contracts);
  each("max_contracts_per_instrument", parse_max_per_instrument, rules.max_contracts_per_instrument);
  each("daily_realized_loss", parse_daily_realized_loss, rules.daily_realized_loss);
  each("daily_unrealized_loss", parse_daily_unrealized_loss, rules.daily_unrealized_loss);
  each("max_unrealized_profit", parse_max_unrealized_profit, rules.max_unrealized_profit);
  each("trade_frequency_limit", parse_trade_frequency, rules.trade_frequency_limit);
  each("cooldown_after_loss", parse_cooldown_after_loss, rules.cooldown_after_loss);
  each("no_stop_loss_grace", parse_no_stop_loss_grace, rules.no_stop_loss_grace);
  each("session_block_outside", parse_session_block, rules.session_block_outside);
  each("auth_loss_guard", parse_auth_loss_guard, rules.auth_loss_guard);
  each("symbol_blocks", parse_symbol_blocks, rules.symbol_blocks);
  each("trade_management", parse_trade_management, rules.trade_management);
  each("daily_realized_profit", parse_daily_realized_profit, rules.daily_realized_profit);
  m.finish();
}

// ---- global, gateway, event server, paths -------------------------------------

void parse_global(const Ctx& ctx, const Field& section, GlobalSettings& g) {
  MapReader m(ctx, section);
  std::vector<Field> nulls;
  read_into(ctx, m, "reset_time", g.reset_time, nulls, time_of_day());
  if (auto f = m.get("timezone")) {
    std::string name;
    if (f->is_null()) {
      nulls.push_back(*f);
    } else if (detail::read_zone(ctx, *f, name)) {
      g.timezone_name = name;
    }
  }
  read_into(ctx, m, "include_fees", g.include_fees, nulls, boolean());
  read_into(ctx, m, "mark_price", g.mark_price, nulls, one_of(kMarkPrice));
  read_into(ctx, m, "max_quote_age_seconds", g.max_quote_age_seconds, nulls, int_in(1, 3600));
  read_into(ctx, m, "max_blind_seconds", g.max_blind_seconds, nulls, int_in(1, 300));
  if (auto f = m.get("holidays")) {
    if (f->is_null()) {
      g.holidays.clear();
    } else if (!f->value.IsSequence()) {
      ctx.error(f->at(), f->path, "expected a list of dates", "write holidays: [2026-12-25, 2027-01-01]");
    } else {
      std::vector<CivilDate> days;
      std::size_t i = 0;
      for (const auto& node : f->value) {
        const std::string path = f->path + "[" + std::to_string(i++) + "]";
        if (auto d = detail::read_date(ctx, *f, node.Mark(), path, node)) days.push_back(*d);
      }
      std::sort(days.begin(), days.end());
      days.erase(std::unique(days.begin(), days.end()), days.end());
      g.holidays = std::move(days);
    }
  }
  read_into(ctx, m, "warn_at_percent", g.warn_at_percent, nulls, int_in(1, 100));
  read_into(ctx, m, "settings_lock", g.settings_lock, nulls, one_of(kSettingsLock));
  m.finish();
  for (const auto& f : nulls) {
    ctx.error(f.at(), f.path, "has no value", "write a value or remove the key to use the default");
  }
}

void check_url(const Ctx& ctx, const Field& f, const std::string& url, bool hub) {
  const bool https = url.rfind("https://", 0) == 0 || (hub && url.rfind("wss://", 0) == 0);
  const bool plain = url.rfind("http://", 0) == 0 || (hub && url.rfind("ws://", 0) == 0);
  const std::size_t scheme_end = url.find("://");
  const bool has_host = scheme_end != std::string::npos && url.size() > scheme_end + 3 && url[scheme_end + 3] != '/';
  if ((!https && !plain) || !has_host) {
    ctx.error(f.at(), f.path, quoted(url) + " is not an https:// URL",
              hub ? "write a URL such as https://rtc.topstepx.com/hubs/user"
                  : "write a URL such as https://api.topstepx.com");
    return;
  }
  if (plain) {
    ctx.warning(f.at(), f.path, "plain-text URL: the API key and tokens would cross the network unencrypted",
                "use https:// (the simulator serves TLS; point ca_file at its certificate)");
  }
}

void parse_gateway(const Ctx& ctx, const Field& section, GatewaySettings& g) {
  MapReader m(ctx, section);
  auto url = [&](std::string_view key, std::string& target, bool hub) {
    if (auto f = m.get(key)) {
      if (auto text = detail::read_text(ctx, *f)) {
        std::string u = *text;
        while (u.size() > 8 && u.back() == '/') u.pop_back();
        check_url(ctx, *f, u, hub);
        target = u;
      }
    }
  };
  url("rest_base_url", g.rest_base_url, false);
  url("user_hub_url", g.user_hub_url, true);
  url("market_hub_url", g.market_hub_url, true);
  if (auto f = m.get("ca_file")) {
    if (f->is_null()) {
      g.ca_file.clear();
    } else if (auto text = detail::read_text(ctx, *f)) {
      std::ifstream probe(*text);
      if (!probe) {
        ctx.error(f->at(), f->path, "cannot read CA file " + quoted(*text) + " (" + std::strerror(errno) + ")",
                  "point ca_file at the simulator's certificate (PEM), or remove the key to use the system trust "
                  "store only");
      } else {
        g.ca_file = *text;
      }
    }
  }
  std::vector<Field> nulls;
  read_into(ctx, m, "connect_timeout_seconds", g.connect_timeout_seconds, nulls, int_in(1, 600));
  read_into(ctx, m, "request_timeout_seconds", g.request_timeout_seconds, nulls, int_in(1, 600));
  read_into(ctx, m, "rate_limit_per_minute", g.rate_limit_per_minute, nulls, int_in(1, 1'000'000));
  m.finish();
  for (const auto& f : nulls) ctx.error(f.at(), f.path, "has no value", "write a value or remove the key");
}

bool is_loopback(std::string_view host) { return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0; }

void parse_event_server(const Ctx& ctx, const Field& section, EventServerSettings& e) {
  MapReader m(ctx, section);
  if (auto f = m.get("host")) {
    if (auto text = detail::read_text(ctx, *f)) {
      e.host = *text;
      if (!is_loopback(e.host)) {
        ctx.warning(f->at(), f->path,
                    quoted(e.host) + " is not a loopback address: dashboards on other machines could connect",
                    "use 127.0.0.1 unless you put an authenticating proxy in front");
      }
    }
  }
  if (auto f = m.get("port")) {
    if (auto p = detail::read_int(ctx, *f, 1, 65535)) e.port = static_cast<std::uint16_t>(*p);
  }
  m.finish();
}

void parse_paths(const Ctx& ctx, const Field& section, PathSettings& p) {
  MapReader m(ctx, section);
  if (auto f = m.get("data_dir")) {
    if (auto t = detail::read_text(ctx, *f)) p.data_dir = *t;
  }
  if (auto f = m.get("log_dir")) {
    if (auto t = detail::read_text(ctx, *f)) p.log_dir = *t;
  }
  m.finish();
}

// ---- files -------------------------------------------------------------------

std::optional<YAML::Node> parse_yaml(const Ctx& ctx, std::string_view text) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    ctx.error(e.mark, "", "not valid YAML: " + e.msg,
              "check the indentation (spaces, not tabs) and the quoting around this line");
    return std::nullopt;
  }
}

struct RiskFile {
  GlobalSettings global;
  RulesConfig rules;
  GatewaySettings gateway;
  EventServerSettings event_server;
  PathSettings paths;
};

void parse_risk_config(const Ctx& ctx, const YAML::Node& doc, RiskFile& out) {
  MapReader top(ctx, doc, "", doc.Mark());
  if (!top.valid()) return;
  if (auto f = top.get("global")) parse_global(ctx, *f, out.global);
  if (auto f = top.get("rules")) parse_rules(ctx, *f, out.rules);
  if (auto f = top.get("gateway")) parse_gateway(ctx, *f, out.gateway);
  if (auto f = top.get("event_server")) parse_event_server(ctx, *f, out.event_server);
  if (auto f = top.get("paths")) parse_paths(ctx, *f, out.paths);
  if (auto f = top.get("accounts")) {
    ctx.error(f->key_mark, "accounts", "accounts belong in accounts.yaml",
              "move this section to accounts.yaml (it holds API keys and is readable by the daemon's user only)");
  }
  top.finish();
}

// Resolves the session zone (and the global zone) so the engine never loads one.
void resolve_zones(RulesConfig& rules) {
  if (!rules.session_block_outside.timezone) {
    auto z = tz::load(rules.session_block_outside.timezone_name);
    if (z) rules.session_block_outside.timezone = *z;
  }
}

struct AccountsFile {
  std::vector<AccountSettings> accounts;
  std::vector<AccountCredential> credentials;
};

void parse_accounts(const Ctx& ctx, const YAML::Node& doc, const GlobalSettings& global, const RulesConfig& rules,
                    AccountsFile& out, std::vector<Secret>& secrets_seen) {
  MapReader top(ctx, doc, "", doc.Mark());
  if (!top.valid()) return;
  auto list = top.get("accounts");
  for (const char* misplaced : {"global", "rules", "gateway", "event_server", "paths"}) {
    if (auto f = top.get(misplaced)) {
      ctx.error(f->key_mark, f->path, "this section belongs in risk_config.yaml", "move it to risk_config.yaml");
    }
  }
  top.finish();
  if (!list || list->is_null()) {
    ctx.error(list ? list->at() : doc.Mark(), "accounts", "no accounts are configured",
              "add at least one account: accounts: [{account_id: 123, username: ..., api_key: ${RISK_API_KEY}}]");
    return;
  }
  if (!list->value.IsSequence()) {
    ctx.error(list->at(), "accounts", "expected a list of accounts", "start each account with '- account_id: ...'");
    return;
  }
  if (list->value.size() == 0) {
    ctx.error(list->at(), "accounts", "no accounts are configured",
              "add at least one account: - {account_id: 123, username: ..., api_key: ${RISK_API_KEY}}");
    return;
  }
  auto default_zone = tz::load(global.timezone_name);
  std::size_t index = 0;
  std::vector<std::pair<AccountId, int>> ids;  // id, line
  for (const auto& node : list->value) {
    const std::string path = "accounts[" + std::to_string(index++) + "]";
    MapReader m(ctx, node, path, node.Mark());
    if (!m.valid()) continue;
    AccountSettings a;
    a.reset_time = global.reset_time;
    a.timezone_name = global.timezone_name;
    a.timezone = default_zone ? *default_zone : nullptr;
    a.rules = rules;
    AccountCredential cred;
    bool ok = true;

    auto id = m.get("account_id");
    if (!id) {
      ctx.error(node.Mark(), path + ".account_id", "missing", "add account_id: <the account's numeric id>");
      ok = false;
    } else if (auto v = detail::read_int64(ctx, *id, 1, std::numeric_limits<std::int64_t>::max())) {
      a.account_id = *v;
      const int line = id->at().line + 1;
      const auto dup = std::find_if(ids.begin(), ids.end(), [&](const auto& p) { return p.first == *v; });
      if (dup != ids.end()) {
        ctx.error(id->at(), id->path,
                  "duplicate account id " + std::to_string(*v) + " (first at line " + std::to_string(dup->second) + ")",
                  "list each account once; give per-account settings in that one entry");
        ok = false;
      } else {
        ids.emplace_back(*v, line);
      }
    } else {
      ok = false;
    }

    auto user = m.get("username");
    if (!user) {
      ctx.error(node.Mark(), path + ".username", "missing", "add username: <the gateway user name>");
      ok = false;
    } else if (auto t = detail::read_text(ctx, *user, true)) {
      cred.username = *t;
    } else {
      ok = false;
    }

    auto key = m.get("api_key");
    if (!key) {
      ctx.error(node.Mark(), path + ".api_key", "missing",
                "add api_key: ${RISK_API_KEY_<ID>} and export that variable, or write the key (keep the file mode "
                "600)");
      ok = false;
    } else if (key->value.IsDefined() && !key->value.IsNull() && !key->value.IsScalar()) {
      ctx.error(key->at(), key->path, "expected a single value (the API key)", "write api_key: <key> on one line");
      ok = false;
    } else if (auto t = detail::read_text(ctx, *key, true)) {
      cred.api_key = Secret(*t);
      secrets_seen.push_back(cred.api_key);
    } else {
      ok = false;
    }
    if (key && key->value.IsScalar() && key->value.Scalar().find("${") == std::string::npos) {
      secrets_seen.emplace_back(key->value.Scalar());  // the key as written, even when it was rejected
    }

    std::vector<Field> nulls;
    read_into(ctx, m, "enabled", a.enabled, nulls, boolean());
    if (auto f = m.get("nickname")) {
      if (!f->is_null()) {
        if (auto t = detail::read_text(ctx, *f)) a.nickname = *t;
      }
    }
    read_into(ctx, m, "reset_time", a.reset_time, nulls, time_of_day());
    if (auto f = m.get("timezone")) {
      if (f->is_null()) {
        nulls.push_back(*f);
      } else {
        std::string name;
        if (auto z = detail::read_zone(ctx, *f, name)) {
          a.timezone = *z;
          a.timezone_name = name;
        }
      }
    }
    for (const auto& f : nulls) {
      ctx.error(f.at(), f.path, "has no value", "write a value or remove the key to use the global default");
    }
    if (auto f = m.get("rule_overrides")) {
      Field section = *f;
      parse_rules(ctx, section, a.rules);
      resolve_zones(a.rules);
    }
    m.finish();
    if (ok) {
      cred.account_id = a.account_id;
      out.credentials.push_back(std::move(cred));
      out.accounts.push_back(std::move(a));
    }
  }
}

std::optional<std::string> read_file(const Ctx& ctx, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    ctx.error(YAML::Mark::null_mark(), "", std::string("cannot open the file (") + std::strerror(err) + ")",
              "check the path; the shipped examples are in config/");
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

#if defined(__unix__)
std::string group_name_of(gid_t gid, std::vector<std::string>* members) {
  std::vector<char> buf(16384);
  struct group gr {};
  struct group* found = nullptr;
  if (::getgrgid_r(gid, &gr, buf.data(), buf.size(), &found) != 0 || found == nullptr) return std::to_string(gid);
  if (members != nullptr) {
    for (char** m = gr.gr_mem; m != nullptr && *m != nullptr; ++m) members->emplace_back(*m);
  }
  return gr.gr_name;
}

std::string user_name_of(uid_t uid) {
  std::vector<char> buf(16384);
  struct passwd pw {};
  struct passwd* found = nullptr;
  if (::getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) != 0 || found == nullptr) return std::to_string(uid);
  return pw.pw_name;
}
#endif

bool check_permissions(const Ctx& ctx, const std::string& path, bool allow) {
#if defined(__unix__)
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return true;  // reported when it is read
  FileOwnership file;
  file.mode = static_cast<unsigned>(st.st_mode) & 0777u;
  if ((file.mode & 0077u) == 0) return true;
  file.uid = st.st_uid;
  file.gid = st.st_gid;
  file.owner_name = user_name_of(st.st_uid);
  file.group_name = group_name_of(st.st_gid, &file.group_members);
  ProcessIdentity me;
  me.euid = ::geteuid();
  me.egid = ::getegid();
  me.user_name = user_name_of(me.euid);
  me.group_name = group_name_of(me.egid, nullptr);
  const auto problem = secret_file_problem(file, me);
  if (!problem) return true;
  if (allow) {
    ctx.warning(YAML::Mark::null_mark(), "", *problem + "; accepted because insecure permissions are allowed",
                "chmod 600 " + path + " before production use");
    return true;
  }
  ctx.error(YAML::Mark::null_mark(), "", *problem,
            "chmod 600 " + path + " (owned by the daemon's user), or chown root:" + me.group_name + " " + path +
                " and chmod 640 (group: the daemon's own, with no other members); for development only, start "
                "with --allow-insecure-config");
  return false;
#else
  // No POSIX modes on Windows: the installer (risk-admin service install,
  // src/service/service_control_win.cpp) gives the configuration directory an
  // ACL readable by SYSTEM, Administrators and the service account only.
  (void)ctx;
  (void)path;
  (void)allow;
  return true;
#endif
}

LoadResult finish(std::vector<Diagnostic> diagnostics, RiskFile risk, AccountsFile accounts,
                  const std::vector<Secret>& secrets) {
  for (auto& d : diagnostics) {
    for (const auto& s : secrets) {
      d.message = scrub(std::move(d.message), s);
      d.fix = scrub(std::move(d.fix), s);
      d.key_path = scrub(std::move(d.key_path), s);
    }
  }
  LoadResult result;
  if (!has_errors(diagnostics)) {
    auto settings = std::make_shared<EngineSettings>();
    settings->global = risk.global;
    settings->accounts = std::move(accounts.accounts);
    DaemonConfig config;
    config.settings = std::move(settings);
    config.credentials = std::move(accounts.credentials);
    config.gateway = std::move(risk.gateway);
    config.event_server = std::move(risk.event_server);
    config.paths = std::move(risk.paths);
    result.config = std::move(config);
  }
  result.diagnostics = std::move(diagnostics);
  return result;
}

LoadResult load_texts(std::optional<std::string> accounts_text, const std::string& accounts_name,
                      std::optional<std::string> risk_text, const std::string& risk_name, const EnvLookup& env,
                      std::vector<Diagnostic> diagnostics) {
  const EnvLookup lookup = env ? env : process_environment();
  const Ctx risk_ctx{risk_name, &diagnostics, &lookup};
  const Ctx accounts_ctx{accounts_name, &diagnostics, &lookup};
  RiskFile risk;
  if (risk_text) {
    if (auto doc = parse_yaml(risk_ctx, *risk_text)) parse_risk_config(risk_ctx, *doc, risk);
  }
  resolve_zones(risk.rules);
  AccountsFile accounts;
  std::vector<Secret> secrets;
  if (accounts_text) {
    if (auto doc = parse_yaml(accounts_ctx, *accounts_text)) {
      parse_accounts(accounts_ctx, *doc, risk.global, risk.rules, accounts, secrets);
    }
  }
  return finish(std::move(diagnostics), std::move(risk), std::move(accounts), secrets);
}

}  // namespace

EnvLookup process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

std::optional<std::string> expand_env(std::string_view text, const EnvLookup& env, std::string& missing) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = text.find("${", i);
    if (open == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, open - i));
    const std::size_t close = text.find('}', open + 2);
    if (close == std::string_view::npos) {
      missing = "${";
      return std::nullopt;
    }
    std::string_view inner = text.substr(open + 2, close - open - 2);
    std::optional<std::string_view> fallback;
    if (const std::size_t d = inner.find(":-"); d != std::string_view::npos) {
      fallback = inner.substr(d + 2);
      inner = inner.substr(0, d);
    }
    const bool valid_name =
        !inner.empty() && (std::isalpha(static_cast<unsigned char>(inner[0])) != 0 || inner[0] == '_') &&
        std::all_of(inner.begin(), inner.end(),
                    [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; });
    if (!valid_name) {
      missing = "${";
      return std::nullopt;
    }
    std::optional<std::string> value = env ? env(inner) : std::nullopt;
    if (value && value->empty() && fallback) value.reset();  // ${VAR:-x}: empty counts as unset, as in sh
    if (!value && fallback) value = std::string(*fallback);
    if (!value) {
      missing = std::string(inner);
      return std::nullopt;
    }
    out += *value;
    i = close + 1;
  }
  return out;
}

std::string_view root_for_ticker(std::string_view ticker) noexcept {
  // The documented differences (shared/spec/gateway-api.md). Micro contracts
  // (MES, MNQ, MYM, ...) use their ticker as the root.
  struct Pair {
    std::string_view ticker, root;
  };
  static constexpr Pair kPairs[] = {{"ES", "EP"}, {"NQ", "ENQ"}, {"6E", "EU6"}, {"ZB", "USA"}};
  for (const auto& p : kPairs) {
    if (p.ticker == ticker) return p.root;
  }
  return {};
}

std::optional<std::string> secret_file_problem(const FileOwnership& file, const ProcessIdentity& me) {
  const unsigned mode = file.mode & 0777u;
  if ((mode & 0077u) == 0) return std::nullopt;
  char octal[8];
  std::snprintf(octal, sizeof octal, "%04o", mode);
  const std::string what = std::string("holds API keys but group or others may access it (mode ") + octal + ")";
  if ((mode & 0007u) != 0) return what;
  if ((mode & 0070u) != 0040u) return what + ": its group may do more than read it";
  if (file.gid != me.egid) {
    return what + ": its group " + file.group_name + " is not the daemon's group " + me.group_name;
  }
  if (file.uid != 0 && file.uid != me.euid) {
    return what + ": it is owned by " + file.owner_name + ", neither root nor the daemon's user";
  }
  std::string others;
  for (const auto& m : file.group_members) {
    if (m == me.user_name) continue;
    others += (others.empty() ? "" : ", ") + m;
  }
  if (!others.empty()) return what + ": its group " + file.group_name + " also has the members " + others;
  return std::nullopt;
}

std::string LoadResult::report() const { return format_diagnostics(diagnostics); }

LoadResult load_config(const LoadOptions& options) {
  std::vector<Diagnostic> diagnostics;
  const Ctx risk_ctx{options.risk_config_file, &diagnostics, nullptr};
  const Ctx accounts_ctx{options.accounts_file, &diagnostics, nullptr};
  auto risk_text = read_file(risk_ctx, options.risk_config_file);
  std::optional<std::string> accounts_text;
  if (check_permissions(accounts_ctx, options.accounts_file, options.allow_insecure_permissions)) {
    accounts_text = read_file(accounts_ctx, options.accounts_file);
  }
  return load_texts(std::move(accounts_text), options.accounts_file, std::move(risk_text), options.risk_config_file,
                    options.env, std::move(diagnostics));
}

LoadResult load_config_text(std::string_view accounts_yaml, std::string_view accounts_name,
                            std::string_view risk_config_yaml, std::string_view risk_config_name,
                            const EnvLookup& env) {
  return load_texts(std::string(accounts_yaml), std::string(accounts_name), std::string(risk_config_yaml),
                    std::string(risk_config_name), env, {});
}

}  // namespace risk::config
