// /admin-stats through the full path on the seeded Sietch: an administrator of the simulated
// guild gets the analytics privately; a member without the Administrator permission is refused.
#include "arrakis/discord_sim/community_model.hpp"
#include "sietch_full_path.hpp"

using nlohmann::json;

namespace {

}  // namespace

TEST_F(SietchFullPath, AdminStatsShowsTheAnalyticsToAnAdministratorPrivately) {
  const auto i = stack().command("admin-stats", sim_member(stack(), true));
  const auto first = stack().first_response(i);
  EXPECT_EQ(first["type"], 5) << first.dump();
  EXPECT_EQ(first["data"]["flags"], 64) << "/admin-stats answers privately";
  const auto message = stack().original_message(i);
  ASSERT_TRUE(message.contains("embeds")) << message.dump();
  const auto& embed = message["embeds"][0];
  EXPECT_EQ(embed["title"], "📊 Sietch Community Analytics");
  EXPECT_EQ(embed_field(embed, "👥 Total Members")["value"], "72");
  EXPECT_EQ(embed_field(embed, "💎 Total BGT")["value"], "86,982 BGT");
  EXPECT_EQ(embed["footer"]["text"], "Sietch v3.0 Analytics");
}

TEST_F(SietchFullPath, AdminStatsRefusesAMemberWithoutTheAdministratorPermission) {
  const auto i = stack().command("admin-stats", sim_member(stack(), false));
  const auto first = stack().first_response(i);
  EXPECT_EQ(first["type"], 4) << first.dump();
  EXPECT_EQ(first["data"]["content"], "🔒 You need the Administrator permission to use /admin-stats.");
  EXPECT_EQ(first["data"]["flags"], 64);
}
