// /profile's pure rendering helpers, without a database.
#include <gtest/gtest.h>

#include "../render.hpp"

using namespace arrakis::profile;

TEST(ProfileRender, UnixSecondsOfTheMembersTimestampFormat) {
  EXPECT_EQ(unix_seconds("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(unix_seconds("2025-01-10T00:20:00Z"), 1736468400);
  EXPECT_EQ(unix_seconds("2024-02-29T23:59:59Z"), 1709251199);
  EXPECT_EQ(unix_seconds("2025-01-10 00:20:00"), 0) << "not the members.hpp format";
  EXPECT_EQ(unix_seconds(""), 0);
}

TEST(ProfileRender, DiscordTimestampMarkupAndTenureLabels) {
  EXPECT_EQ(discord_time(1736468400, 'D'), "<t:1736468400:D>");
  EXPECT_EQ(discord_time(1769817600, 'R'), "<t:1769817600:R>");
  EXPECT_EQ(tenure_label("og"), "OG");
  EXPECT_EQ(tenure_label("elder"), "Elder");
  EXPECT_EQ(tenure_label("veteran"), "Veteran");
  EXPECT_EQ(tenure_label("member"), "Member");
}

TEST(ProfileRender, EditDmWithoutACooldownNamesNoNextChange) {
  const nlohmann::json member = {{"nym", "chani-2"}, {"tier", "naib"}, {"nym_last_changed", nullptr}};
  const auto dm = edit_dm(member, 1768435200).json();
  const std::string nym = dm["embeds"][0]["fields"][0]["value"];
  EXPECT_EQ(nym.find("next nym change"), std::string::npos) << nym;
  EXPECT_EQ(dm["embeds"][0]["color"], 0xFFD700);
  EXPECT_FALSE(dm.contains("flags")) << "a DM is never ephemeral";
}
