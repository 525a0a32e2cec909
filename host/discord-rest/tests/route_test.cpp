// Route keys: the bucket is learned per method and path template, split by the major parameter.
#include <gtest/gtest.h>

#include "arrakis/discord/route.hpp"

namespace arrakis::discord {
namespace {

TEST(DiscordRoute, GuildRoutesKeepTheGuildAsMajorAndFoldMinorIds) {
  const auto a = route_of("PUT", "/guilds/111/members/222/roles/333");
  const auto b = route_of("PUT", "/guilds/111/members/999/roles/888");
  EXPECT_EQ(a.name, "PUT /guilds/{guild_id}/members/{id}/roles/{id}");
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.major, "guilds/111");
  EXPECT_EQ(a.major, b.major);
  EXPECT_TRUE(a.bot);
  EXPECT_NE(route_of("PUT", "/guilds/112/members/222/roles/333").major, a.major);
  EXPECT_NE(route_of("DELETE", "/guilds/111/members/222/roles/333").name, a.name);
}

TEST(DiscordRoute, ChannelMessagesSplitByChannel) {
  const auto r = route_of("POST", "/channels/42/messages");
  EXPECT_EQ(r.name, "POST /channels/{channel_id}/messages");
  EXPECT_EQ(r.major, "channels/42");
  EXPECT_TRUE(r.bot);
}

TEST(DiscordRoute, InteractionAndWebhookTokenRoutesAreNotBotRoutes) {
  const auto callback = route_of("POST", "/interactions/5/tok-en_1/callback");
  EXPECT_EQ(callback.name, "POST /interactions/{interaction_id}/{token}/callback");
  EXPECT_EQ(callback.major, "interactions/5/tok-en_1");
  EXPECT_FALSE(callback.bot);

  const auto followup = route_of("POST", "/webhooks/77/tok?wait=true");
  EXPECT_EQ(followup.name, "POST /webhooks/{webhook_id}/{token}");
  EXPECT_EQ(followup.major, "webhooks/77/tok");
  EXPECT_FALSE(followup.bot);

  const auto edit = route_of("PATCH", "/webhooks/77/tok/messages/@original");
  EXPECT_EQ(edit.name, "PATCH /webhooks/{webhook_id}/{token}/messages/@original");
  EXPECT_FALSE(edit.bot);
  // The route name never holds the token, so it can be logged.
  EXPECT_EQ(edit.name.find("tok/"), std::string::npos);
}

TEST(DiscordRoute, RoutesWithoutMajorParameter) {
  const auto dm = route_of("POST", "/users/@me/channels");
  EXPECT_EQ(dm.name, "POST /users/@me/channels");
  EXPECT_EQ(dm.major, "");
  EXPECT_TRUE(dm.bot);
  EXPECT_TRUE(route_of("GET", "/webhooks/77").bot);
}

}  // namespace
}  // namespace arrakis::discord
