#include "daemon/daemon.hpp"

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include <spdlog/spdlog.h>

#include "admin/channel_auth.hpp"
#include "config/loader.hpp"
#include "config/reload.hpp"
#include "daemon/event_server.hpp"
#include "daemon/executor.hpp"
#include "daemon/json.hpp"
#include "daemon/logging.hpp"
#include "daemon/message_queue.hpp"
#include "engine/engine.hpp"
#include "gateway/hub_client.hpp"
#include "gateway/rest_client.hpp"
#include "platform/service_notify.hpp"
#include "platform/system_clock.hpp"
#include "state/trading_day.hpp"
#include "store/store.hpp"
#include "store/writer.hpp"

namespace risk::daemon {

namespace fs = std::filesystem;

namespace {

struct HubStatus {
  std::size_t login = 0;  // index into logins; SIZE_MAX = market hub
  std::string name;
  bool connected = false;
  bool reconnect = false;
  std::string reason;
};
struct SubscribeRequest {
  std::uint64_t connection = 0;
  std::vector<AccountId> accounts;
};
struct ReloadRequest {
  std::uint64_t reply_to = 0;  // an admin connection waiting for the result; 0 = none (SIGHUP)
};
// An authenticated admin command (docs/admin.md) from the event server.
struct AdminRequest {
  std::uint64_t connection = 0;
  std::string command;  // JSON text
};
using Inbox = std::variant<Event, ExecResult, SubscribeRequest, ReloadRequest, HubStatus, AdminRequest>;

constexpr std::size_t kMarket = static_cast<std::size_t>(-1);
constexpr auto kConfirmTimeout = std::chrono::seconds(10);

std::string stamp_now(Timestamp t) {
  std::string s = t.to_iso();  // 2026-11-24T19:30:00.123Z -> 20261124T193000Z
  std::string out;
  for (char c : s.substr(0, 19)) {
    if (c != '-' && c != ':') out.push_back(c);
  }
  return out + "Z";
}

std::int64_t us_between(Timestamp a, Timestamp b) {
  return std::chrono::duration_cast<std::chrono::microseconds>(b - a).count();
}

// Routes each account's calls to the REST client of its credential.
class RestTradingPort final : public TradingPort {
 public:
  void route(AccountId account, gateway::RestClient* client) { clients_[account] = client; }
  gateway::CallOutcome close_position(AccountId a, const ContractId& c) override {
    return with(a, [&](auto& r) { return r.close_position(a, c); });
  }
  gateway::CallOutcome partial_close(AccountId a, const ContractId& c, std::int32_t n) override {
    return with(a, [&](auto& r) { return r.partial_close(a, c, n); });
  }
  gateway::CallOutcome cancel_order(AccountId a, OrderId o) override {
    return with(a, [&](auto& r) { return r.cancel_order(a, o); });
  }
  gateway::CallOutcome modify_stop(AccountId a, OrderId o, Decimal p) override {
    return with(a, [&](auto& r) { return r.modify_stop(a, o, p); });
  }
  gateway::CallOutcome place_stop(AccountId a, const ContractId& c, OrderSide s, std::int32_t n, Decimal p) override {
    return with(a, [&](auto& r) { return r.place_stop(a, c, s, n, p); });
  }
  Result<std::vector<Position>> open_positions(AccountId a) override {
    auto* r = find(a);
    if (r == nullptr) return make_error("no credential for account " + std::to_string(a));
    return r->open_positions(a);
  }
  Result<std::vector<Order>> working_orders(AccountId a) override {
    auto* r = find(a);
    if (r == nullptr) return make_error("no credential for account " + std::to_string(a));
    return r->working_orders(a);
  }

 private:
  gateway::RestClient* find(AccountId a) {
    const auto it = clients_.find(a);
    return it == clients_.end() ? nullptr : it->second;
  }
  template <typename F>
  gateway::CallOutcome with(AccountId a, F&& f) {
    auto* r = find(a);
    if (r == nullptr) {
      gateway::CallOutcome o;
      o.message = "no credential for account " + std::to_string(a);
      return o;
    }
    return f(*r);
  }
  std::map<AccountId, gateway::RestClient*> clients_;
};

}  // namespace

struct Daemon::Impl {
  DaemonOptions options;
  SystemClock clock;
  std::atomic<bool> stopping{false};
  std::atomic<bool> ready{false};
  mutable std::mutex ready_mutex;
  mutable std::condition_variable ready_cv;
  std::atomic<std::uint16_t> event_port{0};

  // configuration and adapters
  std::unique_ptr<config::ConfigHolder> holder;
  config::LoadOptions load_options;
  Logs logs;
  std::unique_ptr<store::StoreWriter> writer;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<EventServer> server;
  // Engine thread: when the hub last changed an account's positions or orders,
  // and when a stale snapshot last asked for another one (see apply()).
  std::map<AccountId, Timestamp> hub_touched;
  std::map<AccountId, std::chrono::steady_clock::time_point> last_repoll;
  // Refused admin attempts logged this minute (touched on the event server's thread only).
  std::chrono::steady_clock::time_point refusal_window{};
  int refusals_logged = 0;
  int refusals_unlogged = 0;
  std::vector<config::Login> logins;
  std::vector<std::unique_ptr<gateway::RestClient>> rest;
  std::vector<std::unique_ptr<gateway::HubClient>> user_hubs;
  std::unique_ptr<gateway::HubClient> market_hub;
  std::vector<std::atomic<bool>> user_hub_up;
  RestTradingPort port;
  std::unique_ptr<Executor> executor;
  MessageQueue<Inbox> inbox;

  // poller (REST reads): its own thread and task list
  struct PollTask {
    enum class Kind { Reconcile, Contract } kind;
    AccountId account = 0;
    ContractId contract;
    bool startup = false;
  };
  std::mutex poll_mutex;
  std::condition_variable poll_cv;
  std::deque<PollTask> poll_tasks;
  std::thread poller;

  // engine-thread state
  std::map<std::string, std::pair<bool, Timestamp>> connections;            // name -> (up, since)
  std::map<std::string, std::chrono::steady_clock::time_point> down_since;  // hubs down now
  std::set<std::string> quote_subscriptions;
  std::set<std::string> contracts_requested;
  std::int64_t next_plan_id = 0;
  struct PlanState {
    store::EnforcementLogEntry entry;
    Json json;
    int remaining = 0;
    bool failed = false;
    std::optional<Timestamp> first_request;
    std::optional<Timestamp> last_confirm;
  };
  std::map<std::int64_t, PlanState> plans;
  struct Awaiting {
    std::int64_t plan = 0;
    Action action;
    std::int32_t size_before = 0;
    Timestamp trigger_at;
    Timestamp deadline;
  };
  std::vector<Awaiting> awaiting;
  std::size_t startup_reconciles_left = 0;
  std::size_t hubs_not_yet_connected = 0;  // ready waits for every hub's first connection too
  std::set<std::string> hubs_seen;
  void maybe_ready() {
    if (startup_reconciles_left == 0 && hubs_not_yet_connected == 0) set_ready();
  }
  Timestamp started_at;
  Timestamp last_status;

  explicit Impl(DaemonOptions o) : options(std::move(o)) {}
  ~Impl() {
    stopping = true;
    poll_cv.notify_all();
    for (auto& h : user_hubs) h->stop();
    if (market_hub) market_hub->stop();
    if (poller.joinable()) poller.join();
    if (executor) executor->stop(std::chrono::milliseconds(0));
  }

  // ---------------------------------------------------------------- helpers --
  // The configuration in force (a shared snapshot: a reload never pulls it away mid-use).
  std::shared_ptr<const config::DaemonConfig> cfg() const { return holder->current(); }

  void set_ready() {
    {
      const std::lock_guard lock(ready_mutex);
      ready = true;
    }
    ready_cv.notify_all();
  }

  void poll(PollTask t) {
    {
      const std::lock_guard lock(poll_mutex);
      poll_tasks.push_back(std::move(t));
    }
    poll_cv.notify_one();
  }

  std::size_t login_of(AccountId a) const {
    for (std::size_t i = 0; i < logins.size(); ++i) {
      for (AccountId x : logins[i].accounts) {
        if (x == a) return i;
      }
    }
    return kMarket;
  }

  std::string nickname(AccountId id) const {
    const auto config = cfg();
    const AccountSettings* s = config->settings->find(id);
    return s != nullptr ? s->nickname : std::string();
  }

  // ---------------------------------------------------------------- startup --
  int startup();
  void start_gateway();
  void poller_loop();
  void reconcile(AccountId account, bool startup);
  void engine_loop();
  void handle(Inbox& item, Effects& fx);
  void apply(const Event& e, Effects& fx);
  void dispatch(const Event* source, Effects& fx);
  void on_plan(const EnforcementPlan& plan);
  void on_exec(const ExecResult& r);
  void check_confirmations();
  void finish_action(std::int64_t plan_id, const Action& a, bool ok, const std::string& result,
                     std::optional<Timestamp> confirmed_at);
  void update_quote_subscriptions();
  void request_unknown_contracts();
  void send_status();
  void shutdown();
  void on_admin(const AdminRequest& r, Effects& fx);
  void admin_command(const AdminRequest& r, Effects& fx);
  void handle_reload(const ReloadRequest& r, Effects& fx);
};

// ------------------------------------------------------------------ startup --

int Daemon::Impl::startup() {
  // Phase 1: configuration. Every problem at once; refuse to start on any.
  load_options.accounts_file = (fs::path(options.config_dir) / "accounts.yaml").string();
  load_options.risk_config_file = (fs::path(options.config_dir) / "risk_config.yaml").string();
  load_options.allow_insecure_permissions = options.allow_insecure_config;
  config::LoadResult loaded = config::load_config(load_options);
  if (!loaded.ok()) {
    std::fprintf(stderr, "risk-daemon: refusing to start: the configuration has errors\n%s\n", loaded.report().c_str());
    return 2;
  }
  config::DaemonConfig c = std::move(*loaded.config);
  if (options.data_dir) c.paths.data_dir = *options.data_dir;
  if (options.log_dir) c.paths.log_dir = *options.log_dir;
  if (options.event_port) c.event_server.port = *options.event_port;
  if (!EventServer::is_loopback_host(c.event_server.host)) {
    std::fprintf(stderr, "risk-daemon: refusing to start: event_server.host '%s' is not a loopback address\n",
                 c.event_server.host.c_str());
    return 2;
  }
  holder = std::make_unique<config::ConfigHolder>(std::move(c));
  std::error_code ec;
  fs::create_directories(cfg()->paths.data_dir, ec);
  logs = make_logs(cfg()->paths.log_dir, options.console);
  for (const auto& d : loaded.diagnostics) logs.daemon->warn("config: {}", d.message);
  started_at = clock.now();
  logs.daemon->info("risk-daemon {} starting (config {}, data {}, logs {}{})", kVersion, options.config_dir,
                    cfg()->paths.data_dir, cfg()->paths.log_dir, options.dry_run ? ", DRY RUN" : "");

  // Phase 2: database.
  const std::string db_path = (fs::path(cfg()->paths.data_dir) / "state.db").string();
  auto opened = store::open_for_writing(db_path, stamp_now(clock.now()));
  if (!opened) {
    logs.daemon->critical("cannot open the state database {}: {}", db_path, opened.error().message);
    return 1;
  }
  if (opened.value().rebuilt) {
    logs.daemon->critical("state database was corrupt ({}); moved to {} and rebuilt; state comes from the gateway",
                          opened.value().problem, opened.value().corrupted_copy);
  }

  // Phase 3: state, in the seed's dependency order.
  engine = std::make_unique<Engine>(cfg()->settings, clock.now());
  std::vector<AccountId> ids = engine->account_ids();
  auto state = store::load_state(opened.value().db, ids);
  if (!state) {
    logs.daemon->critical("cannot load saved state: {}; starting from the gateway only", state.error().message);
  } else {
    for (const auto& contract : state.value().contracts) engine->restore_contract(contract);
    for (const auto& a : state.value().accounts) {
      engine->restore(a);
      if (!a.lockouts.empty()) logs.daemon->info("account {}: {} lockout(s) restored", a.account_id, a.lockouts.size());
    }
  }
  store::StoreWriter::Options wopt;
  wopt.on_error = [this](const std::string& e) {
    logs.daemon->error("state database write failed (will retry): {}", e);
  };
  writer = std::make_unique<store::StoreWriter>(std::move(opened.value().db), wopt);
  writer->request_retention(clock.now());
  Effects fx;
  engine->persist_schedules(fx);
  writer->submit(fx.persist);

  // Local event server.
  server = std::make_unique<EventServer>(cfg()->event_server.host, cfg()->event_server.port,
                                         [this](std::uint64_t conn, std::vector<AccountId> accounts) {
                                           inbox.push(SubscribeRequest{conn, std::move(accounts)});
                                         });
  server->enable_admin(
      (fs::path(options.config_dir) / admin::kAdminKeyFile).string(), [this](const EventServer::AdminAttempt& a) {
        if (!a.refusal.empty()) {
          // At most 10 lines a minute: a local user looping bad attempts
          // must not fill the log partition.
          const auto now = std::chrono::steady_clock::now();
          if (now - refusal_window > std::chrono::minutes(1)) {
            if (refusals_unlogged > 0) {
              logs.daemon->warn("{} more admin command(s) refused in the last minute", refusals_unlogged);
            }
            refusal_window = now;
            refusals_logged = 0;
            refusals_unlogged = 0;
          }
          if (refusals_logged++ < 10) {
            logs.daemon->warn("admin command refused (connection {}): {}", a.connection, a.refusal);
          } else {
            ++refusals_unlogged;
          }
          return;
        }
        inbox.push(AdminRequest{a.connection, a.command});
      });
  auto bound = server->start();
  if (!bound) {
    logs.daemon->critical("cannot start the event server on {}: {}", cfg()->event_server.address(),
                          bound.error().message);
    return 1;
  }
  event_port = bound.value();

  // Enforcement executor.
  Executor::Options eopt;
  eopt.dry_run = options.dry_run;
  executor = std::make_unique<Executor>(port, clock, eopt, [this](ExecResult r) { inbox.push(std::move(r)); });
  return 0;
}

// ------------------------------------------------------------------ gateway --

void Daemon::Impl::start_gateway() {
  const auto c = cfg();
  gateway::Endpoints ep;
  ep.rest_base_url = c->gateway.rest_base_url;
  ep.user_hub_url = c->gateway.user_hub_url;
  ep.market_hub_url = c->gateway.market_hub_url;
  ep.ca_file = c->gateway.ca_file;
  ep.connect_timeout = std::chrono::seconds(c->gateway.connect_timeout_seconds);
  ep.request_timeout = std::chrono::seconds(c->gateway.request_timeout_seconds);
  ep.rate_limit = c->gateway.rate_limit_per_minute;
  ep.rate_window = std::chrono::seconds(60);
  logins = c->logins();
  user_hub_up = std::vector<std::atomic<bool>>(logins.size());
  auto api_log = [this](const std::string& line) { logs.api->debug("{}", line); };
  for (std::size_t i = 0; i < logins.size(); ++i) {
    rest.push_back(std::make_unique<gateway::RestClient>(ep, logins[i].username, logins[i].api_key, clock, api_log));
    for (AccountId a : logins[i].accounts) port.route(a, rest.back().get());
  }
  // Phase 4: authenticate every credential; a failure is logged, the others go on.
  for (std::size_t i = 0; i < logins.size(); ++i) {
    auto r = rest[i]->login();
    if (r) {
      logs.daemon->info("authenticated {} ({} account(s))", logins[i].username, logins[i].accounts.size());
    } else {
      logs.daemon->error("login failed for {}: {} (retrying in the background; its accounts are polled when possible)",
                         logins[i].username, r.error().message);
    }
  }
  // Phase 5: hubs. One user-hub connection per credential, one market hub for every contract held.
  for (std::size_t i = 0; i < logins.size(); ++i) {
    gateway::HubCallbacks cb;
    cb.on_event = [this](EventBody e) { inbox.push(Event{clock.now(), std::move(e)}); };
    cb.on_connected = [this, i](bool reconnect) {
      user_hub_up[i] = true;
      inbox.push(HubStatus{i, "user:" + logins[i].username, true, reconnect, {}});
    };
    cb.on_disconnected = [this, i](const std::string& why) {
      user_hub_up[i] = false;
      inbox.push(HubStatus{i, "user:" + logins[i].username, false, false, why});
    };
    cb.on_subscribe_failed = [this](const std::string& what) {
      logs.daemon->error("hub subscription failed: {}", what);
    };
    cb.on_auth_failure = [this, i] {
      logs.daemon->warn("user hub of {} refused the token; logging in again", logins[i].username);
      (void)rest[i]->login();
    };
    cb.on_malformed = [this](std::string_view reason, std::string_view) {
      logs.api->warn("dropped a malformed hub record: {}", reason);
    };
    gateway::RestClient* client = rest[i].get();
    user_hubs.push_back(std::make_unique<gateway::HubClient>(
        gateway::HubClient::Kind::User, ep.user_hub_url, ep, [client] { return client->token(); }, cb));
    user_hubs.back()->subscribe_accounts(logins[i].accounts);
    user_hubs.back()->start();
  }
  if (!logins.empty()) {
    gateway::HubCallbacks cb;
    cb.on_event = [this](EventBody e) { inbox.push(Event{clock.now(), std::move(e)}); };
    cb.on_connected = [this](bool reconnect) { inbox.push(HubStatus{kMarket, "market", true, reconnect, {}}); };
    cb.on_disconnected = [this](const std::string& why) {
      inbox.push(HubStatus{kMarket, "market", false, false, why});
    };
    cb.on_subscribe_failed = [this](const std::string& what) {
      logs.daemon->warn("quote subscription failed: {}", what);
    };
    cb.on_auth_failure = [this] { (void)rest[0]->login(); };
    cb.on_malformed = [this](std::string_view reason, std::string_view) {
      logs.api->warn("dropped a malformed market record: {}", reason);
    };
    gateway::RestClient* client = rest[0].get();
    market_hub = std::make_unique<gateway::HubClient>(
        gateway::HubClient::Kind::Market, ep.market_hub_url, ep, [client] { return client->token(); }, cb);
    market_hub->start();
  }
  hubs_not_yet_connected = user_hubs.size() + (market_hub ? 1 : 0);
  // Reconcile every account from REST before trusting anything.
  for (const auto& l : logins) {
    for (AccountId a : l.accounts) {
      ++startup_reconciles_left;
      poll(PollTask{PollTask::Kind::Reconcile, a, {}, true});
    }
  }
  poller = std::thread([this] { poller_loop(); });
}

void Daemon::Impl::reconcile(AccountId account, bool startup) {
  const std::size_t li = login_of(account);
  ReconciliationSnapshot snap;
  snap.account_id = account;
  snap.startup = startup;
  snap.requested_at = clock.now();
  if (li == kMarket || !rest[li]->has_token()) {
    if (li != kMarket) logs.daemon->warn("cannot reconcile account {}: not logged in", account);
    if (startup) inbox.push(Event{clock.now(), ConnectionChanged{"reconcile-skipped", false, {account}}});
    return;
  }
  auto& r = *rest[li];
  auto accounts = r.accounts(false);
  auto positions = r.open_positions(account);
  auto orders = r.working_orders(account);
  const auto config = cfg();
  const AccountSettings* s = config->settings->find(account);
  const TimeZone& zone = (s != nullptr && s->timezone) ? *s->timezone : *utc_zone();
  const TradingDay day = trading_day_at(zone, s != nullptr ? s->reset_time : TimeOfDay::hm(17, 0), clock.now());
  auto trades = r.trades(account, day.start);
  if (!positions || !orders || !trades) {
    const std::string why = !positions ? positions.error().message
                            : !orders  ? orders.error().message
                                       : trades.error().message;
    logs.daemon->error("reconciliation of account {} failed: {}", account, why);
    if (startup) inbox.push(Event{clock.now(), ConnectionChanged{"reconcile-failed", false, {account}}});
    return;
  }
  if (accounts) {
    for (const auto& a : accounts.value()) {
      if (a.id == account) snap.account = a;
    }
  }
  snap.positions = std::move(positions.value());
  snap.working_orders = std::move(orders.value());
  snap.trades = std::move(trades.value());
  inbox.push(Event{clock.now(), std::move(snap)});
}

void Daemon::Impl::poller_loop() {
  auto last_poll = std::chrono::steady_clock::now();
  auto last_refresh = std::chrono::steady_clock::now();
  std::vector<std::chrono::steady_clock::time_point> next_login(logins.size(), std::chrono::steady_clock::now());
  std::vector<std::chrono::seconds> login_backoff(logins.size(), std::chrono::seconds(1));
  while (!stopping) {
    std::deque<PollTask> tasks;
    {
      std::unique_lock lock(poll_mutex);
      poll_cv.wait_for(lock, std::chrono::milliseconds(500), [&] { return stopping || !poll_tasks.empty(); });
      tasks.swap(poll_tasks);
    }
    if (stopping) break;
    std::set<AccountId> done;
    for (const auto& t : tasks) {
      if (t.kind == PollTask::Kind::Reconcile) {
        if (!t.startup && done.count(t.account) != 0) continue;
        done.insert(t.account);
        reconcile(t.account, t.startup);
      } else {
        const std::size_t li = logins.empty() ? kMarket : 0;
        if (li == kMarket) continue;
        auto c = rest[li]->contract(t.contract);
        if (c) {
          inbox.push(Event{clock.now(), ContractEvent{c.value()}});
        } else {
          logs.daemon->warn("contract {} unknown to the gateway: {}", t.contract.view(), c.error().message);
        }
      }
    }
    const auto now = std::chrono::steady_clock::now();
    // While a credential's user hub is down, poll its accounts so a breach is still caught.
    if (now - last_poll >= std::chrono::seconds(2)) {
      last_poll = now;
      for (std::size_t i = 0; i < logins.size(); ++i) {
        if (user_hub_up[i]) continue;
        for (AccountId a : logins[i].accounts) {
          if (done.count(a) == 0) reconcile(a, false);
        }
      }
    }
    // Logins that failed are retried with backoff; tokens are refreshed when under 4 h remain.
    for (std::size_t i = 0; i < logins.size(); ++i) {
      if (rest[i]->has_token() || now < next_login[i]) continue;
      auto r = rest[i]->login();
      if (r) {
        logs.daemon->info("authenticated {} (retry)", logins[i].username);
        login_backoff[i] = std::chrono::seconds(1);
        for (AccountId a : logins[i].accounts) poll(PollTask{PollTask::Kind::Reconcile, a, {}, false});
      } else {
        logs.daemon->error("login failed for {}: {}", logins[i].username, r.error().message);
        next_login[i] = now + login_backoff[i];
        login_backoff[i] = std::min(login_backoff[i] * 2, std::chrono::seconds(60));
      }
    }
    if (now - last_refresh >= std::chrono::minutes(1)) {
      last_refresh = now;
      for (std::size_t i = 0; i < logins.size(); ++i) {
        if (!rest[i]->has_token()) continue;
        if (auto r = rest[i]->refresh_if_needed(); !r) {
          logs.daemon->error("token refresh for {} failed: {}", logins[i].username, r.error().message);
        }
      }
    }
  }
}

// --------------------------------------------------------------- the engine --

void Daemon::Impl::engine_loop() {
  Effects fx;
  std::deque<Inbox> items;
  while (!stopping) {
    const Timestamp now = clock.now();
    Timestamp due = engine->next_deadline();
    const Timestamp cap = now + std::chrono::milliseconds(500);
    if (due > cap) due = cap;
    if (due < now) due = now;  // (next_deadline may be Timestamp::min(): never subtract from it)
    const auto wait = std::chrono::system_clock::now() + (due - now);
    inbox.drain_until(items, wait);
    for (auto& item : items) {
      if (stopping) break;
      handle(item, fx);
    }
    items.clear();
    if (clock.now() >= engine->next_deadline()) apply(Event{clock.now(), TimeAdvanced{}}, fx);
    check_confirmations();
    for (const auto& [name, since] : down_since) {
      if (std::chrono::steady_clock::now() - since > options.hub_outage_limit) {
        throw std::runtime_error("the " + name + " hub has been down for more than " +
                                 std::to_string(options.hub_outage_limit.count()) +
                                 " s; exiting so the service manager restarts the daemon");
      }
    }
    if (clock.now() - last_status >= std::chrono::seconds(5)) send_status();
  }
}

void Daemon::Impl::handle(Inbox& item, Effects& fx) {
  std::visit(
      [&](auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, Event>) {
          apply(x, fx);
        } else if constexpr (std::is_same_v<T, ExecResult>) {
          on_exec(x);
        } else if constexpr (std::is_same_v<T, SubscribeRequest>) {
          std::vector<AccountId> ids = x.accounts.empty() ? engine->account_ids() : x.accounts;
          std::vector<std::string> msgs;
          const Timestamp now = clock.now();
          for (AccountId id : ids) {
            const auto summary = engine->summarize(id, now);
            if (!summary) continue;
            msgs.push_back(message("snapshot", id, now, account_snapshot(*summary)));
          }
          server->send_to(x.connection, std::move(msgs));
          send_status();
        } else if constexpr (std::is_same_v<T, ReloadRequest>) {
          handle_reload(x, fx);
        } else if constexpr (std::is_same_v<T, AdminRequest>) {
          on_admin(x, fx);
        } else if constexpr (std::is_same_v<T, HubStatus>) {
          connections[x.name] = {x.connected, clock.now()};
          if (x.connected) {
            down_since.erase(x.name);
          } else {
            down_since.try_emplace(x.name, std::chrono::steady_clock::now());
          }
          apply(Event{clock.now(), ConnectionChanged{x.name, x.connected, {}}}, fx);
          if (x.connected) {
            logs.daemon->info("{} hub connected{}", x.name, x.reconnect ? " again: reconciling" : "");
            if (x.login != kMarket) {
              // Every (re)connection is followed by a REST snapshot: events sent
              // before the subscriptions took effect are not replayed.
              for (AccountId a : logins[x.login].accounts) poll(PollTask{PollTask::Kind::Reconcile, a, {}, false});
            }
            if (hubs_seen.insert(x.name).second && hubs_not_yet_connected > 0) {
              --hubs_not_yet_connected;
              maybe_ready();
            }
          } else {
            logs.daemon->warn("{} hub disconnected: {}{}", x.name, x.reason,
                              x.login == kMarket ? "" : " (polling positions and orders over REST meanwhile)");
          }
          send_status();
        }
      },
      item);
}

void Daemon::Impl::handle_reload(const ReloadRequest& x, Effects& fx) {
  config::ReloadResult r = holder->reload(load_options);
  if (!r.applied) {
    logs.daemon->error("configuration reload rejected; still running on the previous configuration:\n{}", r.report());
  } else {
    if (r.event) {
      apply(Event{clock.now(), *r.event}, fx);
      for (const auto& n : fx.notices) {
        if (const auto* c = std::get_if<SettingsChanged>(&n)) r.changes = c->changes;
      }
    }
    logs.daemon->info("configuration reloaded:\n{}", r.report());
  }
  if (x.reply_to != 0) {
    server->send_to(
        x.reply_to,
        {Json{{"type", "admin_result"}, {"ok", r.applied}, {"op", "reload"}, {"report", r.report()}}.dump()});
  }
}

// An authenticated admin command: clear lockouts (audited: daemon.log,
// enforcement.log, lockout_history with the reason and the admin, and a
// lockout_cleared broadcast with cleared_by ADMIN_OVERRIDE) or reload.
void Daemon::Impl::on_admin(const AdminRequest& r, Effects& fx) {
  try {
    admin_command(r, fx);
  } catch (const Json::exception& e) {  // a field of the wrong type: refused, never fatal
    logs.daemon->warn("malformed admin command refused: {}", e.what());
    server->send_to(
        r.connection,
        {Json{{"type", "admin_result"}, {"ok", false}, {"error", std::string("malformed command: ") + e.what()}}
             .dump()});
  }
}

void Daemon::Impl::admin_command(const AdminRequest& r, Effects& fx) {
  const auto reply = [&](Json j) {
    j["type"] = "admin_result";
    server->send_to(r.connection, {j.dump()});
  };
  const Json cmd = Json::parse(r.command, nullptr, false);
  if (!cmd.is_object() || !cmd.contains("op") || !cmd["op"].is_string()) {
    reply({{"ok", false}, {"error", "an admin command is a JSON object with an \"op\""}});
    return;
  }
  // Free text goes into one-line logs: no control characters (no forged lines).
  const auto one_line = [](std::string s) {
    for (char& ch : s) {
      if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = ' ';
    }
    return s;
  };
  const std::string op = cmd["op"].get<std::string>();
  const std::string admin = one_line(cmd.value("admin", std::string()));
  if (op == "reload") {
    logs.daemon->info("admin {} asked for a configuration reload", admin.empty() ? "(unnamed)" : admin);
    handle_reload(ReloadRequest{r.connection}, fx);
    return;
  }
  if (op != "clear_lockout") {
    reply({{"ok", false}, {"error", "unknown admin op '" + op + "' (clear_lockout, reload)"}});
    return;
  }
  AdminClearLockout c;
  c.account_id = cmd.value("account", AccountId{0});
  c.reason = one_line(cmd.value("reason", std::string()));
  c.admin = admin;
  const std::vector<AccountId> ids = engine->account_ids();
  if (std::find(ids.begin(), ids.end(), c.account_id) == ids.end()) {
    reply({{"ok", false}, {"error", "account " + std::to_string(c.account_id) + " is not monitored by this daemon"}});
    return;
  }
  if (c.reason.empty()) {
    reply({{"ok", false}, {"error", "a lockout clear needs a reason (it is audited)"}});
    return;
  }
  if ((cmd.contains("rule") && !cmd["rule"].is_string() && !cmd["rule"].is_null()) ||
      (cmd.contains("symbol") && !cmd["symbol"].is_string() && !cmd["symbol"].is_null())) {
    reply({{"ok", false}, {"error", "rule and symbol must be strings (a filter that cannot be read clears nothing)"}});
    return;
  }
  if (cmd.contains("rule") && cmd["rule"].is_string()) {
    c.rule = parse_rule(cmd["rule"].get<std::string>());
    if (!c.rule) {
      reply({{"ok", false}, {"error", "unknown rule '" + cmd["rule"].get<std::string>() + "'"}});
      return;
    }
  }
  if (cmd.contains("symbol") && cmd["symbol"].is_string()) c.symbol = normalize_root(cmd["symbol"].get<std::string>());
  apply(Event{clock.now(), c}, fx);
  Json cleared = Json::array();
  for (const auto& n : fx.notices) {
    if (const auto* l = std::get_if<LockoutCleared>(&n)) cleared.push_back(to_json(l->lockout));
  }
  logs.enforcement->warn("ADMIN_OVERRIDE account={} rule={} cleared={} admin=\"{}\" reason=\"{}\"", c.account_id,
                         c.rule ? std::string(rule_code(*c.rule)) : std::string("all"), cleared.size(), admin,
                         c.reason);
  logs.daemon->warn("admin {} cleared {} lockout(s) of account {}: {}", admin.empty() ? "(unnamed)" : admin,
                    cleared.size(), c.account_id, c.reason);
  reply({{"ok", true}, {"op", "clear_lockout"}, {"account", c.account_id}, {"cleared", cleared}});
}

void Daemon::Impl::apply(const Event& e, Effects& fx) {
  // A REST snapshot is slower than the hub: a position or order event that came
  // in while it was being taken is newer than what it says. Then the hub's view
  // stays (only the account and the deduplicated trades are taken) and the
  // account is reconciled again, at most once a second.
  if (const auto* p = std::get_if<PositionEvent>(&e.body)) hub_touched[p->position.account_id] = e.at;
  if (const auto* o = std::get_if<OrderEvent>(&e.body)) hub_touched[o->order.account_id] = e.at;
  if (const auto* r = std::get_if<ReconciliationSnapshot>(&e.body); r != nullptr && r->replace_positions_and_orders) {
    const auto touched = hub_touched.find(r->account_id);
    if (touched != hub_touched.end() && touched->second >= r->requested_at) {
      Event kept = e;
      std::get<ReconciliationSnapshot>(kept.body).replace_positions_and_orders = false;
      const auto now = std::chrono::steady_clock::now();
      auto& last = last_repoll[r->account_id];
      const bool again = now - last >= std::chrono::seconds(1);
      if (again) last = now;
      logs.daemon->info(
          "account {}: the hub changed positions or orders while the REST snapshot was taken; "
          "keeping the hub's{}",
          r->account_id, again ? ", reconciling again" : "");
      if (again) poll(PollTask{PollTask::Kind::Reconcile, r->account_id, {}, false});
      apply(kept, fx);
      return;
    }
  }
  fx.clear();
  try {
    engine->step(e, fx);
  } catch (const std::exception& ex) {
    logs.daemon->critical("the engine failed on an event: {}", ex.what());
    throw;
  }
  if (const auto* r = std::get_if<ReconciliationSnapshot>(&e.body); r != nullptr && r->startup) {
    if (startup_reconciles_left > 0) --startup_reconciles_left;
    maybe_ready();
  }
  if (const auto* cc = std::get_if<ConnectionChanged>(&e.body);
      cc != nullptr && cc->connection.rfind("reconcile-", 0) == 0) {
    if (startup_reconciles_left > 0) --startup_reconciles_left;
    maybe_ready();
  }
  dispatch(&e, fx);
}

void Daemon::Impl::dispatch(const Event* source, Effects& fx) {
  if (!fx.persist.empty()) writer->submit(fx.persist);
  const Timestamp now = clock.now();
  bool positions_changed = false;
  for (const auto& rec : fx.persist) {
    if (std::holds_alternative<PositionRecord>(rec)) positions_changed = true;
  }
  // Accounts whose figures changed get a fresh snapshot (rules, P&L, lockouts) after the events.
  std::set<AccountId> touched;
  if (server->clients() > 0) {
    for (const auto& n : fx.notices) {
      if (const auto* g = std::get_if<GatewayEventApplied>(&n); g != nullptr && g->account_id != 0)
        touched.insert(g->account_id);
      if (const auto* p = std::get_if<EnforcementPlan>(&n)) touched.insert(p->account_id);
      if (const auto* l = std::get_if<LockoutSet>(&n)) touched.insert(l->lockout.account_id);
      if (const auto* l = std::get_if<LockoutCleared>(&n)) touched.insert(l->lockout.account_id);
      if (const auto* d = std::get_if<DailyReset>(&n)) touched.insert(d->account_id);
    }
  }
  for (const auto& n : fx.notices) {
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, GatewayEventApplied>) {
            if (source == nullptr || server->clients() == 0) return;
            auto ev = gateway_event_json(source->body);
            if (!ev) return;
            if (x.account_id != 0) {
              server->broadcast(x.account_id, message(ev->first, x.account_id, now, ev->second));
            } else if (const auto* q = std::get_if<QuoteEvent>(&source->body)) {
              for (AccountId id : engine->holders(q->quote.contract_id)) {
                server->broadcast(id, message(ev->first, id, now, ev->second));
              }
            }
          } else if constexpr (std::is_same_v<T, EnforcementPlan>) {
            on_plan(x);
          } else if constexpr (std::is_same_v<T, LockoutSet>) {
            const Lockout& l = x.lockout;
            logs.enforcement->warn("LOCKOUT_SET account={} rule={} kind={}{}{} reason=\"{}\"", l.account_id,
                                   rule_code(l.rule), to_string(l.kind),
                                   l.symbol.empty() ? "" : " symbol=" + l.symbol.str(),
                                   l.until ? " until=" + l.until->to_iso() : "", l.reason);
            server->broadcast(l.account_id, message("lockout_set", l.account_id, now, to_json(l)));
          } else if constexpr (std::is_same_v<T, LockoutCleared>) {
            const Lockout& l = x.lockout;
            logs.enforcement->info("LOCKOUT_CLEARED account={} rule={} by={}{}", l.account_id, rule_code(l.rule),
                                   to_string(x.by), x.note.empty() ? "" : " note=\"" + x.note + "\"");
            server->broadcast(
                l.account_id,
                message("lockout_cleared", l.account_id, now,
                        Json{{"lockout", to_json(l)}, {"cleared_by", to_string(x.by)}, {"note", x.note}}));
          } else if constexpr (std::is_same_v<T, DailyReset>) {
            logs.daemon->info("daily reset of account {}: {} closed at {}, next reset {}", x.account_id,
                              date_text(x.closed_trading_date), x.closed_day_realized.to_string_fixed(2),
                              x.next_reset.to_iso());
            server->broadcast(x.account_id, message("daily_reset", x.account_id, now,
                                                    Json{{"closed_trading_date", date_text(x.closed_trading_date)},
                                                         {"trading_date", date_text(x.trading_date)},
                                                         {"closed_day_realized", x.closed_day_realized.to_string()},
                                                         {"next_reset", x.next_reset.to_iso()}}));
          } else if constexpr (std::is_same_v<T, RuleWarning>) {
            logs.daemon->info("warning account={} {}: {}", x.account_id, rule_code(x.rule), x.message);
            server->broadcast(
                x.account_id,
                message("rule_warning", x.account_id, now,
                        Json{{"rule", rule_code(x.rule)}, {"percent", x.percent}, {"message", x.message}}));
          } else if constexpr (std::is_same_v<T, RuleFailed>) {
            logs.daemon->error("rule {} failed for account {} and was skipped: {}", rule_code(x.rule), x.account_id,
                               x.what);
          }
        },
        n);
  }
  for (AccountId id : touched) {
    if (const auto summary = engine->summarize(id, now)) {
      server->broadcast(id, message("snapshot", id, now, account_snapshot(*summary)));
    }
  }
  if (positions_changed) {
    update_quote_subscriptions();
    request_unknown_contracts();
  }
}

void Daemon::Impl::update_quote_subscriptions() {
  if (!market_hub) return;
  std::set<std::string> held;
  for (AccountId id : engine->account_ids()) {
    for (const auto& p : engine->account(id)->positions.all()) held.insert(p.position.contract_id.str());
  }
  for (const auto& c : held) {
    if (quote_subscriptions.insert(c).second) market_hub->subscribe_quotes(ContractId::of(c));
  }
  for (auto it = quote_subscriptions.begin(); it != quote_subscriptions.end();) {
    if (held.count(*it) == 0) {
      market_hub->unsubscribe_quotes(ContractId::of(*it));
      it = quote_subscriptions.erase(it);
    } else {
      ++it;
    }
  }
}

void Daemon::Impl::request_unknown_contracts() {
  for (AccountId id : engine->account_ids()) {
    for (const auto& p : engine->account(id)->positions.all()) {
      const ContractId& c = p.position.contract_id;
      if (engine->contracts().find(c) == nullptr && contracts_requested.insert(c.str()).second) {
        poll(PollTask{PollTask::Kind::Contract, 0, c, false});
      }
    }
  }
}

// ------------------------------------------------------------- enforcement --

void Daemon::Impl::on_plan(const EnforcementPlan& plan) {
  const std::int64_t id = (clock.now().ns() / 1000) * 100 + (next_plan_id++ % 100);
  PlanState st;
  st.json = plan_json(plan, id);
  std::string reasons;
  for (const auto& b : plan.breaches) {
    if (!reasons.empty()) reasons += "; ";
    reasons += std::string(rule_code(b.rule)) + ": " + b.reason;
  }
  st.entry.id = id;
  st.entry.account_id = plan.account_id;
  st.entry.at = plan.trigger_at;
  st.entry.rule = plan.breaches.empty() ? RuleId::None : plan.breaches.front().rule;
  st.entry.kind = options.dry_run ? "enforcement (dry run)" : "enforcement";
  st.entry.reason = reasons;
  st.entry.details_json = st.json.dump();
  st.remaining = static_cast<int>(plan.actions.size());
  logs.enforcement->warn("BREACH account={} plan={} {}", plan.account_id, id, reasons);
  for (const auto& a : plan.actions) {
    logs.enforcement->warn("ACTION account={} plan={} {} contract={}{}{}", plan.account_id, id, to_string(a.kind),
                           a.contract_id.view(), a.order_id != 0 ? " order=" + std::to_string(a.order_id) : "",
                           a.kind == ActionKind::ReducePosition ? " size=" + std::to_string(a.size) : "");
  }
  // Critical record first (committed within a millisecond or two), then the requests.
  writer->log_enforcement(st.entry);
  Json data = st.json;
  data["status"] = "decided";
  server->broadcast(plan.account_id, message("enforcement_action", plan.account_id, clock.now(), data));
  const bool empty = plan.actions.empty();
  plans[id] = std::move(st);
  for (const auto& a : plan.actions) executor->submit(id, a, plan.trigger_at);
  if (empty) {
    // A lockout with nothing to close: the record is complete.
    auto& p = plans[id];
    p.entry.success = true;
    writer->log_enforcement(p.entry);
    plans.erase(id);
  }
}

void Daemon::Impl::on_exec(const ExecResult& r) {
  const std::int64_t request_us = us_between(r.trigger_at, r.sent_at);
  if (!r.done) {
    logs.enforcement->critical("FAILED account={} plan={} {} contract={} after {} attempt(s): {}", r.action.account_id,
                               r.plan_id, to_string(r.action.kind), r.action.contract_id.view(), r.attempts, r.note);
    finish_action(r.plan_id, r.action, false, r.note, std::nullopt);
    poll(PollTask{PollTask::Kind::Reconcile, r.action.account_id, {}, false});
    return;
  }
  auto it = plans.find(r.plan_id);
  if (it != plans.end() && (!it->second.first_request || r.sent_at < *it->second.first_request)) {
    it->second.first_request = r.sent_at;
  }
  logs.enforcement->info("SENT account={} plan={} {} contract={} request_us={}{}", r.action.account_id, r.plan_id,
                         to_string(r.action.kind), r.action.contract_id.view(), request_us,
                         r.note.empty() ? "" : " (" + r.note + ")");
  if (r.dry_run) {
    finish_action(r.plan_id, r.action, true, "dry run", std::nullopt);
    return;
  }
  Awaiting w;
  w.plan = r.plan_id;
  w.action = r.action;
  w.trigger_at = r.trigger_at;
  w.deadline = clock.now() + kConfirmTimeout;
  if (const AccountState* a = engine->account(r.action.account_id)) {
    if (const PositionState* p = a->positions.find(r.action.contract_id)) w.size_before = p->position.size;
  }
  awaiting.push_back(w);
  check_confirmations();
}

void Daemon::Impl::check_confirmations() {
  const Timestamp now = clock.now();
  for (auto it = awaiting.begin(); it != awaiting.end();) {
    const Action& act = it->action;
    const AccountState* a = engine->account(act.account_id);
    bool confirmed = a == nullptr;
    if (a != nullptr) {
      switch (act.kind) {
        case ActionKind::ClosePosition:
          confirmed = a->positions.find(act.contract_id) == nullptr;
          break;
        case ActionKind::ReducePosition: {
          const PositionState* p = a->positions.find(act.contract_id);
          confirmed = p == nullptr || p->position.size <= it->size_before - act.size;
          break;
        }
        case ActionKind::CancelOrder:
          confirmed = a->orders.find(act.order_id) == nullptr;
          break;
        case ActionKind::ModifyStop: {
          const Order* o = a->orders.find(act.order_id);
          confirmed = o == nullptr || (o->stop_price && *o->stop_price == act.stop_price);
          break;
        }
        case ActionKind::PlaceStop: {
          for (const auto& o : a->orders.all()) {
            if (o.contract_id == act.contract_id && is_stop_type(o.type) && o.stop_price == act.stop_price)
              confirmed = true;
          }
          break;
        }
      }
    }
    if (confirmed) {
      logs.enforcement->info("CONFIRMED account={} plan={} {} contract={} confirm_us={}", act.account_id, it->plan,
                             to_string(act.kind), act.contract_id.view(), us_between(it->trigger_at, now));
      finish_action(it->plan, act, true, "confirmed", now);
      it = awaiting.erase(it);
    } else if (now >= it->deadline) {
      logs.enforcement->critical(
          "UNCONFIRMED account={} plan={} {} contract={}: no confirming event in {} s; reconciling", act.account_id,
          it->plan, to_string(act.kind), act.contract_id.view(),
          std::chrono::duration_cast<std::chrono::seconds>(kConfirmTimeout).count());
      finish_action(it->plan, act, false, "not confirmed by the gateway in time", std::nullopt);
      poll(PollTask{PollTask::Kind::Reconcile, act.account_id, {}, false});
      it = awaiting.erase(it);
    } else {
      ++it;
    }
  }
}

void Daemon::Impl::finish_action(std::int64_t plan_id, const Action& a, bool ok, const std::string& result,
                                 std::optional<Timestamp> confirmed_at) {
  auto it = plans.find(plan_id);
  if (it == plans.end()) return;
  PlanState& p = it->second;
  for (auto& j : p.json["actions"]) {
    if (j["kind"] == to_string(a.kind) && j["contract_id"] == a.contract_id.str() &&
        (!j.contains("order_id") || j["order_id"] == a.order_id)) {
      j["result"] = result;
      j["ok"] = ok;
    }
  }
  p.failed = p.failed || !ok;
  if (confirmed_at && (!p.last_confirm || *confirmed_at > *p.last_confirm)) p.last_confirm = confirmed_at;
  if (--p.remaining > 0) return;
  p.entry.success = !p.failed;
  if (p.first_request) p.entry.trigger_to_request_us = us_between(p.entry.at, *p.first_request);
  if (p.last_confirm) p.entry.trigger_to_confirm_us = us_between(p.entry.at, *p.last_confirm);
  p.entry.details_json = p.json.dump();
  writer->log_enforcement(p.entry);
  Json data = p.json;
  data["status"] = p.failed ? "failed" : (options.dry_run ? "dry_run" : "confirmed");
  data["request_us"] = p.entry.trigger_to_request_us ? Json(*p.entry.trigger_to_request_us) : Json(nullptr);
  data["confirm_us"] = p.entry.trigger_to_confirm_us ? Json(*p.entry.trigger_to_confirm_us) : Json(nullptr);
  server->broadcast(p.entry.account_id, message("enforcement_action", p.entry.account_id, clock.now(), data));
  plans.erase(it);
}

void Daemon::Impl::send_status() {
  last_status = clock.now();
  Json conns = Json::array();
  for (const auto& [name, st] : connections) {
    conns.push_back({{"name", name}, {"connected", st.first}, {"since", st.second.to_iso()}});
  }
  Json accounts = Json::array();
  for (AccountId id : engine->account_ids()) accounts.push_back(id);
  Json token_expiry = Json::array();
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const auto exp = rest[i]->token_expires();
    token_expiry.push_back({{"user", logins[i].username}, {"expires", exp ? Json(exp->to_iso()) : Json(nullptr)}});
  }
  server->broadcast(0, message("daemon_status", 0, last_status,
                               Json{{"version", kVersion},
                                    {"started_at", started_at.to_iso()},
                                    {"uptime_s", std::chrono::duration_cast<seconds>(last_status - started_at).count()},
                                    {"connections", conns},
                                    {"accounts", accounts},
                                    {"tokens", token_expiry},
                                    {"dry_run", options.dry_run}}));
}

// ----------------------------------------------------------------- shutdown --

void Daemon::Impl::shutdown() {
  logs.daemon->info("shutting down: stopping hubs and the event server, finishing enforcement in flight");
  for (auto& h : user_hubs) h->stop();
  if (market_hub) market_hub->stop();
  { const std::lock_guard lock(poll_mutex); }
  poll_cv.notify_all();
  if (poller.joinable()) poller.join();
  if (executor) executor->stop(std::chrono::seconds(4));
  if (server) server->stop();
  if (writer) {
    writer->flush();
    writer.reset();
  }
  logs.daemon->info("============================================================");
  logs.daemon->info("Risk Manager Daemon Stopped");
  logs.daemon->info("============================================================");
  logs.flush();
}

// ------------------------------------------------------------------- public --

Daemon::Daemon(DaemonOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Daemon::~Daemon() = default;

int Daemon::run() {
  Impl& m = *impl_;
  const int rc = m.startup();
  if (rc != 0) {
    m.set_ready();
    return rc;
  }
  std::thread notifier;
  try {
    m.start_gateway();
    m.maybe_ready();
    // Report ready once the first reconciliation is in (or after 20 s at most): the notifier below.
    std::size_t rules_on = 0;
    for (const RuleSpec* spec : rule_registry()) {
      if (!m.cfg()->settings->accounts.empty() && spec->enabled(m.cfg()->settings->accounts.front().rules)) ++rules_on;
    }
    notifier = std::thread([&m, rules_on] {
      std::unique_lock lock(m.ready_mutex);
      m.ready_cv.wait_for(lock, std::chrono::seconds(20), [&] { return m.ready.load() || m.stopping.load(); });
      lock.unlock();
      if (m.stopping) return;
      m.ready = true;
      m.ready_cv.notify_all();
      platform::notify_ready();
      m.logs.daemon->info("============================================================");
      m.logs.daemon->info("Risk Manager Daemon Started Successfully{}", m.options.dry_run ? " (DRY RUN)" : "");
      m.logs.daemon->info("Monitoring {} accounts", m.engine->account_ids().size());
      m.logs.daemon->info("Active rules: {}", rules_on);
      m.logs.daemon->info("Event server: ws://{}:{} (for trader dashboards)", m.cfg()->event_server.host,
                          m.event_port.load());
      m.logs.daemon->info("============================================================");
    });
    m.engine_loop();
    if (notifier.joinable()) notifier.join();
  } catch (const std::exception& ex) {
    // Emergency: lockouts and P&L are committed as they happen; flush what is queued and exit non-zero.
    m.logs.daemon->critical("EMERGENCY SHUTDOWN: {}", ex.what());
    m.stopping = true;
    m.ready_cv.notify_all();
    if (notifier.joinable()) notifier.join();
    if (m.writer) m.writer->flush();
    m.logs.flush();
    return 1;
  }
  platform::notify_stopping();
  m.shutdown();
  return 0;
}

void Daemon::stop() {
  impl_->stopping = true;
  impl_->inbox.push(ReloadRequest{});  // wakes the engine loop (ignored once stopping)
  impl_->poll_cv.notify_all();
  impl_->ready_cv.notify_all();
}

void Daemon::reload() { impl_->inbox.push(ReloadRequest{}); }

bool Daemon::wait_ready(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->ready_mutex);
  return impl_->ready_cv.wait_for(lock, timeout, [&] { return impl_->ready.load(); });
}

std::uint16_t Daemon::event_port() const { return impl_->event_port.load(); }

}  // namespace risk::daemon
