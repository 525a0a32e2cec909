// /badges' pure rendering, without a database.
#include <gtest/gtest.h>

#include "../render.hpp"

using namespace arrakis::badges;

TEST(BadgesRender, TotalLineCountsInEnglish) {
  EXPECT_EQ(total_line(0), "Total: 0 badges");
  EXPECT_EQ(total_line(1), "Total: 1 badge");
  EXPECT_EQ(total_line(12), "Total: 12 badges");
}

TEST(BadgesRender, TheWholeCatalogueFitsDiscordsLimits) {
  // All twelve badges at once: one field per category, within every limit (the builder throws otherwise).
  nlohmann::json held = nlohmann::json::array();
  const char* categories[] = {"tenure", "engagement", "contribution", "special"};
  for (int i = 0; i < 12; ++i) {
    held.push_back({{"badge_id", "b" + std::to_string(i)}, {"name", "Badge " + std::to_string(i)}, {"emoji", "🏅"},
                    {"category", categories[i / 3]}, {"description", std::string(150, 'd')}, {"display_order", 12 - i}});
  }
  const auto own = own_badges("chani-2", "naib", held).json();
  EXPECT_EQ(own["embeds"][0]["fields"].size(), 4u);
  EXPECT_EQ(own["embeds"][0]["footer"]["text"], "Total: 12 badges");
  const auto theirs = member_badges("chani-2", "hajra", held).json();
  const std::string left = theirs["embeds"][0]["fields"][0]["value"];
  EXPECT_EQ(left.rfind("🏅 Badge 11\n🏅 Badge 10\n", 0), 0u) << "catalogue order: " << left;
  EXPECT_EQ(theirs["embeds"][0]["color"], 0xC2B280);
}
