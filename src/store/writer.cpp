#include "store/writer.hpp"

#include <utility>

#include "store/store.hpp"

namespace risk::store {

bool is_critical(const PersistRecord& r) noexcept {
  return !(std::holds_alternative<PositionRecord>(r) || std::holds_alternative<OrderRecord>(r) ||
           std::holds_alternative<ContractRecord>(r));
}

StoreWriter::StoreWriter(Database db, Options options) : db_(std::move(db)), options_(std::move(options)) {
  thread_ = std::thread([this] {
    try {
      run();
    } catch (const std::exception& e) {
      const std::string why = std::string("the state writer stopped: ") + e.what();
      if (options_.on_fatal) {
        options_.on_fatal(why);
      } else if (options_.on_error) {
        options_.on_error(why);
      }
      committed_cv_.notify_all();
    }
  });
}

StoreWriter::~StoreWriter() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t StoreWriter::enqueue(Item item, bool critical) {
  std::uint64_t seq = 0;
  bool was_empty = false;
  {
    const std::lock_guard lock(mutex_);
    was_empty = queue_.empty();  // see submit(records)
    seq = ++next_seq_;
    queue_.push_back(Queued{seq, std::move(item), critical, std::chrono::steady_clock::now()});
    if (critical) urgent_ = true;
  }
  if (critical || was_empty) wake_.notify_one();
  return seq;
}

std::uint64_t StoreWriter::submit(const std::vector<PersistRecord>& records) {
  std::uint64_t seq = 0;
  bool critical_any = false;
  bool was_empty = false;
  {
    const std::lock_guard lock(mutex_);
    // The writer sleeps without a deadline while the queue is empty: the first
    // record must wake it to start the batch timer, or a batched record would
    // wait for the next critical one.
    was_empty = queue_.empty();
    const auto now = std::chrono::steady_clock::now();
    for (const auto& r : records) {
      const bool critical = is_critical(r);
      critical_any = critical_any || critical;
      seq = ++next_seq_;
      queue_.push_back(Queued{seq, r, critical, now});
    }
    if (critical_any) urgent_ = true;
    if (records.empty()) seq = next_seq_;
  }
  if (critical_any || (was_empty && !records.empty())) wake_.notify_one();
  return seq;
}

std::uint64_t StoreWriter::submit(PersistRecord record) {
  const bool critical = is_critical(record);
  return enqueue(std::move(record), critical);
}

std::uint64_t StoreWriter::log_enforcement(EnforcementLogEntry entry) { return enqueue(std::move(entry), true); }

void StoreWriter::request_retention(Timestamp now) { enqueue(now, false); }

void StoreWriter::wait_committed(std::uint64_t seq) {
  std::unique_lock lock(mutex_);
  committed_cv_.wait(lock, [&] { return committed_.load() >= seq || (stopping_ && !thread_.joinable()); });
}

void StoreWriter::flush() {
  std::uint64_t seq = 0;
  {
    const std::lock_guard lock(mutex_);
    seq = next_seq_;
    urgent_ = true;
  }
  wake_.notify_one();
  wait_committed(seq);
}

WriterStats StoreWriter::stats() const {
  const std::lock_guard lock(mutex_);
  return stats_;
}

void StoreWriter::run() {
  std::vector<Queued> batch;
  std::string error;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      // Wake for a critical record at once; otherwise when the oldest queued
      // record is `batch_interval` old.
      while (!stopping_ && !urgent_) {
        if (queue_.empty()) {
          wake_.wait(lock);
        } else {
          const auto due = queue_.front().produced + options_.batch_interval;
          if (wake_.wait_until(lock, due) == std::cv_status::timeout) break;
        }
      }
      if (queue_.empty() && batch.empty()) {
        if (stopping_) break;
        urgent_ = false;
        continue;
      }
      while (!queue_.empty()) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      urgent_ = false;
    }
    if (write_batch(batch, error)) {
      const auto now = std::chrono::steady_clock::now();
      const std::lock_guard lock(mutex_);
      stats_.records += batch.size();
      ++stats_.commits;
      for (const auto& q : batch) {
        if (!q.critical) continue;
        if (stats_.critical_latency_us.size() >= 100'000) stats_.critical_latency_us.clear();
        stats_.critical_latency_us.push_back(
            std::chrono::duration_cast<std::chrono::microseconds>(now - q.produced).count());
      }
      committed_.store(batch.back().seq);
      batch.clear();
      committed_cv_.notify_all();
    } else {
      {
        const std::lock_guard lock(mutex_);
        ++stats_.errors;
      }
      if (options_.on_error) options_.on_error(error);
      // Keep the batch and try again shortly (the database may be busy or the disk full).
      std::unique_lock lock(mutex_);
      if (stopping_) break;
      wake_.wait_for(lock, std::chrono::milliseconds(200));
    }
  }
  committed_cv_.notify_all();
}

namespace {

std::string dec_text(Decimal d) { return d.to_string(); }

class Statements {
 public:
  explicit Statements(Database& db) : db_(db) {}
  Statement& get(const char* sql) {
    for (auto& [k, st] : cache_) {
      if (k == sql) return st;
    }
    auto st = db_.prepare(sql);
    if (!st) throw std::runtime_error(st.error().message);
    cache_.emplace_back(sql, std::move(st.value()));
    return cache_.back().second;
  }

 private:
  Database& db_;
  std::vector<std::pair<const char*, Statement>> cache_;
};

void check(const Result<bool>& r) {
  if (!r) throw std::runtime_error(r.error().message);
}

void write(Statements& s, const PersistRecord& record) {
  std::visit(
      [&](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, LockoutRecord>) {
          const Lockout& l = r.lockout;
          check(s.get("INSERT OR REPLACE INTO lockouts (account_id, rule_id, symbol, kind, set_ns, until_ns, reason) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                    .bind(1, l.account_id)
                    .bind(2, static_cast<std::int64_t>(l.rule))
                    .bind(3, l.symbol.view())
                    .bind(4, to_string(l.kind))
                    .bind(5, l.set_at.ns())
                    .bind(6, l.until ? std::optional<std::int64_t>(l.until->ns()) : std::nullopt)
                    .bind(7, l.reason)
                    .run());
        } else if constexpr (std::is_same_v<T, LockoutRemovedRecord>) {
          const Lockout& l = r.lockout;
          check(s.get("DELETE FROM lockouts WHERE account_id = ?1 AND rule_id = ?2 AND symbol = ?3")
                    .bind(1, l.account_id)
                    .bind(2, static_cast<std::int64_t>(l.rule))
                    .bind(3, l.symbol.view())
                    .run());
          check(s.get("INSERT INTO lockout_history (account_id, rule_id, symbol, kind, set_ns, until_ns, reason, "
                      "cleared_by, cleared_ns, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
                    .bind(1, l.account_id)
                    .bind(2, static_cast<std::int64_t>(l.rule))
                    .bind(3, l.symbol.view())
                    .bind(4, to_string(l.kind))
                    .bind(5, l.set_at.ns())
                    .bind(6, l.until ? std::optional<std::int64_t>(l.until->ns()) : std::nullopt)
                    .bind(7, l.reason)
                    .bind(8, to_string(r.by))
                    .bind(9, r.at.ns())
                    .bind(10, r.note)
                    .run());
        } else if constexpr (std::is_same_v<T, DailyPnlRecord>) {
          check(s.get("INSERT OR REPLACE INTO daily_pnl (account_id, trading_date, realized, gross, fees, fills, "
                      "updated_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                    .bind(1, r.account_id)
                    .bind(2, date_text(r.trading_date))
                    .bind(3, dec_text(r.realized))
                    .bind(4, dec_text(r.gross))
                    .bind(5, dec_text(r.fees))
                    .bind(6, static_cast<std::int64_t>(r.fills))
                    .bind(7, r.updated.ns())
                    .run());
          check(s.get("INSERT OR REPLACE INTO session_state (account_id, trading_date, fills, updated_ns) "
                      "VALUES (?1, ?2, ?3, ?4)")
                    .bind(1, r.account_id)
                    .bind(2, date_text(r.trading_date))
                    .bind(3, static_cast<std::int64_t>(r.fills))
                    .bind(4, r.updated.ns())
                    .run());
        } else if constexpr (std::is_same_v<T, TradeRecord>) {
          const Trade& t = r.trade;
          check(
              s.get("INSERT OR REPLACE INTO trade_history (trade_id, account_id, contract_id, created_ns, "
                    "trading_date, price, pnl, fees, commissions, side, size, voided, order_id) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)")
                  .bind(1, t.id)
                  .bind(2, t.account_id)
                  .bind(3, t.contract_id.view())
                  .bind(4, t.created.ns())
                  .bind(5, date_text(r.trading_date))
                  .bind(6, dec_text(t.price))
                  .bind(7, t.profit_and_loss ? std::optional<std::string>(dec_text(*t.profit_and_loss)) : std::nullopt)
                  .bind(8, dec_text(t.fees))
                  .bind(9, dec_text(t.commissions))
                  .bind(10, static_cast<std::int64_t>(t.side))
                  .bind(11, static_cast<std::int64_t>(t.size))
                  .bind(12, static_cast<std::int64_t>(t.voided ? 1 : 0))
                  .bind(13, t.order_id)
                  .run());
        } else if constexpr (std::is_same_v<T, PositionRecord>) {
          const Position& p = r.position;
          if (p.size <= 0) {
            check(s.get("DELETE FROM positions WHERE account_id = ?1 AND contract_id = ?2")
                      .bind(1, p.account_id)
                      .bind(2, p.contract_id.view())
                      .run());
          } else {
            check(s.get("INSERT OR REPLACE INTO positions (account_id, contract_id, position_id, type, size, "
                        "average_price, created_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                      .bind(1, p.account_id)
                      .bind(2, p.contract_id.view())
                      .bind(3, p.id)
                      .bind(4, static_cast<std::int64_t>(p.type))
                      .bind(5, static_cast<std::int64_t>(p.size))
                      .bind(6, dec_text(p.average_price))
                      .bind(7, p.created.ns())
                      .run());
          }
        } else if constexpr (std::is_same_v<T, OrderRecord>) {
          const Order& o = r.order;
          if (r.removed || !is_working(o.status)) {
            check(s.get("DELETE FROM orders WHERE order_id = ?1").bind(1, o.id).run());
          } else {
            auto opt = [](const std::optional<Decimal>& d) {
              return d ? std::optional<std::string>(d->to_string()) : std::nullopt;
            };
            check(s.get("INSERT OR REPLACE INTO orders (order_id, account_id, contract_id, status, type, side, size, "
                        "limit_price, stop_price, fill_volume, created_ns, updated_ns) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")
                      .bind(1, o.id)
                      .bind(2, o.account_id)
                      .bind(3, o.contract_id.view())
                      .bind(4, static_cast<std::int64_t>(o.status))
                      .bind(5, static_cast<std::int64_t>(o.type))
                      .bind(6, static_cast<std::int64_t>(o.side))
                      .bind(7, static_cast<std::int64_t>(o.size))
                      .bind(8, opt(o.limit_price))
                      .bind(9, opt(o.stop_price))
                      .bind(10, static_cast<std::int64_t>(o.fill_volume))
                      .bind(11, o.created.ns())
                      .bind(12, o.updated.ns())
                      .run());
          }
        } else if constexpr (std::is_same_v<T, ResetScheduleRecord>) {
          check(s.get("INSERT OR REPLACE INTO reset_schedule (account_id, last_reset_ns, next_reset_ns, trading_date) "
                      "VALUES (?1, ?2, ?3, ?4)")
                    .bind(1, r.account_id)
                    .bind(2, r.last_reset.ns())
                    .bind(3, r.next_reset.ns())
                    .bind(4, date_text(r.trading_date))
                    .run());
        } else if constexpr (std::is_same_v<T, ContractRecord>) {
          const Contract& c = r.contract;
          check(s.get("INSERT OR REPLACE INTO contract_cache (contract_id, name, description, tick_size, tick_value, "
                      "active, symbol_id, updated_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)")
                    .bind(1, c.id.view())
                    .bind(2, c.name)
                    .bind(3, c.description)
                    .bind(4, dec_text(c.tick_size))
                    .bind(5, dec_text(c.tick_value))
                    .bind(6, static_cast<std::int64_t>(c.active ? 1 : 0))
                    .bind(7, c.symbol_id)
                    .run());
        }
      },
      record);
}

void write(Statements& s, const EnforcementLogEntry& e) {
  check(s.get("INSERT INTO enforcement_log (id, account_id, at_ns, rule_id, kind, reason, details, success, "
              "trigger_to_request_us, trigger_to_confirm_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
              "ON CONFLICT (id) DO UPDATE SET details = excluded.details, success = excluded.success, "
              "trigger_to_request_us = excluded.trigger_to_request_us, "
              "trigger_to_confirm_us = excluded.trigger_to_confirm_us")
            .bind(1, e.id)
            .bind(2, e.account_id)
            .bind(3, e.at.ns())
            .bind(4, static_cast<std::int64_t>(e.rule))
            .bind(5, e.kind)
            .bind(6, e.reason)
            .bind(7, e.details_json.empty() ? std::string_view("{}") : std::string_view(e.details_json))
            .bind(8, e.success ? std::optional<std::int64_t>(*e.success ? 1 : 0) : std::nullopt)
            .bind(9, e.trigger_to_request_us)
            .bind(10, e.trigger_to_confirm_us)
            .run());
}

}  // namespace

struct StoreWriter::Prepared : Statements {
  using Statements::Statements;
};

bool StoreWriter::write_batch(std::vector<Queued>& batch, std::string& error) {
  if (!prepared_) prepared_ = std::make_unique<Prepared>(db_);
  Statements& statements = *prepared_;
  try {
    check(db_.exec("BEGIN IMMEDIATE"));
    std::optional<Timestamp> retention;
    for (const auto& q : batch) {
      if (const auto* r = std::get_if<PersistRecord>(&q.item)) {
        write(statements, *r);
      } else if (const auto* e = std::get_if<EnforcementLogEntry>(&q.item)) {
        write(statements, *e);
      } else if (const auto* t = std::get_if<Timestamp>(&q.item)) {
        retention = *t;
      }
    }
    check(db_.exec("COMMIT"));
    if (retention) check(apply_retention(db_, *retention));
    return true;
  } catch (const std::exception& ex) {
    error = ex.what();
    (void)db_.exec("ROLLBACK");
    return false;
  }
}

}  // namespace risk::store
