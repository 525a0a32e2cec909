// The dynamic roles through the full path on the seeded Sietch: an administrator awards the
// `helper` badge with /admin-badge; the award publishes internal.sietch.roles.resync, role-sync
// consumes it and gives the member the trusted role as a real role PUT on discord-sim, and the
// member update that causes comes back through the ingestor to RabbitMQ; revoking it takes the
// role back with a real DELETE. With the gate roles configured, the same request swaps Naib for
// Fedaykin and gives Former Naib to a former Naib without a seat.
#include <algorithm>
#include <chrono>
#include <thread>

#include "arrakis/amqp.hpp"
#include "arrakis/database.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/testing/servers.hpp"
#include "arrakis/topology.hpp"
#include "member_updates.hpp"
#include "sietch_full_path.hpp"

using namespace arrakis;
using namespace arrakis::testing;
using namespace arrakis::sietch::testing;
using nlohmann::json;
using sietch_e2e::MemberUpdateTap;
using sietch_e2e::GateRolesConfigured;
using sietch_e2e::has_role_key;
using sietch_e2e::role_calls;
using sietch_e2e::sim_role;
using sietch_e2e::sim_role_keys;

namespace {

// Unsets the dynamic role ids again when the test ends, whichever way, so no later test syncs roles.
struct DynamicRolesConfigured {
  std::string community;
  ~DynamicRolesConfigured() {
    admin_exec("UPDATE community_config SET engaged_role_id = NULL, veteran_role_id = NULL, trusted_role_id = NULL "
               "WHERE community_id = $1::uuid",
               {community});
  }
};

json award_options(const std::string& nym, const std::string& badge, const std::string& reason) {
  return json::array({{{"type", 1},
                       {"name", "award"},
                       {"options", json::array({{{"type", 3}, {"name", "nym"}, {"value", nym}},
                                                {{"type", 3}, {"name", "badge"}, {"value", badge}},
                                                {{"type", 3}, {"name", "reason"}, {"value", reason}}})}}});
}

json revoke_options(const std::string& nym, const std::string& badge) {
  return json::array({{{"type", 1},
                       {"name", "revoke"},
                       {"options", json::array({{{"type", 3}, {"name", "nym"}, {"value", nym}},
                                                {{"type", 3}, {"name", "badge"}, {"value", badge}}})}}});
}

}  // namespace

TEST_F(SietchFullPath, RoleSyncGivesTheTrustedRoleOnDiscordAfterAHelperBadgeAward) {
  const auto engaged = sim_role(stack(), "engaged");
  const auto trusted = sim_role(stack(), "trusted");
  admin_exec("UPDATE community_config SET engaged_role_id = $2, trusted_role_id = $3 WHERE community_id = $1::uuid",
             {stack().community_id(), engaged, trusted});
  const DynamicRolesConfigured reset{stack().community_id()};
  const auto admin = stack().members().at(sim_member_index(stack(), true));
  // Seeded member 5 (no badges, balance 65: neither trusted nor engaged), played by a human of the guild.
  const auto member = user_as_member(5, sim_member_index(stack(), false));
  MemberUpdateTap tap;

  const auto i = stack().command("admin-badge", admin, award_options(nym(5), "helper", "Answers every question"));
  EXPECT_EQ(stack().original_message(i)["content"],
            "✅ Awarded **Helper** badge to **" + nym(5) + "**. *Answers every question*");

  const auto puts = role_calls(stack(), "PUT", member, trusted);
  ASSERT_EQ(puts.size(), 1u) << stack().harness().rest_calls("/roles/").dump(1) << stack().logs();
  EXPECT_EQ(puts[0].value("status", 0), 204);
  EXPECT_EQ(puts[0].value("audit_log_reason", ""), "Sietch role sync (badge_award)");
  const auto updated = tap.wait_for(member, trusted, true);
  ASSERT_FALSE(updated.is_null()) << "no member.update holding the trusted role came back" << stack().logs();
  EXPECT_EQ(updated["eventType"], "member.update");
  EXPECT_EQ(updated["guildId"], stack().guild_id());
  EXPECT_TRUE(role_calls(stack(), "PUT", member, engaged, false).empty()) << "one badge and 65 points: not engaged";

  // Revoking the badge takes the role back: a real DELETE, and a member update without it.
  const auto r = stack().command("admin-badge", admin, revoke_options(nym(5), "helper"));
  EXPECT_EQ(stack().original_message(r)["content"], "✅ Revoked **Helper** badge from **" + nym(5) + "**.");
  const auto deletes = role_calls(stack(), "DELETE", member, trusted);
  ASSERT_EQ(deletes.size(), 1u) << stack().harness().rest_calls("/roles/").dump(1) << stack().logs();
  EXPECT_EQ(deletes[0].value("status", 0), 204);
  EXPECT_EQ(deletes[0].value("audit_log_reason", ""), "Sietch role sync (badge_revoke)");
  EXPECT_FALSE(tap.wait_for(member, trusted, false).is_null()) << "no member.update without the trusted role came back";
  EXPECT_EQ(role_calls(stack(), "PUT", member, trusted, false).size(), 1u) << "the award's PUT was not repeated";
}

TEST_F(SietchFullPath, RoleSyncGivesAFormerNaibWithoutASeatFedaykinAndFormerNaibButNotNaib) {
  const GateRolesConfigured gate_roles(stack());
  const auto admin = stack().members().at(sim_member_index(stack(), true));
  // Seeded member 10: rank 10, no seat, a former Naib (the flag), no badges; played by a human of the
  // guild, whatever gate roles the simulated gate gave that human.
  const auto member = user_as_member(10, sim_member_index(stack(), false));

  const auto i = stack().command("admin-badge", admin, award_options(nym(10), "helper", "Knows the council"));
  EXPECT_EQ(stack().original_message(i)["content"],
            "✅ Awarded **Helper** badge to **" + nym(10) + "**. *Knows the council*");

  const auto puts = role_calls(stack(), "PUT", member, sim_role(stack(), "formerNaib"));
  ASSERT_EQ(puts.size(), 1u) << stack().harness().rest_calls("/roles/").dump(1) << stack().logs();
  EXPECT_EQ(puts[0].value("audit_log_reason", ""), "Sietch role sync (badge_award)");
  std::vector<std::string> keys;
  for (int tries = 0; tries < 200; ++tries) {  // the Naib DELETE, if any, follows the PUTs
    keys = sim_role_keys(stack(), member);
    if (has_role_key(keys, "fedaykin") && !has_role_key(keys, "naib")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(has_role_key(keys, "fedaykin")) << json(keys).dump() << stack().logs();
  EXPECT_TRUE(has_role_key(keys, "formerNaib")) << json(keys).dump();
  EXPECT_FALSE(has_role_key(keys, "naib")) << json(keys).dump();
}
