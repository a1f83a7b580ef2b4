#pragma once
// The whole loaded configuration of the daemon: the engine's settings (global
// settings and every account with its effective rules), the credentials to log
// in with, the gateway endpoints, the local event server and the directories.
// Built by load_config (loader.hpp); immutable once built.
#include <cstdint>
#include <string>
#include <vector>

#include "core/secret.hpp"
#include "core/settings.hpp"
#include "gateway/endpoints.hpp"

namespace risk::config {

// One account's login: accounts.yaml `username` + `api_key`.
struct AccountCredential {
  AccountId account_id = 0;
  std::string username;
  Secret api_key;
  friend bool operator==(const AccountCredential&, const AccountCredential&) = default;
};

// One distinct credential and the enabled accounts it serves: the daemon logs in
// once per Login and opens one user-hub connection for it.
struct Login {
  std::string username;
  Secret api_key;
  std::vector<AccountId> accounts;
};

struct GatewaySettings {
  std::string rest_base_url = "https://api.topstepx.com";
  std::string user_hub_url = "https://rtc.topstepx.com/hubs/user";
  std::string market_hub_url = "https://rtc.topstepx.com/hubs/market";
  // PEM file of an extra trusted CA (the local simulator's); empty = system trust store only.
  std::string ca_file;
  std::int32_t connect_timeout_seconds = 10;
  std::int32_t request_timeout_seconds = 15;
  // The local REST rate limiter, per credential: the gateway publishes 200
  // requests per 60 s. Raise it only against a local simulator (benchmarks).
  std::int32_t rate_limit_per_minute = 200;
  friend bool operator==(const GatewaySettings&, const GatewaySettings&) = default;

  // What the gateway client needs of these.
  [[nodiscard]] gateway::Endpoints endpoints() const {
    gateway::Endpoints ep;
    ep.rest_base_url = rest_base_url;
    ep.user_hub_url = user_hub_url;
    ep.market_hub_url = market_hub_url;
    ep.ca_file = ca_file;
    ep.connect_timeout = std::chrono::seconds(connect_timeout_seconds);
    ep.request_timeout = std::chrono::seconds(request_timeout_seconds);
    ep.rate_limit = rate_limit_per_minute;
    return ep;
  }
};

struct EventServerSettings {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8765;
  [[nodiscard]] std::string address() const {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
  }
  friend bool operator==(const EventServerSettings&, const EventServerSettings&) = default;
};

// Relative paths are relative to the daemon's working directory.
struct PathSettings {
  std::string data_dir = "data";  // state.db
  std::string log_dir = "logs";   // daemon.log, enforcement.log, api.log, error.log
  friend bool operator==(const PathSettings&, const PathSettings&) = default;
};

struct DaemonConfig {
  EngineSettingsPtr settings = std::make_shared<const EngineSettings>();
  std::vector<AccountCredential> credentials;  // one per account, in file order
  GatewaySettings gateway;
  EventServerSettings event_server;
  PathSettings paths;

  // The credential of an account, or nullptr.
  [[nodiscard]] const AccountCredential* credential(AccountId id) const noexcept {
    for (const auto& c : credentials) {
      if (c.account_id == id) return &c;
    }
    return nullptr;
  }

  // Distinct (username, api_key) pairs over the accounts enabled in `settings`,
  // in order of first appearance, each with its accounts.
  [[nodiscard]] std::vector<Login> logins() const {
    std::vector<Login> out;
    for (const auto& c : credentials) {
      const AccountSettings* a = settings ? settings->find(c.account_id) : nullptr;
      if (a == nullptr || !a->enabled) continue;
      Login* found = nullptr;
      for (auto& l : out) {
        if (l.username == c.username && l.api_key == c.api_key) found = &l;
      }
      if (found == nullptr) found = &out.emplace_back(Login{c.username, c.api_key, {}});
      found->accounts.push_back(c.account_id);
    }
    return out;
  }
};

}  // namespace risk::config
