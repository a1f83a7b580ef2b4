#pragma once
// MOD-006: the latest quote per contract, merged from sparse updates. A field
// the gateway did not send keeps its previous value (never zero); each price
// remembers when it was last confirmed (any quote event for its contract
// confirms every price it did not change) so its age can be judged.
#include <optional>
#include <unordered_map>

#include "core/domain.hpp"

namespace risk {

struct QuotePrice {
  Decimal price;
  Timestamp received;
};

struct QuoteState {
  std::optional<QuotePrice> last;
  std::optional<QuotePrice> bid;
  std::optional<QuotePrice> ask;
};

class QuoteBook {
 public:
  // Merges the update; returns the merged state.
  const QuoteState& apply(const QuoteUpdate& q, Timestamp received);
  [[nodiscard]] const QuoteState* find(const ContractId& id) const noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return quotes_.size(); }

 private:
  std::unordered_map<ContractId, QuoteState> quotes_;
};

}  // namespace risk
