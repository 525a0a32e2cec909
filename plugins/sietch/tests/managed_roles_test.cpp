// The managed-role rules without a database (managed_roles.hpp): the gate roles from seat and rank,
// Former Naib, tier roles with the demotion clean-up, who owns the gate roles, and the plan.
#include <gtest/gtest.h>

#include "arrakis/sietch/managed_roles.hpp"

using namespace arrakis::sietch;

namespace {

ManagedRoleIds all_roles() {
  ManagedRoleIds ids;
  ids.dynamic = {.engaged = "11", .veteran = "12", .trusted = "13"};
  ids.onboarded = "20";
  ids.naib = "31";
  ids.fedaykin = "32";
  ids.former_naib = "33";
  for (std::size_t i = 0; i < kBgtTierCount; ++i) ids.tiers[i] = std::to_string(40 + i);  // hajra 40 .. usul 46
  return ids;
}

MemberRoleState member(bool seated, int rank, const std::string& tier = "fedaykin", bool former = false) {
  MemberRoleState m;
  m.seated = seated;
  m.rank = rank;
  m.tier = tier;
  m.former_naib = former;
  return m;
}

RoleChanges plan(const MemberRoleState& m, const std::vector<std::string>& current, bool gate = true) {
  return plan_managed_role_changes(m, all_roles(), current, gate);
}

}  // namespace

TEST(SietchGateRole, SeatThenEligibleRankThenNone) {
  EXPECT_EQ(gate_role(true, 3), GateRole::naib);
  EXPECT_EQ(gate_role(true, 0), GateRole::naib) << "the seat decides, whatever the rank";
  EXPECT_EQ(gate_role(false, 3), GateRole::fedaykin) << "ranks 1-7 without a seat are Fedaykin";
  EXPECT_EQ(gate_role(false, 8), GateRole::fedaykin);
  EXPECT_EQ(gate_role(false, 69), GateRole::fedaykin);
  EXPECT_EQ(gate_role(false, 70), GateRole::none);
  EXPECT_EQ(gate_role(false, 0), GateRole::none);
}

TEST(SietchManagedRoles, ASeatGivesNaibAndTakesFedaykin) {
  EXPECT_EQ(plan(member(true, 5), {"32"}), (RoleChanges{.add = {"20", "31"}, .remove = {"32"}}));
  EXPECT_TRUE(plan(member(true, 5), {"20", "31"}).empty());
}

TEST(SietchManagedRoles, EligibleWithoutASeatGivesFedaykinAndTakesNaib) {
  EXPECT_EQ(plan(member(false, 40), {"20", "31"}), (RoleChanges{.add = {"32"}, .remove = {"31"}}));
  EXPECT_EQ(plan(member(false, 2), {"20"}), (RoleChanges{.add = {"32"}, .remove = {}})) << "rank 2 without a seat";
}

TEST(SietchManagedRoles, ABumpedFormerNaibGetsFedaykinAndFormerNaib) {
  EXPECT_EQ(plan(member(false, 9, "fedaykin", true), {"20", "31"}),
            (RoleChanges{.add = {"32", "33"}, .remove = {"31"}}));
  EXPECT_EQ(plan(member(true, 3, "naib", true), {"20", "31"}), (RoleChanges{}))
      << "a former Naib seated again: Former Naib neither added nor removed";
  EXPECT_EQ(plan(member(true, 3, "naib", true), {"20", "31", "33"}), (RoleChanges{}));
  EXPECT_EQ(plan(member(false, 30), {"20", "32", "33"}), (RoleChanges{})) << "Former Naib is never removed";
}

TEST(SietchManagedRoles, NotEligibleAnyMoreTakesBothGateRoles) {
  EXPECT_EQ(plan(member(false, 71, "sihaya"), {"20", "31", "32", "43"}),
            (RoleChanges{.add = {}, .remove = {"31", "32"}}));
  EXPECT_EQ(plan(member(false, 0, "hajra", true), {"20", "32"}), (RoleChanges{.add = {"33", "40"}, .remove = {"32"}}));
}

TEST(SietchManagedRoles, GateRolesLeftAloneWhenTheSietchDoesNotOwnThem) {
  EXPECT_EQ(plan(member(false, 71, "sihaya", true), {"31", "32"}, false),
            (RoleChanges{.add = {"20", "33", "43"}, .remove = {}}));
  EXPECT_TRUE(plan(member(true, 1, "naib"), {"20", "32"}, false).empty());
}

TEST(SietchManagedRoles, TierRoleHeldAndEveryHigherTierRoleRemoved) {
  // sihaya (index 3): +sihaya, -mushtamal -usul; hajra and qanat below are left alone.
  EXPECT_EQ(plan(member(false, 80, "sihaya"), {"20", "40", "42", "44", "46"}),
            (RoleChanges{.add = {"43"}, .remove = {"44", "46"}}));
  EXPECT_TRUE(plan(member(false, 80, "usul"), {"20", "40", "41", "46"}).empty()) << "cumulative lower roles stay";
  EXPECT_EQ(plan(member(false, 80, "hajra"), {"20", "41"}), (RoleChanges{.add = {"40"}, .remove = {"41"}}));
  EXPECT_TRUE(plan(member(false, 30, "fedaykin"), {"20", "32", "46"}).empty())
      << "the fedaykin tier has no tier role: BGT tier roles stay";
  EXPECT_TRUE(plan(member(false, 30, "unknown"), {"20", "32", "46"}).empty());
}

TEST(SietchManagedRoles, DynamicRolesAndOnboardedAsBeforeVeteranNeverRemoved) {
  MemberRoleState m = member(true, 1, "naib");
  m.standing = {.held_badges = 10, .activity_balance = 0, .days_as_member = 100};
  EXPECT_EQ(plan(m, {"31"}), (RoleChanges{.add = {"11", "12", "13", "20"}, .remove = {}}));
  m.standing = {};
  EXPECT_EQ(plan(m, {"11", "12", "13", "20", "31"}), (RoleChanges{.add = {}, .remove = {"11", "13"}}));
}

TEST(SietchManagedRoles, RolesNotConfiguredAreLeftAlone) {
  ManagedRoleIds only_fedaykin;
  only_fedaykin.fedaykin = "32";
  EXPECT_FALSE(ManagedRoleIds{}.any());
  EXPECT_TRUE(only_fedaykin.any());
  ManagedRoleIds only_tier;
  only_tier.tiers[6] = "46";
  EXPECT_TRUE(only_tier.any());
  EXPECT_EQ(plan_managed_role_changes(member(true, 2, "naib"), only_fedaykin, {"31", "32", "46"}, true),
            (RoleChanges{.add = {}, .remove = {"32"}}));
}

TEST(SietchManagedRoles, OneDiscordRoleConfiguredTwiceIsHeldNotFlipped) {
  ManagedRoleIds ids;
  ids.naib = "30";
  ids.fedaykin = "30";
  EXPECT_EQ(plan_managed_role_changes(member(true, 2), ids, {}, true), (RoleChanges{.add = {"30"}, .remove = {}}));
  EXPECT_TRUE(plan_managed_role_changes(member(true, 2), ids, {"30"}, true).empty());
}

TEST(SietchManagedRoles, TheSietchOwnsTheGateRolesUnlessAnIncumbentGatesInShadowMode) {
  EXPECT_TRUE(sietch_owns_gate_roles(false, "shadow", false)) << "no incumbent, no shadow run: the only gate";
  EXPECT_FALSE(sietch_owns_gate_roles(true, "shadow", true));
  EXPECT_FALSE(sietch_owns_gate_roles(true, "shadow", false));
  EXPECT_FALSE(sietch_owns_gate_roles(false, "shadow", true)) << "an incumbent is configured";
  for (const char* mode : {"parallel", "primary", "exclusive"}) EXPECT_TRUE(sietch_owns_gate_roles(true, mode, true));
}
