#pragma once
// The YAML spelling of every enumerated setting, shared by the loader, the
// writer and the tighten-only report so the three never disagree.
#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "core/settings.hpp"

namespace risk {

template <typename E>
using NameTable = std::array<std::pair<std::string_view, E>, 2>;

inline constexpr NameTable<MaxContractsConfig::Enforcement> kMaxContractsEnforcement{{
    {"close_all", MaxContractsConfig::Enforcement::CloseAll},
    {"reduce_to_limit", MaxContractsConfig::Enforcement::ReduceToLimit},
}};
inline constexpr NameTable<MaxContractsPerInstrumentConfig::Enforcement> kPerInstrumentEnforcement{{
    {"reduce_to_limit", MaxContractsPerInstrumentConfig::Enforcement::ReduceToLimit},
    {"close_position", MaxContractsPerInstrumentConfig::Enforcement::ClosePosition},
}};
inline constexpr NameTable<LossLockout> kLossLockout{{
    {"daily_reset", LossLockout::DailyReset},
    {"permanent", LossLockout::Permanent},
}};
inline constexpr NameTable<DailyUnrealizedLossConfig::Scope> kUnrealizedScope{{
    {"per_position", DailyUnrealizedLossConfig::Scope::PerPosition},
    {"total", DailyUnrealizedLossConfig::Scope::Total},
}};
inline constexpr NameTable<MaxUnrealizedProfitConfig::Mode> kProfitMode{{
    {"profit_target", MaxUnrealizedProfitConfig::Mode::ProfitTarget},
    {"breakeven", MaxUnrealizedProfitConfig::Mode::Breakeven},
}};
inline constexpr NameTable<TradeFrequencyConfig::SessionLockout> kSessionLockout{{
    {"daily_reset", TradeFrequencyConfig::SessionLockout::DailyReset},
    {"cooldown", TradeFrequencyConfig::SessionLockout::Cooldown},
}};
inline constexpr NameTable<MarkPriceMode> kMarkPrice{{
    {"last", MarkPriceMode::Last},
    {"bid_ask", MarkPriceMode::BidAsk},
}};
inline constexpr NameTable<SettingsLock> kSettingsLock{{
    {"none", SettingsLock::None},
    {"tighten_only", SettingsLock::TightenOnly},
}};

template <typename E>
constexpr std::string_view name_of(const NameTable<E>& table, E value) noexcept {
  for (const auto& [name, v] : table) {
    if (v == value) return name;
  }
  return "?";
}

// "block", "allow" or "limit:N".
inline std::string unknown_symbol_text(const MaxContractsPerInstrumentConfig& c) {
  switch (c.unknown_symbol) {
    case MaxContractsPerInstrumentConfig::UnknownSymbol::Block:
      return "block";
    case MaxContractsPerInstrumentConfig::UnknownSymbol::Allow:
      return "allow";
    case MaxContractsPerInstrumentConfig::UnknownSymbol::Limit:
      return "limit:" + std::to_string(c.unknown_limit);
  }
  return "?";
}

// "17:00"
inline std::string time_text(TimeOfDay t) {
  const auto two = [](std::int32_t v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  return two(t.minutes / 60) + ":" + two(t.minutes % 60);
}

}  // namespace risk
