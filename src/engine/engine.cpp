#include "engine/engine.hpp"

#include <algorithm>
#include <exception>

#include "engine/settings_lock.hpp"
#include "rules/rule.hpp"
#include "state/session_calendar.hpp"

namespace risk {

struct Engine::Context {
  Trigger trigger;
  const ContractId* contract = nullptr;
  const Trade* trade = nullptr;
  const PnlTracker::Applied* trade_applied = nullptr;
  const PositionBook::Change* position_change = nullptr;
  const OrderBook::Change* order_change = nullptr;
  const Order* order = nullptr;
  const Account* account_info = nullptr;
  const std::vector<RuleId>* rerun = nullptr;  // rules to run whatever the trigger (after a failed enforcement)
};

namespace {

const TimeZone& zone_of(const AccountSettings& s) { return s.timezone ? *s.timezone : *utc_zone(); }

std::string lock_description(const Lockout& l) {
  std::string s(rule_code(l.rule));
  s += ": ";
  s += l.reason;
  return s;
}

}  // namespace

// ---------------------------------------------------------------- setup ----

Engine::Engine(EngineSettingsPtr settings, Timestamp start) : settings_(std::move(settings)), now_(start) {
  for (const auto& s : settings_->accounts) add_account(s, settings_);
}

AccountState& Engine::add_account(const AccountSettings& s, const EngineSettingsPtr& owner) {
  AccountState& a = accounts_[s.account_id];
  a.id = s.account_id;
  a.settings = &s;
  a.settings_owner = owner;
  a.day = trading_day_at(zone_of(s), s.reset_time, now_);
  last_seen_[a.id] = now_;  // the startup reconciliation is asked for at once
  refresh_deadline(a);
  return a;
}

const GlobalSettings& Engine::global(const AccountState& a) const noexcept {
  (void)a;
  return settings_->global;
}

AccountState* Engine::find(AccountId id) noexcept {
  const auto it = accounts_.find(id);
  return it == accounts_.end() ? nullptr : &it->second;
}

const AccountState* Engine::account(AccountId id) const noexcept {
  const auto it = accounts_.find(id);
  return it == accounts_.end() ? nullptr : &it->second;
}

std::vector<AccountId> Engine::account_ids() const {
  std::vector<AccountId> ids;
  ids.reserve(accounts_.size());
  for (const auto& [id, a] : accounts_) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

const std::vector<AccountId>& Engine::holders(const ContractId& contract) const {
  static const std::vector<AccountId> kNone;
  const auto it = holders_.find(contract);
  return it == holders_.end() ? kNone : it->second;
}

bool Engine::has_pending_settings(AccountId id) const noexcept { return pending_accounts_.count(id) != 0; }

void Engine::restore(const AccountRestore& saved) {
  AccountState* a = find(saved.account_id);
  if (a == nullptr) return;  // no longer configured
  if (saved.day) a->day = *saved.day;
  for (const auto& l : saved.lockouts) a->lockouts.set(l);
  std::vector<Trade> trades = saved.trades;
  std::sort(trades.begin(), trades.end(), [](const Trade& x, const Trade& y) { return x.created < y.created; });
  for (const auto& t : trades) {
    const auto applied = a->pnl.apply(t, a->day);
    if (applied.outcome == PnlTracker::Outcome::Counted && !t.voided) a->counter.add(t.id, t.created);
  }
  for (const auto& p : saved.positions) {
    const auto change = a->positions.apply(p, std::min(p.created, now_));
    if (change.opened) track_holder(a->id, p.contract_id, true);
  }
  for (const auto& o : saved.orders) a->orders.apply(o);
  a->positions.update_protection(a->orders, now_);
  if (saved.account) a->info = saved.account;
  refresh_deadline(*a);
  next_deadline_ = std::min(next_deadline_, a->deadline);
}

void Engine::start(Effects& out) {
  for (const AccountId id : account_ids()) {
    const AccountState& a = accounts_.at(id);
    out.persist.emplace_back(ResetScheduleRecord{a.id, a.day.start, a.day.end, a.day.date});
  }
  flush_wants(out);
}

// ----------------------------------------------------------------- step ----

void Engine::step(const Event& event, Effects& out) {
  if (event.at > now_) now_ = event.at;
  event_at_ = event.at;
  if (now_ >= next_deadline_) run_due(out);
  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, AccountEvent>) {
          on_account(body.account, out);
        } else if constexpr (std::is_same_v<T, OrderEvent>) {
          on_order(body.order, out);
        } else if constexpr (std::is_same_v<T, PositionEvent>) {
          on_position(body.position, out);
        } else if constexpr (std::is_same_v<T, TradeEvent>) {
          on_trade(body.trade, out);
        } else if constexpr (std::is_same_v<T, QuoteEvent>) {
          on_quote(body.quote, out);
        } else if constexpr (std::is_same_v<T, ContractEvent>) {
          on_contract(body.contract, out);
        } else if constexpr (std::is_same_v<T, TimeAdvanced>) {
          // run_due above did the work
        } else if constexpr (std::is_same_v<T, ConfigChanged>) {
          on_config(body, out);
        } else if constexpr (std::is_same_v<T, AdminClearLockout>) {
          on_admin_clear(body, out);
        } else if constexpr (std::is_same_v<T, ReconciliationSnapshot>) {
          on_reconcile(body, out);
        } else if constexpr (std::is_same_v<T, ActionOutcome>) {
          on_outcome(body, out);
        } else if constexpr (std::is_same_v<T, HubHeartbeat>) {
          for (const AccountId id : body.accounts) last_seen_[id] = event_at_;
        }
      },
      event.body);
  if (!holders_changed_.empty()) flush_wants(out);
}

// ------------------------------------------------------------ enforcement ----

void Engine::on_outcome(const ActionOutcome& o, Effects& out) {
  EnforcementBook::Entry* e = book_.find(o.ref);
  if (e == nullptr) return;  // settled already (or from before a restart)
  switch (o.result) {
    case ActionOutcome::Result::Accepted: {
      e->accepted = true;
      e->deadline = now_ + kConfirmWithin;
      next_deadline_ = std::min(next_deadline_, e->deadline);
      const AccountState* a = account(e->action.account_id);
      if (a != nullptr) {
        settle(out, a);  // the state may show it done already
      } else {
        settle(out);
      }
      return;
    }
    case ActionOutcome::Result::DryRun:
      out.notices.emplace_back(
          ActionSettled{e->action.account_id, e->ref, e->action, ActionSettled::Outcome::DryRun, o.note, std::nullopt});
      break;
    case ActionOutcome::Result::Failed: {
      const Action failed = e->action;
      out.notices.emplace_back(
          ActionSettled{failed.account_id, e->ref, failed, ActionSettled::Outcome::Failed, o.note, std::nullopt});
      book_.remove(o.ref);
      fail(failed, o.reason.empty() ? o.note : o.reason, o.retry_after, out);
      return;
    }
  }
  book_.remove(o.ref);
}

void Engine::settle(Effects& out, const AccountState* only) {
  std::vector<EnforcementBook::Entry> confirmed;
  std::vector<EnforcementBook::Entry> unconfirmed;
  auto judge = [&](const AccountState* a, AccountId id) {
    if (a != nullptr) book_.observe(*a, now_);
    for (const auto& e : book_.entries(id)) {
      if (!e.accepted) continue;
      if (a == nullptr || e.seen_done || action_confirmed(e.action, e.size_at_decision, *a)) {
        confirmed.push_back(e);
      } else if (now_ >= e.deadline) {
        unconfirmed.push_back(e);
      }
    }
  };
  if (only != nullptr) {
    judge(only, only->id);
  } else {
    for (const AccountId id : book_.accounts()) judge(account(id), id);
  }
  for (const auto& e : confirmed) {
    book_.remove(e.ref);
    out.notices.emplace_back(ActionSettled{e.action.account_id, e.ref, e.action, ActionSettled::Outcome::Confirmed,
                                           "confirmed", e.seen_done.value_or(now_)});
    resolve_if_done(e.action.account_id, out);
  }
  for (const auto& e : unconfirmed) {
    book_.remove(e.ref);
    out.notices.emplace_back(ActionSettled{e.action.account_id, e.ref, e.action, ActionSettled::Outcome::Unconfirmed,
                                           "not confirmed by the gateway in time", std::nullopt});
    fail(e.action, "not confirmed", Duration{}, out);
  }
  next_deadline_ = std::min(next_deadline_, book_.next_deadline());
}

void Engine::fail(const Action& a, const std::string& reason, Duration retry_after, Effects& out) {
  auto [it, fresh] = obligations_.try_emplace(a.account_id);
  Obligation& o = it->second;
  if (fresh) o.since = now_;
  ++o.failures;
  o.checks = 0;
  o.reason = reason;
  o.unverified_since = now_;
  if (std::find(o.rules.begin(), o.rules.end(), a.rule) == o.rules.end()) o.rules.push_back(a.rule);
  o.next_check = now_ + std::max(retry_after, obligation_backoff(a.account_id, 1));
  next_deadline_ = std::min(next_deadline_, o.next_check);
  out.notices.emplace_back(
      EnforcementStatus{a.account_id, EnforcementStatus::State::Failing, o.since, o.reason, o.failures});
}

void Engine::work_obligations(Effects& out) {
  for (auto& [id, o] : obligations_) {
    if (!o.unverified_since || now_ < o.next_check) continue;
    // Still no fresh read since the failure: ask (again), backing off.
    out.notices.emplace_back(ReconcileRequested{id, "enforcement failing (" + o.reason + ")", true});
    out.notices.emplace_back(EnforcementStatus{id, EnforcementStatus::State::Failing, o.since, o.reason, o.failures});
    o.next_check = now_ + obligation_backoff(id, ++o.checks + 1);
  }
  for (const auto& [id, o] : obligations_) {
    if (o.unverified_since) next_deadline_ = std::min(next_deadline_, o.next_check);
  }
}

// A verified account with nothing in flight and nothing more decided: it works again.
void Engine::resolve_if_done(AccountId id, Effects& out) {
  const auto it = obligations_.find(id);
  if (it == obligations_.end() || it->second.unverified_since || book_.has_account(id)) return;
  const Obligation& o = it->second;
  out.notices.emplace_back(EnforcementStatus{id, EnforcementStatus::State::Recovered, o.since, o.reason, o.failures});
  obligations_.erase(it);
}

const Obligation* Engine::obligation(AccountId id) const noexcept {
  const auto it = obligations_.find(id);
  return it == obligations_.end() ? nullptr : &it->second;
}

Timestamp Engine::last_seen(AccountId id) const noexcept {
  const auto it = last_seen_.find(id);
  return it == last_seen_.end() ? Timestamp::min() : it->second;
}

Timestamp Engine::blind_since(AccountId id) const noexcept {
  const auto it = last_blind_check_.find(id);
  return it == last_blind_check_.end() ? last_seen(id) : std::max(last_seen(id), it->second);
}

void Engine::watch_blind(const AccountState& a, Effects& out) {
  const std::int32_t limit = global(a).max_blind_seconds;
  if (limit <= 0) return;
  if (now_ - blind_since(a.id) < seconds(limit)) return;
  last_blind_check_[a.id] = now_;
  out.notices.emplace_back(
      ReconcileRequested{a.id, "no word from the gateway for " + std::to_string(limit) + " s", true});
}

void Engine::flush_wants(Effects& out) {
  for (const ContractId& c : holders_changed_) {
    const bool held = !holders(c).empty();
    if (held && quotes_wanted_.insert(c).second) out.notices.emplace_back(QuotesWanted{c, true});
    if (!held && quotes_wanted_.erase(c) != 0) out.notices.emplace_back(QuotesWanted{c, false});
    if (held && contracts_.find(c) == nullptr && contracts_requested_.insert(c).second) {
      out.notices.emplace_back(ContractNeeded{c});
    }
  }
  holders_changed_.clear();
}

// ------------------------------------------------------- gateway events ----

void Engine::apply_account_info(AccountState& a, const Account& acc) { a.info = acc; }

void Engine::on_account(const Account& acc, Effects& out) {
  AccountState* a = find(acc.id);
  if (a == nullptr) return;
  last_seen_[a->id] = event_at_;
  apply_account_info(*a, acc);
  out.notices.emplace_back(GatewayEventApplied{a->id});
  Context ctx{Trigger::Account};
  ctx.account_info = &acc;
  evaluate(*a, ctx, out);
}

void Engine::on_order(const Order& o, Effects& out) {
  AccountState* a = find(o.account_id);
  if (a == nullptr) return;
  hub_touched_[a->id] = last_seen_[a->id] = event_at_;
  const OrderBook::Change change = a->orders.apply(o);
  if (change.added || change.removed || change.modified) {
    a->positions.update_protection(a->orders, now_);
    out.persist.emplace_back(OrderRecord{o, change.removed});
  }
  out.notices.emplace_back(GatewayEventApplied{a->id});
  Context ctx{Trigger::Order};
  ctx.contract = &o.contract_id;
  ctx.order_change = &change;
  ctx.order = &o;
  evaluate(*a, ctx, out);
  refresh_deadline(*a);
}

void Engine::on_position(const Position& p, Effects& out) {
  AccountState* a = find(p.account_id);
  if (a == nullptr) return;
  hub_touched_[a->id] = last_seen_[a->id] = event_at_;
  const PositionBook::Change change = a->positions.apply(p, now_);
  if (change.opened) track_holder(a->id, p.contract_id, true);
  if (change.closed) track_holder(a->id, p.contract_id, false);
  a->positions.update_protection(a->orders, now_);
  out.persist.emplace_back(PositionRecord{p});
  out.notices.emplace_back(GatewayEventApplied{a->id});
  Context ctx{Trigger::Position};
  ctx.contract = &p.contract_id;
  ctx.position_change = &change;
  evaluate(*a, ctx, out);
  refresh_deadline(*a);
}

void Engine::apply_trade(AccountState& a, const Trade& t, Effects& out) {
  const PnlTracker::Applied applied = a.pnl.apply(t, a.day);
  switch (applied.outcome) {
    case PnlTracker::Outcome::Counted:
      if (!t.voided) a.counter.add(t.id, t.created);
      break;
    case PnlTracker::Outcome::Changed:
      if (t.voided) {
        a.counter.remove(t.id);
      } else {
        a.counter.add(t.id, t.created);
      }
      break;
    case PnlTracker::Outcome::Duplicate:
    case PnlTracker::Outcome::OtherDay:
      break;
  }
  if (applied.outcome == PnlTracker::Outcome::Duplicate) return;
  out.persist.emplace_back(TradeRecord{t, a.day.date});
  if (applied.outcome == PnlTracker::Outcome::OtherDay) return;
  const PnlTotals& tot = a.pnl.totals();
  out.persist.emplace_back(DailyPnlRecord{a.id, a.day.date, tot.realized(global(a).include_fees), tot.gross, tot.fees,
                                          a.counter.session_count(), now_});
  Context ctx{Trigger::Trade};
  ctx.contract = &t.contract_id;
  ctx.trade = &t;
  ctx.trade_applied = &applied;
  evaluate(a, ctx, out);
}

void Engine::on_trade(const Trade& t, Effects& out) {
  AccountState* a = find(t.account_id);
  if (a == nullptr) return;
  last_seen_[a->id] = event_at_;
  out.notices.emplace_back(GatewayEventApplied{a->id});
  apply_trade(*a, t, out);
}

void Engine::on_quote(const QuoteUpdate& q, Effects& out) {
  const QuoteState& merged = quotes_.apply(q, now_);
  out.notices.emplace_back(GatewayEventApplied{0});
  const auto it = holders_.find(q.contract_id);
  if (it == holders_.end()) return;
  for (const AccountId id : it->second) {
    AccountState* a = find(id);
    if (a == nullptr) continue;
    const PositionState* s = a->positions.find(q.contract_id);
    if (s == nullptr) continue;
    if (const auto m = mark_for(s->position, merged, global(*a).mark_price);
        m && now_ - m->received <= seconds(global(*a).max_quote_age_seconds)) {
      a->positions.observe_mark(q.contract_id, m->price);
    }
    Context ctx{Trigger::Quote};
    ctx.contract = &q.contract_id;
    evaluate(*a, ctx, out);
  }
}

void Engine::on_contract(const Contract& c, Effects& out) {
  if (!contracts_.upsert(c)) return;
  out.persist.emplace_back(ContractRecord{c});
  // Positions in this contract could not be valued until now: judge them on the
  // quote already in hand rather than waiting for the next one.
  const auto it = holders_.find(c.id);
  if (it == holders_.end() || quotes_.find(c.id) == nullptr) return;
  const std::vector<AccountId> ids = it->second;
  for (const AccountId id : ids) {
    AccountState* a = find(id);
    if (a == nullptr) continue;
    Context ctx{Trigger::Quote};
    ctx.contract = &c.id;
    evaluate(*a, ctx, out);
  }
}

void Engine::retire(AccountId id) {
  const auto it = accounts_.find(id);
  if (it == accounts_.end()) return;
  for (const auto& s : it->second.positions.all()) track_holder(id, s.position.contract_id, false);
  accounts_.erase(it);
}

EngineSettings Engine::effective_settings() const {
  EngineSettings e;
  e.global = settings_->global;
  for (const auto& s : settings_->accounts) {
    const AccountState* a = account(s.account_id);
    e.accounts.push_back(a != nullptr ? *a->settings : s);
  }
  return e;
}

void Engine::track_holder(AccountId id, const ContractId& c, bool holds) {
  auto& list = holders_[c];
  const bool was_held = !list.empty();
  const auto it = std::find(list.begin(), list.end(), id);
  if (holds && it == list.end()) list.push_back(id);
  if (!holds && it != list.end()) list.erase(it);
  if (was_held != !list.empty()) holders_changed_.push_back(c);
}

// ------------------------------------------------------ daemon commands ----

void Engine::on_config(const ConfigChanged& c, Effects& out) {
  if (!c.settings) return;
  // The tighten-only lock: judged against what each account runs now.
  LockSplit split = split_settings_change(effective_settings(), *c.settings);
  out.notices.emplace_back(SettingsChanged{std::move(split.changes)});
  settings_ = split.now;
  pending_ = split.pending;
  pending_accounts_.clear();
  if (pending_) {
    for (const auto& s : settings_->accounts) pending_accounts_[s.account_id] = true;
  }
  // Accounts no longer configured stop being monitored.
  std::vector<AccountId> gone;
  for (const auto& [id, a] : accounts_) {
    if (settings_->find(id) == nullptr) gone.push_back(id);
  }
  for (const AccountId id : gone) retire(id);
  for (const auto& s : settings_->accounts) {
    AccountState* a = find(s.account_id);
    if (a == nullptr) {
      const AccountState& added = add_account(s, settings_);
      out.persist.emplace_back(ResetScheduleRecord{added.id, added.day.start, added.day.end, added.day.date});
      continue;
    }
    const bool schedule_changed =
        a->settings->reset_time != s.reset_time || a->settings->timezone_name != s.timezone_name;
    a->settings = &s;
    a->settings_owner = settings_;
    if (schedule_changed) {
      // The current day keeps its start and P&L and ends at the new next reset.
      a->day.end = trading_day_at(zone_of(s), s.reset_time, now_).end;
      out.persist.emplace_back(ResetScheduleRecord{a->id, a->day.start, a->day.end, a->day.date});
    }
  }
  for (auto& [id, a] : accounts_) {
    Context ctx{Trigger::ConfigReload};
    evaluate(a, ctx, out);
    refresh_deadline(a);
  }
  next_deadline_ = std::min(next_deadline_, now_);
}

void Engine::on_admin_clear(const AdminClearLockout& c, Effects& out) {
  AccountState* a = find(c.account_id);
  if (a == nullptr) return;
  std::vector<Lockout> removed;
  a->lockouts.remove_if(
      [&](const Lockout& l) { return (!c.rule || l.rule == *c.rule) && (!c.symbol || l.symbol == *c.symbol); },
      removed);
  std::string note = c.reason;
  if (!c.admin.empty()) note += " (by " + c.admin + ")";
  remove_lockouts(*a, removed, ClearedBy::AdminOverride, note, out);
  refresh_deadline(*a);
}

void Engine::on_reconcile(const ReconciliationSnapshot& s, Effects& out) {
  AccountState* a = find(s.account_id);
  if (a == nullptr) return;
  if (s.account) apply_account_info(*a, *s.account);
  // A REST snapshot is slower than the hub: a position or order event that came
  // in while it was being taken is newer than what it says. Then the hub's view
  // stays (only the account and the deduplicated trades are taken) and the
  // account is reconciled again, at most once a second.
  bool replace = true;
  if (const auto t = hub_touched_.find(a->id); t != hub_touched_.end() && t->second >= s.requested_at) {
    replace = false;
    const auto last = last_repoll_.find(a->id);
    if (last == last_repoll_.end() || now_ - last->second >= kRepollAfterStaleSnapshot) {
      last_repoll_[a->id] = now_;
      out.notices.emplace_back(ReconcileRequested{
          a->id, "the hub changed positions or orders while the REST snapshot was taken; kept the hub's"});
    }
  }
  if (replace) {
    for (const auto& gone : a->positions.replace_all(s.positions, now_)) {
      track_holder(a->id, gone, false);
      Position flat;
      flat.account_id = a->id;
      flat.contract_id = gone;
      out.persist.emplace_back(PositionRecord{flat});
    }
    for (const auto& p : a->positions.all()) {
      track_holder(a->id, p.position.contract_id, true);
      out.persist.emplace_back(PositionRecord{p.position});
    }
    std::vector<Order> before = a->orders.all();
    for (const OrderId id : a->orders.replace_all(s.working_orders)) {
      const auto it = std::find_if(before.begin(), before.end(), [id](const Order& o) { return o.id == id; });
      if (it != before.end()) out.persist.emplace_back(OrderRecord{*it, true});
    }
    for (const auto& o : a->orders.all()) out.persist.emplace_back(OrderRecord{o, false});
    a->positions.update_protection(a->orders, now_);
  }
  if (s.has_trades) {
    std::vector<Trade> trades = s.trades;
    std::sort(trades.begin(), trades.end(), [](const Trade& x, const Trade& y) { return x.created < y.created; });
    for (const auto& t : trades) apply_trade(*a, t, out);
  }
  Context ctx{Trigger::Reconcile};
  if (s.account) ctx.account_info = &*s.account;
  // A failing account's state is known again when a snapshot asked for after
  // its last failure is in: the rules decide afresh, those whose actions failed too.
  std::vector<RuleId> rerun;
  if (replace) {
    last_seen_[a->id] = std::max(last_seen(a->id), s.requested_at);
    if (const auto o = obligations_.find(a->id);
        o != obligations_.end() && o->second.unverified_since && s.requested_at >= *o->second.unverified_since) {
      o->second.unverified_since.reset();
      rerun = std::move(o->second.rules);
      o->second.rules.clear();
      ctx.rerun = &rerun;
    }
  }
  evaluate(*a, ctx, out);
  resolve_if_done(a->id, out);
  refresh_deadline(*a);
}

// ------------------------------------------------------------------ time ----

void Engine::run_due(Effects& out) {
  Timestamp next = Timestamp::max();
  for (auto& [id, a] : accounts_) {
    if (a.deadline <= now_) process_time(a, out);
    if (a.deadline < next) next = a.deadline;
  }
  for (const AccountId id : retiring_) retire(id);
  retiring_.clear();
  next_deadline_ = next;
  if (!book_.empty()) settle(out);  // accepted actions past their confirmation deadline
  work_obligations(out);
}

void Engine::process_time(AccountState& a, Effects& out) {
  if (now_ >= a.day.end) daily_reset(a, out);
  std::vector<Lockout> expired;
  a.lockouts.expire(now_, expired);
  remove_lockouts(a, expired, ClearedBy::TimerExpiry, {}, out);
  a.timers.prune(now_);
  watch_blind(a, out);
  Context ctx{Trigger::Timer};
  evaluate(a, ctx, out);
  a.last_timer_run = now_;
  refresh_deadline(a);
}

void Engine::daily_reset(AccountState& a, Effects& out) {
  const TradingDay closed = a.day;
  const Decimal closed_realized = a.realized(global(a).include_fees);
  if (pending_ && pending_accounts_.count(a.id) != 0) {
    // Settings held back by the tighten-only lock take effect with the new day;
    // an account whose removal was held stops being monitored.
    if (const AccountSettings* s = pending_->find(a.id); s != nullptr) {
      a.settings = s;
      a.settings_owner = pending_;
    } else {
      retiring_.push_back(a.id);
    }
    pending_accounts_.erase(a.id);
    if (pending_accounts_.empty()) {
      settings_ = pending_;
      pending_.reset();
      for (auto& [id, other] : accounts_) {
        if (const AccountSettings* s = settings_->find(id); s != nullptr) {
          other.settings = s;
          other.settings_owner = settings_;
        }
      }
    }
  }
  a.day = trading_day_at(zone_of(*a.settings), a.settings->reset_time, now_);
  a.pnl.start_new_day();
  a.counter.start_new_day();
  a.warned_today.clear();
  std::vector<Lockout> removed;
  a.lockouts.remove_if([](const Lockout& l) { return l.kind == LockoutKind::UntilReset; }, removed);
  remove_lockouts(a, removed, ClearedBy::DailyReset, {}, out);
  out.notices.emplace_back(DailyReset{a.id, now_, closed.date, a.day.date, closed_realized, a.day.end});
  out.persist.emplace_back(ResetScheduleRecord{a.id, a.day.start, a.day.end, a.day.date});
  out.persist.emplace_back(DailyPnlRecord{a.id, a.day.date, {}, {}, {}, 0, now_});
}

Timestamp Engine::compute_deadline(const AccountState& a) const {
  Timestamp d = a.day.end;
  if (const auto e = a.lockouts.next_expiry(); e && *e < d) d = *e;
  const RuleInput in = input(a, Context{Trigger::Timer});
  for (const RuleSpec* r : rule_registry()) {
    if (r->deadline != nullptr && r->enabled(a.settings->rules)) d = std::min(d, r->deadline(in));
  }
  // Word from the gateway is due every max_blind_seconds (a live user hub gives
  // it every second; a silent one makes the account read over REST).
  if (const std::int32_t blind = global(a).max_blind_seconds; blind > 0) {
    d = std::min(d, blind_since(a.id) + seconds(blind));
  }
  // While locked with something still open, keep re-checking every second.
  if (!a.lockouts.empty() && (!a.positions.empty() || !a.orders.empty())) d = std::min(d, now_ + seconds(1));
  // Something still due right after a check: look again in a second, not in a busy loop.
  if (d <= a.last_timer_run) d = a.last_timer_run + seconds(1);
  // A daily reset that is due (a day that ended while the daemon was down) is
  // never put off: it must run before the next event is applied to the old
  // day. It cannot spin: the reset moves day.end past now.
  return std::min(d, a.day.end);
}

void Engine::refresh_deadline(AccountState& a) noexcept {
  a.deadline = compute_deadline(a);
  if (a.deadline < next_deadline_) next_deadline_ = a.deadline;
}

// ------------------------------------------------- gate, rules, merging ----

void Engine::gate(AccountState& a, const Context& ctx) {
  if (a.lockouts.empty()) return;
  const Lockout* lock = a.lockouts.strongest();
  auto close = [&](const ContractId& c, const std::string& why) {
    decisions_.breach(RuleId::None, why);
    decisions_.close_position(c, RuleId::None);
  };
  auto cancel = [&](const Order& o, const std::string& why) {
    decisions_.breach(RuleId::None, why);
    decisions_.cancel_order(o.id, RuleId::None);
  };
  const bool everything =
      ctx.trigger == Trigger::Timer || ctx.trigger == Trigger::Reconcile || ctx.trigger == Trigger::ConfigReload;
  for (const auto& s : a.positions.all()) {
    const ContractId& c = s.position.contract_id;
    const bool this_event = ctx.trigger == Trigger::Position && ctx.contract != nullptr && *ctx.contract == c;
    if (!everything && !this_event) continue;
    if (lock != nullptr) {
      close(c, "account locked (" + lock_description(*lock) + "): position in " + c.str() + " closed");
    } else if (this_event && ctx.position_change != nullptr && ctx.position_change->grew &&
               a.lockouts.symbol_locked(symbol_root(c))) {
      // A symbol lockout closes what appears or grows in that root. A position
      // held before is left to the rule that set the lockout (RULE-011 with
      // close_existing: false keeps it; RULE-009 closes it itself).
      close(c, symbol_root(c).str() + " is locked for this account: position in " + c.str() + " closed");
    }
  }
  for (const auto& o : a.orders.all()) {
    if (!everything && !(ctx.trigger == Trigger::Order && ctx.order != nullptr && ctx.order->id == o.id)) continue;
    if (lock != nullptr) {
      cancel(o, "account locked (" + lock_description(*lock) + "): order " + std::to_string(o.id) + " cancelled");
    } else if (a.lockouts.symbol_locked(symbol_root(o.contract_id))) {
      cancel(o, symbol_root(o.contract_id).str() + " is locked for this account: order " + std::to_string(o.id) +
                    " cancelled");
    }
  }
}

RuleInput Engine::input(const AccountState& a, const Context& ctx) const {
  return RuleInput{a,           *a.settings,     global(a), quotes_,           contracts_,          now_,
                   ctx.trigger, ctx.contract,    ctx.trade, ctx.trade_applied, ctx.position_change, ctx.order_change,
                   ctx.order,   ctx.account_info};
}

// Lockouts whose rule says they end now (the broker's flag came back, a symbol
// left the block list), before the gate would act on them.
void Engine::release(AccountState& a, const RuleInput& in, Effects& out) {
  if (a.lockouts.empty()) return;
  const std::uint16_t trig = bits(in.trigger);
  for (const RuleSpec* r : rule_registry()) {
    if (r->release == nullptr || (r->release_on & trig) == 0) continue;
    std::vector<std::pair<Lockout, LockoutRelease>> ending;
    for (const Lockout& l : a.lockouts.all()) {
      if (l.rule != r->id) continue;
      if (auto why = r->release(in, l)) ending.emplace_back(l, std::move(*why));
    }
    for (auto& [lockout, why] : ending) {
      std::vector<Lockout> removed;
      const Lockout& ended = lockout;  // (clang 14 cannot capture a structured binding)
      a.lockouts.remove_if([&](const Lockout& l) { return l == ended; }, removed);
      remove_lockouts(a, removed, why.by, why.note, out);
    }
  }
}

void Engine::evaluate(AccountState& a, const Context& ctx, Effects& out) {
  if (!book_.empty()) settle(out, &a);  // what this event's state shows done is settled before deciding
  decisions_.clear();
  const RuleInput in = input(a, ctx);
  const std::uint16_t trig = bits(ctx.trigger);
  release(a, in, out);
  gate(a, ctx);
  const bool locked = a.lockouts.account_locked();
  for (const RuleSpec* spec : rule_registry()) {
    const RuleSpec& r = *spec;
    const bool rerun =
        ctx.rerun != nullptr && std::find(ctx.rerun->begin(), ctx.rerun->end(), r.id) != ctx.rerun->end();
    if (((r.triggers & trig) == 0 && !rerun) || !r.enabled(a.settings->rules)) continue;
    // While the account is locked the gate keeps it flat, so the actions of most
    // rules are moot, but their lockouts are not: one that ends later than what
    // is already recorded (a daily loss limit broken by the closing fills of a
    // cooldown's flatten) must be kept, or the account would unlock too early.
    const bool lockouts_only = locked && !r.runs_while_locked;
    if (lockouts_only && !r.can_lock) continue;  // its actions would be moot and it sets no lockout
    Decisions& into = lockouts_only ? locked_scratch_ : decisions_;
    if (lockouts_only) locked_scratch_.clear();
    try {
      r.check(in, into);
    } catch (const std::exception& e) {
      out.notices.emplace_back(RuleFailed{a.id, r.id, e.what()});
    } catch (...) {
      out.notices.emplace_back(RuleFailed{a.id, r.id, "unknown error"});
    }
    if (!lockouts_only) continue;
    bool extends = false;
    for (const auto& l : locked_scratch_.lockouts()) {
      if (!a.lockouts.would_change(l)) continue;
      extends = true;
      decisions_.lockout(l);
    }
    if (extends) {
      for (const auto& b : locked_scratch_.breaches()) decisions_.breach(b.rule, b.reason);
    }
  }
  finish(a, out);
}

void Engine::finish(AccountState& a, Effects& out) {
  if (decisions_.empty()) return;
  EnforcementPlan plan;
  plan.account_id = a.id;
  plan.trigger_at = event_at_;
  std::vector<ContractId> closing;
  // A failing account sends nothing until a fresh read shows its state (a
  // request that timed out may have executed): its obligation asks for one.
  const auto obligation = obligations_.find(a.id);
  const bool hold = obligation != obligations_.end() && obligation->second.unverified_since.has_value();
  auto add = [&](Action act) {
    act.account_id = a.id;
    if (hold || book_.blocks(act, a)) return;
    plan.actions.push_back(std::move(act));
  };
  // Closes: every position under a close-all, plus single closes, each once.
  auto close = [&](const ContractId& c, RuleId rule) {
    if (std::find(closing.begin(), closing.end(), c) != closing.end()) return;
    if (a.positions.find(c) == nullptr) return;
    closing.push_back(c);
    Action act;
    act.kind = ActionKind::ClosePosition;
    act.contract_id = c;
    act.rule = rule;
    add(std::move(act));
  };
  for (const auto& c : decisions_.closes()) {
    if (c.rule == RuleId::None) close(c.contract, c.rule);
  }
  if (const auto rule = decisions_.close_all_rule()) {
    for (const auto& s : a.positions.all()) close(s.position.contract_id, *rule);
  }
  for (const auto& c : decisions_.closes()) close(c.contract, c.rule);
  // Reductions of positions not being closed; the largest per contract wins.
  std::vector<Decisions::Reduce> reduces;
  for (const auto& r : decisions_.reduces()) {
    if (std::find(closing.begin(), closing.end(), r.contract) != closing.end()) continue;
    auto it = std::find_if(reduces.begin(), reduces.end(), [&](const auto& x) { return x.contract == r.contract; });
    if (it == reduces.end()) {
      reduces.push_back(r);
    } else if (r.size > it->size) {
      *it = r;
    }
  }
  for (const auto& r : reduces) {
    const PositionState* s = a.positions.find(r.contract);
    if (s == nullptr) continue;
    if (r.size >= s->position.size) {
      close(r.contract, r.rule);
      continue;
    }
    Action act;
    act.kind = ActionKind::ReducePosition;
    act.contract_id = r.contract;
    act.size = r.size;
    act.rule = r.rule;
    add(std::move(act));
  }
  // Cancels, each once.
  std::vector<OrderId> cancelling;
  auto cancel = [&](OrderId id, RuleId rule) {
    if (std::find(cancelling.begin(), cancelling.end(), id) != cancelling.end()) return;
    const Order* o = a.orders.find(id);
    if (o == nullptr) return;
    cancelling.push_back(id);
    // Already being cancelled (the gateway acknowledged a cancel): asking again
    // achieves nothing. If the cancel fails the order comes back Open and is
    // cancelled then.
    if (o->status == OrderStatus::PendingCancellation) return;
    Action act;
    act.kind = ActionKind::CancelOrder;
    act.contract_id = o->contract_id;
    act.order_id = id;
    act.rule = rule;
    add(std::move(act));
  };
  for (const auto& c : decisions_.cancels()) {
    if (c.rule == RuleId::None) cancel(c.order, c.rule);
  }
  if (const auto rule = decisions_.cancel_all_rule()) {
    for (const auto& o : a.orders.all()) cancel(o.id, *rule);
  }
  for (const auto& c : decisions_.cancels()) cancel(c.order, c.rule);
  // Stop management, unless the position is going away or the order is being cancelled.
  for (const auto& s : decisions_.stops()) {
    if (std::find(closing.begin(), closing.end(), s.contract_id) != closing.end()) continue;
    if (s.kind == ActionKind::ModifyStop &&
        std::find(cancelling.begin(), cancelling.end(), s.order_id) != cancelling.end()) {
      continue;
    }
    if (s.kind == ActionKind::ModifyStop) {
      a.timers.arm(TimerKind::StopChangeOrder, static_cast<std::uint64_t>(s.order_id), now_ + seconds(1));
    } else {
      a.timers.arm(TimerKind::StopPlaceContract, std::hash<ContractId>{}(s.contract_id), now_ + seconds(1));
    }
    add(s);
  }
  // Lockouts: a new lockout never shortens an existing one.
  std::size_t lockouts_changed = 0;
  std::vector<Notice> lockout_notices;
  for (const auto& l : decisions_.lockouts()) {
    if (auto changed = a.lockouts.set(l)) {
      ++lockouts_changed;
      out.persist.emplace_back(LockoutRecord{*changed});
      lockout_notices.emplace_back(LockoutSet{*changed});
    }
  }
  if (!plan.actions.empty() || lockouts_changed > 0) {
    plan.breaches = decisions_.breaches();
    plan.id = (now_.ns() / 1000) * 100 + (plan_seq_++ % 100);
    for (std::uint32_t i = 0; i < plan.actions.size(); ++i) {
      const Action& act = plan.actions[i];
      const PositionState* p = a.positions.find(act.contract_id);
      book_.add(ActionRef{plan.id, i}, act, p != nullptr ? p->position.size : 0, plan.trigger_at);
    }
    out.notices.emplace_back(std::move(plan));
  }
  for (auto& n : lockout_notices) out.notices.push_back(std::move(n));
  for (const auto& w : decisions_.warnings()) {
    const std::uint32_t key = (static_cast<std::uint32_t>(w.rule) << 24) ^ w.key;
    if (std::find(a.warned_today.begin(), a.warned_today.end(), key) != a.warned_today.end()) continue;
    a.warned_today.push_back(key);
    out.notices.emplace_back(RuleWarning{a.id, w.rule, w.percent, w.message});
  }
  if (lockouts_changed > 0) refresh_deadline(a);
}

void Engine::remove_lockouts(AccountState& a, std::vector<Lockout>& removed, ClearedBy by, const std::string& note,
                             Effects& out) {
  for (auto& l : removed) {
    out.persist.emplace_back(LockoutRemovedRecord{l, by, now_, note});
    out.notices.emplace_back(LockoutCleared{std::move(l), by, now_, note});
  }
  if (!removed.empty()) refresh_deadline(a);
  removed.clear();
}

}  // namespace risk

namespace risk {

// ---------------------------------------------------------------- views ----

std::optional<AccountSummary> Engine::summarize(AccountId id, Timestamp now) const {
  const AccountState* a = account(id);
  if (a == nullptr) return std::nullopt;
  const AccountSettings& s = *a->settings;
  const GlobalSettings& g = global(*a);
  AccountSummary out;
  out.account_id = id;
  out.nickname = s.nickname;
  out.as_of = now;
  out.day = a->day;
  out.reset_time = s.reset_time;
  out.timezone = s.timezone_name;
  const PnlTotals& tot = a->pnl.totals();
  out.realized = tot.realized(g.include_fees);
  out.gross = tot.gross;
  out.fees = tot.fees;
  out.fills = a->counter.session_count();
  out.info = a->info;
  for (const auto& ps : a->positions.all()) {
    PositionSummary p;
    p.state = ps;
    const QuoteState* q = quotes_.find(ps.position.contract_id);
    const Contract* c = contracts_.find(ps.position.contract_id);
    p.valuation = value_position(ps.position, q, c, g.mark_price, now, seconds(g.max_quote_age_seconds));
    if (q != nullptr) {
      if (const auto m = mark_for(ps.position, *q, g.mark_price)) {
        p.mark = m->price;
        p.quote_age = now - m->received;
      }
    }
    if (c != nullptr) p.contract = *c;
    if (p.valuation.known()) {
      out.unrealized += p.valuation.pnl;
    } else {
      out.all_valued = false;
    }
    out.positions.push_back(std::move(p));
  }
  out.total = out.realized + out.unrealized;
  out.orders = a->orders.all();
  out.lockouts = a->lockouts.all();
  Context ctx{Trigger::Timer};
  RuleInput in = input(*a, ctx);
  in.now = now;
  for (const RuleSpec* r : rule_registry()) {
    out.rules.push_back(RuleRow{r->id, r->enabled(s.rules), r->status(in)});
  }
  const auto& session = s.rules.session_block_outside;
  out.session.enabled = session.enabled;
  out.session.window = session.window;
  out.session.timezone = session.timezone_name;
  out.session.holidays = g.holidays;
  if (session.timezone) out.session.status = session_status(*session.timezone, session.window, g.holidays, now);
  out.pending_settings = has_pending_settings(id);
  if (const Obligation* o = obligation(id)) out.enforcement = EnforcementHealth{true, o->since, o->reason, o->failures};
  return out;
}

}  // namespace risk
