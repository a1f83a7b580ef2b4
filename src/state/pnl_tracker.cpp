#include "state/pnl_tracker.hpp"

namespace risk {

PnlTracker::Applied PnlTracker::apply(const Trade& trade, const TradingDay& day) {
  Applied out;
  out.before = totals_;
  const Decimal gross = trade.profit_and_loss.value_or(Decimal{});
  const Decimal fees = trade.fees + trade.commissions;
  auto [it, inserted] = seen_.try_emplace(trade.id);
  Seen& s = it->second;
  if (inserted) {
    s.gross = gross;
    s.fees = fees;
    s.voided = trade.voided;
    if (trade.created < day.start) {
      out.outcome = Outcome::OtherDay;
    } else {
      s.counted = !trade.voided;
      if (s.counted) {
        totals_.gross += gross;
        totals_.fees += fees;
      }
      out.outcome = Outcome::Counted;
    }
  } else if (s.voided != trade.voided && trade.created >= day.start) {
    // The same fill, now voided (or restored): take it out (or put it back).
    if (s.counted) {
      totals_.gross -= s.gross;
      totals_.fees -= s.fees;
    }
    s.gross = gross;
    s.fees = fees;
    s.voided = trade.voided;
    s.counted = !trade.voided;
    if (s.counted) {
      totals_.gross += gross;
      totals_.fees += fees;
    }
    out.outcome = Outcome::Changed;
  } else {
    out.outcome = Outcome::Duplicate;
  }
  out.after = totals_;
  return out;
}

void PnlTracker::start_new_day() noexcept {
  totals_ = {};
  seen_.clear();
}

}  // namespace risk
