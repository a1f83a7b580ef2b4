#pragma once
// MOD-002: the lockouts of one account. Keyed by (rule, symbol); an empty
// symbol is account-wide. A new lockout never shortens an existing one with
// the same key: the later end wins (open-ended kinds end never).
#include <optional>
#include <vector>

#include "core/lockout.hpp"

namespace risk {

class LockoutBook {
 public:
  // Adds `l`, or extends the lockout with its key. Returns the lockout as it
  // now stands when anything changed, nullopt when an existing one already
  // covers it.
  std::optional<Lockout> set(const Lockout& l);
  // Whether set(l) would add or extend anything.
  [[nodiscard]] bool would_change(const Lockout& l) const noexcept;

  // Removes the lockouts `pred` accepts; appends them to `removed`.
  template <typename Pred>
  void remove_if(Pred pred, std::vector<Lockout>& removed) {
    for (auto it = items_.begin(); it != items_.end();) {
      if (pred(*it)) {
        removed.push_back(std::move(*it));
        it = items_.erase(it);
      } else {
        ++it;
      }
    }
  }

  // Cooldown and until-session-start lockouts whose end has passed.
  void expire(Timestamp now, std::vector<Lockout>& removed);

  [[nodiscard]] bool account_locked() const noexcept;
  [[nodiscard]] bool symbol_locked(const SymbolRoot& root) const noexcept;
  [[nodiscard]] bool empty() const noexcept { return items_.empty(); }
  [[nodiscard]] const std::vector<Lockout>& all() const noexcept { return items_; }
  // The account-wide lockout that ends last (what the trader is shown first).
  [[nodiscard]] const Lockout* strongest() const noexcept;
  // Earliest end among lockouts that expire by time.
  [[nodiscard]] std::optional<Timestamp> next_expiry() const noexcept;

 private:
  std::vector<Lockout> items_;
};

// Lockout end for ordering: open-ended kinds compare as the end of time.
Timestamp lockout_end(const Lockout& l) noexcept;

}  // namespace risk
