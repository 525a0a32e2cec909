// arrakis-ingestor end to end: discord-sim (in-process) -> the real program -> the real broker.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <thread>

#include "arrakis/discord_sim/gateway_server.hpp"
#include "arrakis/topology.hpp"
#include "arrakis/testing/servers.hpp"
#include "ingestor_fixture.hpp"

using namespace arrakis::ingestor::testing;
using nlohmann::json;

namespace {

const std::string kInteractions(arrakis::topology::kInteractionsQueue);
const std::string kGuildEvents(arrakis::topology::kGuildEventsQueue);

json member_of(std::uint64_t user_id, bool bot = false) {
  json user = {{"id", std::to_string(user_id)}, {"username", "user" + std::to_string(user_id % 1000)}};
  if (bot) user["bot"] = true;
  return {{"user", user}, {"roles", json::array()}, {"permissions", "8"}, {"joined_at", "2024-01-01T00:00:00+00:00"}};
}

json interaction(int type, std::uint64_t guild, std::uint64_t user, json data, const std::string& id) {
  return {{"id", id}, {"application_id", "1"}, {"type", type}, {"token", "tok-" + id}, {"guild_id", std::to_string(guild)},
          {"channel_id", "55"}, {"member", member_of(user)}, {"locale", "en-US"}, {"data", std::move(data)}, {"version", 1}};
}

json message(std::uint64_t guild, std::uint64_t author, const std::string& id, bool bot = false) {
  json a = {{"id", std::to_string(author)}, {"username", "a"}};
  if (bot) a["bot"] = true;
  return {{"id", id}, {"channel_id", "55"}, {"guild_id", std::to_string(guild)}, {"author", a},
          {"content", "the secret spice recipe"}, {"attachments", json::array()}, {"type", 0}};
}

std::int64_t header_int(const arrakis::amqp::Message& m, const char* name) {
  auto it = m.headers.find(name);
  return it == m.headers.end() ? -1 : std::get<std::int64_t>(it->second);
}

// The rabbitmqctl of the broker `tools/dev` started for this run (its state dir and ports).
int rabbitmqctl(const std::string& command) {
  const char* state = std::getenv("ARRAKIS_DEV_STATE_DIR");
  const char* amqp_port = std::getenv("ARRAKIS_DEV_AMQP_PORT");
  const char* epmd_port = std::getenv("ARRAKIS_DEV_EPMD_PORT");
  if (!state || !amqp_port || !epmd_port) {
    ADD_FAILURE() << "ARRAKIS_DEV_STATE_DIR, ARRAKIS_DEV_AMQP_PORT and ARRAKIS_DEV_EPMD_PORT are required "
                     "(tools/dev test exports them)";
    return -1;
  }
  const std::string cmd = std::string("HOME=") + state + "/rabbitmq/home RABBITMQ_NODENAME=arrakis" + amqp_port +
                          "@localhost ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=" + epmd_port +
                          " /usr/lib/rabbitmq/bin/rabbitmqctl -q " + command + " >/dev/null 2>&1";
  return std::system(cmd.c_str());
}

}  // namespace

// A DM click (the onboarding wizard's) has no guild: it reaches shard 0 and is routed like any
// interaction, to arrakis.interactions, with its user and data.dm.
TEST_F(IngestorTest, ADmInteractionLandsInTheInteractionsQueueWithItsUser) {
  start_sim(1);
  start_ingestor();
  const auto u = human(guild(0));
  json click = interaction(3, 0, u, {{"custom_id", "onboard:next"}, {"component_type", 2}}, "3001");
  click.erase("guild_id");
  click.erase("member");
  click["user"] = {{"id", std::to_string(u)}, {"username", "nelly"}, {"global_name", nullptr}};
  click["channel"] = {{"id", "55"}, {"type", 1}};
  click["message"] = {{"id", "3000"}, {"channel_id", "55"}};
  dispatch("INTERACTION_CREATE", std::nullopt, click);
  auto got = drain(kInteractions, 1);
  ASSERT_EQ(got.size(), 1u) << ingestor->log();
  const auto& r = got[0];
  EXPECT_EQ(r.message.routing_key, "interaction.button");
  EXPECT_EQ(r.message.priority, 8);
  EXPECT_EQ(std::get<std::string>(r.message.headers.at("guildId")), "");
  EXPECT_FALSE(r.body.contains("guildId"));
  EXPECT_EQ(r.body["userId"], std::to_string(u));
  EXPECT_EQ(r.body["data"]["dm"], true);
  EXPECT_EQ(r.body["data"]["userName"], "nelly");
  EXPECT_EQ(r.body["data"]["messageId"], "3000");
}

TEST_F(IngestorTest, EveryEventKindLandsInItsQueueWithItsPriorityAndPayload) {
  start_sim(2);
  start_ingestor();
  // GUILD_CREATE after READY: one guild.join per guild.
  auto joins = drain(kGuildEvents, 2);
  ASSERT_EQ(joins.size(), 2u) << ingestor->log();
  for (const auto& j : joins) {
    EXPECT_EQ(j.message.routing_key, "guild.join");
    EXPECT_EQ(j.message.priority, 4);
  }

  const auto g = guild(0);
  const auto u = human(g);
  dispatch("INTERACTION_CREATE", g,
           interaction(2, g, u, {{"id", "9"}, {"name", "stats"}, {"type", 1},
                                 {"options", {{{"type", 1}, {"name", "me"}, {"options", {{{"type", 5}, {"name", "public"}, {"value", true}}}}}}}},
                       "1001"));
  dispatch("INTERACTION_CREATE", g, interaction(3, g, u, {{"custom_id", "dir:next"}, {"component_type", 2}}, "1002"));
  dispatch("INTERACTION_CREATE", g,
           interaction(3, g, u, {{"custom_id", "alerts:set"}, {"component_type", 3}, {"values", {"naib"}}}, "1003"));
  dispatch("INTERACTION_CREATE", g,
           interaction(5, g, u, {{"custom_id", "takeover:1"},
                                 {"components", {{{"type", 18}, {"component", {{"type", 4}, {"custom_id", "why"}, {"value", "x"}}}}}}},
                       "1004"));
  dispatch("INTERACTION_CREATE", g,
           interaction(4, g, u, {{"name", "profile"}, {"options", {{{"type", 3}, {"name", "nym"}, {"value", "mu"}, {"focused", true}}}}},
                       "1005"));
  json add = member_of(777);
  add["guild_id"] = std::to_string(g);
  dispatch("GUILD_MEMBER_ADD", g, add);
  dispatch("GUILD_MEMBER_UPDATE", g, {{"guild_id", std::to_string(g)}, {"user", add["user"]}, {"roles", {"5"}}, {"nick", "Usul"}});
  dispatch("GUILD_MEMBER_REMOVE", g, {{"guild_id", std::to_string(g)}, {"user", add["user"]}});
  dispatch("MESSAGE_CREATE", g, message(g, u, "2001"));
  dispatch("MESSAGE_CREATE", g, message(g, u, "2002", /*bot=*/true));  // filtered
  json dm = message(g, u, "2003");
  dm.erase("guild_id");
  dispatch("MESSAGE_CREATE", std::nullopt, dm);  // a DM: filtered
  dispatch("MESSAGE_REACTION_ADD", g,
           {{"guild_id", std::to_string(g)}, {"channel_id", "55"}, {"message_id", "2001"}, {"user_id", std::to_string(u)},
            {"emoji", {{"id", nullptr}, {"name", "🔥"}}}, {"member", member_of(u)}});
  dispatch("GUILD_DELETE", g, {{"id", std::to_string(g)}, {"unavailable", true}});  // outage: filtered
  dispatch("GUILD_DELETE", g, {{"id", std::to_string(g)}});

  auto interactions = drain(kInteractions, 5);
  ASSERT_EQ(interactions.size(), 5u) << ingestor->log();
  std::map<std::string, Received> by_type;
  for (auto& r : interactions) by_type[r.message.routing_key] = r;
  const std::map<std::string, int> expected_priority{{"interaction.command.stats", 10}, {"interaction.button", 8},
                                                     {"interaction.select", 8}, {"interaction.modal", 8},
                                                     {"interaction.autocomplete", 6}};
  for (const auto& [type, priority] : expected_priority) {
    ASSERT_TRUE(by_type.count(type)) << type;
    const auto& r = by_type[type];
    EXPECT_EQ(r.message.priority, priority) << type;
    EXPECT_EQ(r.body["eventType"], type);
    EXPECT_EQ(r.message.message_id, r.body["eventId"]);
    EXPECT_EQ(header_int(r.message, "shardId"), 0);
    EXPECT_EQ(std::get<std::string>(r.message.headers.at("guildId")), std::to_string(g));
    EXPECT_EQ(r.body["guildId"], std::to_string(g));
    EXPECT_EQ(r.body["userId"], std::to_string(u));
    EXPECT_EQ(r.body["channelId"], "55");
    EXPECT_EQ(r.body["interactionToken"], "tok-" + r.body["interactionId"].get<std::string>());
  }
  EXPECT_EQ(by_type["interaction.command.stats"].body["data"]["subcommand"], "me");
  EXPECT_EQ(by_type["interaction.command.stats"].body["data"]["options"], (json{{"public", true}}));
  EXPECT_EQ(by_type["interaction.select"].body["data"]["values"], (json{"naib"}));
  EXPECT_EQ(by_type["interaction.modal"].body["data"]["fields"], (json{{"why", "x"}}));
  EXPECT_EQ(by_type["interaction.autocomplete"].body["data"]["focusedOption"], "nym");

  auto events = drain(kGuildEvents, 6);
  std::vector<std::string> types;
  for (const auto& e : events) {
    types.push_back(e.message.routing_key);
    EXPECT_EQ(e.message.body.find("secret spice"), std::string::npos) << "message content must never be forwarded";
  }
  EXPECT_EQ(types, (std::vector<std::string>{"member.join", "member.update", "member.leave", "message.create",
                                             "reaction.add", "guild.leave"}));
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[0].message.priority, 5);
  EXPECT_EQ(events[3].message.priority, 1);
  EXPECT_EQ(events[3].body["data"]["messageId"], "2001");
  EXPECT_EQ(events[4].message.priority, 1);
  EXPECT_EQ(events[5].message.priority, 4);
  EXPECT_EQ(events[1].body["data"]["currentRoles"], (json{"5"}));
  // Nothing else arrives: the bot message, the DM and the outage were filtered.
  EXPECT_TRUE(drain(kGuildEvents, 1, std::chrono::milliseconds(500)).empty());
  EXPECT_EQ(stop_ingestor(), 0) << ingestor->log();
}

TEST_F(IngestorTest, DroppedSocketResumesWithNoGapAndNoDuplicate) {
  start_sim(1);
  start_ingestor();
  ASSERT_EQ(drain(kGuildEvents, 1).size(), 1u);
  const auto g = guild(0);
  const auto u = human(g);
  constexpr int kCount = 3000;
  std::thread producer([&] {
    for (int i = 0; i < kCount; ++i) {
      dispatch("MESSAGE_CREATE", g, message(g, u, std::to_string(100000 + i)));
      if (i == kCount / 3 || i == 2 * kCount / 3) sim->gateway().drop_sockets();
    }
  });
  producer.join();
  auto events = drain(kGuildEvents, kCount, std::chrono::seconds(60));
  std::set<std::string> ids;
  for (const auto& e : events) ids.insert(e.body["data"]["messageId"].get<std::string>());
  EXPECT_EQ(events.size(), static_cast<std::size_t>(kCount)) << "every message exactly once";
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kCount)) << "no duplicate";
  EXPECT_TRUE(drain(kGuildEvents, 1, std::chrono::milliseconds(500)).empty()) << "no duplicate after the last";
  EXPECT_GE(metric("arrakis_ingestor_gateway_resumes_total{shard=\"0\"}"), 1);
  EXPECT_EQ(metric("arrakis_ingestor_gateway_identifies_total{shard=\"0\"}"), 1) << "a drop resumes, never re-identifies";
  EXPECT_EQ(stop_ingestor(), 0) << ingestor->log();
}

TEST_F(IngestorTest, InvalidSessionLeadsToAFreshIdentify) {
  start_sim(1);
  start_ingestor();
  ASSERT_EQ(drain(kGuildEvents, 1).size(), 1u);
  sim->gateway().send_invalid_session(false);
  ASSERT_TRUE(wait_for([&] { return metric("arrakis_ingestor_gateway_identifies_total{shard=\"0\"}") >= 2; }))
      << ingestor->log();
  // The new session starts over: READY, then GUILD_CREATE again (the worker upserts idempotently).
  auto rejoin = drain(kGuildEvents, 1);
  ASSERT_EQ(rejoin.size(), 1u);
  EXPECT_EQ(rejoin[0].message.routing_key, "guild.join");
  const auto g = guild(0);
  dispatch("MESSAGE_CREATE", g, message(g, human(g), "4242"));
  auto after = drain(kGuildEvents, 1);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].body["data"]["messageId"], "4242");
  EXPECT_EQ(stop_ingestor(), 0) << ingestor->log();
}

// A buggy or hostile gateway: a string op, 100,000 nested arrays, a READY whose fields have the
// wrong types. Each drops the connection (counted), the shard resumes, and no event is lost.
TEST_F(IngestorTest, HostilePayloadsDropTheConnectionButNeverTheProcess) {
  start_sim(1);
  start_ingestor();
  ASSERT_EQ(drain(kGuildEvents, 1).size(), 1u);
  const std::string errors = "arrakis_ingestor_gateway_protocol_errors_total{shard=\"0\"}";
  const std::vector<std::string> hostile = {
      R"({"op":"0","d":null})",
      std::string(100000, '[') + std::string(100000, ']'),
      R"({"op":0,"t":"READY","s":"x","d":{"session_id":5}})",
  };
  for (std::size_t i = 0; i < hostile.size(); ++i) {
    sim->gateway().send_raw(hostile[i]);
    ASSERT_TRUE(wait_for([&] { return metric(errors) >= static_cast<double>(i + 1); })) << i << ingestor->log();
    // Back on a session before the next one (the payload is sent to live connections only).
    ASSERT_TRUE(wait_for([&] { return metric("arrakis_ingestor_gateway_resumes_total{shard=\"0\"}") >= static_cast<double>(i + 1); }))
        << i << ingestor->log();
  }
  const auto g = guild(0);
  dispatch("MESSAGE_CREATE", g, message(g, human(g), "7777"));
  auto after = drain(kGuildEvents, 1);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].body["data"]["messageId"], "7777");
  EXPECT_EQ(metric("arrakis_ingestor_gateway_identifies_total{shard=\"0\"}"), 1) << "each drop resumed the session";
  EXPECT_EQ(stop_ingestor(), 0) << ingestor->log();
}

TEST_F(IngestorTest, BrokerRestartDuringABurstLosesNoEvent) {
  start_sim(1);
  start_ingestor({{"ARRAKIS_INGESTOR_BUFFER", "2000"}});  // small: the burst also exercises back-pressure
  ASSERT_EQ(drain(kGuildEvents, 1).size(), 1u);
  broker.reset();  // our own connection would be closed by stop_app
  const auto g = guild(0);
  const auto u = human(g);
  constexpr int kCount = 10000;
  std::thread producer([&] {
    // Paced over ~5 s so the broker goes away and comes back in the middle of the burst.
    for (int i = 0; i < kCount; ++i) {
      dispatch("MESSAGE_CREATE", g, message(g, u, std::to_string(500000 + i)));
      if (i % 10 == 9) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  ASSERT_EQ(rabbitmqctl("stop_app"), 0);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  ASSERT_EQ(rabbitmqctl("start_app"), 0);
  producer.join();
  ASSERT_TRUE(wait_for([&] {
    try {
      broker = std::make_unique<arrakis::amqp::Connection>(arrakis::amqp::Connection::open(arrakis::testing::rabbitmq_url()));
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }, std::chrono::seconds(30)));
  // Count distinct ids, not messages: copies must not hide a missing event.
  std::set<std::string> ids;
  std::size_t copies = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (ids.size() < static_cast<std::size_t>(kCount) && std::chrono::steady_clock::now() < deadline) {
    for (const auto& e : drain(kGuildEvents, kCount - ids.size(), std::chrono::seconds(2))) {
      copies += ids.insert(e.body["data"]["messageId"].get<std::string>()).second ? 0 : 1;
    }
  }
  RecordProperty("copies", static_cast<int>(copies));
  // At-least-once: publishes unconfirmed when the broker went away are sent again, so a copy may
  // exist (the worker's idempotency key removes it); none may be missing.
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kCount)) << ingestor->log();
  EXPECT_GE(metric("arrakis_ingestor_publish_errors_total"), 1);
  EXPECT_EQ(stop_ingestor(), 0) << ingestor->log();
}

TEST_F(IngestorTest, WrongTokenStopsWithAClearFatalError) {
  start_sim(1);
  http_port = arrakis::testing::free_port();
  log_path = std::string(::testing::TempDir()) + "ingestor-wrong-token.log";
  ingestor = std::make_unique<arrakis::testing::ChildProcess>(
      ARRAKIS_INGESTOR_BIN, std::vector<std::string>{},
      std::map<std::string, std::string>{{"RABBITMQ_URL", arrakis::testing::rabbitmq_url()},
                                         {"DISCORD_BOT_TOKEN", "not-the-token"},
                                         {"DISCORD_APPLICATION_ID", "1"},
                                         {"DISCORD_GATEWAY_URL", sim->gateway_url()},
                                         {"ARRAKIS_SHARDS", "0..0 of 1"},
                                         {"ARRAKIS_INGESTOR_HTTP_PORT", std::to_string(http_port)},
                                         {"ARRAKIS_LOG_FORMAT", "text"}},
      log_path);
  EXPECT_EQ(ingestor->wait(), 1);
  const std::string log = ingestor->log();
  EXPECT_NE(log.find("4004"), std::string::npos) << log;
  EXPECT_NE(log.find("DISCORD_BOT_TOKEN"), std::string::npos) << log;
  EXPECT_EQ(log.find("not-the-token"), std::string::npos) << "the token must never be logged";
}
