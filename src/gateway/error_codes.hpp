#pragma once
// The gateway's per-endpoint error enums (gateway-api.md §1-2). The same
// integer means different things on different endpoints (5 is InvalidCloseSize
// for a partial close and OrderRejected for a full close), so each endpoint has
// its own type. CallOutcome::error_code holds the raw integer; compare it with
// these, e.g. `o.error_code == static_cast<int>(PlaceOrderError::AccountViolation)`.
// A code the gateway adds later is kept as its integer and named "Unknown(<n>)".
#include <string>
#include <string_view>

namespace risk::gateway {

enum class LoginError : int {
  Success = 0,
  UserNotFound = 1,
  PasswordVerificationFailed = 2,
  InvalidCredentials = 3,
  AppNotFound = 4,
  AppVerificationFailed = 5,
  InvalidDevice = 6,
  AgreementsNotSigned = 7,
  UnknownError = 8,
  ApiSubscriptionNotFound = 9,
  ApiKeyAuthenticationDisabled = 10
};
enum class ValidateError : int {
  Success = 0,
  InvalidSession = 1,
  SessionNotFound = 2,
  ExpiredToken = 3,
  UnknownError = 4
};
enum class SearchAccountError : int { Success = 0 };
enum class SearchPositionError : int { Success = 0, AccountNotFound = 1 };
enum class ClosePositionError : int {
  Success = 0,
  AccountNotFound = 1,
  PositionNotFound = 2,
  ContractNotFound = 3,
  ContractNotActive = 4,
  OrderRejected = 5,
  OrderPending = 6,
  UnknownError = 7,
  AccountRejected = 8
};
enum class PartialClosePositionError : int {
  Success = 0,
  AccountNotFound = 1,
  PositionNotFound = 2,
  ContractNotFound = 3,
  ContractNotActive = 4,
  InvalidCloseSize = 5,
  OrderRejected = 6,
  OrderPending = 7,
  UnknownError = 8,
  AccountRejected = 9
};
enum class SearchOrderError : int { Success = 0, AccountNotFound = 1 };
enum class PlaceOrderError : int {
  Success = 0,
  AccountNotFound = 1,
  OrderRejected = 2,
  InsufficientFunds = 3,
  AccountViolation = 4,
  OutsideTradingHours = 5,
  OrderPending = 6,
  UnknownError = 7,
  ContractNotFound = 8,
  ContractNotActive = 9,
  AccountRejected = 10
};
enum class CancelOrderError : int {
  Success = 0,
  AccountNotFound = 1,
  OrderNotFound = 2,
  Rejected = 3,
  Pending = 4,
  UnknownError = 5,
  AccountRejected = 6
};
enum class ModifyOrderError : int {
  Success = 0,
  AccountNotFound = 1,
  OrderNotFound = 2,
  Rejected = 3,
  Pending = 4,
  UnknownError = 5,
  AccountRejected = 6,
  ContractNotFound = 7
};
enum class SearchTradeError : int { Success = 0, AccountNotFound = 1 };
enum class SearchContractByIdError : int { Success = 0, ContractNotFound = 1 };
enum class RetrieveBarError : int {
  Success = 0,
  ContractNotFound = 1,
  UnitInvalid = 2,
  UnitNumberInvalid = 3,
  LimitInvalid = 4
};

// The name of `code` for the endpoint at `path` ("/api/Order/place"):
// "AccountViolation", or "Unknown(42)" for a code (or path) it does not know.
std::string error_name(std::string_view path, int code);

}  // namespace risk::gateway
