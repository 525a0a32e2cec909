// Gateway protocol rules that need no socket: close codes, IDENTIFY buckets, the send limit,
// heartbeats and zombie detection, the shard range syntax.
#include <gtest/gtest.h>

#include "arrakis/config.hpp"
#include "arrakis/ingestor/close_code_policy.hpp"
#include "arrakis/ingestor/heartbeat_monitor.hpp"
#include "arrakis/ingestor/identify_limiter.hpp"
#include "arrakis/ingestor/send_limiter.hpp"
#include "arrakis/ingestor/uuid.hpp"
#include "arrakis/ingestor/websocket_transport.hpp"

using namespace arrakis::ingestor;
using namespace std::chrono_literals;

TEST(ClosePolicy, FollowsDiscordsTable) {
  EXPECT_EQ(close_action(std::nullopt), CloseAction::resume);
  for (int code : {4000, 4001, 4002, 4003, 4005, 4008, 1006}) EXPECT_EQ(close_action(code), CloseAction::resume) << code;
  for (int code : {4007, 4009, 1000, 1001}) EXPECT_EQ(close_action(code), CloseAction::reidentify) << code;
  for (int code : {4004, 4010, 4011, 4012, 4013, 4014}) {
    EXPECT_EQ(close_action(code), CloseAction::fatal) << code;
    EXPECT_NE(fatal_explanation(code).find(std::to_string(code)), std::string::npos);
  }
  EXPECT_NE(fatal_explanation(4004).find("DISCORD_BOT_TOKEN"), std::string::npos);
  EXPECT_NE(fatal_explanation(4014).find("privileged"), std::string::npos);
}

TEST(IdentifyLimiter, OnePerBucketPerWindow) {
  IdentifyLimiter limiter(2);
  const auto t0 = IdentifyLimiter::Clock::now();
  EXPECT_EQ(limiter.reserve(0, t0), t0);
  EXPECT_EQ(limiter.reserve(1, t0), t0);  // another bucket: same moment
  EXPECT_EQ(limiter.reserve(2, t0), t0 + 5s);  // bucket 0 again
  EXPECT_EQ(limiter.reserve(4, t0), t0 + 10s);
  EXPECT_EQ(limiter.reserve(3, t0), t0 + 5s);
  EXPECT_EQ(limiter.reserve(0, t0 + 60s), t0 + 60s);  // the window passed
}

TEST(IdentifyLimiter, TimeFactorShortensTheWindow) {
  IdentifyLimiter limiter(1, 100);
  const auto t0 = IdentifyLimiter::Clock::now();
  limiter.reserve(0, t0);
  EXPECT_EQ(limiter.reserve(1, t0), t0 + 50ms);
}

TEST(SendLimiter, KeepsRoomForHeartbeats) {
  SendLimiter limiter(120, 60s, 10);
  const auto t0 = SendLimiter::Clock::now();
  for (int i = 0; i < 110; ++i) {
    ASSERT_EQ(limiter.delay(false, t0), SendLimiter::Clock::duration::zero()) << i;
    limiter.record(t0 + std::chrono::milliseconds(i));
  }
  EXPECT_GT(limiter.delay(false, t0 + 200ms), SendLimiter::Clock::duration::zero());
  EXPECT_EQ(limiter.delay(true, t0 + 200ms), SendLimiter::Clock::duration::zero());
  for (int i = 0; i < 10; ++i) limiter.record(t0 + 300ms);
  // 120 in the window: even a heartbeat waits now, until the oldest send leaves it.
  EXPECT_EQ(limiter.delay(true, t0 + 300ms), t0 + 60s - (t0 + 300ms));
  EXPECT_EQ(limiter.sent_in_window(t0 + 300ms), 120);
  EXPECT_EQ(limiter.delay(false, t0 + 61s), SendLimiter::Clock::duration::zero());
}

TEST(Heartbeat, MissedAckMeansZombieUnlessReadingIsPaused) {
  HeartbeatMonitor hb;
  hb.start(1000ms);
  EXPECT_EQ(hb.first_delay(0.25), 250ms);
  const auto t0 = HeartbeatMonitor::Clock::now();
  EXPECT_TRUE(hb.beat_due(t0));
  hb.acknowledged(t0 + 30ms);
  ASSERT_TRUE(hb.latency());
  EXPECT_EQ(*hb.latency(), 30ms);
  EXPECT_TRUE(hb.beat_due(t0 + 1000ms));
  EXPECT_FALSE(hb.beat_due(t0 + 2000ms)) << "no ACK between two beats";
  EXPECT_TRUE(hb.beat_due(t0 + 2000ms, true)) << "excused while reading is paused";
}

TEST(ShardRange, ParsesTheOperatorSyntax) {
  auto r = arrakis::parse_shard_range("0..3 of 16");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->automatic);
  EXPECT_EQ(r->first, 0);
  EXPECT_EQ(r->last, 3);
  EXPECT_EQ(r->count, 16);
  auto one = arrakis::parse_shard_range("5 of 8");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->first, 5);
  EXPECT_EQ(one->last, 5);
  EXPECT_TRUE(arrakis::parse_shard_range("auto")->automatic);
  for (const char* bad : {"3..1 of 4", "0..4 of 4", "0..1", "a..b of 2", "0..1 of 0", "1 of 1", ""}) {
    EXPECT_FALSE(arrakis::parse_shard_range(bad)) << bad;
  }
}

TEST(IngestorConfig, NeedsNoDatabaseAndValidatesItsVariables) {
  std::map<std::string, std::string> vars{{"ARRAKIS_SHARDS", "0..1 of 2"}, {"ARRAKIS_INGESTOR_BUFFER", "500"},
                                          {"DISCORD_GATEWAY_URL", "ws://127.0.0.1:9999"}};
  auto env = [&](const std::string& n) -> std::optional<std::string> {
    auto it = vars.find(n);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  auto c = arrakis::Config::load(env, arrakis::ConfigNeeds{false});
  EXPECT_EQ(c.shards.count, 2);
  EXPECT_EQ(c.ingestor_buffer, 500);
  EXPECT_EQ(c.discord_gateway_url, "ws://127.0.0.1:9999");
  EXPECT_THROW(arrakis::Config::load(env), arrakis::ConfigError) << "the worker still needs DATABASE_URL";
  vars["ARRAKIS_SHARDS"] = "2..1 of 2";
  vars["ARRAKIS_GATEWAY_COMPRESS"] = "gzip";
  try {
    arrakis::Config::load(env, arrakis::ConfigNeeds{false});
    FAIL() << "expected ConfigError";
  } catch (const arrakis::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("ARRAKIS_SHARDS"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("ARRAKIS_GATEWAY_COMPRESS"), std::string::npos);
  }
}

TEST(GatewayUrl, PlainAndTls) {
  auto d = parse_gateway_url("wss://gateway.discord.gg/", "v=10&encoding=json");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->tls);
  EXPECT_EQ(d->host, "gateway.discord.gg");
  EXPECT_EQ(d->port, 443);
  EXPECT_EQ(d->target, "/?v=10&encoding=json");
  auto s = parse_gateway_url("ws://127.0.0.1:5123", "v=10");
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->tls);
  EXPECT_EQ(s->port, 5123);
  EXPECT_EQ(s->target, "/?v=10");
  EXPECT_FALSE(parse_gateway_url("http://x/"));
}

TEST(Uuid, IsVersion4AndUnique) {
  const auto a = uuid_v4(), b = uuid_v4();
  EXPECT_NE(a, b);
  ASSERT_EQ(a.size(), 36u);
  EXPECT_EQ(a[14], '4');
  EXPECT_NE(std::string("89ab").find(a[19]), std::string::npos);
  EXPECT_EQ(a[8], '-');
  EXPECT_EQ(a[23], '-');
}
