#pragma once
// Every setting the engine reads, with the defaults a fresh install ships
// (shared/spec/rules.md). The configuration adapter (src/config) fills these
// from YAML, resolves per-account overrides and loads time zones; the engine
// only reads them.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/civil.hpp"
#include "core/contract_id.hpp"
#include "core/decimal.hpp"
#include "core/domain.hpp"
#include "core/time_zone.hpp"

namespace risk {

// A wall-clock time of day, minute resolution ("17:00").
struct TimeOfDay {
  std::int32_t minutes = 0;  // 0..1439
  [[nodiscard]] constexpr std::int32_t seconds() const noexcept { return minutes * 60; }
  static constexpr TimeOfDay hm(std::int32_t h, std::int32_t m) noexcept { return TimeOfDay{h * 60 + m}; }
  friend constexpr bool operator==(const TimeOfDay&, const TimeOfDay&) = default;
  friend constexpr auto operator<=>(const TimeOfDay&, const TimeOfDay&) = default;
};

enum class MarkPriceMode { Last, BidAsk };
enum class SettingsLock { None, TightenOnly };

// ---- RULE-001 max_contracts -------------------------------------------------
struct MaxContractsConfig {
  enum class Enforcement { CloseAll, ReduceToLimit };
  bool enabled = true;
  std::int32_t limit = 5;
  Enforcement enforcement = Enforcement::CloseAll;
  std::optional<std::int32_t> lockout_minutes;
  friend bool operator==(const MaxContractsConfig&, const MaxContractsConfig&) = default;
};

// ---- RULE-002 max_contracts_per_instrument ----------------------------------
struct MaxContractsPerInstrumentConfig {
  enum class Enforcement { ReduceToLimit, ClosePosition };
  enum class UnknownSymbol { Block, Limit, Allow };
  bool enabled = true;
  std::map<SymbolRoot, std::int32_t> limits{{SymbolRoot::of("MNQ"), 2}, {SymbolRoot::of("EP"), 1}};
  UnknownSymbol unknown_symbol = UnknownSymbol::Block;
  std::int32_t unknown_limit = 0;  // with UnknownSymbol::Limit
  Enforcement enforcement = Enforcement::ReduceToLimit;
  friend bool operator==(const MaxContractsPerInstrumentConfig&, const MaxContractsPerInstrumentConfig&) = default;
};

// ---- RULE-003 daily_realized_loss -------------------------------------------
enum class LossLockout { DailyReset, Permanent };
struct DailyRealizedLossConfig {
  bool enabled = true;
  Decimal loss_limit = Decimal::from_int(500);
  LossLockout lockout_until = LossLockout::DailyReset;
  friend bool operator==(const DailyRealizedLossConfig&, const DailyRealizedLossConfig&) = default;
};

// ---- RULE-004 daily_unrealized_loss -----------------------------------------
struct DailyUnrealizedLossConfig {
  enum class Scope { PerPosition, Total };
  bool enabled = true;
  Decimal loss_limit = Decimal::from_int(300);
  Scope scope = Scope::PerPosition;
  friend bool operator==(const DailyUnrealizedLossConfig&, const DailyUnrealizedLossConfig&) = default;
};

// ---- RULE-005 max_unrealized_profit -----------------------------------------
struct MaxUnrealizedProfitConfig {
  enum class Mode { ProfitTarget, Breakeven };
  bool enabled = true;
  Mode mode = Mode::ProfitTarget;
  Decimal profit_target = Decimal::from_int(1000);
  Decimal arm_at = Decimal::from_int(100);  // breakeven mode
  friend bool operator==(const MaxUnrealizedProfitConfig&, const MaxUnrealizedProfitConfig&) = default;
};

// ---- RULE-006 trade_frequency_limit -----------------------------------------
struct TradeFrequencyConfig {
  enum class SessionLockout { DailyReset, Cooldown };
  bool enabled = true;
  std::int32_t per_minute = 3;
  std::int32_t per_hour = 10;
  std::int32_t per_session = 50;
  std::int32_t minute_cooldown_seconds = 60;
  std::int32_t hour_cooldown_seconds = 1800;
  std::int32_t session_cooldown_seconds = 3600;
  SessionLockout session_lockout = SessionLockout::DailyReset;
  friend bool operator==(const TradeFrequencyConfig&, const TradeFrequencyConfig&) = default;
};

// ---- RULE-007 cooldown_after_loss -------------------------------------------
struct LossTier {
  Decimal loss;  // negative: -100 means a loss of 100 or more
  std::int32_t seconds = 0;
  friend bool operator==(const LossTier&, const LossTier&) = default;
};
struct CooldownAfterLossConfig {
  bool enabled = true;
  std::vector<LossTier> tiers{
      {Decimal::from_int(-100), 300}, {Decimal::from_int(-200), 900}, {Decimal::from_int(-300), 1800}};
  friend bool operator==(const CooldownAfterLossConfig&, const CooldownAfterLossConfig&) = default;
};

// ---- RULE-008 no_stop_loss_grace --------------------------------------------
struct NoStopLossGraceConfig {
  bool enabled = true;
  std::int32_t grace_period_seconds = 30;
  friend bool operator==(const NoStopLossGraceConfig&, const NoStopLossGraceConfig&) = default;
};

// ---- RULE-009 session_block_outside -----------------------------------------
struct SessionWindow {
  TimeOfDay start = TimeOfDay::hm(8, 30);
  TimeOfDay end = TimeOfDay::hm(15, 0);  // end < start wraps midnight
  friend bool operator==(const SessionWindow&, const SessionWindow&) = default;
};
struct SessionBlockConfig {
  bool enabled = true;
  SessionWindow window;
  std::string timezone_name = "America/Chicago";
  TimeZonePtr timezone;  // resolved by the configuration adapter
  std::map<SymbolRoot, SessionWindow> per_root;
  bool close_at_session_end = true;
  bool operator==(const SessionBlockConfig& o) const {
    return enabled == o.enabled && window == o.window && timezone_name == o.timezone_name && per_root == o.per_root &&
           close_at_session_end == o.close_at_session_end;
  }
};

// ---- RULE-010 auth_loss_guard -----------------------------------------------
struct AuthLossGuardConfig {
  bool enabled = true;
  bool auto_unlock = true;
  friend bool operator==(const AuthLossGuardConfig&, const AuthLossGuardConfig&) = default;
};

// ---- RULE-011 symbol_blocks -------------------------------------------------
struct SymbolBlocksConfig {
  bool enabled = true;
  std::vector<SymbolRoot> blocked_symbols;  // normalised upper-case roots
  bool close_existing = true;
  friend bool operator==(const SymbolBlocksConfig&, const SymbolBlocksConfig&) = default;
};

// ---- RULE-012 trade_management ----------------------------------------------
struct TradeManagementConfig {
  bool enabled = false;
  bool breakeven_enabled = true;
  std::int32_t breakeven_trigger_ticks = 20;
  std::int32_t breakeven_offset_ticks = 1;
  bool trailing_enabled = false;
  std::int32_t trailing_activation_ticks = 40;
  std::int32_t trailing_distance_ticks = 20;
  friend bool operator==(const TradeManagementConfig&, const TradeManagementConfig&) = default;
};

// ---- RULE-013 daily_realized_profit -----------------------------------------
struct DailyRealizedProfitConfig {
  bool enabled = true;
  Decimal profit_target = Decimal::from_int(1000);
  friend bool operator==(const DailyRealizedProfitConfig&, const DailyRealizedProfitConfig&) = default;
};

struct RulesConfig {
  MaxContractsConfig max_contracts;
  MaxContractsPerInstrumentConfig max_contracts_per_instrument;
  DailyRealizedLossConfig daily_realized_loss;
  DailyUnrealizedLossConfig daily_unrealized_loss;
  MaxUnrealizedProfitConfig max_unrealized_profit;
  TradeFrequencyConfig trade_frequency_limit;
  CooldownAfterLossConfig cooldown_after_loss;
  NoStopLossGraceConfig no_stop_loss_grace;
  SessionBlockConfig session_block_outside;
  AuthLossGuardConfig auth_loss_guard;
  SymbolBlocksConfig symbol_blocks;
  TradeManagementConfig trade_management;
  DailyRealizedProfitConfig daily_realized_profit;
  friend bool operator==(const RulesConfig&, const RulesConfig&) = default;
};

// Settings that hold for every account.
struct GlobalSettings {
  TimeOfDay reset_time = TimeOfDay::hm(17, 0);
  std::string timezone_name = "America/Chicago";
  bool include_fees = true;
  MarkPriceMode mark_price = MarkPriceMode::Last;
  std::int32_t max_quote_age_seconds = 30;
  // While an account holds a position or a working order, the longest the
  // daemon goes without word of its state from the gateway (hub events, a hub
  // heartbeat, a REST snapshot) before it reads the state over REST (0 = off).
  std::int32_t max_blind_seconds = 5;
  std::vector<CivilDate> holidays;  // trading dates with no session
  std::int32_t warn_at_percent = 80;
  SettingsLock settings_lock = SettingsLock::None;
  bool operator==(const GlobalSettings&) const = default;
};

// One monitored account with its effective rules (defaults + overrides).
struct AccountSettings {
  AccountId account_id = 0;
  std::string nickname;
  bool enabled = true;
  TimeOfDay reset_time = TimeOfDay::hm(17, 0);
  std::string timezone_name = "America/Chicago";
  TimeZonePtr timezone;  // resolved by the configuration adapter
  RulesConfig rules;
};

// What the engine reads. Immutable once built; a reload builds a new one.
struct EngineSettings {
  GlobalSettings global;
  std::vector<AccountSettings> accounts;
  [[nodiscard]] const AccountSettings* find(AccountId id) const noexcept {
    for (const auto& a : accounts) {
      if (a.account_id == id) return &a;
    }
    return nullptr;
  }
};

using EngineSettingsPtr = std::shared_ptr<const EngineSettings>;

}  // namespace risk
