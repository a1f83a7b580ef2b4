#pragma once
// The engine's requests to the gateway that are not settled yet: handed to the
// executor, then accepted by the gateway and awaiting the state (hub events or
// a REST snapshot) that shows them done. The engine, which owns the state,
// judges confirmation; the daemon only carries requests out and reports back.
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/effects.hpp"
#include "state/account_state.hpp"

namespace risk {

// How long an accepted request may wait for the state to show it done before
// the engine asks for a fresh snapshot and decides again.
inline constexpr Duration kConfirmWithin = seconds(10);

// An account whose enforcement failed (a request refused, rate limited, timed
// out, unconfirmed): an open obligation, worked until a fresh read of the
// gateway leaves nothing to do. Until a REST snapshot requested after the last
// failure is in, nothing is sent for the account (its state is unknown: a
// request that timed out may have executed).
struct Obligation {
  Timestamp since;  // the first failure
  std::string reason;
  int failures = 0;
  int checks = 0;                             // snapshots asked for since the last failure
  std::optional<Timestamp> unverified_since;  // the last failure, until a later snapshot is applied
  Timestamp next_check = Timestamp::max();    // when to ask for (another) snapshot
  std::vector<RuleId> rules;                  // rules whose actions failed: judged again on that snapshot
};

// Capped, jittered backoff between reads of a failing account: 250 ms, 500 ms,
// 1 s, 2 s, 4 s, then 5 s, each +-20 % (deterministic: the jitter comes from
// the account and the attempt, so runs and tests repeat).
[[nodiscard]] Duration obligation_backoff(AccountId account, int attempt) noexcept;

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
    // The state showed it done before the executor's report came (a fast hub):
    // it blocks nothing more, and is confirmed as of then once accepted.
    std::optional<Timestamp> seen_done;
  };

  void add(ActionRef ref, const Action& a, std::int32_t size_at_decision, Timestamp trigger_at);
  // An action that must not be sent now: one on the same target is still
  // unsettled and the state does not show it done (never act twice: a second
  // close, or a second reduction of a position, while the first may still land).
  [[nodiscard]] bool blocks(const Action& a, const AccountState& account) const noexcept;
  [[nodiscard]] bool has_account(AccountId account) const noexcept;
  [[nodiscard]] Entry* find(ActionRef ref) noexcept;
  // Notes, for the entries not yet reported on, which ones the state now shows done.
  void observe(const AccountState& account, Timestamp now);
  void remove(ActionRef ref);
  [[nodiscard]] Timestamp next_deadline() const noexcept;
  // The account's unsettled entries (empty when none).
  [[nodiscard]] const std::vector<Entry>& entries(AccountId account) const noexcept;
  // Every account with unsettled entries.
  [[nodiscard]] std::vector<AccountId> accounts() const;
  [[nodiscard]] bool empty() const noexcept { return by_account_.empty(); }

 private:
  // Per account, so an event of one account never walks another's entries.
  std::unordered_map<AccountId, std::vector<Entry>> by_account_;
  std::unordered_map<std::int64_t, AccountId> plan_account_;  // plan id -> its account
};

}  // namespace risk
