#include <algorithm>

#include "rules/rules.hpp"

namespace risk {

std::string money(Decimal d) { return d.to_string_fixed(2); }

std::optional<std::int64_t> percent_of(Decimal used, Decimal limit) {
  if (!limit.is_positive()) return std::nullopt;
  if (!used.is_positive()) return 0;
  return Decimal::mul_div(used, 100, limit).raw() / Decimal::kUnit;
}

std::int64_t percent_of(std::int64_t used, std::int64_t limit) {
  if (limit <= 0) return used > 0 ? 100 : 0;
  return used * 100 / limit;
}

Lockout make_lockout(const RuleInput& in, RuleId rule, LockoutKind kind, std::optional<Timestamp> until,
                     std::string reason, SymbolRoot symbol) {
  Lockout l;
  l.account_id = in.account.id;
  l.rule = rule;
  l.symbol = symbol;
  l.kind = kind;
  l.set_at = in.now;
  // Ends are kept (and written) to the millisecond, rounded up: never shorter.
  if (until && *until != Timestamp::max()) {
    constexpr std::int64_t kMs = 1'000'000;
    const std::int64_t ns = until->ns();
    const std::int64_t rem = ((ns % kMs) + kMs) % kMs;
    l.until = rem == 0 ? *until : Timestamp::from_ns(ns - rem + kMs);
  } else {
    l.until = until;
  }
  l.reason = std::move(reason);
  return l;
}

Timestamp cooldown_end(Timestamp event_time, Timestamp now, std::int64_t seconds_long) {
  const Timestamp start = event_time < now ? event_time : now;
  return start + seconds(seconds_long);
}

}  // namespace risk

namespace risk::rules {

OpenPnl open_pnl(const RuleInput& in) {
  OpenPnl out;
  for (const auto& s : in.account.positions.all()) {
    const Valuation v = in.value(s.position);
    if (!v.known()) {
      out.all_valued = false;
      continue;
    }
    out.total += v.pnl;
    out.worst = std::min(out.worst, v.pnl);
    out.best = std::max(out.best, v.pnl);
  }
  return out;
}

}  // namespace risk::rules
