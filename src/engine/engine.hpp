#pragma once
// The event router: one owner of all risk state, one thread, no locks, no
// clock. step() runs the seed's pipeline for one event:
//   update state -> broadcast -> lockout gate -> rules (id order) -> merged actions
// and appends what it decided to `out`. It never performs anything itself.
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/effects.hpp"
#include "core/events.hpp"
#include "engine/account_summary.hpp"
#include "engine/enforcement_book.hpp"
#include "rules/rule.hpp"
#include "state/account_state.hpp"
#include "state/contract_cache.hpp"
#include "state/quote_book.hpp"

namespace risk {

// State the store saved, handed back at startup (in the seed's dependency order).
struct AccountRestore {
  AccountId account_id = 0;
  std::optional<TradingDay> day;  // reset schedule: the trading day that was current
  std::vector<Lockout> lockouts;
  std::vector<Trade> trades;        // fills of that trading day (P&L and counts are rebuilt from them)
  std::vector<Position> positions;  // open positions (created = when they opened)
  std::vector<Order> orders;        // working orders
  std::optional<Account> account;
};

class Engine {
 public:
  Engine(EngineSettingsPtr settings, Timestamp start);

  // Applies one event; appends effects to `out` (the caller clears it).
  void step(const Event& event, Effects& out);

  // Restores saved state before the first step. Trading days that ended while
  // the daemon was down are caught up (once) by the first step.
  void restore(const AccountRestore& saved);
  void restore_contract(const Contract& c) { contracts_.upsert(c); }
  // After restore, before the first step: every account's current trading day
  // (so the store knows which day its P&L rows belong to), and the quotes and
  // contract details the restored positions need.
  void start(Effects& out);

  // When the engine next needs a TimeAdvanced event (lockout expiry, grace
  // periods, session ends, daily resets).
  [[nodiscard]] Timestamp next_deadline() const noexcept { return next_deadline_; }
  [[nodiscard]] Timestamp now() const noexcept { return now_; }

  // Read-only views (event server snapshots, status, tests).
  [[nodiscard]] const AccountState* account(AccountId id) const noexcept;
  [[nodiscard]] std::vector<AccountId> account_ids() const;
  [[nodiscard]] const QuoteBook& quotes() const noexcept { return quotes_; }
  [[nodiscard]] const ContractCache& contracts() const noexcept { return contracts_; }
  [[nodiscard]] const EngineSettings& settings() const noexcept { return *settings_; }
  [[nodiscard]] bool has_pending_settings(AccountId id) const noexcept;
  // The account's failing enforcement, if any.
  [[nodiscard]] const Obligation* obligation(AccountId id) const noexcept;
  // The settings each account runs now (held changes not included).
  [[nodiscard]] EngineSettings effective_settings() const;
  // What the daemon shows of an account at `now` (nullopt: not monitored).
  [[nodiscard]] std::optional<AccountSummary> summarize(AccountId id, Timestamp now) const;
  // Accounts holding a position in `contract` (empty when none).
  [[nodiscard]] const std::vector<AccountId>& holders(const ContractId& contract) const;

 private:
  struct Context;  // what woke the rules up (see engine.cpp)

  AccountState* find(AccountId id) noexcept;
  AccountState& add_account(const AccountSettings& s, const EngineSettingsPtr& owner);
  const GlobalSettings& global(const AccountState& a) const noexcept;

  void on_account(const Account& acc, Effects& out);
  void on_order(const Order& o, Effects& out);
  void on_position(const Position& p, Effects& out);
  void on_trade(const Trade& t, Effects& out);
  void on_quote(const QuoteUpdate& q, Effects& out);
  void on_contract(const Contract& c, Effects& out);
  void on_config(const ConfigChanged& c, Effects& out);
  void on_admin_clear(const AdminClearLockout& c, Effects& out);
  void on_reconcile(const ReconciliationSnapshot& s, Effects& out);
  void on_outcome(const ActionOutcome& o, Effects& out);

  // Accepted actions the state now shows done, or that waited too long (of one
  // account, or of all).
  void settle(Effects& out, const AccountState* only = nullptr);
  // An enforcement request failed: the account is an open obligation.
  void fail(const Action& a, const std::string& reason, Duration retry_after, Effects& out);
  // Asks for the snapshots failing accounts need; resolves those left with nothing to do.
  void work_obligations(Effects& out);
  void resolve_if_done(AccountId id, Effects& out);
  // Reads an account over REST when the gateway has said nothing of it for
  // max_blind_seconds (its user hub is silent: stalled, or down).
  void watch_blind(const AccountState& a, Effects& out);
  [[nodiscard]] Timestamp last_seen(AccountId id) const noexcept;
  // Since when the account has been blind: its last word from the gateway, or the last read a blind spell asked for.
  [[nodiscard]] Timestamp blind_since(AccountId id) const noexcept;
  // Quote subscriptions and contract lookups that changed with the holders.
  void flush_wants(Effects& out);

  void apply_account_info(AccountState& a, const Account& acc);
  void apply_trade(AccountState& a, const Trade& t, Effects& out);
  void track_holder(AccountId id, const ContractId& c, bool holds);
  void retire(AccountId id);  // stops monitoring an account

  void run_due(Effects& out);
  void process_time(AccountState& a, Effects& out);
  void daily_reset(AccountState& a, Effects& out);
  void refresh_deadline(AccountState& a) noexcept;
  Timestamp compute_deadline(const AccountState& a) const;

  RuleInput input(const AccountState& a, const Context& ctx) const;
  void release(AccountState& a, const RuleInput& in, Effects& out);
  void evaluate(AccountState& a, const Context& ctx, Effects& out);
  void gate(AccountState& a, const Context& ctx);
  void finish(AccountState& a, Effects& out);
  void remove_lockouts(AccountState& a, std::vector<Lockout>& removed, ClearedBy by, const std::string& note,
                       Effects& out);

  EngineSettingsPtr settings_;
  EngineSettingsPtr pending_;
  std::unordered_map<AccountId, AccountState> accounts_;
  std::unordered_map<AccountId, bool> pending_accounts_;  // accounts whose reset has not passed since pending_ was set
  std::vector<AccountId> retiring_;                       // removal held until their reset, which has now passed
  QuoteBook quotes_;
  ContractCache contracts_;
  std::unordered_map<ContractId, std::vector<AccountId>> holders_;
  EnforcementBook book_;
  std::unordered_map<AccountId, Obligation> obligations_;
  // When the gateway last said something of an account (an event, a hub
  // heartbeat, a REST snapshot), and when a blind spell last asked for a read.
  std::unordered_map<AccountId, Timestamp> last_seen_;
  std::unordered_map<AccountId, Timestamp> last_blind_check_;
  std::int64_t plan_seq_ = 0;
  // When the hub last reported a position or order of the account (a REST
  // snapshot requested before that is older than the engine's state), and when
  // such a stale snapshot last asked for another one.
  std::unordered_map<AccountId, Timestamp> hub_touched_;
  std::unordered_map<AccountId, Timestamp> last_repoll_;
  std::vector<ContractId> holders_changed_;  // held by nobody <-> somebody since the last flush
  std::unordered_set<ContractId> quotes_wanted_;
  std::unordered_set<ContractId> contracts_requested_;
  Timestamp now_;
  Timestamp next_deadline_ = Timestamp::min();
  Decisions decisions_;
  Decisions locked_scratch_;  // a locked account's rules: only their lockouts are kept
  Timestamp event_at_;
};

// A stale REST snapshot asks for another one at most this often.
inline constexpr Duration kRepollAfterStaleSnapshot = seconds(1);

}  // namespace risk
