// The member and guild event handlers through the full path on the seeded Sietch: discord-sim sends
// gateway events (raw dispatches of the control API's scenario, and the member update a real role
// PUT causes), the ingestor publishes them, the worker runs member-join, member-leave,
// member-update and guild-lifecycle, and the test reads the rows they wrote, the internal events
// they published (a queue of its own on the events exchange) and the role calls role-sync made.
#include <chrono>
#include <thread>

#include "arrakis/amqp.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/testing/http_client.hpp"
#include "arrakis/testing/servers.hpp"
#include "arrakis/topology.hpp"
#include "member_updates.hpp"
#include "sietch_full_path.hpp"

using namespace arrakis;
using namespace arrakis::testing;
using namespace arrakis::sietch::testing;
using nlohmann::json;
using sietch_e2e::MemberUpdateTap;
using sietch_e2e::sim_role;

namespace {

using namespace std::chrono_literals;

// Plays raw gateway dispatches on discord-sim (POST /control/scenario, kind "dispatch").
void dispatch(FullPathStack& stack, const std::string& type, const json& d) {
  const json line = {{"kind", "dispatch"}, {"t", type}, {"d", d}, {"guild_id", stack.guild_id()}};
  const auto r = http_request("127.0.0.1", stack.harness().sim().rest_port(), "POST", "/control/scenario",
                              line.dump() + "\n");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(json::parse(r.body).value("dispatched", 0), 1) << r.body;
}

// Polls an admin query until its first column of the first row is `expected` (text), up to 20 s;
// returns what it last read.
std::string wait_for_value(const std::string& sql, const std::vector<std::string>& params, const std::string& expected) {
  std::string seen = "<no row>";
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto r = admin_exec(sql, params);
    seen = r.empty() || r[0][0].is_null() ? "<no row>" : r[0][0].as<std::string>();
    if (seen == expected) break;
    std::this_thread::sleep_for(50ms);
  }
  return seen;
}

// A queue of our own bound to one routing key on the events exchange: a copy of every such event.
class EventTap {
 public:
  explicit EventTap(const std::string& routing_key)
      : amqp_(amqp::Connection::open(rabbitmq_url())), queue_(unique_name("sietch-e2e.member-events-tap")) {
    amqp_.declare_queue(queue_, {}, false);
    amqp_.bind_queue(queue_, std::string(topology::kEventsExchange), routing_key);
  }
  ~EventTap() {
    try {
      amqp_.delete_queue(queue_);
    } catch (...) {
    }
  }
  // The data of the next event whose data.discordId is `user` (null after 20 s).
  json wait_for(const std::string& user) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
      auto m = amqp_.get(queue_, true);
      if (!m) {
        std::this_thread::sleep_for(50ms);
        continue;
      }
      const auto event = json::parse(m->body, nullptr, false);
      if (event.is_object() && event.value("data", json::object()).value("discordId", "") == user) return event["data"];
    }
    return nullptr;
  }

 private:
  amqp::Connection amqp_;
  std::string queue_;
};

// Configures Sietch roles (community_config column -> sim role key) for one test and puts the old
// values back when it ends, whichever way.
class RolesConfigured {
 public:
  RolesConfigured(FullPathStack& stack, const std::vector<std::pair<std::string, std::string>>& roles)
      : community_(stack.community_id()) {
    for (const auto& [column, key] : roles) {
      const auto old = admin_exec("SELECT " + column + " FROM community_config WHERE community_id = $1::uuid", {community_});
      saved_.emplace_back(column, old[0][0].is_null() ? "" : old[0][0].as<std::string>());
      admin_exec("UPDATE community_config SET " + column + " = $2 WHERE community_id = $1::uuid",
                 {community_, sim_role(stack, key)});
    }
  }
  ~RolesConfigured() {
    for (const auto& [column, value] : saved_) {
      admin_exec("UPDATE community_config SET " + column + " = NULLIF($2, '') WHERE community_id = $1::uuid",
                 {community_, value});
    }
  }

 private:
  std::string community_;
  std::vector<std::pair<std::string, std::string>> saved_;
};

json user_object(const std::string& id) { return {{"id", id}, {"username", "member_" + id.substr(14)}, {"discriminator", "0"}}; }

}  // namespace

TEST_F(SietchFullPath, MemberJoinAndLeaveKeepTheSietchInStep) {
  const RolesConfigured roles(stack(), {{"naib_role_id", "naib"}, {"fedaykin_role_id", "fedaykin"}});
  const auto fedaykin = sim_role(stack(), "fedaykin");
  EventTap onboarding("internal.sietch.onboarding.start");

  // A newcomer joins holding the Fedaykin role (the gate gave it): recorded, and handed to onboarding.
  const std::string newcomer = "830000000000000777";
  dispatch(stack(), "GUILD_MEMBER_ADD",
           {{"guild_id", stack().guild_id()}, {"user", user_object(newcomer)}, {"roles", {fedaykin}},
            {"joined_at", "2026-12-03T18:00:00.000000+00:00"}, {"pending", false}});
  EXPECT_EQ(wait_for_value("SELECT in_guild::text || '|' || array_to_string(role_ids, ',') FROM member_role_state "
                           "WHERE community_id = $1::uuid AND discord_user_id = $2",
                           {stack().community_id(), newcomer}, "true|" + fedaykin),
            "true|" + fedaykin)
      << stack().logs();
  EXPECT_EQ(onboarding.wait_for(newcomer), (json{{"discordId", newcomer}, {"reason", "join"}})) << stack().logs();

  // Seeded Naib member 2 leaves: the seat closes with left_server, the profile departs, data kept.
  dispatch(stack(), "GUILD_MEMBER_REMOVE", {{"guild_id", stack().guild_id()}, {"user", user_object(member_discord_id(2))}});
  EXPECT_EQ(wait_for_value("SELECT unseat_reason FROM naib_seats WHERE community_id = $1::uuid AND profile_id = $2::uuid",
                           {stack().community_id(), sietch().profile_id(2)}, "left_server"),
            "left_server")
      << stack().logs();
  const auto profile = admin_exec("SELECT departed_at IS NOT NULL, is_former_naib, nym FROM profiles WHERE id = $1::uuid",
                                  {sietch().profile_id(2)});
  EXPECT_TRUE(profile[0][0].as<bool>());
  EXPECT_TRUE(profile[0][1].as<bool>());
  EXPECT_EQ(profile[0][2].as<std::string>(), nym(2));
  // Member 71 leaves: their waitlist registration is deactivated.
  dispatch(stack(), "GUILD_MEMBER_REMOVE", {{"guild_id", stack().guild_id()}, {"user", user_object(member_discord_id(71))}});
  EXPECT_EQ(wait_for_value("SELECT active::text FROM waitlist_registrations WHERE community_id = $1::uuid "
                           "AND discord_user_id = $2",
                           {stack().community_id(), member_discord_id(71)}, "false"),
            "false")
      << stack().logs();
}

TEST_F(SietchFullPath, ASietchRoleChangeOnDiscordIsResyncedWithOneRolePutAndNoLoop) {
  const RolesConfigured roles(stack(), {{"naib_role_id", "naib"},
                                        {"fedaykin_role_id", "fedaykin"},
                                        {"trusted_role_id", "trusted"},
                                        {"former_naib_role_id", "formerNaib"}});
  const auto trusted = sim_role(stack(), "trusted");
  const auto former = sim_role(stack(), "formerNaib");
  // The last human of the guild (a plain member no other test acts as) plays seeded member 4, who
  // holds the helper badge and so qualifies for trusted, but does not have it on Discord yet.
  const auto humans = stack().members();
  const auto member = user_as_member(4, humans.size() - 1);
  for (const auto& m : stack().harness().sim().model().to_json()["guilds"][0]["members"]) {
    if (m["id"] != member) continue;
    for (const auto& role : m["roles"]) ASSERT_TRUE(role != trusted && role != former) << "precondition: " << m.dump();
  }
  MemberUpdateTap updates;

  // Someone (another bot, an administrator) gives the member the Former Naib role on Discord.
  const auto urls = json::parse(
      http_request("127.0.0.1", stack().harness().sim().rest_port(), "GET", "/control/urls").body);
  const auto put = http_request("127.0.0.1", stack().harness().sim().rest_port(), "PUT",
                                "/api/v10/guilds/" + stack().guild_id() + "/members/" + member + "/roles/" + former, "",
                                {{"Authorization", "Bot " + urls["bot_token"].get<std::string>()}});
  ASSERT_EQ(put.status, 204) << put.body;

  // member-update asks for a re-sync; role-sync gives the trusted role the member qualifies for.
  const std::string path = "/members/" + member + "/roles/" + trusted;
  ASSERT_TRUE(stack().harness().wait_for_calls(path, 1, 20s)) << stack().logs();
  const auto calls = stack().harness().rest_calls(path);
  ASSERT_EQ(calls.size(), 1u) << calls.dump(1);
  EXPECT_EQ(calls[0].value("method", ""), "PUT");
  EXPECT_EQ(calls[0].value("audit_log_reason", ""), "Sietch role sync (member_update)");
  EXPECT_FALSE(updates.wait_for(member, trusted, true).is_null()) << "no member.update holding trusted came back";

  // That update asks for one more re-sync, which finds the roles in sync: no second role call.
  const std::string settled = "role-sync: the roles of " + member + " are already in sync (member_update)";
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (stack().logs().find(settled) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_NE(stack().logs().find(settled), std::string::npos) << stack().logs();
  EXPECT_EQ(stack().harness().rest_calls(path).size(), 1u) << "the member update of role-sync's own edit looped";
  EXPECT_EQ(wait_for_value("SELECT (role_ids @> ARRAY[$3, $4]::app.snowflake[])::text FROM member_role_state "
                           "WHERE community_id = $1::uuid AND discord_user_id = $2",
                           {stack().community_id(), member, trusted, former}, "true"),
            "true");
}

TEST_F(SietchFullPath, GuildDeleteDeactivatesTheCommunityAndGuildCreateReactivatesIt) {
  const auto gid = std::stoull(stack().guild_id());
  json create = stack().harness().sim().model().guild_create(gid);
  const std::string name = create.value("name", "");
  const std::string is_active = "SELECT is_active::text || '|' || name FROM communities WHERE id = $1::uuid";
  const std::vector<std::string> community = {stack().community_id()};

  // An outage (unavailable) is no removal; a guild create then renames the community, still active.
  dispatch(stack(), "GUILD_DELETE", {{"id", stack().guild_id()}, {"unavailable", true}});
  create["name"] = name + " (renamed)";
  dispatch(stack(), "GUILD_CREATE", create);
  EXPECT_EQ(wait_for_value(is_active, community, "true|" + name + " (renamed)"), "true|" + name + " (renamed)")
      << stack().logs();

  // Removed from the guild: inactive, with its data.
  dispatch(stack(), "GUILD_DELETE", {{"id", stack().guild_id()}});
  EXPECT_EQ(wait_for_value(is_active, community, "false|" + name + " (renamed)"), "false|" + name + " (renamed)")
      << stack().logs();
  EXPECT_EQ(admin_exec("SELECT count(*) FROM profiles WHERE community_id = $1::uuid", community)[0][0].as<int>(),
            kOnboardedMembers + 3)
      << "nothing is deleted";

  // Added back: active again under the same community.
  create["name"] = name;
  dispatch(stack(), "GUILD_CREATE", create);
  EXPECT_EQ(wait_for_value(is_active, community, "true|" + name), "true|" + name) << stack().logs();
  EXPECT_EQ(stack().community_id(), community[0]);
}
