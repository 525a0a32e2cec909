// The gateway protocol as a client sees it (spec 1, checklist 2-5, 9).
#include <thread>

#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/event_factory.hpp"
#include "arrakis/discord_sim/gateway_server.hpp"
#include "sim_fixture.hpp"

namespace arrakis::discord_sim::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

class GatewayTest : public SimTest {};

// Waits until the session has sequenced `seq` dispatches (events are posted asynchronously).
void wait_for_seq(Simulator& sim, std::uint64_t seq) {
  for (int i = 0; i < 500; ++i) {
    const auto status = sim.gateway().status();
    for (const auto& s : status["sessions"]) {
      if (s["seq"].get<std::uint64_t>() >= seq) return;
    }
    std::this_thread::sleep_for(milliseconds(5));
  }
  FAIL() << "session never reached seq " << seq;
}

TEST_F(GatewayTest, HelloHeartbeatReadyAndGuildCreates) {
  auto o = test_options();
  o.heartbeat_ms = 1234;
  start(o);
  auto c = client();
  auto hello = c->read();
  ASSERT_TRUE(hello);
  EXPECT_EQ((*hello)["op"], 10);
  EXPECT_EQ((*hello)["d"]["heartbeat_interval"], 1234);
  EXPECT_TRUE((*hello)["s"].is_null());

  c->send({{"op", 1}, {"d", nullptr}});
  auto ack = c->read();
  ASSERT_TRUE(ack);
  EXPECT_EQ(*ack, json::parse(R"({"op":11,"d":null,"s":null,"t":null})"));

  c->send({{"op", 2}, {"d", {{"token", "Bot test-token"}, {"intents", kAllIntents}, {"properties", json::object()}}}});
  auto ready = c->read();
  ASSERT_TRUE(ready);
  EXPECT_EQ((*ready)["t"], "READY");
  EXPECT_EQ((*ready)["s"], 1);
  EXPECT_EQ((*ready)["d"]["resume_gateway_url"], sim->gateway_url());
  EXPECT_FALSE((*ready)["d"]["session_id"].get<std::string>().empty());
  EXPECT_EQ((*ready)["d"]["guilds"].size(), 4u);
  for (int i = 0; i < 4; ++i) {
    auto guild = c->read();
    ASSERT_TRUE(guild);
    EXPECT_EQ((*guild)["t"], "GUILD_CREATE");
    EXPECT_EQ((*guild)["s"], i + 2);
    EXPECT_FALSE((*guild)["d"]["roles"].empty());
  }
}

TEST_F(GatewayTest, GuildsAreRoutedToTheirShard) {
  auto o = test_options();
  o.time_factor = 1000;  // two IDENTIFYs in the same bucket, 5 ms apart
  start(o);
  std::size_t total = 0;
  for (int shard = 0; shard < 2; ++shard) {
    auto c = client();
    auto ready = c->identify("test-token", kAllIntents, std::make_pair(shard, 2));
    ASSERT_TRUE(ready);
    ASSERT_EQ((*ready)["t"], "READY") << ready->dump();
    EXPECT_EQ((*ready)["d"]["shard"], json({shard, 2}));
    for (const auto& g : (*ready)["d"]["guilds"]) {
      EXPECT_EQ((std::stoull(g["id"].get<std::string>()) >> 22) % 2, static_cast<unsigned>(shard));
    }
    total += (*ready)["d"]["guilds"].size();
    std::this_thread::sleep_for(milliseconds(10));  // the identify bucket (5 s / 1000)
  }
  EXPECT_EQ(total, 4u);
}

TEST_F(GatewayTest, ResumeReplaysExactlyTheMissedDispatches) {
  start();
  auto c = client();
  auto ready = c->identify("test-token", kAllIntents);
  ASSERT_TRUE(ready);
  const auto session_id = (*ready)["d"]["session_id"].get<std::string>();
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(c->read());
  const auto seen = c->last_seq();
  ASSERT_EQ(seen, 5u);
  c->close(4000);  // a resumable close

  // While the client is away, ten events happen in shard 0's guilds.
  std::mt19937_64 rng(7);
  const auto guild = sim->model().guild_ids()[0];
  std::vector<std::string> expected;
  for (int i = 0; i < 10; ++i) {
    auto d = sim->events().guild_message(guild, rng, false);
    ASSERT_TRUE(d);
    expected.push_back(json::parse(d->data)["id"].get<std::string>());
    sim->gateway().dispatch(*d);
  }
  wait_for_seq(*sim, seen + 10);

  auto again = client();
  ASSERT_EQ((*again->read())["op"], 10);
  again->send({{"op", 6}, {"d", {{"token", "test-token"}, {"session_id", session_id}, {"seq", seen}}}});
  for (std::size_t i = 0; i < expected.size(); ++i) {
    auto p = again->read();
    ASSERT_TRUE(p);
    EXPECT_EQ((*p)["t"], "MESSAGE_CREATE");
    EXPECT_EQ((*p)["s"], seen + 1 + i);
    EXPECT_EQ((*p)["d"]["id"], expected[i]);
  }
  auto resumed = again->read();
  ASSERT_TRUE(resumed);
  EXPECT_EQ((*resumed)["t"], "RESUMED");
  EXPECT_EQ((*resumed)["s"], seen + 11);
}

TEST_F(GatewayTest, ResumeFailures) {
  start();
  auto c = client();
  auto ready = c->identify("test-token", kAllIntents);
  const auto session_id = (*ready)["d"]["session_id"].get<std::string>();
  c->close(4000);

  auto unknown = client();
  unknown->read();
  unknown->send({{"op", 6}, {"d", {{"token", "test-token"}, {"session_id", "nope"}, {"seq", 1}}}});
  auto invalid = unknown->read();
  ASSERT_TRUE(invalid);
  EXPECT_EQ(*invalid, json::parse(R"({"op":9,"d":false,"s":null,"t":null})"));

  auto future_seq = client();
  future_seq->read();
  future_seq->send({{"op", 6}, {"d", {{"token", "test-token"}, {"session_id", session_id}, {"seq", 999}}}});
  EXPECT_FALSE(future_seq->read());
  EXPECT_EQ(future_seq->close_code(), 4007);
}

TEST_F(GatewayTest, ClosedNormallyTheSessionCannotResume) {
  start();
  auto c = client();
  const auto session_id = (*c->identify("test-token", kAllIntents))["d"]["session_id"].get<std::string>();
  c->close(1000);
  std::this_thread::sleep_for(milliseconds(50));
  auto again = client();
  again->read();
  again->send({{"op", 6}, {"d", {{"token", "test-token"}, {"session_id", session_id}, {"seq", 1}}}});
  auto p = again->read();
  ASSERT_TRUE(p);
  EXPECT_EQ((*p)["op"], 9);
  EXPECT_EQ((*p)["d"], false);
}

// The two bucket tests slow the simulator's clock down (5 s bucket -> 100 s) so that a slow machine
// (a sanitizer build on two busy cores) cannot let the window pass between two IDENTIFYs.
constexpr double kSlowClock = 0.05;

TEST_F(GatewayTest, IdentifyFasterThanTheBucketIsRefused) {
  auto o = test_options();
  o.time_factor = kSlowClock;
  start(o);
  auto first = client();
  ASSERT_EQ((*first->identify("test-token", kAllIntents))["t"], "READY");
  auto second = client();
  auto refused = second->identify("test-token", kAllIntents);
  ASSERT_TRUE(refused);
  EXPECT_EQ((*refused)["op"], 9);
  EXPECT_EQ((*refused)["d"], false);
}

TEST_F(GatewayTest, MaxConcurrencyBucketsAreIndependent) {
  auto o = test_options();
  o.time_factor = kSlowClock;
  o.max_concurrency = 2;
  start(o);
  auto a = client();
  EXPECT_EQ((*a->identify("test-token", kAllIntents, std::make_pair(0, 2)))["t"], "READY");
  auto b = client();
  EXPECT_EQ((*b->identify("test-token", kAllIntents, std::make_pair(1, 2)))["t"], "READY");
  auto c = client();
  EXPECT_EQ((*c->identify("test-token", kAllIntents, std::make_pair(0, 2)))["op"], 9);
}

struct CloseCase {
  const char* name;
  std::string query;
  json payload;  // sent after HELLO (null = nothing)
  int expected;
};

class CloseCodeTest : public GatewayTest, public ::testing::WithParamInterface<CloseCase> {};

TEST_P(CloseCodeTest, ServerClosesWithTheChecklistCode) {
  auto o = test_options();
  o.enabled_privileged_intents = 1u << 1;  // MESSAGE_CONTENT not enabled in the "portal"
  start(o);
  const auto& tc = GetParam();
  GatewayClient c(sim->gateway_port(), tc.query);
  auto first = c.read();
  if (first && !tc.payload.is_null()) {
    if (tc.payload.is_string()) {
      c.send_text(tc.payload.get<std::string>());
    } else {
      c.send(tc.payload);
    }
    while (c.read()) {
    }
  }
  EXPECT_FALSE(c.timed_out());
  EXPECT_EQ(c.close_code(), tc.expected);
}

json identify_with(const std::string& token, json intents, json shard = nullptr) {
  json d = {{"token", token}, {"intents", intents}, {"properties", json::object()}};
  if (!shard.is_null()) d["shard"] = shard;
  return {{"op", 2}, {"d", d}};
}

INSTANTIATE_TEST_SUITE_P(
    Checklist, CloseCodeTest,
    ::testing::Values(
        CloseCase{"bad_token", "v=10&encoding=json", identify_with("wrong", 513), 4004},
        CloseCase{"undefined_intent", "v=10&encoding=json", identify_with("test-token", 1u << 30), 4013},
        CloseCase{"disallowed_intent", "v=10&encoding=json", identify_with("test-token", 1u << 15), 4014},
        CloseCase{"shard_out_of_range", "v=10&encoding=json", identify_with("test-token", 1, json({2, 2})), 4010},
        CloseCase{"bad_version", "v=8&encoding=json", nullptr, 4012},
        CloseCase{"bad_json", "v=10&encoding=json", json("{not json"), 4002},
        CloseCase{"too_large", "v=10&encoding=json", json(std::string(5000, ' ') + "{}"), 4002},
        CloseCase{"unknown_op", "v=10&encoding=json", json({{"op", 99}, {"d", nullptr}}), 4001},
        CloseCase{"not_authenticated", "v=10&encoding=json", json({{"op", 3}, {"d", json::object()}}), 4003}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(GatewayTest, SecondIdentifyCloses4005) {
  start();
  auto c = client();
  ASSERT_EQ((*c->identify("test-token", kAllIntents))["t"], "READY");
  c->send(identify_with("test-token", kAllIntents));
  while (c->read()) {
  }
  EXPECT_EQ(c->close_code(), 4005);
}

TEST_F(GatewayTest, MoreThanTheSendLimitCloses4008) {
  auto o = test_options();
  o.gateway_send_limit = 5;
  start(o);
  auto c = client();
  c->read();
  for (int i = 0; i < 6; ++i) c->send({{"op", 1}, {"d", nullptr}});
  while (c->read()) {
  }
  EXPECT_EQ(c->close_code(), 4008);
}

TEST_F(GatewayTest, MissedHeartbeatClosesResumably) {
  auto o = test_options();
  o.heartbeat_ms = 50;
  start(o);
  auto c = client();
  ASSERT_TRUE(c->read());
  EXPECT_FALSE(c->read(milliseconds(3000)));
  EXPECT_EQ(c->close_code(), 4000);
}

TEST_F(GatewayTest, ZlibStreamFramesInflateToTheJsonSent) {
  auto o = test_options();
  o.heartbeat_ms = 4321;
  start(o);
  GatewayClient c(sim->gateway_port(), "v=10&encoding=json&compress=zlib-stream");
  bool binary = false;
  auto raw = c.read_raw(milliseconds(5000), &binary);
  ASSERT_TRUE(raw);
  EXPECT_TRUE(binary);
  ASSERT_GE(raw->size(), 6u);
  EXPECT_EQ(static_cast<unsigned char>((*raw)[0]), 0x78);  // zlib header
  EXPECT_EQ(raw->substr(raw->size() - 4), std::string("\x00\x00\xff\xff", 4));
  ZlibStreamInflater inflater;
  auto hello = inflater.feed(*raw);
  ASSERT_TRUE(hello);
  EXPECT_EQ(*hello, R"({"op":10,"d":{"heartbeat_interval":4321},"s":null,"t":null})");
  // Later frames continue the same stream: the client's own inflater decodes READY and guilds.
  c.send({{"op", 2}, {"d", {{"token", "test-token"}, {"intents", kAllIntents}, {"properties", json::object()}}}});
  for (int i = 0; i < 5; ++i) {
    auto frame = c.read_raw(milliseconds(5000));
    ASSERT_TRUE(frame);
    auto text = inflater.feed(*frame);
    ASSERT_TRUE(text);
    const auto payload = json::parse(*text);
    EXPECT_EQ(payload["t"], i == 0 ? "READY" : "GUILD_CREATE");
  }
}

TEST_F(GatewayTest, IntentsFilterWhatASessionReceives) {
  auto o = test_options();
  o.guilds = 1;
  start(o);
  // Only GUILDS | GUILD_MESSAGES: no member events, blank message content, no DMs.
  auto c = client();
  ASSERT_EQ((*c->identify("test-token", 1 | 512))["t"], "READY");
  ASSERT_TRUE(c->read_until("GUILD_CREATE"));
  const auto guild = sim->model().guild_ids()[0];
  std::mt19937_64 rng(3);
  sim->gateway().dispatch(sim->events().member_add(guild, rng));
  sim->gateway().dispatch(*sim->events().direct_message(guild, rng));
  std::optional<Dispatch> message;
  while (!message || json::parse(message->data)["content"].get<std::string>().starts_with("<@")) {
    message = sim->events().guild_message(guild, rng, false);
  }
  sim->gateway().dispatch(*message);
  auto command = sim->events().random_command(guild, rng, "stats");
  sim->gateway().dispatch(command->dispatch);

  auto first = c->read();
  ASSERT_TRUE(first);
  EXPECT_EQ((*first)["t"], "MESSAGE_CREATE");
  EXPECT_EQ((*first)["d"]["content"], "");  // no MESSAGE_CONTENT
  EXPECT_TRUE((*first)["d"].contains("guild_id"));
  auto second = c->read();
  ASSERT_TRUE(second);
  EXPECT_EQ((*second)["t"], "INTERACTION_CREATE");  // needs no intent
  EXPECT_EQ((*second)["d"]["data"]["name"], "stats");
  EXPECT_TRUE((*second)["d"]["member"].contains("user"));
}

TEST_F(GatewayTest, ReconnectAndInvalidSessionOnDemand) {
  auto o = test_options();
  o.time_factor = 1000;  // two IDENTIFYs, and op 7's "close a few seconds later" in ms
  start(o);
  auto c = client();
  ASSERT_EQ((*c->identify("test-token", kAllIntents))["t"], "READY");
  ASSERT_TRUE(c->read_until("GUILD_CREATE"));
  for (int i = 0; i < 3; ++i) c->read();
  sim->gateway().request_heartbeat();
  auto hb = c->read();
  ASSERT_TRUE(hb);
  EXPECT_EQ((*hb)["op"], 1);
  sim->gateway().send_reconnect();
  auto reconnect = c->read();
  ASSERT_TRUE(reconnect);
  EXPECT_EQ(*reconnect, json::parse(R"({"op":7,"d":null,"s":null,"t":null})"));

  std::this_thread::sleep_for(milliseconds(10));  // the identify bucket (5 s / 1000)
  auto other = client();
  ASSERT_EQ((*other->identify("test-token", kAllIntents))["t"], "READY");
  for (int i = 0; i < 4; ++i) other->read();
  sim->gateway().send_invalid_session(false);
  auto invalid = other->read();
  ASSERT_TRUE(invalid);
  EXPECT_EQ((*invalid)["op"], 9);
}

}  // namespace
}  // namespace arrakis::discord_sim::testing
