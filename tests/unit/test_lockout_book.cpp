#include <gtest/gtest.h>

#include "state/lockout_book.hpp"
#include "state_test_util.hpp"

using namespace risk;
using risk::test::T;

namespace {
Lockout L(RuleId rule, LockoutKind kind, std::optional<Timestamp> until, std::string_view symbol = {}) {
  Lockout l;
  l.account_id = 1;
  l.rule = rule;
  l.kind = kind;
  l.until = until;
  l.symbol = SymbolRoot::of(symbol);
  l.reason = "test";
  return l;
}
}  // namespace

TEST(LockoutBook, AddsANewLockoutAndReportsIt) {
  LockoutBook b;
  const auto r = b.set(L(RuleId::CooldownAfterLoss, LockoutKind::Cooldown, T("2026-03-02T15:05:00Z")));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->until, T("2026-03-02T15:05:00Z"));
  EXPECT_EQ(b.all().size(), 1u);
  EXPECT_TRUE(b.account_locked());
}

TEST(LockoutBook, LaterEndExtendsShorterOrEqualDoesNot) {
  LockoutBook b;
  b.set(L(RuleId::CooldownAfterLoss, LockoutKind::Cooldown, T("2026-03-02T15:30:00Z")));
  EXPECT_FALSE(b.would_change(L(RuleId::CooldownAfterLoss, LockoutKind::Cooldown, T("2026-03-02T15:10:00Z"))));
  EXPECT_FALSE(b.set(L(RuleId::CooldownAfterLoss, LockoutKind::Cooldown, T("2026-03-02T15:10:00Z"))).has_value());
  EXPECT_FALSE(b.set(L(RuleId::CooldownAfterLoss, LockoutKind::Cooldown, T("2026-03-02T15:30:00Z"))).has_value());
  EXPECT_EQ(b.all().front().until, T("2026-03-02T15:30:00Z"));
  EXPECT_TRUE(b.would_change(L(RuleId::CooldownAfterLoss, LockoutKind::Cooldown, T("2026-03-02T15:30:01Z"))));
  const auto r = b.set(L(RuleId::CooldownAfterLoss, LockoutKind::Cooldown, T("2026-03-02T15:30:01Z")));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(b.all().size(), 1u);
  EXPECT_EQ(b.all().front().until, T("2026-03-02T15:30:01Z"));
}

TEST(LockoutBook, OpenEndedKindsOutlastTimedOnesAndPermanentOutranksBrokerFlag) {
  LockoutBook b;
  b.set(L(RuleId::DailyRealizedLoss, LockoutKind::UntilReset, T("2026-03-02T23:00:00Z")));
  EXPECT_TRUE(b.set(L(RuleId::DailyRealizedLoss, LockoutKind::Permanent, std::nullopt)).has_value());
  EXPECT_EQ(b.all().front().kind, LockoutKind::Permanent);
  // A timed lockout never replaces a permanent one.
  EXPECT_FALSE(b.set(L(RuleId::DailyRealizedLoss, LockoutKind::UntilReset, T("2030-01-01T00:00:00Z"))).has_value());

  LockoutBook c;
  c.set(L(RuleId::AuthLossGuard, LockoutKind::UntilBrokerFlag, std::nullopt));
  EXPECT_TRUE(c.set(L(RuleId::AuthLossGuard, LockoutKind::Permanent, std::nullopt)).has_value());
  EXPECT_FALSE(c.set(L(RuleId::AuthLossGuard, LockoutKind::UntilBrokerFlag, std::nullopt)).has_value());
  EXPECT_EQ(c.all().front().kind, LockoutKind::Permanent);
}

TEST(LockoutBook, KeyIsRuleAndSymbol) {
  LockoutBook b;
  b.set(L(RuleId::CooldownAfterLoss, LockoutKind::Cooldown, T("2026-03-02T15:30:00Z")));
  EXPECT_TRUE(b.set(L(RuleId::TradeFrequencyLimit, LockoutKind::Cooldown, T("2026-03-02T15:01:00Z"))).has_value());
  EXPECT_TRUE(b.set(L(RuleId::SymbolBlocks, LockoutKind::WhileListed, std::nullopt, "MNQ")).has_value());
  EXPECT_TRUE(b.set(L(RuleId::SymbolBlocks, LockoutKind::WhileListed, std::nullopt, "MES")).has_value());
  EXPECT_EQ(b.all().size(), 4u);
}

TEST(LockoutBook, SymbolLockoutsDoNotLockTheAccount) {
  LockoutBook b;
  b.set(L(RuleId::SymbolBlocks, LockoutKind::WhileListed, std::nullopt, "MNQ"));
  EXPECT_FALSE(b.account_locked());
  EXPECT_TRUE(b.symbol_locked(SymbolRoot::of("MNQ")));
  EXPECT_FALSE(b.symbol_locked(SymbolRoot::of("MES")));
  EXPECT_EQ(b.strongest(), nullptr);
}

TEST(LockoutBook, ExpireRemovesOnlyTimedKindsAtOrPastTheirEnd) {
  LockoutBook b;
  b.set(L(RuleId::CooldownAfterLoss, LockoutKind::Cooldown, T("2026-03-02T15:05:00Z")));
  b.set(L(RuleId::SessionBlockOutside, LockoutKind::UntilSessionStart, T("2026-03-02T15:10:00Z")));
  b.set(L(RuleId::DailyRealizedLoss, LockoutKind::UntilReset, T("2026-03-02T15:00:00Z")));
  b.set(L(RuleId::AuthLossGuard, LockoutKind::UntilBrokerFlag, std::nullopt));
  std::vector<Lockout> removed;
  b.expire(T("2026-03-02T15:04:59Z"), removed);
  EXPECT_TRUE(removed.empty());
  b.expire(T("2026-03-02T15:05:00Z"), removed);
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0].rule, RuleId::CooldownAfterLoss);
  b.expire(T("2026-03-03T00:00:00Z"), removed);
  ASSERT_EQ(removed.size(), 2u);
  EXPECT_EQ(removed[1].rule, RuleId::SessionBlockOutside);
  // Until-reset lockouts end with the daily reset, not by expiry; the broker flag by the flag.
  EXPECT_EQ(b.all().size(), 2u);
}

TEST(LockoutBook, NextExpiryIsTheEarliestTimedEnd) {
  LockoutBook b;
  EXPECT_FALSE(b.next_expiry().has_value());
  b.set(L(RuleId::CooldownAfterLoss, LockoutKind::Cooldown, T("2026-03-02T15:30:00Z")));
  b.set(L(RuleId::TradeFrequencyLimit, LockoutKind::Cooldown, T("2026-03-02T15:01:00Z")));
  b.set(L(RuleId::DailyRealizedLoss, LockoutKind::UntilReset, T("2026-03-02T15:00:30Z")));
  EXPECT_EQ(b.next_expiry(), T("2026-03-02T15:01:00Z"));
}

TEST(LockoutBook, StrongestIsTheAccountWideLockoutThatEndsLast) {
  LockoutBook b;
  b.set(L(RuleId::CooldownAfterLoss, LockoutKind::Cooldown, T("2026-03-02T15:30:00Z")));
  b.set(L(RuleId::DailyRealizedLoss, LockoutKind::UntilReset, T("2026-03-02T23:00:00Z")));
  b.set(L(RuleId::SymbolBlocks, LockoutKind::WhileListed, std::nullopt, "MNQ"));
  ASSERT_NE(b.strongest(), nullptr);
  EXPECT_EQ(b.strongest()->rule, RuleId::DailyRealizedLoss);
  b.set(L(RuleId::DailyRealizedProfit, LockoutKind::Permanent, std::nullopt));
  EXPECT_EQ(b.strongest()->rule, RuleId::DailyRealizedProfit);
}

TEST(LockoutBook, RemoveIfHandsBackWhatItRemoved) {
  LockoutBook b;
  b.set(L(RuleId::SymbolBlocks, LockoutKind::WhileListed, std::nullopt, "MNQ"));
  b.set(L(RuleId::SymbolBlocks, LockoutKind::WhileListed, std::nullopt, "MES"));
  std::vector<Lockout> removed;
  b.remove_if([](const Lockout& l) { return l.symbol == SymbolRoot::of("MNQ"); }, removed);
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0].symbol, SymbolRoot::of("MNQ"));
  EXPECT_TRUE(b.symbol_locked(SymbolRoot::of("MES")));
  EXPECT_FALSE(b.symbol_locked(SymbolRoot::of("MNQ")));
}
