#include "state/quote_book.hpp"

namespace risk {

const QuoteState& QuoteBook::apply(const QuoteUpdate& q, Timestamp received) {
  QuoteState& s = quotes_[q.contract_id];
  // The market hub sends only what changed: any event for the contract, even one
  // carrying no price (a timestamp, a volume), says the prices it did not send
  // still stand, so their age starts again (rules.md, Conventions).
  for (auto* p : {&s.last, &s.bid, &s.ask}) {
    if (*p) (*p)->received = received;
  }
  if (q.last_price) s.last = QuotePrice{*q.last_price, received};
  if (q.best_bid) s.bid = QuotePrice{*q.best_bid, received};
  if (q.best_ask) s.ask = QuotePrice{*q.best_ask, received};
  return s;
}

const QuoteState* QuoteBook::find(const ContractId& id) const noexcept {
  const auto it = quotes_.find(id);
  return it == quotes_.end() ? nullptr : &it->second;
}

}  // namespace risk
