// /water-share through the full path on the seeded Sietch: what the member sees when sharing the
// badge and when asking for their status, always only to themselves.
#include "arrakis/database.hpp"
#include "arrakis/testing/servers.hpp"
#include "sietch_full_path.hpp"

using namespace arrakis;
using namespace arrakis::testing;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

constexpr unsigned kEphemeral = 64;

}  // namespace

TEST_F(SietchFullPath, WaterShareSharesTheBadgeAndTellsOnlyTheGranter) {
  const auto granter = user_as_member(10, 0);
  const auto recipient = user_as_member(11, 1);
  admin_exec("INSERT INTO member_badges (community_id, profile_id, badge_id, awarded_by, source) "
             "VALUES ($1::uuid, $2::uuid, 'water-sharer', '1', 'admin')",
             {stack().community_id(), sietch().profile_id(10)});

  const auto i = stack().command("water-share", granter, subcommand("share", json::array({{{"name", "member"}, {"type", 6}, {"value", recipient}}})));
  const auto first = stack().first_response(i);
  EXPECT_EQ(first["data"].value("flags", 0u) & kEphemeral, kEphemeral) << "only the granter sees it: " << first.dump();
  const auto message = stack().original_message(i);
  ASSERT_TRUE(message.contains("embeds")) << message.dump() << stack().harness().rest_calls(i.token).dump(1);
  EXPECT_EQ(message["embeds"][0]["title"], "💧 Water Sharer Badge Shared!");
  EXPECT_EQ(message["embeds"][0]["color"], 0x3498DB);
  EXPECT_NE(message["embeds"][0]["description"].get<std::string>().find("**" + nym(11) + "**"), std::string::npos);
  const auto badge = admin_exec(
      "SELECT source, awarded_by FROM member_badges WHERE profile_id = $1::uuid AND badge_id = 'water-sharer' AND NOT revoked",
      {sietch().profile_id(11)});
  ASSERT_EQ(badge.size(), 1u);
  EXPECT_EQ(badge[0][0].as<std::string>(), "water_sharer");
  EXPECT_EQ(badge[0][1].as<std::string>(), granter);

  // Sharing again is refused, privately, with the rule's message.
  const auto again = stack().command("water-share", granter, subcommand("share", json::array({{{"name", "member"}, {"type", 6}, {"value", recipient}}})));
  const auto refused = stack().original_message(again);
  EXPECT_EQ(refused.value("content", ""),
            "❌ You have already shared your badge with someone. Each Water Sharer can only share once.")
      << refused.dump();
  EXPECT_EQ(refused.value("flags", 0u) & kEphemeral, kEphemeral) << refused.dump();

  // The recipient's status shows where the badge came from.
  const auto status = stack().command("water-share", recipient, subcommand("status"));
  const auto shown = stack().original_message(status);
  ASSERT_TRUE(shown.contains("embeds")) << shown.dump();
  EXPECT_EQ(shown["embeds"][0]["title"], "💧 Water Sharer Status");
  EXPECT_NE(shown["embeds"][0].dump().find("Received From"), std::string::npos) << shown.dump();
  EXPECT_NE(shown["embeds"][0].dump().find(nym(10)), std::string::npos) << shown.dump();
}
