// risk-daemon's shell: the startup phases, the engine loop and shutdown. The
// engine decides; the parts below carry its decisions out, each owning its own
// job and state (docs/architecture.md):
//   GatewayRouter       REST clients per credential, accounts routed to them
//   Poller              REST reads on its thread: reconciliation, contracts, logins, tokens
//   Executor            money-moving calls on its worker threads
//   EnforcementTracker  plans from decision to outcome: records, enforcement.log, feed
//   Publisher           notices -> logs and event-feed messages; snapshots
//   AdminCommands       the admin channel's commands
//   Hubs                the SignalR connections, each on its thread
//   HubWatch            hub health: status, readiness, the outage limit
// Only the engine thread touches the engine; every other thread queues work
// into the inbox.
#include "daemon/daemon.hpp"

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>

#include <spdlog/spdlog.h>

#include "config/loader.hpp"
#include "config/reload.hpp"
#include "daemon/admin_commands.hpp"
#include "daemon/enforcement_tracker.hpp"
#include "daemon/executor.hpp"
#include "daemon/gateway_router.hpp"
#include "daemon/hub_watch.hpp"
#include "daemon/hubs.hpp"
#include "daemon/inbox.hpp"
#include "daemon/json.hpp"
#include "daemon/logging.hpp"
#include "daemon/poller.hpp"
#include "daemon/publisher.hpp"
#include "engine/engine.hpp"
#include "platform/system_clock.hpp"
#include "protocol/admin_auth.hpp"
#include "server/event_server.hpp"
#include "service/service_notify.hpp"
#include "store/store.hpp"
#include "store/writer.hpp"

namespace risk::daemon {

namespace fs = std::filesystem;

namespace {

// The daemon reports ready once every account is reconciled and every hub has
// connected once, or after this long at most.
constexpr Duration kReadyAtMost = seconds(20);
constexpr Duration kStatusEvery = seconds(5);
constexpr auto kLoopWakeAtLeast = std::chrono::milliseconds(500);

// Wakes the engine loop for a stop.
struct Stop {};

}  // namespace

struct Daemon::Impl {
  explicit Impl(DaemonOptions o)
      : options(std::move(o)), clock(options.clock != nullptr ? *options.clock : system_clock) {}
  ~Impl() {
    // Every thread that may still push into the inbox stops before it goes.
    stop_parts();
    if (executor) executor->stop(std::chrono::milliseconds(0));
    if (server) server->stop();
  }

  DaemonOptions options;
  SystemClock system_clock;
  const Clock& clock;
  std::atomic<bool> stopping{false};
  std::atomic<bool> ready{false};
  mutable std::mutex ready_mutex;
  mutable std::condition_variable ready_cv;
  std::atomic<std::uint16_t> event_port{0};

  // The parts, in the order the startup phases make them.
  config::LoadOptions load_options;
  std::unique_ptr<config::ConfigHolder> holder;
  Logs logs;
  std::unique_ptr<store::StoreWriter> writer;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<server::EventServer> server;
  std::unique_ptr<AdminCommands> admin;
  std::unique_ptr<Publisher> publisher;
  std::unique_ptr<GatewayRouter> gateway;
  std::unique_ptr<Executor> executor;
  std::unique_ptr<EnforcementTracker> tracker;
  std::unique_ptr<Poller> poller;
  std::unique_ptr<Hubs> hub_links;
  std::unique_ptr<HubWatch> hubs;

  MessageQueue<std::variant<InboxItem, Stop>> inbox;
  Effects fx;  // the engine's output of the current step (reused)

  std::size_t startup_reconciles_left = 0;
  bool announced = false;
  Timestamp started_at;
  Timestamp last_status;

  std::shared_ptr<const config::DaemonConfig> cfg() const { return holder->current(); }
  void push(InboxItem item) { inbox.push(std::move(item)); }

  int startup();
  void start_gateway();
  std::optional<std::string> engine_loop();
  void handle(InboxItem& item);
  void step(const Event& e);
  void route(const Event* source);
  void startup_reconciled();
  void reload(std::uint64_t reply_to);
  void admin_command(const AdminRequest& r);
  void hub_status(const HubStatus& h);
  void send_status();
  void set_ready();
  void announce_ready();
  void stop_parts();
  void shutdown();
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
    return static_cast<int>(ExitStatus::BadConfig);
  }
  config::DaemonConfig c = std::move(*loaded.config);
  if (options.data_dir) c.paths.data_dir = *options.data_dir;
  if (options.log_dir) c.paths.log_dir = *options.log_dir;
  if (options.event_port) c.event_server.port = *options.event_port;
  if (!server::EventServer::is_loopback_host(c.event_server.host)) {
    std::fprintf(stderr, "risk-daemon: refusing to start: event_server.host '%s' is not a loopback address\n",
                 c.event_server.host.c_str());
    return static_cast<int>(ExitStatus::BadConfig);
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
  auto opened = store::open_for_writing(db_path, store::file_stamp(clock.now()));
  if (!opened) {
    logs.daemon->critical("cannot open the state database {}: {}", db_path, opened.error().message);
    return static_cast<int>(ExitStatus::Fault);
  }
  if (opened.value().rebuilt) {
    logs.daemon->critical("state database was corrupt ({}); moved to {} and rebuilt; state comes from the gateway",
                          opened.value().problem, opened.value().corrupted_copy);
  }

  // Phase 3: state, in the seed's dependency order.
  engine = std::make_unique<Engine>(cfg()->settings, clock.now());
  auto state = store::load_state(opened.value().db, engine->account_ids());
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

  // The local event server, the admin channel and the publisher.
  server = std::make_unique<server::EventServer>(cfg()->event_server.host, cfg()->event_server.port,
                                                 [this](std::uint64_t conn, std::vector<AccountId> accounts) {
                                                   push(SubscribeRequest{conn, std::move(accounts)});
                                                 });
  server->on_error([this](const std::string& e) { logs.daemon->error("event server: {}", e); });
  admin = std::make_unique<AdminCommands>(clock, logs);
  server->enable_admin((fs::path(options.config_dir) / protocol::kAdminKeyFile).string(),
                       [this](const server::EventServer::AdminAttempt& a) {
                         if (admin->admit(a)) push(AdminRequest{a.connection, a.command});
                       });
  auto bound = server->start();
  if (!bound) {
    logs.daemon->critical("cannot start the event server on {}: {}", cfg()->event_server.address(),
                          bound.error().message);
    return static_cast<int>(ExitStatus::Fault);
  }
  event_port = bound.value();
  publisher = std::make_unique<Publisher>(
      clock, logs, *server,
      Publisher::Views{[this](AccountId id, Timestamp now) { return engine->summarize(id, now); },
                       [this](const ContractId& contract) { return engine->holders(contract); }});
  hubs = std::make_unique<HubWatch>(clock, options.hub_outage_limit);
  return static_cast<int>(ExitStatus::Stopped);
}

// ------------------------------------------------------------------ gateway --

void Daemon::Impl::start_gateway() {
  const auto c = cfg();
  const gateway::Endpoints ep = c->gateway.endpoints();
  gateway = std::make_unique<GatewayRouter>(ep, c->logins(), clock,
                                            [this](const std::string& line) { logs.api->debug("{}", line); });
  const auto& logins = gateway->logins();

  // The enforcement executor and its tracker.
  Executor::Options eopt;
  eopt.dry_run = options.dry_run;
  eopt.on_fatal = [this](const std::string& why) { push(Fatal{why}); };
  executor = std::make_unique<Executor>(*gateway, clock, eopt, [this](ExecResult r) { push(std::move(r)); });
  tracker = std::make_unique<EnforcementTracker>(
      clock, logs,
      EnforcementTracker::Ports{
          [this](const store::EnforcementLogEntry& e) { writer->log_enforcement(e); },
          [this](ActionRef ref, const Action& a, Timestamp trigger) { executor->submit(ref, a, trigger); },
          [this](AccountId id, const std::string& m) { server->broadcast(id, m); }},
      options.dry_run);

  // Phase 4: authenticate every credential; a failure is logged, the others go on.
  for (std::size_t i = 0; i < logins.size(); ++i) {
    if (auto r = gateway->login(i)) {
      logs.daemon->info("authenticated {} ({} account(s))", logins[i].username, logins[i].accounts.size());
    } else {
      logs.daemon->error("login failed for {}: {} (retrying in the background; its accounts are polled when possible)",
                         logins[i].username, r.error().message);
    }
  }
  poller = std::make_unique<Poller>(
      *gateway, clock, logs,
      Poller::Hooks{[this](Event e) { push(std::move(e)); }, [this](AccountId a) { push(StartupReconcileFailed{a}); },
                    [this](const std::string& why) { push(Fatal{why}); }},
      Poller::Options{});

  // Phase 5: hubs. One user-hub connection per credential, one market hub for every contract held.
  hub_links = std::make_unique<Hubs>(ep, *gateway, logs,
                                     Hubs::Hooks{[this](EventBody e) {
                                                   push(Event{clock.now(), std::move(e)});
                                                 },
                                                 [this](HubStatus h) {
                                                   if (h.login) poller->hub_state(*h.login, h.connected);
                                                   push(std::move(h));
                                                 },
                                                 [this](std::size_t login) {
                                                   push(Event{clock.now(), HubHeartbeat{gateway->accounts_of(login)}});
                                                 },
                                                 [this](std::size_t login, std::chrono::milliseconds silent) {
                                                   logs.daemon->warn(
                                                       "user hub of {} was silent for {} ms on an open connection: "
                                                       "reading its accounts",
                                                       gateway->username(login), silent.count());
                                                   for (AccountId a : gateway->accounts_of(login))
                                                     poller->reconcile(a, Poller::Read::Verify);
                                                 }});
  hub_links->start();
  hubs->expect(hub_links->count());

  // Phase 6: the restored state's needs (quotes, contract details, the day's
  // schedule), then reconcile every account from REST before trusting anything.
  fx.clear();
  engine->start(fx);
  route(nullptr);
  for (const auto& l : logins) {
    for (AccountId a : l.accounts) {
      ++startup_reconciles_left;
      poller->reconcile(a, Poller::Read::Startup);
    }
  }
  poller->start();
  if (startup_reconciles_left == 0 && hubs->all_connected_once()) set_ready();  // nothing to wait for
}

// --------------------------------------------------------------- the engine --

std::optional<std::string> Daemon::Impl::engine_loop() {
  std::deque<std::variant<InboxItem, Stop>> items;
  while (!stopping) {
    const Timestamp now = clock.now();
    Timestamp due = std::max(engine->next_deadline(), now);  // (next_deadline may be Timestamp::min())
    due = std::min(due, now + std::chrono::duration_cast<Duration>(kLoopWakeAtLeast));
    inbox.drain_until(items, std::chrono::system_clock::now() + (due - now));
    for (auto& item : items) {
      if (stopping) break;
      if (auto* i = std::get_if<InboxItem>(&item)) {
        if (const auto* f = std::get_if<Fatal>(i)) return f->reason;
        handle(*i);
      }
    }
    items.clear();
    if (clock.now() >= engine->next_deadline()) step(Event{clock.now(), TimeAdvanced{}});
    publisher->tick();
    if (auto why = hubs->outage()) return why;
    if (!announced && (ready || clock.now() - started_at >= kReadyAtMost)) announce_ready();
    if (clock.now() - last_status >= kStatusEvery) send_status();
  }
  return std::nullopt;
}

void Daemon::Impl::handle(InboxItem& item) {
  std::visit(
      [&](auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, Event>) {
          step(x);
        } else if constexpr (std::is_same_v<T, ExecResult>) {
          step(Event{clock.now(), tracker->on_result(x)});
        } else if constexpr (std::is_same_v<T, SubscribeRequest>) {
          publisher->snapshots_to(x.connection, x.accounts.empty() ? engine->account_ids() : x.accounts);
          send_status();
        } else if constexpr (std::is_same_v<T, ReloadRequest>) {
          reload(x.reply_to);
        } else if constexpr (std::is_same_v<T, AdminRequest>) {
          admin_command(x);
        } else if constexpr (std::is_same_v<T, HubStatus>) {
          hub_status(x);
        } else if constexpr (std::is_same_v<T, StartupReconcileFailed>) {
          startup_reconciled();
        } else if constexpr (std::is_same_v<T, Fatal>) {
          // handled by the loop
        }
      },
      item);
}

// The engine decides.
void Daemon::Impl::step(const Event& e) {
  fx.clear();
  engine->step(e, fx);
  route(&e);
}

// The parts carry the decisions out.
void Daemon::Impl::route(const Event* source) {
  if (!fx.persist.empty()) {
    writer->submit(fx.persist);
    for (const auto& r : fx.persist) {
      if (const auto* s = std::get_if<ResetScheduleRecord>(&r)) poller->day_started(s->account_id, s->last_reset);
    }
  }
  for (const auto& n : fx.notices) {
    if (const auto* p = std::get_if<EnforcementPlan>(&n)) {
      tracker->on_plan(*p);
    } else if (const auto* s = std::get_if<ActionSettled>(&n)) {
      tracker->on_settled(*s);
    } else if (const auto* r = std::get_if<ReconcileRequested>(&n)) {
      poller->reconcile(r->account_id, r->verify ? Poller::Read::Verify : Poller::Read::Full);
    } else if (const auto* q = std::get_if<QuotesWanted>(&n)) {
      hub_links->want_quotes(q->contract_id, q->wanted);
    } else if (const auto* c = std::get_if<ContractNeeded>(&n)) {
      poller->lookup_contract(c->contract_id);
    }
  }
  publisher->publish(fx.notices, source);
  const auto* snap = source != nullptr ? std::get_if<ReconciliationSnapshot>(&source->body) : nullptr;
  if (snap != nullptr && snap->startup) startup_reconciled();
}

// Ready once every account's first reconciliation is in (or failed) and every hub has connected once.
void Daemon::Impl::startup_reconciled() {
  if (startup_reconciles_left > 0) --startup_reconciles_left;
  if (startup_reconciles_left == 0 && hubs->all_connected_once()) set_ready();
}

void Daemon::Impl::hub_status(const HubStatus& h) {
  hubs->on_status(h.name, h.connected);
  if (h.connected) {
    logs.daemon->info("{} hub connected{}", h.name, h.reconnect ? " again: reconciling" : "");
    // Every (re)connection is followed by a REST snapshot: events sent before
    // the subscriptions took effect are not replayed.
    if (h.login) {
      for (AccountId a : gateway->accounts_of(*h.login)) poller->reconcile(a);
    }
    if (startup_reconciles_left == 0 && hubs->all_connected_once()) set_ready();
  } else {
    logs.daemon->warn("{} hub disconnected: {}{}", h.name, h.reason,
                      h.login ? " (polling positions and orders over REST meanwhile)" : "");
  }
  send_status();
}

void Daemon::Impl::reload(std::uint64_t reply_to) {
  config::ReloadResult r = holder->reload(load_options);
  if (!r.applied) {
    logs.daemon->error("configuration reload rejected; still running on the previous configuration:\n{}", r.report());
  } else {
    if (r.event) {
      step(Event{clock.now(), *r.event});
      for (const auto& n : fx.notices) {
        if (const auto* c = std::get_if<SettingsChanged>(&n)) r.changes = c->changes;
      }
    }
    logs.daemon->info("configuration reloaded:\n{}", r.report());
  }
  if (reply_to != 0) {
    server->send_to(
        reply_to,
        {Json{{"type", protocol::admin_channel::kResult}, {"ok", r.applied}, {"op", "reload"}, {"report", r.report()}}
             .dump()});
  }
}

void Daemon::Impl::admin_command(const AdminRequest& r) {
  const AdminCommands::Command cmd = admin->parse(r.command, engine->account_ids());
  if (const auto* refused = std::get_if<AdminCommands::Refuse>(&cmd)) {
    server->send_to(r.connection, {AdminCommands::refusal(refused->error)});
  } else if (std::holds_alternative<AdminCommands::Reload>(cmd)) {
    reload(r.connection);
  } else if (const auto* clear = std::get_if<AdminCommands::Clear>(&cmd)) {
    step(Event{clock.now(), clear->clear});
    server->send_to(r.connection, {admin->cleared(clear->clear, fx.notices)});
  }
}

void Daemon::Impl::send_status() {
  last_status = clock.now();
  Publisher::Status s{kVersion, started_at, hubs->connections(), engine->account_ids(), {}, options.dry_run};
  if (gateway) s.tokens = gateway->token_expiry();
  publisher->status(s);
}

void Daemon::Impl::set_ready() {
  {
    const std::lock_guard lock(ready_mutex);
    ready = true;
  }
  ready_cv.notify_all();
}

// Ready: reconciled and connected (or kReadyAtMost after start).
void Daemon::Impl::announce_ready() {
  announced = true;
  set_ready();
  service::notify_ready();
  std::size_t rules_on = 0;
  if (const auto c = cfg(); !c->settings->accounts.empty()) {
    for (const RuleSpec* spec : rule_registry())
      rules_on += spec->enabled(c->settings->accounts.front().rules) ? 1u : 0u;
  }
  publisher->banner_started(engine->account_ids().size(), rules_on,
                            "ws://" + cfg()->event_server.host + ":" + std::to_string(event_port.load()),
                            options.dry_run);
}

// ----------------------------------------------------------------- shutdown --

// Stops every thread that feeds the engine (idempotent).
void Daemon::Impl::stop_parts() {
  stopping = true;
  if (hub_links) hub_links->stop();
  if (poller) poller->stop();
}

void Daemon::Impl::shutdown() {
  logs.daemon->info("shutting down: stopping hubs and the event server, finishing enforcement in flight");
  stop_parts();
  if (executor) executor->stop(std::chrono::seconds(4));
  // What finished meanwhile is still recorded (enforcement.log and the database).
  std::deque<std::variant<InboxItem, Stop>> items;
  inbox.drain_until(items, std::chrono::system_clock::now());
  for (auto& item : items) {
    if (auto* i = std::get_if<InboxItem>(&item); i != nullptr && std::holds_alternative<ExecResult>(*i)) handle(*i);
  }
  if (server) server->stop();
  if (writer) {
    writer->flush();
    writer.reset();
  }
  publisher->banner_stopped();
  logs.flush();
}

// ------------------------------------------------------------------- public --

Daemon::Daemon(DaemonOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Daemon::~Daemon() = default;

int Daemon::run() {
  Impl& m = *impl_;
  const int rc = m.startup();
  if (rc != static_cast<int>(ExitStatus::Stopped)) {
    m.set_ready();  // nobody waits for a daemon that refused to start
    return rc;
  }
  std::optional<std::string> fault;
  try {
    m.start_gateway();
    fault = m.engine_loop();
  } catch (const std::exception& ex) {
    fault = std::string("unexpected fault: ") + ex.what();
  }
  if (fault) {
    // Emergency: lockouts and P&L are committed as they happen; flush what is
    // queued and exit non-zero so the service manager starts the daemon afresh.
    m.logs.daemon->critical("EMERGENCY SHUTDOWN: {}", *fault);
    m.stop_parts();
    m.set_ready();
    if (m.writer) m.writer->flush();
    m.logs.flush();
    return static_cast<int>(ExitStatus::Fault);
  }
  service::notify_stopping();
  m.shutdown();
  return static_cast<int>(ExitStatus::Stopped);
}

void Daemon::stop() {
  impl_->stopping = true;
  impl_->inbox.push(Stop{});
  impl_->ready_cv.notify_all();
}

void Daemon::reload() { impl_->push(ReloadRequest{}); }

bool Daemon::wait_ready(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->ready_mutex);
  return impl_->ready_cv.wait_for(lock, timeout, [&] { return impl_->ready.load(); });
}

std::uint16_t Daemon::event_port() const { return impl_->event_port.load(); }

}  // namespace risk::daemon
