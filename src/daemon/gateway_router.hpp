#pragma once
// The gateway as the daemon's parts use it: one REST client per credential
// (its token, its rate limiter), and each account routed to the client of its
// credential. The executor sees it as a TradingPort, the poller as a ReadPort;
// neither knows there are several credentials.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/daemon_config.hpp"
#include "daemon/executor.hpp"
#include "daemon/poller.hpp"
#include "gateway/rest_client.hpp"

namespace risk::daemon {

class GatewayRouter final : public TradingPort, public ReadPort {
 public:
  GatewayRouter(const gateway::Endpoints& endpoints, std::vector<config::Login> logins, const Clock& clock,
                std::function<void(const std::string&)> api_log);

  [[nodiscard]] const std::vector<config::Login>& logins() const noexcept { return logins_; }
  [[nodiscard]] gateway::RestClient& rest(std::size_t login) { return *rest_.at(login); }
  // Each credential's token expiry (daemon_status), in login order.
  [[nodiscard]] std::vector<std::pair<std::string, std::optional<Timestamp>>> token_expiry() const;

  // TradingPort (the executor)
  gateway::CallOutcome close_position(AccountId a, const ContractId& c) override;
  gateway::CallOutcome partial_close(AccountId a, const ContractId& c, std::int32_t size) override;
  gateway::CallOutcome cancel_order(AccountId a, OrderId o) override;
  gateway::CallOutcome modify_stop(AccountId a, OrderId o, Decimal stop) override;
  gateway::CallOutcome place_stop(AccountId a, const ContractId& c, OrderSide s, std::int32_t size,
                                  Decimal stop) override;

  // ReadPort (the poller)
  [[nodiscard]] std::size_t login_count() const override { return logins_.size(); }
  [[nodiscard]] std::string username(std::size_t login) const override { return logins_.at(login).username; }
  [[nodiscard]] std::vector<AccountId> accounts_of(std::size_t login) const override {
    return logins_.at(login).accounts;
  }
  [[nodiscard]] std::optional<std::size_t> login_of(AccountId a) const override;
  [[nodiscard]] bool has_token(std::size_t login) const override { return rest_.at(login)->has_token(); }
  Result<bool> login(std::size_t login) override { return rest_.at(login)->login(); }
  Result<bool> refresh_if_needed(std::size_t login) override { return rest_.at(login)->refresh_if_needed(); }
  Result<std::vector<Account>> accounts(std::size_t login, gateway::Priority p) override {
    return rest_.at(login)->accounts(false, p);
  }
  Result<std::vector<Position>> open_positions(AccountId a, gateway::Priority p) override;
  Result<std::vector<Order>> working_orders(AccountId a, gateway::Priority p) override;
  Result<std::vector<Trade>> trades(AccountId a, Timestamp since) override;
  Result<Contract> contract(const ContractId& c) override;
  Result<std::vector<Contract>> search_contracts(const std::string& text) override;
  void warm(std::size_t login) override { rest_.at(login)->warm_connection(); }

 private:
  gateway::RestClient* client_of(AccountId a) const;
  std::vector<config::Login> logins_;
  std::vector<std::unique_ptr<gateway::RestClient>> rest_;
};

}  // namespace risk::daemon
