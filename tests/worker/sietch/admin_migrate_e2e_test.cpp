// /admin-migrate through the full path on the seeded Sietch. discord-sim makes the first two
// human members of a guild administrators and sends their permission bits with every interaction,
// so an administrator and a plain member can be told apart the way Discord does. The pending
// confirmation of `execute` lives in the worker's Redis session, which the click then finds.
#include "arrakis/database.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/testing/servers.hpp"
#include "sietch_full_path.hpp"

using namespace arrakis;
using namespace arrakis::testing;
using nlohmann::json;

namespace {

// A community that has shadowed its incumbent long and accurately enough to migrate.
void ready_to_migrate(const std::string& community) {
  admin_exec("INSERT INTO migration_states (community_id, current_mode, shadow_days, accuracy_percent) "
             "VALUES ($1::uuid, 'shadow', 21, 9712) ON CONFLICT (community_id) DO UPDATE SET current_mode = 'shadow', "
             "shadow_days = 21, accuracy_percent = 9712",
             {community});
  admin_exec("INSERT INTO incumbent_configs (community_id, provider) VALUES ($1::uuid, 'collabland') "
             "ON CONFLICT (community_id) DO NOTHING",
             {community});
}

constexpr unsigned kEphemeral = 64;

}  // namespace

TEST_F(SietchFullPath, AdminMigrateCheckShowsTheReadinessToAnAdministrator) {
  ready_to_migrate(stack().community_id());
  const auto i = stack().command("admin-migrate", sim_member(stack(), true), subcommand("check"));
  const auto first = stack().first_response(i);
  EXPECT_EQ(first["data"].value("flags", 0u) & kEphemeral, kEphemeral) << first.dump();
  const auto message = stack().original_message(i);
  ASSERT_TRUE(message.contains("embeds")) << message.dump() << stack().harness().rest_calls(i.token).dump(1);
  const auto& embed = message["embeds"][0];
  EXPECT_EQ(embed["title"], "✅ Migration Readiness Check");
  ASSERT_EQ(embed["fields"].size(), 4u) << embed.dump(1);
  EXPECT_EQ(embed["fields"][0]["value"], "21 / 14 ✅");
  EXPECT_EQ(embed["fields"][1]["value"], "97.12% / 95% ✅");
  EXPECT_EQ(embed["fields"][2]["value"], "✅ Yes (Collab.Land)");
  EXPECT_EQ(embed["fields"][3]["value"], "✅ shadow");
  admin_exec("DELETE FROM migration_states WHERE community_id = $1::uuid", {stack().community_id()});
  admin_exec("DELETE FROM incumbent_configs WHERE community_id = $1::uuid", {stack().community_id()});
}

TEST_F(SietchFullPath, AdminMigrateRefusesAMemberWithoutTheAdministratorPermission) {
  const auto i = stack().command("admin-migrate", sim_member(stack(), false), subcommand("check"));
  const auto first = stack().first_response(i);
  EXPECT_EQ(first["data"].value("content", ""), "🔒 You need the Administrator permission to use /admin-migrate.")
      << first.dump();
  EXPECT_EQ(first["data"].value("flags", 0u) & kEphemeral, kEphemeral) << first.dump();
}

TEST_F(SietchFullPath, AdminMigrateExecuteIsConfirmedByAClickOnTheSameMessage) {
  const auto community = stack().community_id();
  ready_to_migrate(community);
  const auto admin = sim_member(stack(), true);
  const auto i = stack().command("admin-migrate", admin,
                                 subcommand("execute", json::array({{{"name", "strategy"}, {"type", 3}, {"value", "instant"}}})));
  const auto asked = stack().original_message(i);
  ASSERT_TRUE(asked.contains("components")) << asked.dump() << stack().harness().rest_calls(i.token).dump(1);
  EXPECT_EQ(asked["embeds"][0]["title"], "⚡ Confirm Migration: instant");
  const std::string confirm = asked["components"][0]["components"][0]["custom_id"];
  EXPECT_EQ(confirm.rfind("migrate_confirm:" + admin + ":", 0), 0u) << confirm;

  const auto click = stack().act({{"kind", "component"}, {"custom_id", confirm}, {"user", admin}});
  EXPECT_EQ(stack().first_response(click).value("type", 0), 6) << "a silent update of the confirmation";
  const auto done = stack().original_message(click);
  ASSERT_TRUE(done.contains("embeds")) << done.dump() << stack().harness().rest_calls(click.token).dump(1);
  EXPECT_EQ(done["id"], asked["id"]) << "the confirmation becomes the result";
  EXPECT_EQ(done["embeds"][0]["title"], "⚡ Migration Executed Successfully");
  EXPECT_EQ(done["components"], json::array());
  EXPECT_EQ(admin_exec("SELECT current_mode FROM migration_states WHERE community_id = $1::uuid", {community})[0][0]
                .as<std::string>(),
            "parallel");
  admin_exec("DELETE FROM migration_states WHERE community_id = $1::uuid", {community});
  admin_exec("DELETE FROM incumbent_configs WHERE community_id = $1::uuid", {community});
}
