// The payload contract (spec 5.1): every event kind, the filters (DMs, bots, PING, outages) and
// the absence of message content.
#include <gtest/gtest.h>

#include "arrakis/ingestor/normaliser.hpp"

using arrakis::ingestor::EventStamp;
using arrakis::ingestor::normalise;
using nlohmann::json;

namespace {

const EventStamp kStamp{"6f1c2b1e-0d4a-4c55-9a2b-3f4e5d6c7b8a", 1700000000123};

json member(const std::string& user_id = "53908232506183680") {
  return {{"user", {{"id", user_id}, {"username", "mason"}}}, {"roles", {"1"}}, {"permissions", "2147483647"},
          {"nick", nullptr}, {"joined_at", "2017-03-13T19:19:14.040000+00:00"}};
}

json interaction(int type, json data) {
  return {{"id", "786008729715212338"}, {"application_id", "1"}, {"type", type}, {"token", "A_UNIQUE_TOKEN"},
          {"guild_id", "290926798626357999"}, {"channel_id", "645027906669510667"}, {"locale", "en-US"},
          {"member", member()}, {"data", std::move(data)}, {"version", 1}};
}

json body(const arrakis::ingestor::OutboundEvent& e) { return json::parse(e.body); }

}  // namespace

TEST(Normaliser, SlashCommandCarriesTheEnvelopeAndFlatOptions) {
  auto e = normalise("INTERACTION_CREATE",
                     interaction(2, {{"id", "7"}, {"name", "position"}, {"type", 1},
                                     {"options", {{{"type", 3}, {"name", "wallet"}, {"value", "0xabc"}},
                                                  {{"type", 4}, {"name", "top"}, {"value", 5}}}}}),
                     3, kStamp);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->event_type, "interaction.command.position");
  EXPECT_EQ(e->priority, 10);
  EXPECT_EQ(e->event_id, kStamp.event_id);
  EXPECT_EQ(e->guild_id, "290926798626357999");
  EXPECT_EQ(e->shard_id, 3);
  const json b = body(*e);
  EXPECT_EQ(b["eventId"], kStamp.event_id);
  EXPECT_EQ(b["eventType"], "interaction.command.position");
  EXPECT_EQ(b["timestamp"], 1700000000123);
  EXPECT_EQ(b["shardId"], 3);
  EXPECT_EQ(b["guildId"], "290926798626357999");
  EXPECT_EQ(b["channelId"], "645027906669510667");
  EXPECT_EQ(b["userId"], "53908232506183680");
  EXPECT_EQ(b["interactionId"], "786008729715212338");
  EXPECT_EQ(b["interactionToken"], "A_UNIQUE_TOKEN");
  EXPECT_EQ(b["data"]["type"], 2);
  EXPECT_EQ(b["data"]["commandName"], "position");
  EXPECT_EQ(b["data"]["subcommand"], "");
  EXPECT_EQ(b["data"]["options"], (json{{"wallet", "0xabc"}, {"top", 5}}));
  EXPECT_EQ(b["data"]["memberPermissions"], "2147483647");
  EXPECT_EQ(b["data"]["locale"], "en-US");
}

TEST(Normaliser, SubcommandAndGroupAreNamedAndTheirOptionsFlattened) {
  auto sub = normalise("INTERACTION_CREATE",
                       interaction(2, {{"name", "admin-migrate"},
                                       {"options", {{{"type", 1}, {"name", "plan"},
                                                     {"options", {{{"type", 5}, {"name", "dry"}, {"value", true}}}}}}}}),
                       0, kStamp);
  ASSERT_TRUE(sub);
  EXPECT_EQ(body(*sub)["data"]["subcommand"], "plan");
  EXPECT_EQ(body(*sub)["data"]["options"], (json{{"dry", true}}));

  auto group = normalise(
      "INTERACTION_CREATE",
      interaction(2, {{"name", "perm"},
                      {"options", {{{"type", 2}, {"name", "user"},
                                    {"options", {{{"type", 1}, {"name", "get"},
                                                  {"options", {{{"type", 6}, {"name", "target"}, {"value", "42"}}}}}}}}}}}),
      0, kStamp);
  ASSERT_TRUE(group);
  EXPECT_EQ(group->event_type, "interaction.command.perm");
  EXPECT_EQ(body(*group)["data"]["subcommand"], "user get");
  EXPECT_EQ(body(*group)["data"]["options"], (json{{"target", "42"}}));
}

TEST(Normaliser, AutocompleteNamesTheFocusedOption) {
  auto e = normalise("INTERACTION_CREATE",
                     interaction(4, {{"name", "profile"},
                                     {"options", {{{"type", 1}, {"name", "view"},
                                                   {"options", {{{"type", 3}, {"name", "nym"}, {"value", "ma"}, {"focused", true}},
                                                                {{"type", 5}, {"name", "public"}, {"value", false}}}}}}}}),
                     0, kStamp);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->event_type, "interaction.autocomplete");
  EXPECT_EQ(e->priority, 6);
  const json d = body(*e)["data"];
  EXPECT_EQ(d["commandName"], "profile");
  EXPECT_EQ(d["subcommand"], "view");
  EXPECT_EQ(d["focusedOption"], "nym");
  EXPECT_EQ(d["focusedValue"], "ma");
  EXPECT_EQ(d["options"]["public"], false);
}

TEST(Normaliser, ButtonAndSelectCarryCustomIdValuesAndMessage) {
  json click = interaction(3, {{"custom_id", "directory:next:2"}, {"component_type", 2}});
  click["message"] = {{"id", "999"}, {"content", "secret text"}};
  auto button = normalise("INTERACTION_CREATE", click, 0, kStamp);
  ASSERT_TRUE(button);
  EXPECT_EQ(button->event_type, "interaction.button");
  EXPECT_EQ(button->priority, 8);
  EXPECT_EQ(body(*button)["data"]["customId"], "directory:next:2");
  EXPECT_EQ(body(*button)["data"]["messageId"], "999");
  EXPECT_EQ(button->body.find("secret text"), std::string::npos);

  auto select = normalise("INTERACTION_CREATE",
                          interaction(3, {{"custom_id", "alerts:toggle"}, {"component_type", 3}, {"values", {"a", "b"}}}), 0,
                          kStamp);
  ASSERT_TRUE(select);
  EXPECT_EQ(select->event_type, "interaction.select");
  EXPECT_EQ(select->priority, 8);
  EXPECT_EQ(body(*select)["data"]["values"], (json{"a", "b"}));
}

TEST(Normaliser, ModalFieldsFromLabelAndLegacyRows) {
  json data = {{"custom_id", "takeover:step1"},
               {"components",
                {{{"type", 18}, {"id", 1}, {"component", {{"type", 4}, {"id", 2}, {"custom_id", "name"}, {"value", "Sietch"}}}},
                 {{"type", 1}, {"components", {{{"type", 4}, {"custom_id", "reason"}, {"value", "because"}}}}}}}};
  auto e = normalise("INTERACTION_CREATE", interaction(5, data), 0, kStamp);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->event_type, "interaction.modal");
  EXPECT_EQ(e->priority, 8);
  EXPECT_EQ(body(*e)["data"]["customId"], "takeover:step1");
  EXPECT_EQ(body(*e)["data"]["fields"], (json{{"name", "Sietch"}, {"reason", "because"}}));
}

namespace {

// A DM interaction as Discord sends it: `user` instead of `member`, no guild, a DM channel.
json dm_interaction(int type, json data) {
  json dm = interaction(type, std::move(data));
  dm.erase("guild_id");
  dm.erase("member");
  dm["user"] = {{"id", "80351110224678912"}, {"username", "nelly"}, {"global_name", "Nelly"}};
  dm["channel_id"] = "555";
  dm["channel"] = {{"id", "555"}, {"type", 1}};
  dm["context"] = 1;
  return dm;
}

}  // namespace

TEST(Normaliser, EveryInteractionNamesTheUserAndTheMembersRoles) {
  json command = interaction(2, {{"name", "stats"}});
  command["member"]["roles"] = {"11", "12"};
  command["member"]["user"]["global_name"] = "Mason the Great";
  auto e = normalise("INTERACTION_CREATE", command, 0, kStamp);
  ASSERT_TRUE(e);
  EXPECT_EQ(body(*e)["data"]["userName"], "Mason the Great") << "global_name first";
  EXPECT_EQ(body(*e)["data"]["memberRoles"], (json{"11", "12"}));
  EXPECT_FALSE(body(*e)["data"].contains("dm")) << "data.dm is only set in DMs";

  json click = interaction(3, {{"custom_id", "directory:next:2"}, {"component_type", 2}});
  click["member"]["user"]["global_name"] = nullptr;  // no display name: the username
  auto button = normalise("INTERACTION_CREATE", click, 0, kStamp);
  ASSERT_TRUE(button);
  EXPECT_EQ(body(*button)["data"]["userName"], "mason");
  EXPECT_EQ(body(*button)["data"]["memberRoles"], (json{"1"}));

  auto submit = normalise("INTERACTION_CREATE", interaction(5, {{"custom_id", "m"}, {"components", json::array()}}), 0, kStamp);
  ASSERT_TRUE(submit);
  EXPECT_EQ(body(*submit)["data"]["userName"], "mason");
  EXPECT_EQ(body(*submit)["data"]["memberRoles"], (json{"1"}));
  EXPECT_EQ(body(*submit)["data"]["memberPermissions"], "2147483647");
}

TEST(Normaliser, DmInteractionsAreForwardedWithTheirUserAndNoGuild) {
  json click = dm_interaction(3, {{"custom_id", "onboard:next"}, {"component_type", 2}});
  click["message"] = {{"id", "4242"}, {"channel_id", "555"}};
  auto e = normalise("INTERACTION_CREATE", click, 0, kStamp);
  ASSERT_TRUE(e) << "DM clicks are the onboarding wizard's: they must reach the worker";
  EXPECT_EQ(e->event_type, "interaction.button") << "routed like any interaction (interaction.# -> arrakis.interactions)";
  EXPECT_EQ(e->priority, 8);
  EXPECT_EQ(e->guild_id, "");
  const json b = body(*e);
  EXPECT_FALSE(b.contains("guildId")) << b.dump();
  EXPECT_EQ(b["userId"], "80351110224678912");
  EXPECT_EQ(b["channelId"], "555");
  EXPECT_EQ(b["interactionToken"], "A_UNIQUE_TOKEN");
  EXPECT_EQ(b["data"]["dm"], true);
  EXPECT_EQ(b["data"]["messageId"], "4242");
  EXPECT_EQ(b["data"]["userName"], "Nelly");
  EXPECT_EQ(b["data"]["memberRoles"], json::array());
  EXPECT_EQ(b["data"]["memberPermissions"], "0") << "no member, no permissions";

  json submit_data = {{"custom_id", "onboard:nym"},
                      {"components", {{{"type", 18}, {"id", 1}, {"component", {{"type", 4}, {"id", 2}, {"custom_id", "nym"}, {"value", "Usul"}}}}}}};
  json submit = dm_interaction(5, submit_data);
  submit["message"] = {{"id", "4242"}};
  auto modal = normalise("INTERACTION_CREATE", submit, 0, kStamp);
  ASSERT_TRUE(modal);
  EXPECT_EQ(modal->event_type, "interaction.modal");
  EXPECT_EQ(body(*modal)["data"]["fields"], (json{{"nym", "Usul"}}));
  EXPECT_EQ(body(*modal)["data"]["dm"], true);
  EXPECT_EQ(body(*modal)["userId"], "80351110224678912");

  auto command = normalise("INTERACTION_CREATE", dm_interaction(2, {{"name", "profile"}}), 0, kStamp);
  ASSERT_TRUE(command);
  EXPECT_EQ(command->event_type, "interaction.command.profile");
  EXPECT_EQ(body(*command)["data"]["dm"], true);
}

TEST(Normaliser, PingsDmMessagesAndDmInteractionsWithoutAUserAreNotForwarded) {
  json anonymous = dm_interaction(3, {{"custom_id", "x"}, {"component_type", 2}});
  anonymous.erase("user");
  EXPECT_FALSE(normalise("INTERACTION_CREATE", anonymous, 0, kStamp));
  EXPECT_FALSE(normalise("INTERACTION_CREATE", interaction(1, json::object()), 0, kStamp));
  EXPECT_FALSE(normalise("MESSAGE_CREATE",
                         {{"id", "5"}, {"channel_id", "6"}, {"author", {{"id", "7"}}}, {"content", "hi"}}, 0, kStamp));
}

TEST(Normaliser, MessageCreateIsMetadataOnlyAndBotsAreFiltered) {
  json m = {{"id", "5"}, {"channel_id", "6"}, {"guild_id", "8"}, {"author", {{"id", "7"}, {"username", "x"}}},
            {"content", "the spice must flow"}, {"attachments", {{{"id", "1"}}, {{"id", "2"}}}},
            {"type", 19}, {"message_reference", {{"message_id", "4"}}}, {"embeds", json::array()}};
  auto e = normalise("MESSAGE_CREATE", m, 1, kStamp);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->event_type, "message.create");
  EXPECT_EQ(e->priority, 1);
  EXPECT_EQ(e->body.find("spice"), std::string::npos) << "content must never be forwarded";
  const json b = body(*e);
  EXPECT_EQ(b["userId"], "7");
  EXPECT_EQ(b["data"], (json{{"messageId", "5"}, {"channelId", "6"}, {"authorId", "7"}, {"isReply", true},
                             {"attachmentCount", 2}, {"length", 19}}));

  m["author"]["bot"] = true;
  EXPECT_FALSE(normalise("MESSAGE_CREATE", m, 1, kStamp));
  m["author"].erase("bot");
  m["webhook_id"] = "3";
  EXPECT_FALSE(normalise("MESSAGE_CREATE", m, 1, kStamp));
}

TEST(Normaliser, MemberEvents) {
  json add = member("11");
  add["guild_id"] = "8";
  add["nick"] = "Muad'Dib";
  add["pending"] = true;
  auto join = normalise("GUILD_MEMBER_ADD", add, 0, kStamp);
  ASSERT_TRUE(join);
  EXPECT_EQ(join->event_type, "member.join");
  EXPECT_EQ(join->priority, 5);
  EXPECT_EQ(body(*join)["data"], (json{{"userId", "11"}, {"username", "mason"}, {"displayName", "Muad'Dib"},
                                       {"joinedAt", "2017-03-13T19:19:14.040000+00:00"}, {"pending", true},
                                       {"roles", {"1"}}}));

  auto leave = normalise("GUILD_MEMBER_REMOVE", {{"guild_id", "8"}, {"user", {{"id", "11"}, {"username", "mason"}}}}, 0, kStamp);
  ASSERT_TRUE(leave);
  EXPECT_EQ(leave->event_type, "member.leave");
  EXPECT_EQ(body(*leave)["data"], (json{{"userId", "11"}, {"username", "mason"}}));

  // No cache: every update is forwarded with the full current role list; the worker diffs.
  auto update = normalise("GUILD_MEMBER_UPDATE",
                          {{"guild_id", "8"}, {"user", {{"id", "11"}, {"username", "mason"}}}, {"roles", {"1", "2"}}, {"nick", "Usul"}},
                          0, kStamp);
  ASSERT_TRUE(update);
  EXPECT_EQ(update->event_type, "member.update");
  EXPECT_EQ(update->priority, 5);
  EXPECT_EQ(body(*update)["data"]["newNickname"], "Usul");
  EXPECT_EQ(body(*update)["data"]["currentRoles"], (json{"1", "2"}));
  EXPECT_EQ(body(*update)["userId"], "11");
}

TEST(Normaliser, GuildJoinAndLeaveButNotOutages) {
  auto join = normalise("GUILD_CREATE", {{"id", "8"}, {"name", "Sietch"}, {"member_count", 120}, {"members", json::array()}}, 2, kStamp);
  ASSERT_TRUE(join);
  EXPECT_EQ(join->event_type, "guild.join");
  EXPECT_EQ(join->priority, 4);
  EXPECT_EQ(body(*join)["data"], (json{{"guildId", "8"}, {"name", "Sietch"}, {"memberCount", 120}}));
  EXPECT_FALSE(normalise("GUILD_CREATE", {{"id", "8"}, {"unavailable", true}}, 2, kStamp));

  auto leave = normalise("GUILD_DELETE", {{"id", "8"}}, 2, kStamp);
  ASSERT_TRUE(leave);
  EXPECT_EQ(leave->event_type, "guild.leave");
  EXPECT_EQ(body(*leave)["data"], (json{{"guildId", "8"}, {"unavailable", false}}));
  EXPECT_FALSE(normalise("GUILD_DELETE", {{"id", "8"}, {"unavailable", true}}, 2, kStamp));
}

TEST(Normaliser, ReactionAdd) {
  json r = {{"guild_id", "8"}, {"channel_id", "6"}, {"message_id", "5"}, {"user_id", "11"},
            {"emoji", {{"id", "77"}, {"name", "spice"}}}, {"message_author_id", "12"}, {"member", member("11")}};
  auto e = normalise("MESSAGE_REACTION_ADD", r, 0, kStamp);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->event_type, "reaction.add");
  EXPECT_EQ(e->priority, 1);
  EXPECT_EQ(body(*e)["data"], (json{{"messageId", "5"}, {"channelId", "6"}, {"userId", "11"}, {"emoji", "spice:77"},
                                    {"messageAuthorId", "12"}}));
  r["member"]["user"]["bot"] = true;
  EXPECT_FALSE(normalise("MESSAGE_REACTION_ADD", r, 0, kStamp));
}

TEST(Normaliser, UnusedEventsAreIgnored) {
  EXPECT_FALSE(normalise("READY", {{"session_id", "s"}}, 0, kStamp));
  EXPECT_FALSE(normalise("PRESENCE_UPDATE", {{"guild_id", "8"}}, 0, kStamp));
  EXPECT_FALSE(normalise("TYPING_START", {{"guild_id", "8"}}, 0, kStamp));
}
