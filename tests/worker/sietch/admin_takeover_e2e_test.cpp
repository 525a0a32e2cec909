// /admin-takeover through the full path on the seeded Sietch: in primary mode the command's first
// response is the first confirmation modal (type 9); a plain member is refused by the host.
#include "arrakis/database.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/testing/servers.hpp"
#include "sietch_full_path.hpp"

using namespace arrakis;
using namespace arrakis::testing;
using nlohmann::json;

namespace {

}  // namespace

TEST_F(SietchFullPath, AdminTakeoverOpensTheFirstConfirmationModalInPrimaryMode) {
  const auto community = stack().community_id();
  admin_exec("INSERT INTO migration_states (community_id, current_mode) VALUES ($1::uuid, 'primary') "
             "ON CONFLICT (community_id) DO UPDATE SET current_mode = 'primary'",
             {community});
  const auto i = stack().command("admin-takeover", sim_member(stack(), true));
  const auto first = stack().first_response(i);
  EXPECT_EQ(first.value("type", 0), 9) << first.dump() << stack().logs();
  const std::string id = first["data"].value("custom_id", "");
  EXPECT_EQ(id.rfind("takeover_step1_", 0), 0u) << first.dump();
  EXPECT_EQ(first["data"]["title"], "Takeover: Step 1 of 3");
  admin_exec("DELETE FROM migration_states WHERE community_id = $1::uuid", {community});
}

TEST_F(SietchFullPath, AdminTakeoverIsNotAvailableOutsidePrimaryModeAndRefusedToMembers) {
  const auto i = stack().command("admin-takeover", sim_member(stack(), true));
  const auto first = stack().first_response(i);
  EXPECT_EQ(first.value("type", 0), 4) << first.dump();
  EXPECT_EQ(first["data"].value("flags", 0u) & 64u, 64u) << first.dump();
  EXPECT_EQ(first["data"]["embeds"][0]["title"], "❌ Takeover Not Available") << first.dump();

  const auto refused = stack().command("admin-takeover", sim_member(stack(), false));
  EXPECT_EQ(stack().first_response(refused)["data"].value("content", ""),
            "🔒 You need the Administrator permission to use /admin-takeover.");
}
