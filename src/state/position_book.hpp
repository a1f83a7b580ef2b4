#pragma once
// MOD-009 (positions): the open positions of one account, one per contract,
// with what the rules need to know about each: when it opened, the most
// favourable price seen since (RULE-005 breakeven, RULE-012 trailing) and
// since when it has had no protective stop (RULE-008).
#include <optional>
#include <vector>

#include "core/domain.hpp"
#include "state/order_book.hpp"

namespace risk {

struct PositionState {
  Position position;
  Timestamp opened_at;
  std::optional<Decimal> best_price;
  std::optional<Timestamp> unprotected_since;
};

class PositionBook {
 public:
  struct Change {
    bool opened = false;  // was flat (or reversed), now open
    bool closed = false;  // was open, now flat
    bool grew = false;    // more contracts in the same direction (or opened)
    bool size_changed = false;
    std::int32_t old_size = 0;
  };
  // `opened_at` is used when the position is new.
  Change apply(const Position& p, Timestamp opened_at);
  // Replaces every position (reconciliation). Positions not known before open
  // at their creation time (clamped to `now`); returns the contracts that closed.
  std::vector<ContractId> replace_all(const std::vector<Position>& open, Timestamp now);

  // RULE-008 bookkeeping after any position or order change.
  void update_protection(const OrderBook& orders, Timestamp now);
  // Records a mark price; keeps the most favourable one per position.
  void observe_mark(const ContractId& id, Decimal mark);

  [[nodiscard]] const PositionState* find(const ContractId& id) const noexcept;
  [[nodiscard]] const std::vector<PositionState>& all() const noexcept { return positions_; }
  [[nodiscard]] bool empty() const noexcept { return positions_.empty(); }
  [[nodiscard]] std::int32_t total_contracts() const noexcept;
  [[nodiscard]] std::int32_t contracts_in_root(const SymbolRoot& root) const noexcept;

 private:
  std::vector<PositionState> positions_;
};

}  // namespace risk
