// guild-lifecycle against the real database (RLS on): the bench's community row (created by the
// host's tenant lookup, as the worker does on a guild's first event) follows guild.join/guild.leave.
#include <gtest/gtest.h>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/sietch/testing/guild_events.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

class GuildLifecyclePlugin : public ::testing::Test {
 protected:
  PluginRun guild_join(const std::string& name, const std::string& key = "") {
    return bench.run(guild_event(bench, "guild.join", "",
                                 {{"guildId", bench.guild_id()}, {"name", name}, {"memberCount", 42}}, ++events),
                     key);
  }
  PluginRun guild_leave(bool unavailable, const std::string& key = "") {
    return bench.run(
        guild_event(bench, "guild.leave", "", {{"guildId", bench.guild_id()}, {"unavailable", unavailable}}, ++events),
        key);
  }
  // The community row: "<is_active>|<name>|<updated_at>".
  std::string community() {
    return bench
        .admin_exec("SELECT is_active::text || '|' || name || '|' || updated_at::text FROM communities WHERE id = $1::uuid",
                    {bench.community_id()})[0][0]
        .as<std::string>();
  }
  bool active() { return community().rfind("true|", 0) == 0; }

  PluginBench bench{"guild-lifecycle"};
  int events = 0;
};

}  // namespace

TEST_F(GuildLifecyclePlugin, GuildDeleteDeactivatesAndGuildCreateReactivatesWithTheName) {
  const auto left = guild_leave(false);
  ASSERT_EQ(left.status, ARRAKIS_OK) << left.error;
  EXPECT_FALSE(active());
  EXPECT_TRUE(discord_effects(left).empty());
  const auto joined = guild_join("Sietch Tabr");
  ASSERT_EQ(joined.status, ARRAKIS_OK) << joined.error;
  EXPECT_TRUE(active());
  EXPECT_NE(community().find("|Sietch Tabr|"), std::string::npos) << community();
  // Its data is untouched: the configuration row is still there.
  EXPECT_EQ(bench.admin_exec("SELECT count(*) FROM community_config WHERE community_id = $1::uuid",
                             {bench.community_id()})[0][0]
                .as<int>(),
            1);
  // A guild create without a name (never expected) keeps the stored one.
  ASSERT_EQ(guild_join("").status, ARRAKIS_OK);
  EXPECT_NE(community().find("|Sietch Tabr|"), std::string::npos) << community();
}

TEST_F(GuildLifecyclePlugin, AnUnavailableGuildIsAnOutageAndIgnored) {
  const auto before = community();
  const auto outage = guild_leave(true);
  ASSERT_EQ(outage.status, ARRAKIS_OK) << outage.error;
  EXPECT_EQ(community(), before) << "still active, not even touched";
  EXPECT_TRUE(active());
}

TEST_F(GuildLifecyclePlugin, RepeatedAndRedeliveredEventsChangeNothingMore) {
  ASSERT_EQ(guild_join("Sietch Jacurutu").status, ARRAKIS_OK);
  const auto joined = community();
  ASSERT_EQ(guild_join("Sietch Jacurutu").status, ARRAKIS_OK);
  EXPECT_EQ(community(), joined) << "a repeated guild create does not even touch updated_at";
  const std::string key = bench.community_id() + ":guild-lifecycle";  // eventId:plugin, unique to this test
  ASSERT_EQ(guild_leave(false, key).status, ARRAKIS_OK);
  const auto left = community();
  EXPECT_FALSE(active());
  const auto redelivered = bench.run(guild_event(bench, "guild.leave", "",
                                                 {{"guildId", bench.guild_id()}, {"unavailable", false}}, events),
                                     key);
  ASSERT_EQ(redelivered.status, ARRAKIS_OK) << redelivered.error;  // writes nothing: nothing to deduplicate
  EXPECT_EQ(community(), left);
  ASSERT_EQ(guild_leave(false).status, ARRAKIS_OK);
  EXPECT_EQ(community(), left);
}
