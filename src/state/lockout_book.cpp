#include "state/lockout_book.hpp"

namespace risk {

Timestamp lockout_end(const Lockout& l) noexcept {
  if (l.is_timed() && l.until) return *l.until;
  return Timestamp::max();
}

namespace {
// Among equal ends, a permanent lockout outranks one that lifts by itself.
int rank(const Lockout& l) noexcept { return l.kind == LockoutKind::Permanent ? 2 : 1; }
}  // namespace

namespace {
bool outlasts(const Lockout& l, const Lockout& existing) noexcept {
  const Timestamp old_end = lockout_end(existing);
  const Timestamp new_end = lockout_end(l);
  return new_end > old_end || (new_end == old_end && rank(l) > rank(existing));
}
}  // namespace

std::optional<Lockout> LockoutBook::set(const Lockout& l) {
  for (auto& existing : items_) {
    if (existing.rule != l.rule || existing.symbol != l.symbol) continue;
    if (outlasts(l, existing)) {
      existing = l;
      return existing;
    }
    return std::nullopt;
  }
  items_.push_back(l);
  return l;
}

bool LockoutBook::would_change(const Lockout& l) const noexcept {
  for (const auto& existing : items_) {
    if (existing.rule == l.rule && existing.symbol == l.symbol) return outlasts(l, existing);
  }
  return true;
}

void LockoutBook::expire(Timestamp now, std::vector<Lockout>& removed) {
  remove_if(
      [now](const Lockout& l) {
        return (l.kind == LockoutKind::Cooldown || l.kind == LockoutKind::UntilSessionStart) && l.until &&
               *l.until <= now;
      },
      removed);
}

bool LockoutBook::account_locked() const noexcept {
  for (const auto& l : items_) {
    if (l.account_wide()) return true;
  }
  return false;
}

bool LockoutBook::symbol_locked(const SymbolRoot& root) const noexcept {
  for (const auto& l : items_) {
    if (!l.account_wide() && l.symbol == root) return true;
  }
  return false;
}

const Lockout* LockoutBook::strongest() const noexcept {
  const Lockout* best = nullptr;
  for (const auto& l : items_) {
    if (!l.account_wide()) continue;
    if (best == nullptr || lockout_end(l) > lockout_end(*best) ||
        (lockout_end(l) == lockout_end(*best) && rank(l) > rank(*best))) {
      best = &l;
    }
  }
  return best;
}

std::optional<Timestamp> LockoutBook::next_expiry() const noexcept {
  std::optional<Timestamp> next;
  for (const auto& l : items_) {
    if ((l.kind == LockoutKind::Cooldown || l.kind == LockoutKind::UntilSessionStart) && l.until) {
      if (!next || *l.until < *next) next = *l.until;
    }
  }
  return next;
}

}  // namespace risk
