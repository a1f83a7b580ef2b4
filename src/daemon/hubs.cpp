#include "daemon/hubs.hpp"

namespace risk::daemon {

Hubs::Hubs(const gateway::Endpoints& ep, GatewayRouter& gateway, const Logs& logs, Hooks hooks) {
  const auto& logins = gateway.logins();
  last_alive_ = std::make_unique<std::atomic<std::int64_t>[]>(logins.size());
  last_frame_ = std::make_unique<std::atomic<std::int64_t>[]>(logins.size());
  auto relogin = [&gateway, &logs](std::size_t i) {
    if (auto r = gateway.login(i); !r)
      logs.daemon->error("login of {} failed: {}", gateway.username(i), r.error().message);
  };
  for (std::size_t i = 0; i < logins.size(); ++i) {
    const std::string name = "user:" + logins[i].username;
    gateway::HubCallbacks cb;
    cb.on_event = hooks.event;
    cb.on_connected = [this, hooks, i, name](bool reconnect) {
      last_frame_[i].store(0);  // a (re)connect reconciles anyway
      hooks.status(HubStatus{i, name, true, reconnect, {}});
    };
    cb.on_disconnected = [hooks, i, name](const std::string& why) {
      hooks.status(HubStatus{i, name, false, false, why});
    };
    cb.on_subscribe_failed = [&logs](const std::string& what) {
      logs.daemon->error("hub subscription failed: {}", what);
    };
    cb.on_auth_failure = [&logs, &gateway, relogin, i] {
      logs.daemon->warn("user hub of {} refused the token; logging in again", gateway.username(i));
      relogin(i);
    };
    cb.on_malformed = [&logs](std::string_view reason, std::string_view) {
      logs.api->warn("dropped a malformed hub record: {}", reason);
    };
    cb.on_alive = [this, hooks, i] {
      const std::int64_t now = std::chrono::steady_clock::now().time_since_epoch().count();
      const std::int64_t previous = last_frame_[i].exchange(now);
      if (const auto silent = std::chrono::nanoseconds(now - previous); previous != 0 && silent > kGap && hooks.gap) {
        hooks.gap(i, std::chrono::duration_cast<std::chrono::milliseconds>(silent));
      }
      std::int64_t last = last_alive_[i].load();
      constexpr std::int64_t kSecond = 1'000'000'000;
      if (now - last < kSecond || !last_alive_[i].compare_exchange_strong(last, now)) return;
      hooks.alive(i);
    };
    gateway::HubOptions options;
    options.username = logins[i].username;
    options.probe_after = kProbeAfter;
    options.silence_timeout = kUserHubSilence;
    gateway::RestClient* client = &gateway.rest(i);
    user_.push_back(std::make_unique<gateway::HubClient>(
        gateway::HubClient::Kind::User, ep.user_hub_url, ep, [client] { return client->token(); }, cb, options));
    user_.back()->subscribe_accounts(logins[i].accounts);
  }
  if (logins.empty()) return;
  gateway::HubCallbacks cb;
  cb.on_event = hooks.event;
  cb.on_connected = [hooks](bool reconnect) { hooks.status(HubStatus{std::nullopt, "market", true, reconnect, {}}); };
  cb.on_disconnected = [hooks](const std::string& why) {
    hooks.status(HubStatus{std::nullopt, "market", false, false, why});
  };
  cb.on_subscribe_failed = [&logs](const std::string& what) {
    logs.daemon->warn("quote subscription failed: {}", what);
  };
  cb.on_auth_failure = [relogin] { relogin(0); };
  cb.on_malformed = [&logs](std::string_view reason, std::string_view) {
    logs.api->warn("dropped a malformed market record: {}", reason);
  };
  gateway::RestClient* client = &gateway.rest(0);
  market_ = std::make_unique<gateway::HubClient>(
      gateway::HubClient::Kind::Market, ep.market_hub_url, ep, [client] { return client->token(); }, cb);
}

Hubs::~Hubs() { stop(); }

void Hubs::start() {
  for (auto& h : user_) h->start();
  if (market_) market_->start();
}

void Hubs::stop() {
  for (auto& h : user_) h->stop();
  if (market_) market_->stop();
}

void Hubs::want_quotes(const ContractId& contract, bool wanted) {
  if (!market_) return;
  if (wanted) {
    market_->subscribe_quotes(contract);
  } else {
    market_->unsubscribe_quotes(contract);
  }
}

}  // namespace risk::daemon
