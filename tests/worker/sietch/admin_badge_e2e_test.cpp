// /admin-badge through the full path on the seeded Sietch: an administrator of the simulated guild
// awards a badge (private answer, the badge in the database, the DM to the member), and a member
// without the Administrator permission is refused.
#include <chrono>
#include <thread>

#include "arrakis/database.hpp"
#include "arrakis/testing/servers.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "sietch_full_path.hpp"

using nlohmann::json;
using namespace arrakis::sietch::testing;

namespace {

std::string alert_delivery(const std::string& profile_id) {
  arrakis::db::Pool admin(arrakis::testing::database_admin_url(), 1);
  return admin.transaction([&](pqxx::work& tx) {
    const auto rows = tx.exec_params(
        "SELECT delivered::text || ':' || (delivery_error IS NOT NULL)::text FROM alert_history "
        "WHERE recipient_id = $1 AND alert_type = 'badge_award'",
        profile_id);
    return rows.empty() ? std::string("none") : rows[0][0].as<std::string>();
  });
}

json award_options(const std::string& nym, const std::string& badge, const std::string& reason) {
  return json::array({{{"type", 1},
                       {"name", "award"},
                       {"options", json::array({{{"type", 3}, {"name", "nym"}, {"value", nym}},
                                                {{"type", 3}, {"name", "badge"}, {"value", badge}},
                                                {{"type", 3}, {"name", "reason"}, {"value", reason}}})}}});
}

std::string badge_state(const std::string& profile_id, const std::string& badge) {
  arrakis::db::Pool admin(arrakis::testing::database_admin_url(), 1);
  return admin.transaction([&](pqxx::work& tx) {
    const auto rows = tx.exec_params(
        "SELECT source || ':' || COALESCE(awarded_by, '') || ':' || revoked::text FROM member_badges "
        "WHERE profile_id = $1::uuid AND badge_id = $2",
        profile_id, badge);
    return rows.empty() ? std::string("none") : rows[0][0].as<std::string>();
  });
}

}  // namespace

TEST_F(SietchFullPath, AdminBadgeAwardAnswersTheAdministratorPrivatelyAndDmsTheMember) {
  const auto admin = stack().members().at(sim_member_index(stack(), true));
  // The member to award is a DM-open human of the guild, playing seeded member 5 (no badges).
  const auto member = user_as_member(5, sim_member_index(stack(), false));
  ASSERT_NE(admin, member);

  const auto i = stack().command("admin-badge", admin, award_options(nym(5), "helper", "Answers every question"));
  const auto first = stack().first_response(i);
  EXPECT_EQ(first["type"], 5) << first.dump();
  EXPECT_EQ(first["data"]["flags"], 64) << "/admin-badge answers privately";
  const auto message = stack().original_message(i);
  EXPECT_EQ(message["content"], "✅ Awarded **Helper** badge to **" + nym(5) + "**. *Answers every question*")
      << message.dump();
  EXPECT_EQ(badge_state(sietch().profile_id(5), "helper"), "admin:" + admin + ":false");

  // The badge_award DM reached the member's DM channel.
  bool dm_seen = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!dm_seen && std::chrono::steady_clock::now() < deadline) {
    for (const auto& call : stack().harness().rest_calls("/messages")) {
      const std::string body = call.value("body", std::string());
      dm_seen = dm_seen || (body.find("🤝 Badge Awarded!") != std::string::npos &&
                            body.find("Answers every question") != std::string::npos);
    }
    if (!dm_seen) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(dm_seen) << stack().harness().rest_calls("/users/@me/channels").dump(1);
}

TEST_F(SietchFullPath, AdminBadgeRefusesAMemberWithoutTheAdministratorPermission) {
  const auto plain = stack().members().at(sim_member_index(stack(), false));
  const auto i = stack().command("admin-badge", plain, award_options(nym(5), "helper", "Forged"));
  const auto first = stack().first_response(i);
  EXPECT_EQ(first["type"], 4) << first.dump();
  EXPECT_EQ(first["data"]["content"], "🔒 You need the Administrator permission to use /admin-badge.");
  EXPECT_EQ(first["data"]["flags"], 64);
  EXPECT_EQ(badge_state(sietch().profile_id(5), "helper"), "none");
}

TEST_F(SietchFullPath, AdminBadgeAwardStandsWhenTheDmCannotBeDelivered) {
  const auto admin = stack().members().at(sim_member_index(stack(), true));
  // Seeded member 6 keeps its seeded Discord id, which is no user discord-sim knows: the DM fails.
  const auto i = stack().command("admin-badge", admin, award_options(nym(6), "builder", "Forged the maps"));
  const auto message = stack().original_message(i);
  EXPECT_EQ(message["content"], "✅ Awarded **Builder** badge to **" + nym(6) +
                                    "**. *Forged the maps*\n⚠️ The award DM could not be delivered to **" + nym(6) +
                                    "** (their DMs may be closed).")
      << message.dump();
  EXPECT_EQ(badge_state(sietch().profile_id(6), "builder"), "admin:" + admin + ":false");
  EXPECT_EQ(alert_delivery(sietch().profile_id(6)), "false:true");
}
