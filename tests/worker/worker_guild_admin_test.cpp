// Guild administration and attachments through the real worker, answering discord-sim: a plugin
// creates a role, lists the roles, creates a channel with permission overwrites, reads the guild's
// name and replies with a PNG attached; the sim's record shows each call as Discord received it.
#include <gtest/gtest.h>

#include <algorithm>

#include "arrakis/discord_sim/community_model.hpp"
#include "worker_harness.hpp"

using namespace arrakis::testing;
using namespace std::chrono_literals;
using nlohmann::json;

class WorkerGuildAdmin : public ::testing::Test {
 protected:
  void SetUp() override {
    h.use_sim_guild();
    h.add_plugin("libguild-admin.so");
    h.start_worker();
    ASSERT_TRUE(h.wait_for_health(200, 30s)) << h.worker().log();
  }
  WorkerHarness h;
};

TEST_F(WorkerGuildAdmin, PluginSetsUpTheGuildAndRepliesWithABadge) {
  InteractionSpec s;
  s.type = 2;
  s.event_type = "interaction.command.guild-setup";
  s.name = "guild-setup";
  const auto i = h.interaction(s);
  ASSERT_TRUE(h.wait_for_calls(i.token, 3, 30s)) << h.worker().log() << h.rest_calls("/").dump(1);  // defer, reply, follow-up
  const std::string guild = "/guilds/" + h.guild_id();

  const auto role_calls = h.rest_calls(guild + "/roles");
  ASSERT_EQ(role_calls.size(), 2u) << role_calls.dump(1);
  EXPECT_EQ(role_calls[0]["method"], "POST");
  EXPECT_EQ(role_calls[0]["status"], 200);
  EXPECT_EQ(body_of(role_calls[0])["name"], "Spice Council");
  EXPECT_EQ(role_calls[0]["audit_log_reason"], "guild-setup");
  EXPECT_EQ(role_calls[1]["method"], "GET");
  EXPECT_EQ(role_calls[1]["status"], 200);

  const auto channel_calls = h.rest_calls(guild + "/channels");
  ASSERT_EQ(channel_calls.size(), 1u);
  EXPECT_EQ(channel_calls[0]["status"], 201);
  EXPECT_EQ(body_of(channel_calls[0])["permission_overwrites"].size(), 2u);

  // The sim's guild now holds them, as a later list would show.
  const auto model = h.sim().model().to_json()["guilds"][0];
  std::string role_id, channel_id;
  for (const auto& r : model["roles"]) {
    if (r["name"] == "Spice Council") role_id = r["id"];
  }
  for (const auto& c : model["channels"]) {
    if (c["name"] == "council") channel_id = c["id"];
  }
  ASSERT_FALSE(role_id.empty());
  ASSERT_FALSE(channel_id.empty());

  const auto guild_reads = h.rest_calls("/api/v10" + guild);
  EXPECT_TRUE(std::any_of(guild_reads.begin(), guild_reads.end(), [&](const json& r) {
    return r["method"] == "GET" && r["path"] == "/api/v10" + guild && r["status"] == 200;
  }));

  // The reply completes the host's "thinking" response, as a multipart form carrying the PNG.
  const auto replies = h.rest_calls(i.token + "/messages/@original");
  ASSERT_EQ(replies.size(), 1u) << replies.dump(1);
  EXPECT_EQ(replies[0]["method"], "PATCH");
  EXPECT_EQ(replies[0]["status"], 200);
  const auto reply = body_of(replies[0]);
  EXPECT_EQ(reply["content"], "guild " + model.at("name").get<std::string>() + ": role " + role_id + " listed among " +
                                  std::to_string(model["roles"].size()) + " roles, channel " + channel_id);
  EXPECT_EQ(reply["attachments"], json::parse(R"([{"id":0,"filename":"badge.png"}])"));
  ASSERT_EQ(replies[0]["files"].size(), 1u);
  EXPECT_EQ(replies[0]["files"][0]["filename"], "badge.png");
  EXPECT_EQ(replies[0]["files"][0]["content_type"], "image/png");
  EXPECT_EQ(replies[0]["files"][0]["size"], 67);

  // The file went with that message only: the follow-up carries none.
  const auto followups = h.rest_calls(i.token + "?wait=true");
  ASSERT_EQ(followups.size(), 1u);
  EXPECT_EQ(body_of(followups[0])["content"], "setup complete");
  EXPECT_FALSE(followups[0].contains("files"));
  EXPECT_FALSE(body_of(followups[0]).contains("attachments"));
}
