// The REST client: one credential, a pool of keep-alive HTTPS connections
// (risk_net's HttpClient, one per concurrent caller), the token, a local
// rolling-window limiter, and the retry policy of rest_client.hpp.
#include "gateway/rest_client.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

#include "core/civil.hpp"
#include "gateway/codec.hpp"
#include "gateway/error_codes.hpp"
#include "gateway/wire_util.hpp"
#include "net/client.hpp"

namespace risk::gateway {
namespace {

using steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::string_view kLogin = "/api/Auth/loginKey";
constexpr std::string_view kValidate = "/api/Auth/validate";
constexpr std::string_view kAccounts = "/api/Account/search";
constexpr std::string_view kPositions = "/api/Position/searchOpen";
constexpr std::string_view kClose = "/api/Position/closeContract";
constexpr std::string_view kPartialClose = "/api/Position/partialCloseContract";
constexpr std::string_view kOrderQuery = "/api/Order/v2/query";
constexpr std::string_view kPlace = "/api/Order/place";
constexpr std::string_view kCancel = "/api/Order/cancel";
constexpr std::string_view kModify = "/api/Order/modify";
constexpr std::string_view kTrades = "/api/Trade/search";
constexpr std::string_view kContract = "/api/Contract/searchById";
constexpr std::string_view kContractSearch = "/api/Contract/search";
constexpr std::string_view kPing = "/api/Status/ping";

constexpr auto kTokenLifetime = std::chrono::hours(24);
constexpr auto kRefreshWhenUnder = std::chrono::hours(4);
constexpr std::size_t kMaxIdleConnections = 4;
constexpr int kPageSize = 100;
constexpr int kMaxPages = 1000;

std::int64_t ms_since(steady::time_point t0) {
  return std::chrono::duration_cast<milliseconds>(steady::now() - t0).count();
}

}  // namespace

std::string_view to_string(CallOutcome::Status s) noexcept {
  switch (s) {
    case CallOutcome::Status::Ok:
      return "Ok";
    case CallOutcome::Status::Rejected:
      return "Rejected";
    case CallOutcome::Status::RateLimited:
      return "RateLimited";
    case CallOutcome::Status::Unauthorized:
      return "Unauthorized";
    case CallOutcome::Status::Timeout:
      return "Timeout";
    case CallOutcome::Status::NotSent:
      return "NotSent";
    case CallOutcome::Status::Failed:
      return "Failed";
  }
  return "?";
}

struct RestClient::Impl {
  enum class Bucket { General, Bars };

  // What one logical call (with its retries) came to.
  struct Http {
    enum class Kind { Ok, RateLimited, Unauthorized, Timeout, NotSent, Failed };
    Kind kind = Kind::Failed;
    int status = 0;
    std::string body;
    std::string message;
    milliseconds retry_after{0};
  };

  Impl(Endpoints e, std::string user, Secret key, const Clock& c, std::function<void(const std::string&)> l)
      : ep(std::move(e)), username(std::move(user)), api_key(std::move(key)), clock(c), log(std::move(l)) {
    options.ca_file = ep.ca_file;
    options.timeout = ep.request_timeout;
    options.connect_timeout = ep.connect_timeout;
    options.max_idle = ep.max_idle;
  }

  Endpoints ep;
  std::string username;
  Secret api_key;
  const Clock& clock;
  std::function<void(const std::string&)> log;
  net::ClientOptions options;

  std::mutex pool_mu;
  std::vector<std::unique_ptr<net::HttpClient>> idle;

  mutable std::mutex token_mu;  // token, expires
  std::string token;
  std::optional<Timestamp> expires;
  std::mutex login_mu;  // one login / refresh at a time

  std::mutex limit_mu;  // hits, cooldown
  std::deque<steady::time_point> general_hits, bars_hits;
  // After a 429: nothing is sent before this (Retry-After, or our own backoff).
  steady::time_point cooldown_until{};
  milliseconds next_backoff{1000};

  mutable std::mutex stats_mu;
  RestStats stats;

  // ---- helpers ----------------------------------------------------------------
  void emit(const std::string& line) {
    if (!log) return;
    std::string clean = line;
    {
      std::lock_guard lk(token_mu);
      clean = scrub_token(std::move(clean), token);
    }
    clean = scrub(std::move(clean), api_key);
    try {
      log(clean);
    } catch (...) {  // a logger must never break a call; stderr is all that is left
      std::fputs("rest client: the api.log callback threw\n", stderr);
    }
  }

  void count(std::uint64_t RestStats::*field) {
    std::lock_guard lk(stats_mu);
    ++(stats.*field);
  }

  std::string current_token() const {
    std::lock_guard lk(token_mu);
    return token;
  }

  void set_token(std::string t) {
    const Timestamp now = clock.now();
    const auto exp = jwt_expiry(t);
    std::lock_guard lk(token_mu);
    token = std::move(t);
    expires = exp ? *exp : now + kTokenLifetime;
  }

  // Waits for room in the rolling window until `deadline`; false when there is none by then.
  bool acquire(Bucket bucket, Priority priority, steady::time_point deadline, milliseconds* wait_needed = nullptr) {
    const int limit = bucket == Bucket::Bars ? ep.bars_rate_limit : ep.rate_limit;
    const auto window = bucket == Bucket::Bars ? ep.bars_rate_window : ep.rate_window;
    // Routine requests leave the last critical_reserve of the window to the enforcement path.
    const int cap =
        priority == Priority::Critical ? limit : std::max(1, limit - limit * ep.critical_reserve_percent / 100);
    std::unique_lock lk(limit_mu);
    auto& hits = bucket == Bucket::Bars ? bars_hits : general_hits;
    for (;;) {
      const auto now = steady::now();
      steady::time_point free_at = now;
      if (now < cooldown_until) {
        free_at = cooldown_until;
      } else if (limit > 0) {
        while (!hits.empty() && hits.front() + window <= now) hits.pop_front();
        if (hits.size() >= static_cast<std::size_t>(cap)) {
          free_at = hits[hits.size() - static_cast<std::size_t>(cap)] + window;
        }
      }
      if (free_at <= now) {
        if (limit > 0) hits.push_back(now);
        return true;
      }
      if (wait_needed != nullptr) {  // a money-moving call never waits: its decision would grow old
        *wait_needed = std::chrono::duration_cast<milliseconds>(free_at - now) + milliseconds(1);
        return false;
      }
      if (free_at > deadline) return false;
      lk.unlock();
      std::this_thread::sleep_until(free_at);
      lk.lock();
    }
  }

  // A 429 came: every request of the credential waits.
  milliseconds cool_down(std::optional<milliseconds> retry_after) {
    std::lock_guard lk(limit_mu);
    const milliseconds wait = std::min(retry_after.value_or(next_backoff), ep.max_retry_wait);
    if (!retry_after) next_backoff = std::min(next_backoff * 2, ep.max_retry_wait);
    cooldown_until = std::max(cooldown_until, steady::now() + wait);
    return wait;
  }
  void answered() {
    std::lock_guard lk(limit_mu);
    next_backoff = milliseconds(1000);
  }

  std::unique_ptr<net::HttpClient> take_connection() {
    {
      std::lock_guard lk(pool_mu);
      if (!idle.empty()) {
        auto c = std::move(idle.back());
        idle.pop_back();
        return c;
      }
    }
    return std::make_unique<net::HttpClient>(ep.rest_base_url, options);
  }
  void give_back(std::unique_ptr<net::HttpClient> c) {
    std::lock_guard lk(pool_mu);
    if (idle.size() < kMaxIdleConnections) idle.push_back(std::move(c));
  }

  // One pooled connection kept ready: replaced a little before it passes
  // max_idle or once the server closed it, so the next request does not pay
  // for a new one.
  void warm() {
    std::unique_ptr<net::HttpClient> c;
    {
      std::lock_guard lk(pool_mu);
      if (!idle.empty()) {
        c = std::move(idle.back());
        idle.pop_back();
      }
    }
    const auto idle_for = c ? c->idle_for() : std::nullopt;
    if (!idle_for || *idle_for + ep.max_idle / 4 >= ep.max_idle) {
      c = std::make_unique<net::HttpClient>(ep.rest_base_url, options);
    }
    if (!c->warm()) return;
    give_back(std::move(c));
  }

  // One request on the wire. NotSent: it never left (connect, TLS, limiter).
  // Lost: sent, and no answer came (timeout or dropped connection).
  struct Attempt {
    enum class Kind { Response, NotSent, Lost, MustWait } kind = Kind::NotSent;
    net::ClientResponse response;
    std::string error;
    milliseconds wait{0};  // MustWait: how long
  };

  Attempt send_once(std::string_view method, std::string_view path, std::string_view body, const std::string& bearer,
                    Bucket bucket, Priority priority, bool money) {
    Attempt a;
    milliseconds wait{0};
    if (!acquire(bucket, priority, steady::now() + ep.request_timeout, money ? &wait : nullptr)) {
      a.kind = Attempt::Kind::MustWait;
      a.wait = wait;
      a.error = money ? "not sent: the credential must wait " + std::to_string(wait.count()) + "ms (rate limit)"
                      : "local rate limiter: no room within the request timeout";
      emit(std::string(method) + " " + std::string(path) + " " + a.error);
      return a;
    }
    count(&RestStats::requests);
    auto conn = take_connection();
    const auto t0 = steady::now();
    net::Headers headers;
    if (method == "POST") headers.emplace_back("Content-Type", "application/json");
    headers.emplace_back("Accept", "application/json");
    if (!bearer.empty()) headers.emplace_back("Authorization", "Bearer " + bearer);
    auto res = conn->request(method, path, body, headers);
    if (res) {
      a.kind = Attempt::Kind::Response;
      a.response = std::move(res).value();
      emit(std::string(method) + " " + std::string(path) + " " + std::to_string(a.response.status) + " " +
           std::to_string(ms_since(t0)) + "ms");
      give_back(std::move(conn));
      return a;
    }
    a.error = res.error().message;
    const bool not_sent = a.error.rfind("connect", 0) == 0 || a.error.rfind("resolve", 0) == 0 ||
                          a.error.rfind("tls", 0) == 0 || a.error.rfind("bad url", 0) == 0;
    a.kind = not_sent ? Attempt::Kind::NotSent : Attempt::Kind::Lost;
    emit(std::string(method) + " " + std::string(path) + (not_sent ? " not sent: " : " no answer: ") + a.error + " " +
         std::to_string(ms_since(t0)) + "ms");
    give_back(std::move(conn));  // HttpClient reconnects on its next use
    return a;
  }

  // A logical call with the retry policy. `money`: never re-sent once it may
  // have reached the gateway. `auth`: needs the token (and may log in again on 401).
  // `may_login`: false inside a login or refresh (which hold login_mu).
  Http call(std::string_view method, std::string_view path, std::string_view body, bool money, bool auth,
            bool may_login = true, Bucket bucket = Bucket::General, Priority priority = Priority::Routine) {
    if (money) priority = Priority::Critical;
    Http out;
    bool relogged = false;
    int transport_retries = 0;
    milliseconds backoff = ep.retry_backoff;
    const auto give_up_at = steady::now() + ep.request_timeout;
    for (;;) {
      std::string bearer;
      if (auth) {
        bearer = current_token();
        if (bearer.empty()) {
          if (relogged || !may_login) {
            out.kind = Http::Kind::Unauthorized;
            out.message = "no token";
            return out;
          }
          relogged = true;
          bool refused = false;
          auto l = relogin("", &refused);
          if (!l) {
            out.kind = refused ? Http::Kind::Unauthorized : Http::Kind::Failed;
            out.message = l.error().message;
            return out;
          }
          continue;
        }
      }
      Attempt a = send_once(method, path, body, bearer, bucket, priority, money);
      if (a.kind == Attempt::Kind::MustWait) {
        out.kind = money ? Http::Kind::RateLimited : Http::Kind::NotSent;
        out.retry_after = a.wait;
        out.message = a.error;
        return out;
      }
      if (a.kind != Attempt::Kind::Response) {
        const bool lost = a.kind == Attempt::Kind::Lost;
        if (money && lost) {
          out.kind = Http::Kind::Timeout;
          out.message = "no answer (" + a.error + "): the request may have executed";
          return out;
        }
        // Provably never sent: a money-moving call may go again at once, once; a read with backoff.
        if (transport_retries < (money ? 1 : ep.read_retries)) {
          ++transport_retries;
          count(&RestStats::retries);
          if (!money) {
            std::this_thread::sleep_for(backoff);
            backoff *= 2;
          }
          continue;
        }
        out.kind = lost ? Http::Kind::Timeout : Http::Kind::NotSent;
        out.message = (lost ? "no answer: " : "not sent: ") + a.error;
        return out;
      }
      out.status = a.response.status;
      if (out.status == 401 && auth) {
        if (relogged || !may_login) {
          out.kind = Http::Kind::Unauthorized;
          out.message = relogged ? "401 even after a fresh login" : "401";
          return out;
        }
        relogged = true;
        emit(std::string(path) + ": 401, logging in again");
        bool refused = false;
        auto l = relogin(bearer, &refused);
        if (!l) {
          out.kind = refused ? Http::Kind::Unauthorized : Http::Kind::Failed;
          out.message = "401, and the fresh login failed: " + l.error().message;
          return out;
        }
        count(&RestStats::retries);
        continue;
      }
      if (out.status == 429) {
        count(&RestStats::rate_limited);
        const auto announced = parse_retry_after(net::find_header(a.response.headers, "Retry-After"), clock.now());
        const milliseconds wait = cool_down(announced);
        out.retry_after = wait;
        emit(std::string(path) + ": 429" + (announced ? "" : " without Retry-After") + ", the credential waits " +
             std::to_string(wait.count()) + "ms");
        // A read waits and tries again (acquire waits for the cooldown) while
        // its time lasts; a money-moving call is the caller's to decide again.
        if (!money && steady::now() + wait < give_up_at) {
          count(&RestStats::retries);
          continue;
        }
        out.kind = Http::Kind::RateLimited;
        out.message = "rate limited (429" + std::string(announced ? "" : ", no Retry-After") + ")";
        return out;
      }
      answered();
      if (out.status >= 500) {
        if (money) {  // the server may have done it before failing
          out.kind = Http::Kind::Timeout;
          out.message = "HTTP " + std::to_string(out.status) + ": the request may have executed";
          return out;
        }
        if (transport_retries < ep.read_retries) {
          ++transport_retries;
          count(&RestStats::retries);
          std::this_thread::sleep_for(backoff);
          backoff *= 2;
          continue;
        }
      }
      if (out.status != 200) {
        out.kind = Http::Kind::Failed;
        out.message = "HTTP " + std::to_string(out.status);
        return out;
      }
      out.kind = Http::Kind::Ok;
      out.body = std::move(a.response.body);
      return out;
    }
  }

  // ---- token ------------------------------------------------------------------
  // `refused` (optional) tells a refusal (bad credentials, 401) from a login that could not be done.
  Result<bool> login_locked(bool* refused = nullptr) {
    if (refused != nullptr) *refused = false;
    std::string body = R"({"userName":)";
    append_json_string(body, username);
    body += R"(,"apiKey":)";
    append_json_string(body, api_key.reveal());
    body += '}';
    Http h = call("POST", kLogin, body, false, false, false);
    Secret body_secret(std::move(body));  // wiped when it goes
    if (h.kind != Http::Kind::Ok) {
      if (refused != nullptr) *refused = h.kind == Http::Kind::Unauthorized || (h.status >= 400 && h.status < 500);
      return make_error("login of " + username + " failed: " + h.message);
    }
    auto r = decode_login(h.body);
    if (!r) return make_error("login of " + username + ": unreadable reply");
    const Envelope& env = r->envelope;
    if (!env.success || r->payload.empty()) {
      if (refused != nullptr) *refused = true;
      return make_error("login of " + username + " refused: LoginErrorCode " + std::to_string(env.error_code) + " " +
                        error_name(kLogin, env.error_code) +
                        (env.error_message.empty() ? "" : ": " + env.error_message));
    }
    set_token(r->payload);
    count(&RestStats::logins);
    emit("login of " + username + " ok, token expires " + expires_iso());
    return true;
  }

  // Logs in again unless another caller already replaced `stale` meanwhile.
  Result<bool> relogin(const std::string& stale, bool* refused) {
    std::lock_guard lk(login_mu);
    const std::string now_token = current_token();
    if (!now_token.empty() && now_token != stale) return true;
    return login_locked(refused);
  }

  std::string expires_iso() const {
    std::lock_guard lk(token_mu);
    return expires ? expires->to_iso() : std::string("(none)");
  }

  Result<bool> refresh() {
    std::lock_guard lk(login_mu);
    std::optional<Timestamp> exp;
    std::string t;
    {
      std::lock_guard tl(token_mu);
      exp = expires;
      t = token;
    }
    const Timestamp now = clock.now();
    if (t.empty() || !exp || *exp <= now) return login_locked();
    if (*exp - now >= kRefreshWhenUnder) return true;
    Http h = call("POST", kValidate, "", false, true, false);
    if (h.kind == Http::Kind::Ok) {
      auto r = decode_validate(h.body);
      if (r && r->envelope.success) {
        if (!r->payload.empty()) {
          set_token(r->payload);
        } else if (!jwt_expiry(t)) {
          std::lock_guard tl(token_mu);
          expires = now + kTokenLifetime;  // an opaque token that validated: a new 24 h
        }
        count(&RestStats::refreshes);
        emit("token of " + username + " validated, expires " + expires_iso());
        return true;
      }
      emit("validate of " + username + " refused (" +
           (r ? "ValidateErrorCode " + std::to_string(r->envelope.error_code) + " " +
                    error_name(kValidate, r->envelope.error_code)
              : std::string("unreadable reply")) +
           "), logging in again");
    } else {
      emit("validate of " + username + " failed (" + h.message + "), logging in again");
    }
    return login_locked();
  }

  // ---- typed calls -------------------------------------------------------------
  template <typename Decoded>
  Result<Decoded> read(std::string_view path, const std::string& body, Result<Decoded> (*decode)(std::string_view),
                       Priority priority = Priority::Routine) {
    Http h = call("POST", path, body, false, true, true, Bucket::General, priority);
    if (h.kind != Http::Kind::Ok) return make_error(std::string(path) + ": " + h.message);
    auto r = decode(h.body);
    if (!r) return make_error(std::string(path) + ": " + r.error().message);
    const Envelope& env = r->envelope;
    if (!env.success) {
      return make_error(std::string(path) + " refused: " + std::to_string(env.error_code) + " " +
                        error_name(path, env.error_code) + (env.error_message.empty() ? "" : ": " + env.error_message));
    }
    return r;
  }

  CallOutcome money(std::string_view path, const std::string& body, bool place) {
    CallOutcome o;
    Http h = call("POST", path, body, true, true);
    o.http_status = h.status;
    o.retry_after = h.retry_after;
    switch (h.kind) {
      case Http::Kind::Ok:
        break;
      case Http::Kind::RateLimited:
        o.status = CallOutcome::Status::RateLimited;
        break;
      case Http::Kind::Unauthorized:
        o.status = CallOutcome::Status::Unauthorized;
        break;
      case Http::Kind::Timeout:
        o.status = CallOutcome::Status::Timeout;
        break;
      case Http::Kind::NotSent:
        o.status = CallOutcome::Status::NotSent;
        break;
      case Http::Kind::Failed:
        o.status = CallOutcome::Status::Failed;
        break;
    }
    if (h.kind != Http::Kind::Ok) {
      o.message = std::string(path) + ": " + h.message;
      emit(o.message);
      return o;
    }
    Envelope env;
    if (place) {
      auto r = decode_place_order(h.body);
      if (r) {
        env = r->envelope;
        o.order_id = r->payload;
      } else {
        o.status = CallOutcome::Status::Timeout;
        o.message = std::string(path) + ": unreadable reply (" + r.error().message + "): it may have executed";
        return o;
      }
    } else {
      auto r = decode_envelope(h.body);
      if (!r) {
        o.status = CallOutcome::Status::Timeout;
        o.message = std::string(path) + ": unreadable reply (" + r.error().message + "): it may have executed";
        return o;
      }
      env = *r;
    }
    o.error_code = env.error_code;
    if (env.success) {
      o.status = CallOutcome::Status::Ok;
      return o;
    }
    o.status = CallOutcome::Status::Rejected;
    o.message = std::string(path) + " rejected: " + std::to_string(env.error_code) + " " +
                error_name(path, env.error_code) + (env.error_message.empty() ? "" : ": " + env.error_message);
    return o;
  }
};

RestClient::RestClient(Endpoints endpoints, std::string username, Secret api_key, const Clock& clock,
                       std::function<void(const std::string&)> log)
    : impl_(std::make_unique<Impl>(std::move(endpoints), std::move(username), std::move(api_key), clock,
                                   std::move(log))) {}

RestClient::~RestClient() = default;

Result<bool> RestClient::login() {
  std::lock_guard lk(impl_->login_mu);
  return impl_->login_locked();
}

Result<bool> RestClient::refresh_if_needed() { return impl_->refresh(); }

bool RestClient::has_token() const { return !impl_->current_token().empty(); }

std::optional<Timestamp> RestClient::token_expires() const {
  std::lock_guard lk(impl_->token_mu);
  return impl_->expires;
}

std::string RestClient::token() const { return impl_->current_token(); }

const std::string& RestClient::username() const noexcept { return impl_->username; }

Result<bool> RestClient::ping() {
  Impl::Http h = impl_->call("GET", kPing, "", false, false, false);
  if (h.kind != Impl::Http::Kind::Ok) return make_error(std::string(kPing) + ": " + h.message);
  return true;
}

Result<std::vector<Account>> RestClient::accounts(bool only_active, Priority p) {
  auto r = impl_->read(kAccounts, std::string(R"({"onlyActiveAccounts":)") + (only_active ? "true" : "false") + "}",
                       &decode_accounts, p);
  if (!r) return r.error();
  return std::move(r.value().payload);
}

Result<std::vector<Position>> RestClient::open_positions(AccountId account, Priority p) {
  auto r = impl_->read(kPositions, R"({"accountId":)" + std::to_string(account) + "}", &decode_positions, p);
  if (!r) return r.error();
  std::vector<Position> out;
  for (Position& pos : r.value().payload) {
    if (pos.account_id == account && pos.size > 0) out.push_back(std::move(pos));
  }
  return out;
}

Result<std::vector<Order>> RestClient::working_orders(AccountId account, Priority p) {
  std::vector<Order> out;
  for (int page = 0, offset = 0; page < kMaxPages; ++page) {
    const std::string body = R"({"filter":{"accountId":)" + std::to_string(account) +
                             R"(,"statuses":[1,6,7,8]},"pageSize":)" + std::to_string(kPageSize) + R"(,"pageOffset":)" +
                             std::to_string(offset) + R"(,"sortBy":1,"sortDirection":0})";
    auto r = impl_->read(kOrderQuery, body, &decode_order_query, p);
    if (!r) return r.error();
    auto& rows = r.value().payload.first;
    const std::size_t n = rows.size();
    for (Order& o : rows) {
      if (o.account_id == account && is_working(o.status)) out.push_back(std::move(o));
    }
    if (n < static_cast<std::size_t>(kPageSize)) return out;
    offset += kPageSize;
  }
  return make_error(std::string(kOrderQuery) + ": more than " + std::to_string(kMaxPages) + " pages");
}

Result<std::vector<Trade>> RestClient::trades(AccountId account, Timestamp since, Priority p) {
  auto r = impl_->read(kTrades,
                       R"({"accountId":)" + std::to_string(account) + R"(,"startTimestamp":")" + since.to_iso() +
                           R"(","endTimestamp":null})",
                       &decode_trades, p);
  if (!r) return r.error();
  std::vector<Trade> out;
  for (Trade& t : r.value().payload) {
    if (t.account_id == account) out.push_back(std::move(t));
  }
  return out;
}

Result<Contract> RestClient::contract(const ContractId& id) {
  std::string body = R"({"contractId":)";
  append_json_string(body, id.view());
  body += '}';
  auto r = impl_->read(kContract, body, &decode_contract);
  if (!r) return r.error();
  if (!r.value().payload) return make_error(std::string(kContract) + ": no contract " + id.str());
  return std::move(*r.value().payload);
}

Result<std::vector<Contract>> RestClient::search_contracts(const std::string& text) {
  std::string body = R"({"searchText":)";
  append_json_string(body, text);
  body += R"(,"live":false})";
  auto r = impl_->read(kContractSearch, body, &decode_contracts);
  if (!r) return r.error();
  return std::move(r.value().payload);
}

void RestClient::warm_connection() { impl_->warm(); }

CallOutcome RestClient::close_position(AccountId account, const ContractId& contract) {
  std::string body = R"({"accountId":)" + std::to_string(account) + R"(,"contractId":)";
  append_json_string(body, contract.view());
  body += '}';
  return impl_->money(kClose, body, false);
}

CallOutcome RestClient::partial_close(AccountId account, const ContractId& contract, std::int32_t size) {
  std::string body = R"({"accountId":)" + std::to_string(account) + R"(,"contractId":)";
  append_json_string(body, contract.view());
  body += R"(,"size":)" + std::to_string(size) + "}";
  return impl_->money(kPartialClose, body, false);
}

CallOutcome RestClient::cancel_order(AccountId account, OrderId order) {
  return impl_->money(
      kCancel, R"({"accountId":)" + std::to_string(account) + R"(,"orderId":)" + std::to_string(order) + "}", false);
}

CallOutcome RestClient::modify_stop(AccountId account, OrderId order, Decimal stop_price) {
  return impl_->money(kModify,
                      R"({"accountId":)" + std::to_string(account) + R"(,"orderId":)" + std::to_string(order) +
                          R"(,"stopPrice":)" + stop_price.to_string() + "}",
                      false);
}

CallOutcome RestClient::place_stop(AccountId account, const ContractId& contract, OrderSide side, std::int32_t size,
                                   Decimal stop_price) {
  std::string body = R"({"accountId":)" + std::to_string(account) + R"(,"contractId":)";
  append_json_string(body, contract.view());
  body += R"(,"type":4,"side":)" + std::to_string(static_cast<std::int32_t>(side)) + R"(,"size":)" +
          std::to_string(size) + R"(,"stopPrice":)" + stop_price.to_string() + "}";
  return impl_->money(kPlace, body, true);
}

RestStats RestClient::stats() const {
  std::lock_guard lk(impl_->stats_mu);
  return impl_->stats;
}

}  // namespace risk::gateway
