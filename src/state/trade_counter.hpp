#pragma once
// MOD-008: fills of one account in rolling windows (last 60 s, last 60 min)
// and since the day's reset. Each non-voided fill counts, entries and exits
// alike (as TopstepX counts). Windows are measured on the fills' own
// timestamps, so a replay after a restart counts them where they happened.
#include <cstdint>
#include <vector>

#include "core/domain.hpp"

namespace risk {

class TradeCounter {
 public:
  // A new non-voided fill.
  void add(TradeId id, Timestamp at);
  // A fill that was counted and is now voided.
  void remove(TradeId id);
  void start_new_day() noexcept;

  // Fills with time in (t - window, t].
  [[nodiscard]] std::int32_t count_in(Duration window, Timestamp t) const noexcept;
  [[nodiscard]] std::int32_t session_count() const noexcept { return session_; }
  void restore_session_count(std::int32_t n) noexcept { session_ = n; }

 private:
  struct Fill {
    Timestamp at;
    TradeId id;
  };
  std::vector<Fill> fills_;  // sorted by time, pruned to the last hour of the newest fill
  std::int32_t session_ = 0;
};

}  // namespace risk
