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

namespace {

// Two actions aim at the same thing: one close or reduction per position, one
// cancel per order, one stop change per order and price, one placement per
// contract and price.
bool same_target(const Action& a, const Action& b) noexcept {
  if (a.account_id != b.account_id) return false;
  const auto position_kind = [](ActionKind k) {
    return k == ActionKind::ClosePosition || k == ActionKind::ReducePosition;
  };
  if (position_kind(a.kind) && position_kind(b.kind)) return a.contract_id == b.contract_id;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ActionKind::CancelOrder:
      return a.order_id == b.order_id;
    case ActionKind::ModifyStop:
      return a.order_id == b.order_id && a.stop_price == b.stop_price;
    case ActionKind::PlaceStop:
      return a.contract_id == b.contract_id && a.stop_price == b.stop_price;
    default:
      return false;
  }
}

}  // namespace

bool EnforcementBook::blocks(const Action& a, const AccountState& account) const noexcept {
  const auto& list = entries(a.account_id);
  return std::any_of(list.begin(), list.end(), [&](const Entry& e) {
    return !e.seen_done && same_target(e.action, a) && !action_confirmed(e.action, e.size_at_decision, account);
  });
}

void EnforcementBook::observe(const AccountState& account, Timestamp now) {
  const auto it = by_account_.find(account.id);
  if (it == by_account_.end()) return;
  for (auto& e : it->second) {
    if (e.accepted || e.seen_done) continue;
    if (action_confirmed(e.action, e.size_at_decision, account)) e.seen_done = now;
  }
}

bool EnforcementBook::has_account(AccountId account) const noexcept { return by_account_.count(account) != 0; }

const std::vector<EnforcementBook::Entry>& EnforcementBook::entries(AccountId account) const noexcept {
  static const std::vector<Entry> kNone;
  const auto it = by_account_.find(account);
  return it == by_account_.end() ? kNone : it->second;
}

std::vector<AccountId> EnforcementBook::accounts() const {
  std::vector<AccountId> out;
  out.reserve(by_account_.size());
  for (const auto& [id, list] : by_account_) out.push_back(id);
  return out;
}

Duration obligation_backoff(AccountId account, int attempt) noexcept {
  constexpr std::int64_t kBaseMs = 250;
  constexpr std::int64_t kCapMs = 5000;
  std::int64_t ms = kBaseMs;
  for (int i = 1; i < attempt && ms < kCapMs; ++i) ms *= 2;
  ms = std::min(ms, kCapMs);
  // +-20 %, from a hash of (account, attempt).
  constexpr std::uint64_t kMixA = 0x9E3779B97F4A7C15U;
  constexpr std::uint64_t kMixB = 0xC2B2AE3D27D4EB4FU;
  std::uint64_t h = static_cast<std::uint64_t>(account) * kMixA ^ static_cast<std::uint64_t>(attempt) * kMixB;
  h ^= h >> 29;
  const auto permille = static_cast<std::int64_t>(h % 401) - 200;  // -200 .. 200
  return milliseconds(ms + ms * permille / 1000);
}

void EnforcementBook::add(ActionRef ref, const Action& a, std::int32_t size_at_decision, Timestamp trigger_at) {
  by_account_[a.account_id].push_back(
      Entry{ref, a, size_at_decision, trigger_at, false, Timestamp::max(), std::nullopt});
  plan_account_[ref.plan_id] = a.account_id;
}

EnforcementBook::Entry* EnforcementBook::find(ActionRef ref) noexcept {
  const auto p = plan_account_.find(ref.plan_id);
  if (p == plan_account_.end()) return nullptr;
  const auto it = by_account_.find(p->second);
  if (it == by_account_.end()) return nullptr;
  for (auto& e : it->second) {
    if (e.ref == ref) return &e;
  }
  return nullptr;
}

void EnforcementBook::remove(ActionRef ref) {
  const auto p = plan_account_.find(ref.plan_id);
  if (p == plan_account_.end()) return;
  const auto it = by_account_.find(p->second);
  if (it != by_account_.end()) {
    std::erase_if(it->second, [&](const Entry& e) { return e.ref == ref; });
    const bool plan_left =
        std::any_of(it->second.begin(), it->second.end(), [&](const Entry& e) { return e.ref.plan_id == ref.plan_id; });
    if (it->second.empty()) by_account_.erase(it);
    if (!plan_left) plan_account_.erase(p);
  } else {
    plan_account_.erase(p);
  }
}

Timestamp EnforcementBook::next_deadline() const noexcept {
  Timestamp next = Timestamp::max();
  for (const auto& [id, list] : by_account_) {
    for (const auto& e : list) {
      if (e.accepted && e.deadline < next) next = e.deadline;
    }
  }
  return next;
}

}  // namespace risk
