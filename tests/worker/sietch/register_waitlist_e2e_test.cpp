// /register-waitlist through the full path on the seeded Sietch: what the user sees, the Taqwa role
// as real role calls on discord-sim, and the member updates those calls cause coming back through
// the ingestor to RabbitMQ.
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
using nlohmann::json;
using sietch_e2e::MemberUpdateTap;
using sietch_e2e::sim_role;

namespace {


// The recorded role call `method` for user and role, or null.
json role_call(FullPathStack& stack, const std::string& method, const std::string& user, const std::string& role) {
  const std::string path = "/members/" + user + "/roles/" + role;
  for (int tries = 0; tries < 200; ++tries) {
    for (const auto& call : stack.harness().rest_calls("/roles/")) {
      const std::string p = call.value("path", "");
      if (call.value("method", "") == method && p.size() >= path.size() &&
          p.compare(p.size() - path.size(), path.size(), path) == 0) {
        return call;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return nullptr;
}

json register_options(const std::string& wallet) {
  return json::array({{{"name", "register"},
                       {"type", 1},
                       {"options", json::array({{{"name", "wallet"}, {"type", 3}, {"value", wallet}}})}}});
}

}  // namespace

TEST_F(SietchFullPath, RegisterWaitlistAddsTheTaqwaRoleOnDiscordAndUnregisterRemovesIt) {
  const auto user = stranger();
  const auto taqwa = sim_role(stack(), "taqwa");
  admin_exec("UPDATE community_config SET taqwa_role_id = $2 WHERE community_id = $1::uuid",
             {stack().community_id(), taqwa});
  MemberUpdateTap tap;

  const auto reg = stack().command("register-waitlist", user,
                                   register_options(arrakis::sietch::testing::wallet_address(80)));
  EXPECT_EQ(stack().first_response(reg)["data"]["flags"], 64) << "every reply is private";
  const auto message = stack().original_message(reg);
  ASSERT_TRUE(message.contains("embeds")) << message.dump();
  EXPECT_EQ(message["embeds"][0]["title"], "📬 Waitlist Registration Complete");
  EXPECT_EQ(embed_field(message["embeds"][0], "Your Position")["value"], "#80");
  EXPECT_EQ(embed_field(message["embeds"][0], "Your BGT")["value"], "760 BGT");

  const auto put = role_call(stack(), "PUT", user, taqwa);
  ASSERT_FALSE(put.is_null()) << stack().harness().rest_calls("/roles/").dump(1) << stack().logs();
  EXPECT_EQ(put.value("status", 0), 204);
  EXPECT_EQ(put.value("audit_log_reason", ""), "Waitlist registration");
  const auto added = tap.wait_for(user, taqwa, true);
  ASSERT_FALSE(added.is_null()) << "no member.update holding the Taqwa role came back" << stack().logs();
  EXPECT_EQ(added["eventType"], "member.update");
  EXPECT_EQ(added["guildId"], stack().guild_id());

  const auto unreg = stack().command("register-waitlist", user, json::array({{{"name", "unregister"}, {"type", 1}}}));
  EXPECT_EQ(stack().original_message(unreg)["embeds"][0]["title"], "👋 Unregistered from Waitlist");
  const auto del = role_call(stack(), "DELETE", user, taqwa);
  ASSERT_FALSE(del.is_null()) << stack().harness().rest_calls("/roles/").dump(1);
  EXPECT_EQ(del.value("status", 0), 204);
  EXPECT_FALSE(tap.wait_for(user, taqwa, false).is_null()) << "no member.update without the Taqwa role came back";

  admin_exec("UPDATE community_config SET taqwa_role_id = NULL WHERE community_id = $1::uuid", {stack().community_id()});
}

TEST_F(SietchFullPath, RegisterWaitlistStandsWhenDiscordRefusesTheRole) {
  const auto user = stranger();
  // A role id the guild does not have: Discord answers 404 / 10011, the registration is kept.
  admin_exec("UPDATE community_config SET taqwa_role_id = '1' WHERE community_id = $1::uuid", {stack().community_id()});
  const auto reg = stack().command("register-waitlist", user,
                                   register_options(arrakis::sietch::testing::wallet_address(81)));
  EXPECT_EQ(stack().original_message(reg)["embeds"][0]["title"], "📬 Waitlist Registration Complete");
  const auto status = stack().command("register-waitlist", user, json::array({{{"name", "status"}, {"type", 1}}}));
  const auto shown = stack().original_message(status);
  EXPECT_EQ(shown["embeds"][0]["title"], "📬 Your Waitlist Status");
  EXPECT_EQ(embed_field(shown["embeds"][0], "Current Position")["value"], "#81");
  admin_exec("UPDATE community_config SET taqwa_role_id = NULL WHERE community_id = $1::uuid", {stack().community_id()});
}
