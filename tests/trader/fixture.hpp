#pragma once
// A fixed account state, built the way the dashboard builds it: by applying
// event-server messages (docs/event-server.md) to a Model. "Now" is fixed.
#include <string>

#include "dashboard/model.hpp"

namespace risk::dashboard::test {

inline Timestamp T(const char* s) { return *Timestamp::parse(s); }
inline Decimal D(const char* s) { return *Decimal::parse(s); }

// 13:30:00 in Chicago (CST, UTC-6).
inline const Timestamp kNow = T("2026-11-24T19:30:00Z");

inline std::string snapshot_message() {
  return R"J({"type":"snapshot","account_id":1001,"ts":"2026-11-24T19:29:59Z","data":{
  "account_id":1001,"nickname":"demo","as_of":"2026-11-24T19:29:59Z",
  "trading_date":"2026-11-24","day_start":"2026-11-23T23:00:00Z","next_reset":"2026-11-24T23:00:00Z",
  "reset_time":"17:00","timezone":"America/Chicago",
  "pnl":{"realized":"-312.50","gross":"-300.00","fees":"12.50","unrealized":"-40.00","total":"-352.50","fills":14},
  "account":{"id":1001,"name":"TOPSTEP-50K-1","balance":"49687.50","can_trade":true},
  "positions":[
    {"contract_id":"CON.F.US.MNQ.Z26","type":"Long","size":2,"average_price":"21000.25","opened_at":"2026-11-24T19:10:00Z",
     "unrealized":"-20.00","mark":"20995.25","quote_age_ms":800,"valuation":"ok"},
    {"contract_id":"CON.F.US.MES.Z26","type":"Short","size":1,"average_price":"6010.50","opened_at":"2026-11-24T19:20:00Z",
     "unrealized":"-20.00","mark":"6014.50","quote_age_ms":7000,"valuation":"ok"}],
  "orders":[
    {"id":7001,"contract_id":"CON.F.US.MNQ.Z26","status":"Open","type":"Stop","side":"Sell","size":2,"limit_price":null,"stop_price":"20950","fill_volume":0},
    {"id":7002,"contract_id":"CON.F.US.M6E.Z26","status":"Open","type":"Limit","side":"Buy","size":1,"limit_price":"1.0815","stop_price":null,"fill_volume":0}],
  "trades_today":[
    {"id":501,"contract_id":"CON.F.US.MNQ.Z26","created":"2026-11-24T15:01:05Z","price":"20990.25","pnl":null,"fees":"0.37","commissions":"0.25","side":"Buy","size":1,"voided":false},
    {"id":502,"contract_id":"CON.F.US.MNQ.Z26","created":"2026-11-24T15:05:00Z","price":"20980.25","pnl":"-10.00","fees":"0.37","commissions":"0.25","side":"Sell","size":1,"voided":false},
    {"id":503,"contract_id":"CON.F.US.MES.Z26","created":"2026-11-24T16:00:00Z","price":"6000","pnl":null,"fees":"0.37","commissions":"0.25","side":"Buy","size":1,"voided":true}],
  "lockouts":[
    {"rule":"RULE-007","rule_key":"cooldown_after_loss","symbol":"","kind":"cooldown","set_at":"2026-11-24T19:29:05Z",
     "until":"2026-11-24T19:34:05Z","reason":"one fill lost 150.00 (tier -150: 300 s)"}],
  "rules":[
    {"rule":"RULE-001","key":"max_contracts","enabled":true,"limit":"5","current":"3","percent_used":60,"detail":""},
    {"rule":"RULE-002","key":"max_contracts_per_instrument","enabled":true,"limit":"2","current":"2","percent_used":100,"detail":"MNQ 2 of 2"},
    {"rule":"RULE-003","key":"daily_realized_loss","enabled":true,"limit":"500","current":"-312.50","percent_used":62,"detail":"","loss_limit":true,"room":"187.50"},
    {"rule":"RULE-004","key":"daily_unrealized_loss","enabled":true,"limit":"300","current":"-40.00","percent_used":13,"detail":"scope total","loss_limit":true,"room":"260.00"},
    {"rule":"RULE-006","key":"trade_frequency_limit","enabled":true,"limit":"20","current":"15","percent_used":75,"detail":"per hour"},
    {"rule":"RULE-007","key":"cooldown_after_loss","enabled":true,"limit":null,"current":null,"percent_used":null,"detail":"tiers -150: 300 s"},
    {"rule":"RULE-012","key":"trade_management","enabled":false,"limit":null,"current":null,"percent_used":null,"detail":""},
    {"rule":"RULE-013","key":"daily_realized_profit","enabled":true,"limit":"1000","current":"-312.50","percent_used":0,"detail":""}],
  "session":{"enabled":true,"open":true,"window":"08:30-15:00","timezone":"America/Chicago",
             "current_end":"2026-11-24T21:00:00Z","next_start":"2026-11-25T14:30:00Z"},
  "pending_settings":false}})J";
}

inline const char* kDaemonStatus =
    R"J({"type":"daemon_status","ts":"2026-11-24T19:29:58Z","data":{"version":"0.1.0","started_at":"2026-11-24T17:26:50Z",
    "uptime_s":7388,"connections":[{"name":"user hub","connected":true,"since":"2026-11-24T17:27:01Z"},
    {"name":"market hub","connected":false,"since":"2026-11-24T19:29:00Z"}],"accounts":[1001,1002],"dry_run":false}})J";

inline const char* kEnforcementDecided =
    R"J({"type":"enforcement_action","account_id":1001,"ts":"2026-11-24T19:29:05.120Z","data":{"id":42,
    "trigger_at":"2026-11-24T19:29:05.100Z","breaches":[{"rule":"RULE-007","reason":"one fill lost 150.00 (tier -150: 300 s)"}],
    "actions":[{"kind":"cancel_order","contract_id":"CON.F.US.MNQ.Z26","order_id":6999,"size":0,"stop_price":null,"rule":"RULE-007","result":"","error":""}],
    "status":"decided","request_us":null,"confirm_us":null}})J";
inline const char* kEnforcementConfirmed =
    R"J({"type":"enforcement_action","account_id":1001,"ts":"2026-11-24T19:29:05.300Z","data":{"id":42,
    "trigger_at":"2026-11-24T19:29:05.100Z","breaches":[{"rule":"RULE-007","reason":"one fill lost 150.00 (tier -150: 300 s)"}],
    "actions":[{"kind":"cancel_order","contract_id":"CON.F.US.MNQ.Z26","order_id":6999,"size":0,"stop_price":null,"rule":"RULE-007","result":"ok","error":""}],
    "status":"confirmed","request_us":1250,"confirm_us":84900}})J";
inline const char* kLockoutCleared =
    R"J({"type":"lockout_cleared","account_id":1001,"ts":"2026-11-24T18:02:00Z","data":{"lockout":{"rule":"RULE-006",
    "rule_key":"trade_frequency_limit","symbol":"","kind":"cooldown","set_at":"2026-11-24T18:01:00Z","until":"2026-11-24T18:02:00Z",
    "reason":"4 fills in a minute (limit 3)"},"cleared_by":"TIMER_EXPIRY","note":""}})J";
inline const char* kRuleWarning =
    R"J({"type":"rule_warning","account_id":1001,"ts":"2026-11-24T19:25:00Z","data":{"rule":"RULE-006","percent":75,
    "message":"15 of 20 fills this hour"}})J";

// The fixed state every rendering snapshot shows.
inline Model fixture_model() {
  Model m(1001);
  m.server = "127.0.0.1:8765";
  m.db_path = "/var/lib/risk-manager/state.db";
  const Timestamp at = T("2026-11-24T19:29:59Z");
  for (const std::string& msg :
       {snapshot_message(), std::string(kDaemonStatus), std::string(kLockoutCleared), std::string(kEnforcementDecided),
        std::string(kEnforcementConfirmed), std::string(kRuleWarning)}) {
    auto r = m.apply_message(msg, at);
    if (!r) throw std::runtime_error(r.error().message);
  }
  return m;
}

}  // namespace risk::dashboard::test
