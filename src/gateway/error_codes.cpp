#include "gateway/error_codes.hpp"

#include <array>
#include <cstddef>
#include <utility>
#include <vector>

namespace risk::gateway {
namespace {

struct Table {
  std::string_view path;
  std::vector<std::string_view> names;  // index = code
};

// clang-format off
const std::array<Table, 14> kTables{{
  {"/api/Auth/loginKey", {"Success", "UserNotFound", "PasswordVerificationFailed", "InvalidCredentials", "AppNotFound",
                          "AppVerificationFailed", "InvalidDevice", "AgreementsNotSigned", "UnknownError",
                          "ApiSubscriptionNotFound", "ApiKeyAuthenticationDisabled"}},
  {"/api/Auth/validate", {"Success", "InvalidSession", "SessionNotFound", "ExpiredToken", "UnknownError"}},
  {"/api/Auth/logout", {"Success", "InvalidSession", "UnknownError"}},
  {"/api/Account/search", {"Success"}},
  {"/api/Position/searchOpen", {"Success", "AccountNotFound"}},
  {"/api/Position/closeContract", {"Success", "AccountNotFound", "PositionNotFound", "ContractNotFound",
                                   "ContractNotActive", "OrderRejected", "OrderPending", "UnknownError",
                                   "AccountRejected"}},
  {"/api/Position/partialCloseContract", {"Success", "AccountNotFound", "PositionNotFound", "ContractNotFound",
                                          "ContractNotActive", "InvalidCloseSize", "OrderRejected", "OrderPending",
                                          "UnknownError", "AccountRejected"}},
  {"/api/Order/v2/query", {"Success", "AccountNotFound"}},
  {"/api/Order/place", {"Success", "AccountNotFound", "OrderRejected", "InsufficientFunds", "AccountViolation",
                        "OutsideTradingHours", "OrderPending", "UnknownError", "ContractNotFound",
                        "ContractNotActive", "AccountRejected"}},
  {"/api/Order/cancel", {"Success", "AccountNotFound", "OrderNotFound", "Rejected", "Pending", "UnknownError",
                         "AccountRejected"}},
  {"/api/Order/modify", {"Success", "AccountNotFound", "OrderNotFound", "Rejected", "Pending", "UnknownError",
                         "AccountRejected", "ContractNotFound"}},
  {"/api/Trade/search", {"Success", "AccountNotFound"}},
  {"/api/Contract/searchById", {"Success", "ContractNotFound"}},
  {"/api/History/retrieveBars", {"Success", "ContractNotFound", "UnitInvalid", "UnitNumberInvalid", "LimitInvalid"}},
}};
// clang-format on

}  // namespace

std::string error_name(std::string_view path, int code) {
  for (const Table& t : kTables) {
    if (t.path != path) continue;
    if (code >= 0 && static_cast<std::size_t>(code) < t.names.size()) {
      return std::string(t.names[static_cast<std::size_t>(code)]);
    }
    break;
  }
  return "Unknown(" + std::to_string(code) + ")";
}

}  // namespace risk::gateway
