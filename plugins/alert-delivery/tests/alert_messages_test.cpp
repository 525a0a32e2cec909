// The alert DMs (arrakis/sietch/alert_messages.hpp) as pure functions: every type renders with or
// without its facts, amounts and ranks read as members read them, and missing facts drop lines.
#include <gtest/gtest.h>

#include <arrakis/sietch/alert_messages.hpp>

namespace sietch = arrakis::sietch;
using nlohmann::json;

namespace {

json embed_of(std::string_view type, const json& facts) {
  const auto message = sietch::alert_dm(type, facts);
  return message ? json::parse(message->dump())["embeds"][0] : json();
}

std::string field(const json& embed, const std::string& name) {
  for (const auto& f : embed.value("fields", json::array())) {
    if (f["name"] == name) return f["value"];
  }
  return "";
}

}  // namespace

TEST(AlertMessages, EveryTypeRendersEvenWithoutFacts) {
  for (auto type : sietch::kAlertTypes) {
    const auto embed = embed_of(type, json::object());
    ASSERT_TRUE(embed.is_object()) << type;
    EXPECT_FALSE(embed.value("title", "").empty()) << type;
    EXPECT_FALSE(embed.value("description", "").empty()) << type;
    EXPECT_TRUE(embed.contains("footer")) << type;
  }
  EXPECT_FALSE(sietch::alert_dm("naib_party", json::object()));
  EXPECT_FALSE(sietch::is_alert_type("naib_party"));
  EXPECT_TRUE(sietch::is_alert_type("badge_award"));
}

TEST(AlertMessages, AmountsAreWeiTextAndNothingElse) {
  const auto embed = embed_of("position_update", {{"position", "75"},
                                                  {"bgt", "1234500000000000000000"},
                                                  {"distanceToAbove", "12500000000000000000"},
                                                  {"distanceToEntry", "65000000000000000000"},
                                                  {"distanceToBelow", 3}});
  EXPECT_EQ(field(embed, "💰 BGT Holdings"), "1,234.5 BGT");
  EXPECT_EQ(field(embed, "⬆️ To Move Up"), "12.5 BGT");
  EXPECT_EQ(field(embed, "🚪 To Entry"), "65 BGT") << "rank 75 is outside: the distance to entry is shown";
  EXPECT_EQ(field(embed, "⬇️ Buffer"), "") << "a number is not wei text: no field rather than a guessed unit";
  EXPECT_NE(embed["description"].get<std::string>().find("**#75**"), std::string::npos);

  const auto inside = embed_of("position_update", {{"position", 5}, {"distanceToEntry", "65000000000000000000"}});
  EXPECT_EQ(field(inside, "🚪 To Entry"), "") << "an eligible member has no distance to entry";
  EXPECT_NE(inside["description"].get<std::string>().find("Naib"), std::string::npos);
}

TEST(AlertMessages, AtRiskCountsThePlacesLeftFromThePosition) {
  const auto embed = embed_of("at_risk_warning", {{"position", 66}});
  EXPECT_NE(embed["description"].get<std::string>().find("If 4 wallets pass you"), std::string::npos)
      << embed["description"];
  const auto last = embed_of("at_risk_warning", {{"position", 69}, {"positionsAtRisk", 1}});
  EXPECT_NE(last["description"].get<std::string>().find("If 1 wallet passes you"), std::string::npos);
}

TEST(AlertMessages, TierPromotionNamesBothTiersInTheNewTiersColour) {
  const auto embed = embed_of("tier_promotion", {{"oldTier", "usul"}, {"newTier", "fedaykin"}, {"rank", 40}});
  EXPECT_EQ(embed["title"], "⚔️ Tier Promotion!");
  EXPECT_EQ(embed["description"], "You rose from **Usul** to **Fedaykin**.");
  EXPECT_EQ(embed["color"], 0x4169E1);
  EXPECT_EQ(field(embed, "📊 Rank"), "#40");
}

TEST(AlertMessages, BadgeAwardFromTheFactsWhenNoCatalogueEntryIsGiven) {
  const auto embed = embed_of("badge_award", {{"badgeId", "elder"}, {"badgeName", "Elder"}, {"emoji", "✨"}});
  EXPECT_EQ(embed["title"], "✨ Badge Awarded!");
  EXPECT_EQ(field(embed, "✨ Badge"), "**Elder**");
  EXPECT_EQ(field(embed, "💬 Award Reason"), "") << "no reason, no field";
  const auto water = sietch::badge_award_dm({"water-sharer", "Water Sharer", "💧", "Shares water", "Shared_by x"});
  const auto w = json::parse(water.dump())["embeds"][0];
  EXPECT_EQ(field(w, "💬 Award Reason"), "Shared\\_by x");
  EXPECT_NE(field(w, "🏝️ The Oasis Access"), "");
}
