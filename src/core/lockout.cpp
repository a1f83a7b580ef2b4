#include "core/lockout.hpp"

#include "core/effects.hpp"

namespace risk {

std::string_view to_string(LockoutKind k) noexcept {
  switch (k) {
    case LockoutKind::UntilReset:
      return "until_daily_reset";
    case LockoutKind::Cooldown:
      return "cooldown";
    case LockoutKind::UntilSessionStart:
      return "until_session_start";
    case LockoutKind::UntilBrokerFlag:
      return "until_broker_allows_trading";
    case LockoutKind::Permanent:
      return "permanent";
    case LockoutKind::WhileListed:
      return "while_symbol_blocked";
  }
  return "unknown";
}

std::string_view to_string(ClearedBy c) noexcept {
  switch (c) {
    case ClearedBy::TimerExpiry:
      return "TIMER_EXPIRY";
    case ClearedBy::DailyReset:
      return "DAILY_RESET";
    case ClearedBy::BrokerFlag:
      return "BROKER_FLAG";
    case ClearedBy::AdminOverride:
      return "ADMIN_OVERRIDE";
    case ClearedBy::ConfigReload:
      return "CONFIG_RELOAD";
  }
  return "UNKNOWN";
}

std::string_view to_string(ActionKind k) noexcept {
  switch (k) {
    case ActionKind::ClosePosition:
      return "close_position";
    case ActionKind::ReducePosition:
      return "reduce_position";
    case ActionKind::CancelOrder:
      return "cancel_order";
    case ActionKind::ModifyStop:
      return "modify_stop";
    case ActionKind::PlaceStop:
      return "place_stop";
  }
  return "unknown";
}

}  // namespace risk
