#pragma once
// The dashboard's model of one account: what the event server said (a
// snapshot, then live messages, docs/event-server.md) or, when the daemon is
// unreachable, what the state database holds. Pure: it reads no clock (every
// function that needs "now" is given it) and performs no I/O.
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "core/timestamp.hpp"
#include "dashboard/json.hpp"

namespace risk::dashboard {

struct PositionView {
  std::string contract_id;
  std::string type;  // Long | Short
  std::int64_t size = 0;
  Decimal average_price;
  std::optional<Timestamp> opened_at;
  std::optional<Decimal> unrealized;
  std::optional<Decimal> mark;
  std::string valuation;  // as the daemon said; empty when unknown (database)
};

struct OrderView {
  std::int64_t id = 0;
  std::string contract_id;
  std::string status;
  std::string type;
  std::string side;
  std::int64_t size = 0;
  std::optional<Decimal> limit_price;
  std::optional<Decimal> stop_price;
  std::int64_t fill_volume = 0;
};

struct TradeView {
  std::int64_t id = 0;
  std::string contract_id;
  std::optional<Timestamp> created;
  Decimal price;
  std::optional<Decimal> pnl;  // none = opening fill
  Decimal fees;
  Decimal commissions;
  std::string side;
  std::int64_t size = 0;
  bool voided = false;
};

struct LockoutView {
  std::string rule;  // RULE-003
  std::string rule_key;
  std::string symbol;  // empty = account-wide
  std::string kind;    // until_daily_reset | cooldown | ...
  std::optional<Timestamp> set_at;
  std::optional<Timestamp> until;
  std::string reason;
};

struct LockoutHistoryView {
  LockoutView lockout;
  std::string cleared_by;
  std::optional<Timestamp> cleared_at;
  std::string note;
};

struct RuleView {
  std::string rule;
  std::string key;
  bool enabled = true;
  std::optional<Decimal> limit;
  std::optional<Decimal> current;
  std::optional<std::int64_t> percent_used;  // none = does not apply
  std::string detail;
  bool loss_limit = false;      // listed under "room left"
  std::optional<Decimal> room;  // the daemon's room left before the loss limit breaches
  bool breached = false;        // an active lockout of this rule
};

struct ActionView {
  std::string kind;
  std::string contract_id;
  std::optional<std::int64_t> order_id;
  std::optional<std::int64_t> size;
  std::optional<Decimal> stop_price;
  std::string rule;
  std::string result;
  std::string error;
};

struct EnforcementView {
  std::int64_t id = 0;
  std::optional<Timestamp> trigger_at;
  std::vector<std::pair<std::string, std::string>> breaches;  // rule, reason
  std::vector<ActionView> actions;
  std::string status;  // decided | sent | confirmed | failed
  std::optional<std::int64_t> request_us;
  std::optional<std::int64_t> confirm_us;
};

struct SessionView {
  bool enabled = false;
  bool open = false;
  std::string window;
  std::string timezone;
  std::optional<Timestamp> current_end;
  std::optional<Timestamp> next_start;
};

struct ConnectionView {
  std::string name;
  bool connected = false;
  std::optional<Timestamp> since;
};

struct DaemonView {
  std::string version;
  std::optional<Timestamp> started_at;
  std::int64_t uptime_s = 0;
  Timestamp received_at;  // when this status arrived (uptime advances from it)
  std::vector<ConnectionView> connections;
  std::vector<std::int64_t> accounts;
  bool dry_run = false;
};

struct WarningView {
  Timestamp at;
  std::string rule;
  std::int64_t percent = 0;
  std::string message;
};

struct QuoteView {
  std::optional<Decimal> last;
  std::optional<Decimal> bid;
  std::optional<Decimal> ask;
  std::optional<Timestamp> at;  // when the daemon received it
};

enum class Source {
  Connecting,  // nothing yet
  Live,        // the daemon's event server
  Database,    // the daemon is unreachable: the database, read-only
};

// Quote freshness on the positions tab.
enum class QuoteAge { Fresh, Stale, NoData };
inline constexpr Duration kQuoteStaleAfter = seconds(5);
inline constexpr Duration kQuoteNoDataAfter = seconds(30);
QuoteAge quote_age_class(std::optional<Timestamp> quote_at, Timestamp now);

class Model {
 public:
  // account 0 = adopt the account of the first snapshot.
  explicit Model(std::int64_t account_id = 0) : account_id_(account_id) {}

  // One event-server message. Messages for another account are ignored
  // (returns false); malformed ones return an error and change nothing.
  Result<bool> apply_message(std::string_view text, Timestamp received_at);
  Result<bool> apply(const JsonValue& message, Timestamp received_at);

  // ---- state ---------------------------------------------------------------
  std::int64_t account_id() const { return account_id_; }
  void set_account_id(std::int64_t id) { account_id_ = id; }

  std::string nickname;
  std::string account_name;
  std::optional<Decimal> balance;
  std::optional<bool> can_trade;
  std::string trading_date;
  std::optional<Timestamp> as_of;
  std::optional<Timestamp> day_start;
  std::optional<Timestamp> next_reset;
  std::string reset_time;
  std::string timezone;

  Decimal realized;
  Decimal gross;
  Decimal fees;
  std::int64_t fills = 0;
  // Whether realized counts fees (the daemon's include_fees), as the snapshot showed it.
  bool realized_includes_fees = true;
  // Every figure above (and each position's and rule's) is the daemon's, from its
  // snapshots; gateway events between two snapshots update lists, never sums.
  std::optional<Decimal> snapshot_unrealized;  // the daemon's figure when nothing is held per position

  std::vector<PositionView> positions;
  std::vector<OrderView> orders;  // working orders only
  std::vector<TradeView> trades;  // today's, in arrival order
  std::vector<LockoutView> lockouts;
  std::deque<LockoutHistoryView> lockout_history;  // newest first
  std::vector<RuleView> rules;
  std::deque<EnforcementView> enforcement;  // newest first
  std::deque<WarningView> warnings;         // newest first
  std::optional<SessionView> session;
  bool pending_settings = false;
  // The daemon's enforcement of this account is failing (it keeps at it): since
  // when and why, as the daemon last said.
  struct EnforcementFailing {
    Timestamp since;
    std::string reason;
    std::int64_t failures = 0;
  };
  std::optional<EnforcementFailing> enforcement_failing;
  std::optional<DaemonView> daemon;
  std::map<std::string, QuoteView, std::less<>> quotes;

  // ---- where the data comes from -------------------------------------------
  Source source = Source::Connecting;
  std::string server;  // host:port of the event server
  std::string db_path;
  bool have_snapshot = false;              // a snapshot arrived on the current connection
  bool has_data = false;                   // a snapshot or the database has answered at least once
  std::optional<Timestamp> last_event_at;  // last message from the daemon
  std::optional<Timestamp> disconnected_since;
  std::optional<Timestamp> next_retry_at;
  std::optional<Timestamp> db_polled_at;
  std::string problem;  // the last connection or database error, shown in the status bar
  std::int64_t messages = 0;
  std::int64_t rejected_messages = 0;

  // ---- derived values (exact) -----------------------------------------------
  // Sum of the positions' unrealized P&L; none when any open position has no value.
  [[nodiscard]] std::optional<Decimal> unrealized() const;
  [[nodiscard]] std::optional<Decimal> total() const;
  [[nodiscard]] const RuleView* rule(std::string_view key) const;
  // Room left before a loss limit breaches, as the daemon figured it.
  [[nodiscard]] static std::optional<Decimal> room_left(const RuleView& r) { return r.room; }
  [[nodiscard]] std::optional<Timestamp> quote_time(std::string_view contract_id) const;

  // Keeps history bounded.
  static constexpr std::size_t kMaxHistory = 200;

  void mark_breached_rules();
  // The rules' figures are the daemon's: while it cannot be reached they are
  // unknown (limits stay as last seen).
  void forget_rule_figures();

 private:
  Result<bool> apply_snapshot(const JsonValue& data, Timestamp received_at);
  void apply_trade(const JsonValue& t);
  void apply_position(const JsonValue& p);
  void apply_order(const JsonValue& o);
  void apply_account(const JsonValue& a);
  void apply_quote(const JsonValue& q, Timestamp at);
  void apply_enforcement(const JsonValue& e);
  void apply_enforcement_health(const JsonValue* e);
  std::int64_t account_id_ = 0;
};

// Parsers for the protocol's objects (exposed for tests and the database fallback).
LockoutView parse_lockout(const JsonValue& v);
TradeView parse_trade(const JsonValue& v);
PositionView parse_position(const JsonValue& v);
OrderView parse_order(const JsonValue& v);
EnforcementView parse_enforcement(const JsonValue& v);

// The one message the dashboard ever sends: {"subscribe":[id]} or {"subscribe":"all"}.
std::string subscribe_message(std::int64_t account_id);

// Reconnect backoff: attempt 1 -> 1 s, 2 -> 2 s, 3 -> 4 s, 4 -> 8 s, then 10 s.
Duration reconnect_delay(int attempt);

}  // namespace risk::dashboard
