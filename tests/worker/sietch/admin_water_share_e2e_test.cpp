// /admin-water-share through the full path on the seeded Sietch. discord-sim makes the first two
// human members of a guild administrators (the "Admin" role, with the Administrator permission;
// the first is also the owner) and sends their permission bits with every interaction, so an
// administrator and a plain member can be told apart the way Discord does.
#include "arrakis/database.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/testing/servers.hpp"
#include "sietch_full_path.hpp"

using namespace arrakis;
using namespace arrakis::testing;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

constexpr unsigned kEphemeral = 64;

}  // namespace

TEST_F(SietchFullPath, AdminWaterShareListsActiveGrantsToAnAdministrator) {
  const auto admin = user_as_member(1, sim_member_index(stack(), true));
  const auto community = stack().community_id();
  admin_exec("INSERT INTO member_badges (community_id, profile_id, badge_id, awarded_by, source) "
             "VALUES ($1::uuid, $2::uuid, 'water-sharer', '1', 'admin')",
             {community, sietch().profile_id(20)});
  const auto grant = admin_exec(
      "INSERT INTO water_sharer_grants (community_id, granter_profile_id, recipient_profile_id, granted_at) "
      "VALUES ($1::uuid, $2::uuid, $3::uuid, '2026-01-15 10:00+00') RETURNING id::text",
      {community, sietch().profile_id(20), sietch().profile_id(21)})[0][0].as<std::string>();

  const auto i = stack().command("admin-water-share", admin, subcommand("list"));
  const auto first = stack().first_response(i);
  EXPECT_EQ(first["data"].value("flags", 0u) & kEphemeral, kEphemeral) << first.dump();
  const auto message = stack().original_message(i);
  ASSERT_TRUE(message.contains("embeds")) << message.dump() << stack().harness().rest_calls(i.token).dump(1);
  EXPECT_EQ(message["embeds"][0]["title"], "💧 Active Water Sharer Grants");
  EXPECT_EQ(message["embeds"][0]["description"],
            "**" + nym(20) + "** → **" + nym(21) + "** `" + grant.substr(0, 8) + "...` (2026-01-15)");
  EXPECT_EQ(message["embeds"][0]["footer"]["text"], "Total active grants: 1");
}

TEST_F(SietchFullPath, AdminWaterShareRefusesAMemberWithoutTheAdministratorPermission) {
  const auto member = user_as_member(2, sim_member_index(stack(), false));
  const auto i = stack().command("admin-water-share", member, subcommand("list"));
  const auto first = stack().first_response(i);
  EXPECT_EQ(first["data"].value("content", ""), "🔒 You need the Administrator permission to use /admin-water-share.")
      << first.dump();
  EXPECT_EQ(first["data"].value("flags", 0u) & kEphemeral, kEphemeral) << first.dump();
}

// The host answers an admin command's autocomplete from a member without Administrator with no
// choices (the grants and nyms are the admin's view) before the plugin runs; an admin gets them.
TEST_F(SietchFullPath, AdminWaterShareAutocompleteSuggestsGrantsToAdministratorsOnly) {
  const auto community = stack().community_id();
  admin_exec("INSERT INTO member_badges (community_id, profile_id, badge_id, awarded_by, source) "
             "VALUES ($1::uuid, $2::uuid, 'water-sharer', '1', 'admin')",
             {community, sietch().profile_id(20)});
  admin_exec("INSERT INTO water_sharer_grants (community_id, granter_profile_id, recipient_profile_id) "
             "VALUES ($1::uuid, $2::uuid, $3::uuid)",
             {community, sietch().profile_id(20), sietch().profile_id(21)});
  const json typing = subcommand("revoke", json::array({{{"name", "grant_id"}, {"type", 3}, {"value", ""},
                                                         {"focused", true}}}));
  const auto admin = stack().members().at(sim_member_index(stack(), true));
  const auto member = stack().members().at(sim_member_index(stack(), false));

  const auto refused = stack().act({{"kind", "autocomplete"}, {"guild", 0}, {"name", "admin-water-share"},
                                    {"user", member}, {"options", typing}});
  auto answer = stack().first_response(refused);
  EXPECT_EQ(answer["type"], 8) << answer.dump();
  EXPECT_EQ(answer["data"]["choices"], json::array()) << answer.dump();

  const auto served = stack().act({{"kind", "autocomplete"}, {"guild", 0}, {"name", "admin-water-share"},
                                   {"user", admin}, {"options", typing}});
  answer = stack().first_response(served);
  EXPECT_EQ(answer["type"], 8) << answer.dump();
  ASSERT_EQ(answer["data"]["choices"].size(), 1u) << answer.dump() << stack().logs();
  EXPECT_NE(answer["data"]["choices"][0]["name"].get<std::string>().find(nym(20) + " → " + nym(21)), std::string::npos)
      << answer.dump();
}
