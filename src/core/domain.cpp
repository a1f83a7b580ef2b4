#include "core/domain.hpp"

namespace risk {

std::string_view to_string(OrderSide v) noexcept {
  switch (v) {
    case OrderSide::Bid:
      return "Buy";
    case OrderSide::Ask:
      return "Sell";
  }
  return "UnknownSide";
}

std::string_view to_string(OrderType v) noexcept {
  switch (v) {
    case OrderType::Unknown:
      return "Unknown";
    case OrderType::Limit:
      return "Limit";
    case OrderType::Market:
      return "Market";
    case OrderType::StopLimit:
      return "StopLimit";
    case OrderType::Stop:
      return "Stop";
    case OrderType::TrailingStop:
      return "TrailingStop";
    case OrderType::JoinBid:
      return "JoinBid";
    case OrderType::JoinAsk:
      return "JoinAsk";
  }
  return "UnknownType";
}

std::string_view to_string(OrderStatus v) noexcept {
  switch (v) {
    case OrderStatus::None:
      return "None";
    case OrderStatus::Open:
      return "Open";
    case OrderStatus::Filled:
      return "Filled";
    case OrderStatus::Cancelled:
      return "Cancelled";
    case OrderStatus::Expired:
      return "Expired";
    case OrderStatus::Rejected:
      return "Rejected";
    case OrderStatus::Pending:
      return "Pending";
    case OrderStatus::PendingCancellation:
      return "PendingCancellation";
    case OrderStatus::Suspended:
      return "Suspended";
  }
  return "UnknownStatus";
}

std::string_view to_string(PositionType v) noexcept {
  switch (v) {
    case PositionType::Undefined:
      return "Undefined";
    case PositionType::Long:
      return "Long";
    case PositionType::Short:
      return "Short";
  }
  return "UnknownPositionType";
}

}  // namespace risk
