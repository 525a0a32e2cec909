// The Sietch helpers without a database: tiers by rank and BGT, and how amounts and addresses show.
#include <gtest/gtest.h>

#include "arrakis/sietch/sietch.hpp"

using namespace arrakis::sietch;

TEST(SietchTiers, RankDecidesBeforeBgt) {
  EXPECT_EQ(tier_for(1, 0).name, "naib");
  EXPECT_EQ(tier_for(7, 5).name, "naib");
  EXPECT_EQ(tier_for(8, 5000).name, "fedaykin");
  EXPECT_EQ(tier_for(69, 0).name, "fedaykin");
  EXPECT_EQ(tier_for(70, 5000).name, "usul") << "rank 70 is not eligible: BGT decides";
}

TEST(SietchTiers, BgtThresholdsAreInclusiveAndHajraIsTheFloor) {
  EXPECT_EQ(tier_for(0, 0).name, "hajra");
  EXPECT_EQ(tier_for(0, 6.9).name, "hajra");
  EXPECT_EQ(tier_for(0, 68.99).name, "hajra");
  EXPECT_EQ(tier_for(0, 69).name, "ichwan");
  EXPECT_EQ(tier_for(0, 222).name, "qanat");
  EXPECT_EQ(tier_for(0, 420).name, "sihaya");
  EXPECT_EQ(tier_for(0, 690).name, "mushtamal");
  EXPECT_EQ(tier_for(0, 888).name, "sayyadina");
  EXPECT_EQ(tier_for(0, 1110.99).name, "sayyadina");
  EXPECT_EQ(tier_for(0, 1111).name, "usul");
}

TEST(SietchTiers, OrderAndProgress) {
  EXPECT_LT(*tier_by_name("usul"), *tier_by_name("fedaykin"));
  EXPECT_LT(*tier_by_name("fedaykin"), *tier_by_name("naib"));
  EXPECT_FALSE(tier_by_name("emperor"));
  EXPECT_DOUBLE_EQ(*bgt_to_next_tier(0, 60), 9);
  EXPECT_FALSE(bgt_to_next_tier(0, 2000)) << "usul -> fedaykin is by rank";
  EXPECT_FALSE(bgt_to_next_tier(3, 0)) << "naib is the top";
  EXPECT_EQ(tier_for(1, 0).color, 0xFFD700u);
}

TEST(SietchRanks, EligibleAndWaitlist) {
  EXPECT_TRUE(is_eligible_rank(69));
  EXPECT_FALSE(is_eligible_rank(70));
  EXPECT_TRUE(is_waitlist_rank(70));
  EXPECT_TRUE(is_waitlist_rank(100));
  EXPECT_FALSE(is_waitlist_rank(101));
  EXPECT_FALSE(is_eligible_rank(0)) << "0 means unranked";
}

TEST(SietchFormat, AddressesAreShortenedAndBgtIsComputedInSql) {
  EXPECT_EQ(short_address("0x1234567890abcdef1234567890abcdef12345678"), "0x1234...5678");
  EXPECT_EQ(short_address("0x12"), "0x12");
  EXPECT_EQ(bgt_sql("e.bgt_held"), "trim_scale(round((e.bgt_held) / 1e18, 2))::text");
}

TEST(SietchTiers, EmojiAndTitle) {
  EXPECT_EQ(tier_emoji("naib"), "👑");
  EXPECT_EQ(tier_emoji("fedaykin"), "⚔️");
  EXPECT_EQ(tier_emoji("no-such-tier"), tier_emoji("hajra"));
  EXPECT_EQ(tier_title("sayyadina"), "Sayyadina");
}

TEST(SietchTenure, EmojiPerCategoryAndSqlNamesEveryCategory) {
  EXPECT_EQ(tenure_emoji("og"), "👑");
  EXPECT_EQ(tenure_emoji("veteran"), "⭐");
  EXPECT_EQ(tenure_emoji("elder"), "✨");
  EXPECT_EQ(tenure_emoji("member"), "🆕");
  const auto sql = tenure_sql("p.joined_at");
  for (const char* c : {"'og'", "'elder'", "'veteran'", "'member'", "2025-01-01", "30 days", "180 days", "90 days"}) {
    EXPECT_NE(sql.find(c), std::string::npos) << c;
  }
}

TEST(SietchBadges, RecentBadgesShowsThreeThenHowManyMore) {
  nlohmann::json badges = nlohmann::json::array();
  EXPECT_EQ(recent_badges_line(badges), "None yet");
  for (const char* name : {"Helper", "Builder", "Teacher", "Elder", "OG"}) badges.push_back({{"emoji", "*"}, {"name", name}});
  EXPECT_EQ(recent_badges_line(badges), "* Helper, * Builder, * Teacher +2 more");
  badges.erase(badges.begin() + 3, badges.end());
  EXPECT_EQ(recent_badges_line(badges), "* Helper, * Builder, * Teacher");
}

TEST(SietchFormat, BgtHasThousandsSeparatorsAndAtMostTwoDecimals) {
  EXPECT_EQ(format_bgt("1234500000000000000000"), "1,234.5");
  EXPECT_EQ(format_bgt("965000000000000000000"), "965");
  EXPECT_EQ(format_bgt("1985000000000000000000000"), "1,985,000");
  EXPECT_EQ(format_bgt("1000000000000000000000"), "1,000");
  EXPECT_EQ(format_bgt("999994999999999999999"), "999.99");
  EXPECT_EQ(format_bgt("999995000000000000000"), "1,000") << "rounded half up, carrying into the thousands";
  EXPECT_EQ(format_bgt("1230000000000000000"), "1.23");
  EXPECT_EQ(format_bgt("1234999999999999999"), "1.23");
  EXPECT_EQ(format_bgt("-1234500000000000000000"), "-1,234.5");
  EXPECT_EQ(format_bgt("65000000000000000000.000"), "65") << "sub-wei digits are ignored";
}

TEST(SietchFormat, ANonZeroBgtAmountNeverReadsAsZero) {
  EXPECT_EQ(format_bgt("0"), "0");
  EXPECT_EQ(format_bgt("000"), "0");
  EXPECT_EQ(format_bgt("1"), "<0.01") << "one wei";
  EXPECT_EQ(format_bgt("4999999999999999"), "<0.01");
  EXPECT_EQ(format_bgt("5000000000000000"), "0.01");
  EXPECT_EQ(format_bgt("10000000000000000"), "0.01");
  EXPECT_EQ(format_bgt("-1"), ">-0.01");
}

TEST(SietchFormat, BgtTextThatIsNoNumberIsShownUnchangedAndWeiIsReadAsWholeDigits) {
  EXPECT_EQ(format_bgt(""), "");
  EXPECT_EQ(format_bgt("abc"), "abc");
  EXPECT_EQ(format_bgt("1e21"), "1e21");
  EXPECT_EQ(wei_sql("a.bgt_held - b.bgt_held"), "trunc(a.bgt_held - b.bgt_held)::text");
  EXPECT_EQ(bgt_sql("e.bgt_held"), "trim_scale(round((e.bgt_held) / 1e18, 2))::text") << "unchanged for other plugins";
}

// --- dynamic roles (dynamic_roles.hpp)

TEST(SietchDynamicRoles, EngagedFromFiveBadgesOrABalanceOf200) {
  EXPECT_FALSE(qualifying_roles({.held_badges = 4, .activity_balance = 199.99}).engaged);
  EXPECT_TRUE(qualifying_roles({.held_badges = 5}).engaged);
  EXPECT_TRUE(qualifying_roles({.held_badges = 0, .activity_balance = 200}).engaged);
  EXPECT_FALSE(qualifying_roles({.held_badges = 0, .activity_balance = 199.999}).engaged);
}

TEST(SietchDynamicRoles, VeteranFrom90WholeDays) {
  EXPECT_FALSE(qualifying_roles({.days_as_member = 89}).veteran);
  EXPECT_TRUE(qualifying_roles({.days_as_member = 90}).veteran);
  EXPECT_TRUE(qualifying_roles({.days_as_member = 400}).veteran);
}

TEST(SietchDynamicRoles, TrustedFromTenBadgesOrTheHelperBadge) {
  EXPECT_FALSE(qualifying_roles({.held_badges = 9}).trusted);
  EXPECT_TRUE(qualifying_roles({.held_badges = 10}).trusted);
  EXPECT_TRUE(qualifying_roles({.held_badges = 1, .holds_helper = true}).trusted);
  EXPECT_FALSE(qualifying_roles({.held_badges = 9, .activity_balance = 1000, .days_as_member = 1000}).trusted)
      << "neither activity nor tenure makes a member trusted";
  EXPECT_EQ(qualifying_roles({.held_badges = 10, .activity_balance = 0, .days_as_member = 0}),
            (DynamicRoles{.engaged = true, .veteran = false, .trusted = true}));
}

TEST(SietchDynamicRoles, PlanAddsMissingAndRemovesUnearnedRolesButNeverVeteran) {
  const DynamicRoleIds ids{.engaged = "11", .veteran = "22", .trusted = "33"};
  EXPECT_EQ(plan_role_changes({.engaged = true, .veteran = true, .trusted = true}, ids, {"99"}),
            (RoleChanges{.add = {"11", "22", "33"}, .remove = {}}));
  EXPECT_EQ(plan_role_changes({}, ids, {"11", "22", "33", "99"}), (RoleChanges{.add = {}, .remove = {"11", "33"}}))
      << "veteran stays once held";
  EXPECT_TRUE(plan_role_changes({.engaged = true, .veteran = false, .trusted = true}, ids, {"11", "33"}).empty())
      << "a member who already matches changes nothing";
  EXPECT_EQ(plan_role_changes({.engaged = false, .veteran = true, .trusted = true}, ids, {"11"}),
            (RoleChanges{.add = {"22", "33"}, .remove = {"11"}}));
}

TEST(SietchDynamicRoles, ARoleNotConfiguredIsLeftAlone) {
  const DynamicRoleIds only_trusted{.trusted = "33"};
  EXPECT_FALSE(DynamicRoleIds{}.any());
  EXPECT_TRUE(only_trusted.any());
  EXPECT_EQ(plan_role_changes({.engaged = true, .veteran = true, .trusted = false}, only_trusted, {"11", "33"}),
            (RoleChanges{.add = {}, .remove = {"33"}}));
  EXPECT_TRUE(plan_role_changes({.engaged = true, .veteran = true, .trusted = true}, {.engaged = ""}, {}).empty())
      << "an empty id counts as not configured";
}
