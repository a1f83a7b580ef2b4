#include "engine/enforcement_book.hpp"

#include <algorithm>

namespace risk {

bool action_confirmed(const Action& a, std::int32_t size_at_decision, const AccountState& account) noexcept {
  switch (a.kind) {
    case ActionKind::ClosePosition:
      return account.positions.find(a.contract_id) == nullptr;
    case ActionKind::ReducePosition: {
      const PositionState* p = account.positions.find(a.contract_id);
      return p == nullptr || p->position.size <= size_at_decision - a.size;
    }
    case ActionKind::CancelOrder:
      return account.orders.find(a.order_id) == nullptr;
    case ActionKind::ModifyStop: {
      const Order* o = account.orders.find(a.order_id);
      return o == nullptr || (o->stop_price && *o->stop_price == a.stop_price);
    }
    case ActionKind::PlaceStop:
      return std::any_of(account.orders.all().begin(), account.orders.all().end(), [&](const Order& o) {
        return o.contract_id == a.contract_id && is_stop_type(o.type) && o.stop_price == a.stop_price;
      });
  }
  return false;
}

void EnforcementBook::add(ActionRef ref, const Action& a, std::int32_t size_at_decision, Timestamp trigger_at) {
  entries_.push_back(Entry{ref, a, size_at_decision, trigger_at, false, Timestamp::max()});
}

EnforcementBook::Entry* EnforcementBook::find(ActionRef ref) noexcept {
  const auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.ref == ref; });
  return it == entries_.end() ? nullptr : &*it;
}

void EnforcementBook::remove(ActionRef ref) {
  std::erase_if(entries_, [&](const Entry& e) { return e.ref == ref; });
}

Timestamp EnforcementBook::next_deadline() const noexcept {
  Timestamp next = Timestamp::max();
  for (const auto& e : entries_) {
    if (e.accepted && e.deadline < next) next = e.deadline;
  }
  return next;
}

}  // namespace risk
