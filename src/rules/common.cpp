#include "rules/rule.hpp"

namespace risk {

std::string money(Decimal d) { return d.to_string_fixed(2); }

Lockout make_lockout(const RuleInput& in, RuleId rule, LockoutKind kind, std::optional<Timestamp> until,
                     std::string reason, SymbolRoot symbol) {
  Lockout l;
  l.account_id = in.account.id;
  l.rule = rule;
  l.symbol = symbol;
  l.kind = kind;
  l.set_at = in.now;
  l.until = until;
  l.reason = std::move(reason);
  return l;
}

Timestamp cooldown_end(Timestamp event_time, Timestamp now, std::int64_t seconds_long) {
  const Timestamp start = event_time < now ? event_time : now;
  return start + seconds(seconds_long);
}

}  // namespace risk
