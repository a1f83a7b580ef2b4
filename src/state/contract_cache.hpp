#pragma once
// MOD-007: contract metadata (tick size and value) for P&L. Filled from the
// gateway (Contract/searchById) and the store.
#include <unordered_map>

#include "core/domain.hpp"

namespace risk {

class ContractCache {
 public:
  // Returns true when the contract is new or changed.
  bool upsert(const Contract& c) {
    auto [it, inserted] = contracts_.try_emplace(c.id, c);
    if (inserted) return true;
    if (it->second == c) return false;
    it->second = c;
    return true;
  }
  [[nodiscard]] const Contract* find(const ContractId& id) const noexcept {
    const auto it = contracts_.find(id);
    return it == contracts_.end() ? nullptr : &it->second;
  }
  [[nodiscard]] std::size_t size() const noexcept { return contracts_.size(); }
  template <typename F>
  void for_each(F&& f) const {
    for (const auto& [id, c] : contracts_) f(c);
  }

 private:
  std::unordered_map<ContractId, Contract> contracts_;
};

}  // namespace risk
