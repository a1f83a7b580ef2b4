#pragma once
// MOD-005: realized P&L of the current trading day for one account.
// Realized = sum of profitAndLoss of the day's non-voided closing fills, minus
// fees and commissions of all the day's non-voided fills when include_fees.
// Trades are deduplicated by id (the gateway re-sends them); a fill that is
// later voided is taken back out.
#include <unordered_map>

#include "core/domain.hpp"
#include "state/trading_day.hpp"

namespace risk {

struct PnlTotals {
  Decimal gross;  // sum of profitAndLoss
  Decimal fees;   // fees + commissions
  [[nodiscard]] Decimal realized(bool include_fees) const noexcept { return include_fees ? gross - fees : gross; }
  friend bool operator==(const PnlTotals&, const PnlTotals&) = default;
};

class PnlTracker {
 public:
  enum class Outcome {
    Counted,    // a new fill of the current day
    Changed,    // a known fill changed (voided or un-voided)
    Duplicate,  // seen before, nothing changed
    OtherDay,   // a fill from before the current day: remembered, not counted
  };
  struct Applied {
    Outcome outcome = Outcome::Duplicate;
    PnlTotals before;
    PnlTotals after;
  };

  Applied apply(const Trade& trade, const TradingDay& day);
  void start_new_day() noexcept;
  [[nodiscard]] const PnlTotals& totals() const noexcept { return totals_; }
  // Restores a persisted day (the store's daily_pnl row) before trades are replayed.
  void restore(const PnlTotals& totals) noexcept { totals_ = totals; }

 private:
  struct Seen {
    Decimal gross;
    Decimal fees;
    bool counted = false;  // contributes to totals_
    bool voided = false;
  };
  PnlTotals totals_;
  std::unordered_map<TradeId, Seen> seen_;
};

}  // namespace risk
