// /admin-stats through the full path on the seeded Sietch: an administrator of the simulated
// guild gets the analytics privately; a member without the Administrator permission is refused.
#include "arrakis/discord_sim/community_model.hpp"
#include "sietch_full_path.hpp"

using nlohmann::json;

namespace {

std::string sim_member(arrakis::testing::FullPathStack& stack, bool admin) {
  const json model = stack.harness().sim().model().to_json();
  for (const auto& id : stack.members()) {
    for (const auto& m : model["guilds"][0]["members"]) {
      if (m["id"] == id && m.value("admin", false) == admin) return id;
    }
  }
  ADD_FAILURE() << "the simulated guild has no " << (admin ? "administrator" : "plain member");
  return {};
}

const json& field(const json& embed, const std::string& name) {
  for (const auto& f : embed["fields"]) {
    if (f["name"] == name) return f;
  }
  static const json missing = {{"value", "<missing field " + name + ">"}};
  return missing;
}

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
  EXPECT_EQ(field(embed, "👥 Total Members")["value"], "72");
  EXPECT_EQ(field(embed, "💎 Total BGT")["value"], "86,982 BGT");
  EXPECT_EQ(embed["footer"]["text"], "Sietch v3.0 Analytics");
}

TEST_F(SietchFullPath, AdminStatsRefusesAMemberWithoutTheAdministratorPermission) {
  const auto i = stack().command("admin-stats", sim_member(stack(), false));
  const auto first = stack().first_response(i);
  EXPECT_EQ(first["type"], 4) << first.dump();
  EXPECT_EQ(first["data"]["content"], "🔒 You need the Administrator permission to use /admin-stats.");
  EXPECT_EQ(first["data"]["flags"], 64);
}
