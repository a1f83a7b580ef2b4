#pragma once
// The REST poller: every read the daemon makes of the gateway besides what the
// executor verifies, on a thread of its own so the engine never waits on the
// network. It reconciles accounts (account flags, open positions, working
// orders and the day's trades) when asked (startup, a hub (re)connected, the
// engine asked for a fresh snapshot), polls the accounts of a credential whose
// user hub is down, looks up contract details, retries failed logins with
// backoff and refreshes tokens. What it reads goes to the engine as events.
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/events.hpp"
#include "core/result.hpp"
#include "daemon/logging.hpp"
#include "gateway/rest_client.hpp"

namespace risk::daemon {

// The gateway reads the poller makes, per credential (GatewayRouter; a fake in tests).
class ReadPort {
 public:
  virtual ~ReadPort() = default;
  [[nodiscard]] virtual std::size_t login_count() const = 0;
  [[nodiscard]] virtual std::string username(std::size_t login) const = 0;
  [[nodiscard]] virtual std::vector<AccountId> accounts_of(std::size_t login) const = 0;
  [[nodiscard]] virtual std::optional<std::size_t> login_of(AccountId account) const = 0;
  [[nodiscard]] virtual bool has_token(std::size_t login) const = 0;
  virtual Result<bool> login(std::size_t login) = 0;
  virtual Result<bool> refresh_if_needed(std::size_t login) = 0;
  virtual Result<std::vector<Account>> accounts(std::size_t login, gateway::Priority p) = 0;
  virtual Result<std::vector<Position>> open_positions(AccountId account, gateway::Priority p) = 0;
  virtual Result<std::vector<Order>> working_orders(AccountId account, gateway::Priority p) = 0;
  virtual Result<std::vector<Trade>> trades(AccountId account, Timestamp since) = 0;
  virtual Result<Contract> contract(const ContractId& id) = 0;
  // Contract/search by text: the fallback when searchById keeps failing.
  virtual Result<std::vector<Contract>> search_contracts(const std::string& text) = 0;
  // Keeps the credential's REST connection ready (gateway::RestClient::warm_connection).
  virtual void warm(std::size_t login) = 0;
};

class Poller {
 public:
  struct Options {
    Duration hub_down_poll = seconds(2);  // while a user hub is down, its accounts are polled this often
    Duration refresh_check = minutes(1);  // how often tokens are checked (refreshed under 4 h left)
    Duration login_backoff_max = seconds(60);
  };
  struct Hooks {
    std::function<void(Event)> emit;                // into the engine's inbox
    std::function<void(AccountId)> startup_failed;  // a startup snapshot could not be taken
    std::function<void(const std::string&)> fatal;  // the thread cannot go on
  };

  Poller(ReadPort& port, const Clock& clock, const Logs& logs, Hooks hooks, Options options);
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  // Runs step() on a thread of its own until stop().
  void start();
  void stop();

  // What a reconciliation reads. Startup and Full: the account's flags, open
  // positions, working orders and the day's trades. Verify (the engine asks,
  // to decide an enforcement from what the gateway shows now): positions and
  // working orders only, before routine traffic.
  enum class Read { Startup, Full, Verify };

  // Thread-safe requests.
  void reconcile(AccountId account, Read what = Read::Full);
  void lookup_contract(const ContractId& id);
  void hub_state(std::size_t login, bool up);
  // The account's trading day started at `start` (the engine's schedule): its
  // trades are searched from there.
  void day_started(AccountId account, Timestamp start);

  // One round of work: the queued requests, polling of accounts whose user hub
  // is down, logins that failed, token refresh. The thread calls it; tests call
  // it by hand with a manual clock.
  void step();

 private:
  struct Task {
    enum class Kind { Reconcile, Contract } kind = Kind::Reconcile;
    AccountId account = 0;
    ContractId contract;
    Read read = Read::Full;
  };
  // What one round reads of one account (requests merged).
  struct Wanted {
    bool startup = false;
    bool full = false;
    bool verify = false;
  };
  // A contract whose details are wanted, tried again with backoff until found.
  struct Lookup {
    ContractId id;
    int attempts = 0;
    Timestamp next;
  };
  void run();
  void take_snapshot(AccountId account, const Wanted& w);
  void look_up(Timestamp now);
  void logins_and_tokens(Timestamp now);

  ReadPort& port_;
  const Clock& clock_;
  const Logs& logs_;
  Hooks hooks_;
  Options options_;

  std::mutex mutex_;  // guards tasks_, hub_up_, day_starts_, stopping_
  std::condition_variable cv_;
  std::deque<Task> tasks_;
  std::vector<bool> hub_up_;
  std::map<AccountId, Timestamp> day_starts_;
  bool stopping_ = false;
  std::thread thread_;

  // Touched by step() only (one thread at a time).
  std::optional<Timestamp> last_hub_down_poll_;
  std::optional<Timestamp> last_refresh_;
  std::vector<Timestamp> next_login_;
  std::vector<Duration> login_backoff_;
  std::vector<Lookup> lookups_;
};

}  // namespace risk::daemon
