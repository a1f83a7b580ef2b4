#pragma once
// The store writer: a thread of its own with its own connection, so event
// processing never waits on disk. submit() only queues.
//  - critical records (lockouts, daily P&L, trades, the reset schedule, the
//    enforcement log) wake the writer, which commits them at once;
//  - positions, orders and contracts are batched and committed at most
//    `batch_interval` after they were produced.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "core/effects.hpp"
#include "store/sqlite.hpp"

namespace risk::store {

// One enforcement, written when decided and again when its outcome is known
// (same id: the second write updates the first).
struct EnforcementLogEntry {
  std::int64_t id = 0;
  AccountId account_id = 0;
  Timestamp at;
  RuleId rule = RuleId::None;
  std::string kind;  // "enforcement", "admin_clear", ...
  std::string reason;
  std::string details_json;  // breaches, actions and their results
  std::optional<bool> success;
  std::optional<std::int64_t> trigger_to_request_us;
  std::optional<std::int64_t> trigger_to_confirm_us;
};

struct WriterStats {
  std::uint64_t records = 0;
  std::uint64_t commits = 0;
  std::uint64_t errors = 0;
  std::vector<std::int64_t> critical_latency_us;  // produce -> commit, critical records (last 100k)
};

class StoreWriter {
 public:
  struct Options {
    std::chrono::milliseconds batch_interval{100};
    // Called on the writer thread when a commit fails (the batch is kept and retried).
    std::function<void(const std::string&)> on_error;
    // Called on the writer thread when it stops on an unexpected exception:
    // nothing more is committed, so the owner should stop too (the next start
    // recovers from what was committed and from the gateway).
    std::function<void(const std::string&)> on_fatal;
  };

  StoreWriter(Database db, Options options);
  ~StoreWriter();  // commits everything queued, then stops
  StoreWriter(const StoreWriter&) = delete;
  StoreWriter& operator=(const StoreWriter&) = delete;

  // Queue records; returns the sequence number of the last one.
  std::uint64_t submit(const std::vector<PersistRecord>& records);
  std::uint64_t submit(PersistRecord record);
  std::uint64_t log_enforcement(EnforcementLogEntry entry);
  // Queue a retention cleanup (runs on the writer thread).
  void request_retention(Timestamp now);

  // Blocks until everything up to `seq` is committed (or the writer stopped).
  void wait_committed(std::uint64_t seq);
  // Commits everything queued now and waits for it.
  void flush();
  [[nodiscard]] std::uint64_t committed() const noexcept { return committed_.load(); }
  [[nodiscard]] WriterStats stats() const;

 private:
  using Item = std::variant<PersistRecord, EnforcementLogEntry, Timestamp /* retention */>;
  struct Queued {
    std::uint64_t seq;
    Item item;
    bool critical;
    std::chrono::steady_clock::time_point produced;
  };

  std::uint64_t enqueue(Item item, bool critical);
  void run();
  bool write_batch(std::vector<Queued>& batch, std::string& error);

  struct Prepared;  // prepared statements, used on the writer thread only
  Database db_;
  std::unique_ptr<Prepared> prepared_;
  Options options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable committed_cv_;
  std::deque<Queued> queue_;
  bool urgent_ = false;
  bool stopping_ = false;
  std::uint64_t next_seq_ = 0;
  std::atomic<std::uint64_t> committed_{0};
  WriterStats stats_;
  std::thread thread_;
};

bool is_critical(const PersistRecord& r) noexcept;

}  // namespace risk::store
