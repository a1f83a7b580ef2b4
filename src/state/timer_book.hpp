#pragma once
// MOD-003: named deadlines of one account, e.g. "no stop change for order X
// before T" (RULE-012 changes a stop at most once per second).
#include <cstdint>
#include <unordered_map>

#include "core/timestamp.hpp"

namespace risk {

enum class TimerKind : std::uint8_t { StopChangeOrder = 1, StopPlaceContract = 2 };

class TimerBook {
 public:
  void arm(TimerKind kind, std::uint64_t key, Timestamp at) { timers_[make_key(kind, key)] = at; }
  // True while a timer is armed and has not yet reached its deadline.
  [[nodiscard]] bool pending(TimerKind kind, std::uint64_t key, Timestamp now) const noexcept {
    const auto it = timers_.find(make_key(kind, key));
    return it != timers_.end() && now < it->second;
  }
  // Drops timers whose deadline has passed.
  void prune(Timestamp now) {
    std::erase_if(timers_, [now](const auto& kv) { return kv.second <= now; });
  }
  [[nodiscard]] std::size_t size() const noexcept { return timers_.size(); }

 private:
  static std::uint64_t make_key(TimerKind kind, std::uint64_t key) noexcept {
    return (static_cast<std::uint64_t>(kind) << 56) ^ key;
  }
  std::unordered_map<std::uint64_t, Timestamp> timers_;
};

}  // namespace risk
