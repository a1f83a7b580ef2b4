#include "state/trade_counter.hpp"

#include <algorithm>

namespace risk {

namespace {
constexpr Duration kKeep = hours(1) + minutes(1);
}

void TradeCounter::add(TradeId id, Timestamp at) {
  ++session_;
  const auto pos =
      std::upper_bound(fills_.begin(), fills_.end(), at, [](Timestamp t, const Fill& f) { return t < f.at; });
  fills_.insert(pos, Fill{at, id});
  const Timestamp newest = fills_.back().at;
  const auto keep_from = std::lower_bound(fills_.begin(), fills_.end(), newest - kKeep,
                                          [](const Fill& f, Timestamp t) { return f.at < t; });
  fills_.erase(fills_.begin(), keep_from);
}

void TradeCounter::remove(TradeId id) {
  if (session_ > 0) --session_;
  const auto it = std::find_if(fills_.begin(), fills_.end(), [id](const Fill& f) { return f.id == id; });
  if (it != fills_.end()) fills_.erase(it);
}

void TradeCounter::start_new_day() noexcept { session_ = 0; }

std::int32_t TradeCounter::count_in(Duration window, Timestamp t) const noexcept {
  const auto lo =
      std::upper_bound(fills_.begin(), fills_.end(), t - window, [](Timestamp x, const Fill& f) { return x < f.at; });
  const auto hi =
      std::upper_bound(fills_.begin(), fills_.end(), t, [](Timestamp x, const Fill& f) { return x < f.at; });
  return hi > lo ? static_cast<std::int32_t>(hi - lo) : 0;
}

}  // namespace risk
