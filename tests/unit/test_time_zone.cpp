#include <gtest/gtest.h>

#include "core/contract_id.hpp"
#include "core/effects.hpp"
#include "core/events.hpp"
#include "tz/iana_zone.hpp"

using namespace risk;

namespace {
Timestamp T(std::string_view s) { return *Timestamp::parse(s); }
TimeZonePtr Z(std::string_view name) {
  auto r = tz::load(name);
  EXPECT_TRUE(r.ok()) << name;
  return *r;
}
}  // namespace

TEST(TimeZone, ChicagoOffsetsAcrossDst) {
  const auto chi = Z("America/Chicago");
  EXPECT_EQ(chi->offset_at(T("2026-01-15T12:00:00Z")), -6 * 3600);
  EXPECT_EQ(chi->offset_at(T("2026-07-15T12:00:00Z")), -5 * 3600);
  // 2026-03-08 02:00 CST -> 03:00 CDT at 08:00Z
  EXPECT_EQ(chi->offset_at(T("2026-03-08T07:59:59Z")), -6 * 3600);
  EXPECT_EQ(chi->offset_at(T("2026-03-08T08:00:00Z")), -5 * 3600);
}

TEST(TimeZone, ResolvesLocalTimes) {
  const auto ny = Z("America/New_York");
  EXPECT_EQ(ny->resolve_local(CivilDate{2026, 1, 5}, 17 * 3600), T("2026-01-05T22:00:00Z"));
  EXPECT_EQ(ny->resolve_local(CivilDate{2026, 7, 6}, 17 * 3600), T("2026-07-06T21:00:00Z"));
  // 02:30 does not exist on 2026-03-08 in New York: the transition instant (03:00 EDT = 07:00Z).
  EXPECT_EQ(ny->resolve_local(CivilDate{2026, 3, 8}, 2 * 3600 + 1800), T("2026-03-08T07:00:00Z"));
  // 01:30 happens twice on 2026-11-01: the first (EDT, 05:30Z).
  EXPECT_EQ(ny->resolve_local(CivilDate{2026, 11, 1}, 3600 + 1800), T("2026-11-01T05:30:00Z"));
}

TEST(TimeZone, ToLocal) {
  const auto chi = Z("America/Chicago");
  const LocalDateTime l = to_local(*chi, T("2026-11-24T23:30:00Z"));
  EXPECT_EQ(l.date, (CivilDate{2026, 11, 24}));
  EXPECT_EQ(l.seconds_of_day, 17 * 3600 + 1800);
}

TEST(TimeZone, UnknownZoneIsAClearError) {
  auto r = tz::load("America/Chicag");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("America/Chicag"), std::string::npos);
  EXPECT_NE(r.error().message.find("IANA"), std::string::npos);
}

TEST(TimeZone, UtcIsFixed) {
  const auto utc = Z("UTC");
  EXPECT_EQ(utc->offset_at(T("2026-03-08T08:00:00Z")), 0);
  EXPECT_EQ(utc->resolve_local(CivilDate{2026, 3, 8}, 0), T("2026-03-08T00:00:00Z"));
}

TEST(ContractId, SymbolRoot) {
  EXPECT_EQ(symbol_root("CON.F.US.MNQ.U25").view(), "MNQ");
  EXPECT_EQ(symbol_root("CON.F.US.EP.Z25").view(), "EP");
  EXPECT_EQ(symbol_root("con.f.us.mes.h26").view(), "MES");
  EXPECT_EQ(symbol_root("CON.F.US.MNQ").view(), "CON.F.US.MNQ");
  EXPECT_EQ(symbol_root("WEIRD").view(), "WEIRD");
  EXPECT_EQ(symbol_root("CON.F.US..U25").view(), "CON.F.US..U25");
  EXPECT_EQ(normalize_root("es").view(), "ES");
  EXPECT_FALSE(ContractId::from(std::string(48, 'x')).has_value());
  EXPECT_TRUE(ContractId::from(std::string(47, 'x')).has_value());
}
