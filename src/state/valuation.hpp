#pragma once
// Unrealized P&L of a position, derived on demand from the quote and the
// contract (never stored): (mark - averagePrice) / tickSize x tickValue x size,
// negated for shorts. No quote, a stale quote or unknown tick values mean the
// position is not judged on price, and why is reported.
#include <string_view>

#include "core/settings.hpp"
#include "state/position_book.hpp"
#include "state/quote_book.hpp"

namespace risk {

enum class ValuationGap : std::uint8_t { None, NoQuote, StaleQuote, NoContract };
std::string_view to_string(ValuationGap g) noexcept;

struct Valuation {
  ValuationGap gap = ValuationGap::None;
  Decimal mark;
  Decimal pnl;
  [[nodiscard]] bool known() const noexcept { return gap == ValuationGap::None; }
};

// The mark for a position: last price, or bid for a long / ask for a short.
std::optional<QuotePrice> mark_for(const Position& p, const QuoteState& q, MarkPriceMode mode) noexcept;

Decimal unrealized_pnl(const Position& p, Decimal mark, const Contract& c) noexcept;

Valuation value_position(const Position& p, const QuoteState* q, const Contract* c, MarkPriceMode mode, Timestamp now,
                         Duration max_age) noexcept;

}  // namespace risk
