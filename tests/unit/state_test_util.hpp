#pragma once
// Small helpers shared by the state-module tests.
#include <string_view>

#include <gtest/gtest.h>

#include "core/decimal.hpp"
#include "core/domain.hpp"
#include "core/timestamp.hpp"
#include "tz/iana_zone.hpp"

namespace risk::test {

inline Timestamp T(std::string_view s) {
  auto r = Timestamp::parse(s);
  EXPECT_TRUE(r.ok()) << s;
  return r.ok() ? *r : Timestamp{};
}

inline Decimal D(std::string_view s) {
  auto r = Decimal::parse(s);
  EXPECT_TRUE(r.ok()) << s;
  return r.ok() ? *r : Decimal{};
}

inline TimeZonePtr Z(std::string_view name) {
  auto r = tz::load(name);
  EXPECT_TRUE(r.ok()) << name;
  return r.ok() ? *r : utc_zone();
}

inline ContractId C(std::string_view s) { return ContractId::of(s); }

inline Position long_pos(std::string_view contract, std::int32_t size, std::string_view avg) {
  Position p;
  p.id = 1;
  p.account_id = 1;
  p.contract_id = C(contract);
  p.type = PositionType::Long;
  p.size = size;
  p.average_price = D(avg);
  return p;
}

inline Position short_pos(std::string_view contract, std::int32_t size, std::string_view avg) {
  Position p = long_pos(contract, size, avg);
  p.type = PositionType::Short;
  return p;
}

inline Order stop_order(OrderId id, std::string_view contract, OrderSide side, std::string_view stop,
                        std::int32_t size = 1) {
  Order o;
  o.id = id;
  o.account_id = 1;
  o.contract_id = C(contract);
  o.status = OrderStatus::Open;
  o.type = OrderType::Stop;
  o.side = side;
  o.size = size;
  o.stop_price = D(stop);
  return o;
}

}  // namespace risk::test
