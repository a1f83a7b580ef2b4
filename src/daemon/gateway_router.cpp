#include "daemon/gateway_router.hpp"

namespace risk::daemon {

namespace {

gateway::CallOutcome no_credential(AccountId a) {
  gateway::CallOutcome o;
  o.message = "no credential for account " + std::to_string(a);
  return o;
}

}  // namespace

GatewayRouter::GatewayRouter(const gateway::Endpoints& endpoints, std::vector<config::Login> logins, const Clock& clock,
                             std::function<void(const std::string&)> api_log)
    : logins_(std::move(logins)) {
  for (const auto& l : logins_) {
    rest_.push_back(std::make_unique<gateway::RestClient>(endpoints, l.username, l.api_key, clock, api_log));
  }
}

std::optional<std::size_t> GatewayRouter::login_of(AccountId a) const {
  for (std::size_t i = 0; i < logins_.size(); ++i) {
    for (AccountId x : logins_[i].accounts) {
      if (x == a) return i;
    }
  }
  return std::nullopt;
}

gateway::RestClient* GatewayRouter::client_of(AccountId a) const {
  const auto i = login_of(a);
  return i ? rest_[*i].get() : nullptr;
}

std::vector<std::pair<std::string, std::optional<Timestamp>>> GatewayRouter::token_expiry() const {
  std::vector<std::pair<std::string, std::optional<Timestamp>>> out;
  for (std::size_t i = 0; i < logins_.size(); ++i) out.emplace_back(logins_[i].username, rest_[i]->token_expires());
  return out;
}

gateway::CallOutcome GatewayRouter::close_position(AccountId a, const ContractId& c) {
  auto* r = client_of(a);
  return r != nullptr ? r->close_position(a, c) : no_credential(a);
}
gateway::CallOutcome GatewayRouter::partial_close(AccountId a, const ContractId& c, std::int32_t size) {
  auto* r = client_of(a);
  return r != nullptr ? r->partial_close(a, c, size) : no_credential(a);
}
gateway::CallOutcome GatewayRouter::cancel_order(AccountId a, OrderId o) {
  auto* r = client_of(a);
  return r != nullptr ? r->cancel_order(a, o) : no_credential(a);
}
gateway::CallOutcome GatewayRouter::modify_stop(AccountId a, OrderId o, Decimal stop) {
  auto* r = client_of(a);
  return r != nullptr ? r->modify_stop(a, o, stop) : no_credential(a);
}
gateway::CallOutcome GatewayRouter::place_stop(AccountId a, const ContractId& c, OrderSide s, std::int32_t size,
                                               Decimal stop) {
  auto* r = client_of(a);
  return r != nullptr ? r->place_stop(a, c, s, size, stop) : no_credential(a);
}

Result<std::vector<Position>> GatewayRouter::open_positions(AccountId a, gateway::Priority p) {
  auto* r = client_of(a);
  if (r == nullptr) return make_error("no credential for account " + std::to_string(a));
  return r->open_positions(a, p);
}
Result<std::vector<Order>> GatewayRouter::working_orders(AccountId a, gateway::Priority p) {
  auto* r = client_of(a);
  if (r == nullptr) return make_error("no credential for account " + std::to_string(a));
  return r->working_orders(a, p);
}
Result<std::vector<Trade>> GatewayRouter::trades(AccountId a, Timestamp since) {
  auto* r = client_of(a);
  if (r == nullptr) return make_error("no credential for account " + std::to_string(a));
  return r->trades(a, since);
}

// Any credential may look a contract up; the first that has a token does.
Result<Contract> GatewayRouter::contract(const ContractId& c) {
  for (const auto& r : rest_) {
    if (r->has_token()) return r->contract(c);
  }
  return make_error("no credential is logged in");
}

Result<std::vector<Contract>> GatewayRouter::search_contracts(const std::string& text) {
  for (const auto& r : rest_) {
    if (r->has_token()) return r->search_contracts(text);
  }
  return make_error("no credential is logged in");
}

}  // namespace risk::daemon
