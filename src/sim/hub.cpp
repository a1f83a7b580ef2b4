#include "sim/hub.hpp"

#include <algorithm>

#include "sim/wire.hpp"

namespace risk::sim {
namespace {

constexpr JsonWriter::Style kHubStyle = gateway_style(/*omit_nulls=*/true, /*fixed_decimals=*/false);

std::string record(std::string json) {
  json.push_back(kRecordSeparator);
  return json;
}

// {"type":1,"target":T,"arguments":[{"action":A,"data":<entity>}]} + 0x1E
template <typename Write>
std::string user_event(const char* target, int action, Write write) {
  std::string out;
  out.reserve(512);
  JsonWriter w(out, kHubStyle);
  w.begin_object().field("type", 1).field("target", target).key("arguments").begin_array();
  w.begin_object().field("action", action).key("data");
  write(w);
  w.end_object().end_array().end_object();
  out.push_back(kRecordSeparator);
  return out;
}

// {"type":1,"target":T,"arguments":[contractId,<payload>]} + 0x1E
template <typename Write>
std::string market_event(const char* target, const std::string& contract_id, Write write) {
  std::string out;
  out.reserve(512);
  JsonWriter w(out, kHubStyle);
  w.begin_object().field("type", 1).field("target", target).key("arguments").begin_array().value(contract_id);
  write(w);
  w.end_array().end_object();
  out.push_back(kRecordSeparator);
  return out;
}

bool matches(const HubFault& f, const HubSession& s) {
  return (!f.hub || *f.hub == s.kind()) && (!f.user || *f.user == s.user());
}

}  // namespace

// ------------------------------------------------------------------ session

HubSession::HubSession(HubRegistry& registry, HubKind kind, std::string user)
    : registry_(registry), kind_(kind), user_(std::move(user)) {}

void HubSession::on_open(std::shared_ptr<net::WsConnection> connection) { connection_ = std::move(connection); }

void HubSession::on_close() {
  closed_ = true;
  connection_.reset();
  registry_.remove(this);
}

bool HubSession::stalled() const { return std::chrono::steady_clock::now() < stalled_until_; }

void HubSession::send_records(std::string records) {
  if (connection_ == nullptr || closed_ || stalled()) return;
  connection_->send(std::move(records));
}

void HubSession::send_ping() {
  if (ready()) send_records(record(R"({"type":6})"));
}

void HubSession::close_with_error(const std::string& error, bool allow_reconnect) {
  if (connection_ == nullptr) return;
  std::string out;
  JsonWriter w(out, kHubStyle);
  w.begin_object().field("type", 7).field("error", error).field("allowReconnect", allow_reconnect).end_object();
  stalled_until_ = {};
  connection_->send(record(std::move(out)));
  connection_->close();
}

void HubSession::drop() {
  if (connection_ != nullptr) connection_->drop();
}

void HubSession::on_message(std::string_view text) {
  inbox_.append(text);
  std::size_t start = 0;
  for (;;) {
    const auto end = inbox_.find(kRecordSeparator, start);
    if (end == std::string::npos) break;
    on_record(std::string_view(inbox_).substr(start, end - start));
    if (closed_) return;
    start = end + 1;
  }
  inbox_.erase(0, start);
  if (inbox_.size() > (std::size_t{1} << 20)) {  // a record that never ends
    close_with_error("Message too large.", false);
    closed_ = true;
  }
}

void HubSession::on_record(std::string_view text) {
  auto parsed = parse_json(text);
  if (!handshake_done_) {
    const JsonValue* protocol = parsed ? parsed->find("protocol") : nullptr;
    const JsonValue* version = parsed ? parsed->find("version") : nullptr;
    std::string error;
    if (!parsed || !parsed->is_object() || protocol == nullptr || !protocol->is_string()) {
      error = "Handshake request is invalid.";
    } else if (protocol->text != "json") {
      error = "The protocol '" + protocol->text + "' is not supported.";
    } else if (version == nullptr || version->as_int().value_or(0) != 1) {
      error = "The server does not support version " + (version != nullptr ? version->text : std::string("?")) +
              " of the 'json' protocol.";
    }
    if (!error.empty()) {
      std::string out;
      JsonWriter(out, kHubStyle).begin_object().field("error", error).end_object();
      connection_->send(record(std::move(out)));
      connection_->close();
      closed_ = true;
      return;
    }
    handshake_done_ = true;
    send_records(record("{}"));
    return;
  }
  if (!parsed || !parsed->is_object()) {
    close_with_error("Connection closed with an error. InvalidDataException: Invalid message.", false);
    closed_ = true;
    return;
  }
  const auto type = parsed->find("type") != nullptr ? parsed->find("type")->as_int().value_or(0) : 0;
  switch (type) {
    case 1:
      invoke(*parsed);
      break;
    case 6:
      break;  // client keep-alive
    case 7:
      connection_->close();
      closed_ = true;
      break;
    default:
      break;  // stream messages are not used by ProjectX
  }
}

void HubSession::complete(const std::string& invocation_id, const std::optional<std::string>& error) {
  if (invocation_id.empty()) return;  // fire-and-forget invocation: no completion
  std::string out;
  JsonWriter w(out, kHubStyle);
  w.begin_object().field("type", 3).field("invocationId", invocation_id).field("error", error).end_object();
  send_records(record(std::move(out)));
}

void HubSession::invoke(const JsonValue& message) {
  const JsonValue* id_value = message.find("invocationId");
  const std::string invocation_id = id_value != nullptr && id_value->is_string() ? id_value->text : std::string();
  const JsonValue* target_value = message.find("target");
  const std::string target = target_value != nullptr && target_value->is_string() ? target_value->text : std::string();
  const JsonValue* args = message.find("arguments");
  static const std::vector<JsonValue> kNone;
  const std::vector<JsonValue>& a = args != nullptr && args->is_array() ? args->items : kNone;
  auto failure = [&](const std::string& why) {
    return "An unexpected error occurred invoking '" + target + "' on the server. HubException: " + why;
  };

  const bool subscribe = target.rfind("Subscribe", 0) == 0;
  const bool unsubscribe = target.rfind("Unsubscribe", 0) == 0;
  const std::string what = subscribe ? target.substr(9) : unsubscribe ? target.substr(11) : std::string();

  if (kind_ == HubKind::User) {
    if (what == "Accounts") {
      if (!a.empty())
        return complete(invocation_id,
                        "Invocation provides " + std::to_string(a.size()) + " argument(s) but target expects 0.");
      all_accounts = subscribe;
      return complete(invocation_id, std::nullopt);
    }
    std::set<std::int64_t>* set = what == "Orders"      ? &order_accounts
                                  : what == "Positions" ? &position_accounts
                                  : what == "Trades"    ? &trade_accounts
                                                        : nullptr;
    if (set != nullptr) {
      if (a.size() != 1)
        return complete(invocation_id,
                        "Invocation provides " + std::to_string(a.size()) + " argument(s) but target expects 1.");
      const auto account_id = a[0].as_int();
      if (!a[0].is_number() || !account_id)
        return complete(invocation_id,
                        "Error binding arguments. Make sure that the types of the provided values match the types of "
                        "the hub method being invoked.");
      const Account* account = registry_.exchange().account(*account_id);
      if (account == nullptr || account->user != user_) return complete(invocation_id, failure("Account not found."));
      if (subscribe) {
        set->insert(*account_id);
      } else {
        set->erase(*account_id);
      }
      return complete(invocation_id, std::nullopt);
    }
  } else {
    std::set<std::string>* set = what == "ContractQuotes"        ? &quote_contracts
                                 : what == "ContractTrades"      ? &trade_contracts
                                 : what == "ContractMarketDepth" ? &depth_contracts
                                                                 : nullptr;
    if (set != nullptr) {
      if (a.size() != 1)
        return complete(invocation_id,
                        "Invocation provides " + std::to_string(a.size()) + " argument(s) but target expects 1.");
      if (!a[0].is_string())
        return complete(invocation_id,
                        "Error binding arguments. Make sure that the types of the provided values match the types of "
                        "the hub method being invoked.");
      if (registry_.exchange().contract(a[0].text) == nullptr)
        return complete(invocation_id, failure("Contract not found."));
      if (subscribe) {
        set->insert(a[0].text);
      } else {
        set->erase(a[0].text);
      }
      return complete(invocation_id, std::nullopt);
    }
  }
  complete(invocation_id, "Unknown hub method '" + target + "'");
}

// ------------------------------------------------------------------ registry

std::shared_ptr<HubSession> HubRegistry::create(HubKind kind, const std::string& user) {
  auto session = std::make_shared<HubSession>(*this, kind, user);
  sessions_.push_back(session);
  return session;
}

void HubRegistry::remove(const HubSession* session) {
  sessions_.erase(std::remove_if(sessions_.begin(), sessions_.end(),
                                 [&](const std::shared_ptr<HubSession>& s) { return s.get() == session; }),
                  sessions_.end());
}

void HubRegistry::ping_all() {
  const auto sessions = sessions_;
  for (const auto& s : sessions) s->send_ping();
}

int HubRegistry::apply(const HubFault& fault) {
  int n = 0;
  const auto sessions = sessions_;  // a drop may remove sessions
  for (const auto& s : sessions) {
    if (!matches(fault, *s)) continue;
    ++n;
    switch (fault.kind) {
      case HubFault::Kind::Drop:
        s->drop();
        break;
      case HubFault::Kind::Close:
        s->close_with_error(fault.error, fault.allow_reconnect);
        break;
      case HubFault::Kind::Stall:
        s->stall_until(std::chrono::steady_clock::now() + fault.duration);
        break;
    }
  }
  return n;
}

template <typename Wants, typename Render>
void HubRegistry::fan_out(HubKind kind, Wants wants, Render render) {
  std::string frame;  // rendered once, only if someone wants it
  HubSession* last = nullptr;
  for (const auto& s : sessions_) {
    if (s->kind() != kind || !s->ready() || !wants(*s)) continue;
    if (frame.empty()) frame = render();
    if (last != nullptr) last->send_records(frame);
    last = s.get();
  }
  if (last != nullptr) last->send_records(std::move(frame));
}

void HubRegistry::on_order(const Order& order) {
  const Account* a = exchange_.account(order.account_id);
  if (a == nullptr) return;
  fan_out(
      HubKind::User,
      [&](const HubSession& s) { return s.user() == a->user && s.order_accounts.count(order.account_id) != 0; },
      [&] { return user_event("GatewayUserOrder", 1, [&](JsonWriter& w) { write_order(w, order); }); });
}

void HubRegistry::on_trade(const Trade& trade) {
  const Account* a = exchange_.account(trade.account_id);
  if (a == nullptr) return;
  fan_out(
      HubKind::User,
      [&](const HubSession& s) { return s.user() == a->user && s.trade_accounts.count(trade.account_id) != 0; },
      [&] { return user_event("GatewayUserTrade", 0, [&](JsonWriter& w) { write_trade(w, trade); }); });
}

void HubRegistry::on_position(const Position& position) {
  const Account* a = exchange_.account(position.account_id);
  if (a == nullptr) return;
  fan_out(
      HubKind::User,
      [&](const HubSession& s) { return s.user() == a->user && s.position_accounts.count(position.account_id) != 0; },
      [&] { return user_event("GatewayUserPosition", 1, [&](JsonWriter& w) { write_position(w, position); }); });
}

void HubRegistry::on_account(const Account& account) {
  fan_out(
      HubKind::User, [&](const HubSession& s) { return s.all_accounts && s.user() == account.user; },
      [&] { return user_event("GatewayUserAccount", 1, [&](JsonWriter& w) { write_account(w, account); }); });
}

void HubRegistry::on_quote(const Quote& quote) {
  const auto before = last_quote_.find(quote.contract_id);
  const Quote* previous = (sparse_quotes_ && before != last_quote_.end()) ? &before->second : nullptr;
  fan_out(
      HubKind::Market, [&](const HubSession& s) { return s.quote_contracts.count(quote.contract_id) != 0; },
      [&] {
        return market_event("GatewayQuote", quote.contract_id, [&](JsonWriter& w) {
          if (previous == nullptr) {
            write_quote(w, quote);
          } else {
            write_quote_changes(w, quote, *previous);
          }
        });
      });
  last_quote_[quote.contract_id] = quote;
  last_quote_sent_[quote.contract_id] = std::chrono::steady_clock::now();
}

void HubRegistry::set_quote_mode(bool sparse, std::chrono::milliseconds heartbeat) {
  sparse_quotes_ = sparse;
  quote_heartbeat_ = heartbeat;
}

void HubRegistry::quote_heartbeat(Timestamp now) {
  if (quote_heartbeat_.count() <= 0) return;
  const auto steady_now = std::chrono::steady_clock::now();
  for (auto& [contract_id, sent] : last_quote_sent_) {
    if (steady_now - sent < quote_heartbeat_) continue;
    sent = steady_now;
    const std::string& id = contract_id;
    fan_out(
        HubKind::Market, [&](const HubSession& s) { return s.quote_contracts.count(id) != 0; },
        [&] {
          return market_event("GatewayQuote", id,
                              [&](JsonWriter& w) { w.begin_object().field("timestamp", now).end_object(); });
        });
  }
}

void HubRegistry::on_market_trades(const std::string& contract_id, const std::vector<MarketTrade>& trades) {
  fan_out(
      HubKind::Market, [&](const HubSession& s) { return s.trade_contracts.count(contract_id) != 0; },
      [&] {
        return market_event("GatewayTrade", contract_id, [&](JsonWriter& w) {
          w.begin_array();
          for (const auto& t : trades) write_market_trade(w, t);
          w.end_array();
        });
      });
}

void HubRegistry::on_depth(const std::string& contract_id, const std::vector<DepthEntry>& entries) {
  fan_out(
      HubKind::Market, [&](const HubSession& s) { return s.depth_contracts.count(contract_id) != 0; },
      [&] {
        return market_event("GatewayDepth", contract_id, [&](JsonWriter& w) {
          w.begin_array();
          for (const auto& e : entries) write_depth_entry(w, e);
          w.end_array();
        });
      });
}

}  // namespace risk::sim
