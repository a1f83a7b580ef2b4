#include "state/position_book.hpp"

#include <algorithm>

namespace risk {

namespace {
PositionState fresh(const Position& p, Timestamp opened_at) {
  PositionState s;
  s.position = p;
  s.opened_at = opened_at;
  s.best_price = p.average_price;
  s.unprotected_since = opened_at;  // until a protective stop is seen
  return s;
}
}  // namespace

PositionBook::Change PositionBook::apply(const Position& p, Timestamp opened_at) {
  Change c;
  const auto it = std::find_if(positions_.begin(), positions_.end(),
                               [&](const PositionState& s) { return s.position.contract_id == p.contract_id; });
  if (it == positions_.end()) {
    if (p.size > 0) {
      positions_.push_back(fresh(p, opened_at));
      c.opened = c.grew = c.size_changed = true;
    }
    return c;
  }
  c.old_size = it->position.size;
  if (p.size <= 0) {
    positions_.erase(it);
    c.closed = c.size_changed = true;
    return c;
  }
  if (p.type != it->position.type) {  // reversed through flat
    *it = fresh(p, opened_at);
    c.opened = c.grew = c.size_changed = true;
    return c;
  }
  c.size_changed = p.size != it->position.size;
  c.grew = p.size > it->position.size;
  it->position = p;
  return c;
}

std::vector<ContractId> PositionBook::replace_all(const std::vector<Position>& open, Timestamp now) {
  std::vector<ContractId> closed;
  std::vector<PositionState> next;
  for (const auto& p : open) {
    if (p.size <= 0) continue;
    const PositionState* known = find(p.contract_id);
    if (known != nullptr && known->position.type == p.type) {
      PositionState s = *known;
      s.position = p;
      next.push_back(s);
    } else {
      next.push_back(fresh(p, std::min(p.created, now)));
    }
  }
  for (const auto& s : positions_) {
    const bool still = std::any_of(next.begin(), next.end(), [&](const PositionState& n) {
      return n.position.contract_id == s.position.contract_id;
    });
    if (!still) closed.push_back(s.position.contract_id);
  }
  positions_ = std::move(next);
  return closed;
}

void PositionBook::update_protection(const OrderBook& orders, Timestamp now) {
  for (auto& s : positions_) {
    if (has_protective_stop(orders, s.position)) {
      s.unprotected_since.reset();
    } else if (!s.unprotected_since) {
      s.unprotected_since = now;  // the last protective stop went away: a fresh grace period
    }
  }
}

void PositionBook::observe_mark(const ContractId& id, Decimal mark) {
  for (auto& s : positions_) {
    if (s.position.contract_id != id) continue;
    if (!s.best_price) {
      s.best_price = mark;
    } else if (s.position.is_long() ? mark > *s.best_price : mark < *s.best_price) {
      s.best_price = mark;
    }
  }
}

const PositionState* PositionBook::find(const ContractId& id) const noexcept {
  const auto it = std::find_if(positions_.begin(), positions_.end(),
                               [&](const PositionState& s) { return s.position.contract_id == id; });
  return it == positions_.end() ? nullptr : &*it;
}

std::int32_t PositionBook::total_contracts() const noexcept {
  std::int32_t n = 0;
  for (const auto& s : positions_) n += s.position.size;
  return n;
}

std::int32_t PositionBook::contracts_in_root(const SymbolRoot& root) const noexcept {
  std::int32_t n = 0;
  for (const auto& s : positions_) {
    if (symbol_root(s.position.contract_id) == root) n += s.position.size;
  }
  return n;
}

}  // namespace risk
