#pragma once
// The engine's requests to the gateway that are not settled yet: handed to the
// executor, then accepted by the gateway and awaiting the state (hub events or
// a REST snapshot) that shows them done. The engine, which owns the state,
// judges confirmation; the daemon only carries requests out and reports back.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/effects.hpp"
#include "state/account_state.hpp"

namespace risk {

// How long an accepted request may wait for the state to show it done before
// the engine asks for a fresh snapshot and decides again.
inline constexpr Duration kConfirmWithin = seconds(10);

// Does the account's state show the action done?
//  close:  no position in the contract;
//  reduce: the position is gone or at most `size_at_decision - size` contracts;
//  cancel: the order is no longer working;
//  modify: the order is gone or its stop price is the requested one;
//  place:  a stop order at the requested price works in the contract.
[[nodiscard]] bool action_confirmed(const Action& a, std::int32_t size_at_decision,
                                    const AccountState& account) noexcept;

class EnforcementBook {
 public:
  struct Entry {
    ActionRef ref;
    Action action;
    std::int32_t size_at_decision = 0;  // the position's size when decided (reductions)
    Timestamp trigger_at;
    bool accepted = false;  // the gateway accepted it: waiting for the state to show it
    Timestamp deadline = Timestamp::max();
  };

  void add(ActionRef ref, const Action& a, std::int32_t size_at_decision, Timestamp trigger_at);
  [[nodiscard]] Entry* find(ActionRef ref) noexcept;
  void remove(ActionRef ref);
  [[nodiscard]] Timestamp next_deadline() const noexcept;
  [[nodiscard]] const std::vector<Entry>& entries() const noexcept { return entries_; }
  [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }

 private:
  std::vector<Entry> entries_;
};

}  // namespace risk
