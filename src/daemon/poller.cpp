#include "daemon/poller.hpp"

#include <algorithm>
#include <exception>

namespace risk::daemon {

Poller::Poller(ReadPort& port, const Clock& clock, const Logs& logs, Hooks hooks, Options options)
    : port_(port),
      clock_(clock),
      logs_(logs),
      hooks_(std::move(hooks)),
      options_(options),
      hub_up_(port.login_count(), false),
      next_login_(port.login_count(), Timestamp::min()),
      login_backoff_(port.login_count(), seconds(1)) {}

Poller::~Poller() { stop(); }

void Poller::start() {
  thread_ = std::thread([this] { run(); });
}

void Poller::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Poller::reconcile(AccountId account, Read what) {
  {
    const std::lock_guard lock(mutex_);
    tasks_.push_back(Task{Task::Kind::Reconcile, account, {}, what});
  }
  cv_.notify_one();
}

void Poller::lookup_contract(const ContractId& id) {
  {
    const std::lock_guard lock(mutex_);
    tasks_.push_back(Task{Task::Kind::Contract, 0, id, Read::Full});
  }
  cv_.notify_one();
}

void Poller::hub_state(std::size_t login, bool up) {
  const std::lock_guard lock(mutex_);
  if (login < hub_up_.size()) hub_up_[login] = up;
}

void Poller::day_started(AccountId account, Timestamp start) {
  const std::lock_guard lock(mutex_);
  day_starts_[account] = start;
}

void Poller::run() {
  try {
    while (true) {
      {
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, std::chrono::milliseconds(500), [&] { return stopping_ || !tasks_.empty(); });
        if (stopping_) return;
      }
      step();
    }
  } catch (const std::exception& e) {
    logs_.daemon->critical("the REST poller stopped: {}", e.what());
    if (hooks_.fatal) hooks_.fatal(std::string("the REST poller failed: ") + e.what());
  }
}

void Poller::step() {
  std::deque<Task> tasks;
  std::vector<bool> hub_up;
  {
    const std::lock_guard lock(mutex_);
    tasks.swap(tasks_);
    hub_up = hub_up_;
  }
  const Timestamp now = clock_.now();
  // One snapshot per account serves every request of the round; verifications go first.
  std::map<AccountId, Wanted> wanted;
  for (const auto& t : tasks) {
    if (t.kind == Task::Kind::Contract) {
      const bool known =
          std::any_of(lookups_.begin(), lookups_.end(), [&](const Lookup& l) { return l.id == t.contract; });
      if (!known) lookups_.push_back(Lookup{t.contract, 0, now});
      continue;
    }
    Wanted& w = wanted[t.account];
    w.startup = w.startup || t.read == Read::Startup;
    w.full = w.full || t.read != Read::Verify;
    w.verify = w.verify || t.read == Read::Verify;
  }
  for (const auto& [account, w] : wanted) {
    if (w.verify) take_snapshot(account, w);
  }
  for (const auto& [account, w] : wanted) {
    if (!w.verify) take_snapshot(account, w);
  }
  // While a credential's user hub is down, poll its accounts so a breach is still caught.
  if (!last_hub_down_poll_ || now - *last_hub_down_poll_ >= options_.hub_down_poll) {
    last_hub_down_poll_ = now;
    for (std::size_t i = 0; i < hub_up.size(); ++i) {
      if (hub_up[i]) continue;
      for (AccountId a : port_.accounts_of(i)) {
        if (wanted.count(a) == 0) take_snapshot(a, Wanted{false, true, false});
      }
    }
  }
  look_up(now);
  logins_and_tokens(now);
  for (std::size_t i = 0; i < port_.login_count(); ++i) {
    if (port_.has_token(i)) port_.warm(i);
  }
}

// Contract details, tried until the gateway gives them (searchById, then a
// search by the root), 1 s, 2 s, 4 s ... 60 s apart.
void Poller::look_up(Timestamp now) {
  for (auto it = lookups_.begin(); it != lookups_.end();) {
    if (now < it->next) {
      ++it;
      continue;
    }
    std::optional<Contract> found;
    auto byid = port_.contract(it->id);
    std::string why;
    if (byid) {
      found = std::move(byid.value());
    } else {
      why = byid.error().message;
      if (auto list = port_.search_contracts(symbol_root(it->id).str())) {
        for (auto& c : list.value()) {
          if (c.id == it->id) found = c;
        }
      }
    }
    if (found) {
      if (it->attempts > 0)
        logs_.daemon->info("contract {} found after {} failed lookup(s)", it->id.view(), it->attempts);
      hooks_.emit(Event{clock_.now(), ContractEvent{*found}});
      it = lookups_.erase(it);
      continue;
    }
    ++it->attempts;
    const auto wait = std::min<Duration>(seconds(1) * (1LL << std::min(it->attempts - 1, 6)), seconds(60));
    it->next = now + wait;
    logs_.daemon->warn(
        "contract {} still unknown after {} lookup(s) ({}); its positions are not valued; next try in {} s",
        it->id.view(), it->attempts, why, std::chrono::duration_cast<seconds>(wait).count());
    ++it;
  }
}

void Poller::logins_and_tokens(Timestamp now) {
  // Logins that failed are retried with backoff; tokens are refreshed when under 4 h remain.
  for (std::size_t i = 0; i < port_.login_count(); ++i) {
    if (port_.has_token(i) || now < next_login_[i]) continue;
    auto r = port_.login(i);
    if (r) {
      logs_.daemon->info("authenticated {} (retry)", port_.username(i));
      login_backoff_[i] = seconds(1);
      for (AccountId a : port_.accounts_of(i)) reconcile(a);  // Read::Full
    } else {
      logs_.daemon->error("login failed for {}: {}", port_.username(i), r.error().message);
      next_login_[i] = now + login_backoff_[i];
      login_backoff_[i] = std::min(login_backoff_[i] * 2, options_.login_backoff_max);
    }
  }
  if (last_refresh_ && now - *last_refresh_ < options_.refresh_check) return;
  if (!last_refresh_) {
    last_refresh_ = now;  // the first check one interval after start: the logins are fresh
    return;
  }
  last_refresh_ = now;
  for (std::size_t i = 0; i < port_.login_count(); ++i) {
    if (!port_.has_token(i)) continue;
    if (auto r = port_.refresh_if_needed(i); !r) {
      logs_.daemon->error("token refresh for {} failed: {}", port_.username(i), r.error().message);
    }
  }
}

void Poller::take_snapshot(AccountId account, const Wanted& w) {
  ReconciliationSnapshot snap;
  snap.account_id = account;
  snap.startup = w.startup;
  snap.has_trades = w.full;
  snap.requested_at = clock_.now();
  const auto login = port_.login_of(account);
  if (!login || !port_.has_token(*login)) {
    if (login) logs_.daemon->warn("cannot reconcile account {}: not logged in", account);
    if (w.startup) hooks_.startup_failed(account);
    return;
  }
  const auto priority = w.verify ? gateway::Priority::Critical : gateway::Priority::Routine;
  auto positions = port_.open_positions(account, priority);
  auto orders = positions ? port_.working_orders(account, priority) : Result<std::vector<Order>>(positions.error());
  Result<std::vector<Trade>> trades = std::vector<Trade>{};
  if (w.full && positions && orders) {
    Timestamp since = clock_.now() - hours(24);  // until the engine says when the account's day started
    {
      const std::lock_guard lock(mutex_);
      if (const auto it = day_starts_.find(account); it != day_starts_.end()) since = it->second;
    }
    trades = port_.trades(account, since);
  }
  if (!positions || !orders || !trades) {
    const std::string why = !positions ? positions.error().message
                            : !orders  ? orders.error().message
                                       : trades.error().message;
    logs_.daemon->error("{} of account {} failed: {}", w.verify ? "verification read" : "reconciliation", account, why);
    if (w.startup) hooks_.startup_failed(account);
    return;
  }
  if (w.full) {
    if (auto accounts = port_.accounts(*login, priority)) {
      for (const auto& a : accounts.value()) {
        if (a.id == account) snap.account = a;
      }
    }
  }
  snap.positions = std::move(positions.value());
  snap.working_orders = std::move(orders.value());
  if (w.full) snap.trades = std::move(trades.value());
  hooks_.emit(Event{clock_.now(), std::move(snap)});
}

}  // namespace risk::daemon
