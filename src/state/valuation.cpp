#include "state/valuation.hpp"

namespace risk {

std::string_view to_string(ValuationGap g) noexcept {
  switch (g) {
    case ValuationGap::None:
      return "ok";
    case ValuationGap::NoQuote:
      return "no quote yet";
    case ValuationGap::StaleQuote:
      return "quote is stale";
    case ValuationGap::NoContract:
      return "contract tick size/value unknown";
  }
  return "unknown";
}

std::optional<QuotePrice> mark_for(const Position& p, const QuoteState& q, MarkPriceMode mode) noexcept {
  if (mode == MarkPriceMode::Last) return q.last;
  return p.is_short() ? q.ask : q.bid;
}

Decimal unrealized_pnl(const Position& p, Decimal mark, const Contract& c) noexcept {
  const Decimal diff = p.is_short() ? p.average_price - mark : mark - p.average_price;
  return Decimal::mul_div(diff * p.size, c.tick_value, c.tick_size);
}

Valuation value_position(const Position& p, const QuoteState* q, const Contract* c, MarkPriceMode mode, Timestamp now,
                         Duration max_age) noexcept {
  Valuation v;
  if (c == nullptr || c->tick_size.is_zero()) {
    v.gap = ValuationGap::NoContract;
    return v;
  }
  const std::optional<QuotePrice> m = q != nullptr ? mark_for(p, *q, mode) : std::nullopt;
  if (!m) {
    v.gap = ValuationGap::NoQuote;
    return v;
  }
  v.mark = m->price;
  if (now - m->received > max_age) {
    v.gap = ValuationGap::StaleQuote;
    return v;
  }
  v.pnl = unrealized_pnl(p, m->price, *c);
  return v;
}

}  // namespace risk
