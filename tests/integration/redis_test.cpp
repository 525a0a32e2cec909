// hiredis wrapper against the real Redis started by `tools/dev services`.
#include <gtest/gtest.h>

#include <thread>

#include "arrakis/redis.hpp"
#include "arrakis/testing/servers.hpp"

using namespace arrakis::redis;
using namespace std::chrono_literals;

namespace {

Connection connect() {
  const auto url = arrakis::testing::redis_url();
  if (url.empty()) throw std::runtime_error("REDIS_URL not set");
  try {
    return Connection::open(url);
  } catch (const RedisError& e) {
    ADD_FAILURE() << "Redis is required and not reachable at REDIS_URL: " << e.what();
    throw;
  }
}

}  // namespace

TEST(Redis, SetWithTtlExpires) {
  auto c = connect();
  const auto key = arrakis::testing::unique_name("test:ttl");
  EXPECT_EQ(c.command({"SET", key, "v", "PX", "150"}).str, "OK");
  EXPECT_EQ(c.command({"GET", key}).str, "v");
  const auto ttl = c.command({"PTTL", key}).integer;
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 150);
  std::this_thread::sleep_for(300ms);
  EXPECT_TRUE(c.command({"GET", key}).is_nil());
}

TEST(Redis, BinarySafeValues) {
  auto c = connect();
  const auto key = arrakis::testing::unique_name("test:bin");
  const std::string value("a\0b\r\nc", 6);
  c.command({"SET", key, value, "EX", "30"});
  EXPECT_EQ(c.command({"GET", key}).str, value);
  c.command({"DEL", key});
}

TEST(Redis, PipelineReturnsRepliesInOrder) {
  auto c = connect();
  const auto key = arrakis::testing::unique_name("test:pipe");
  std::vector<std::vector<std::string>> cmds;
  for (int i = 0; i < 100; ++i) cmds.push_back({"INCR", key});
  cmds.push_back({"EXPIRE", key, "30"});
  cmds.push_back({"NOSUCHCOMMAND"});
  auto replies = c.pipeline(cmds);
  ASSERT_EQ(replies.size(), 102u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(replies[i].integer, i + 1);
  EXPECT_EQ(replies[100].integer, 1);
  EXPECT_TRUE(replies[101].is_error());
  EXPECT_FALSE(c.is_broken());
}

TEST(RedisUnavailable, ClosedPortIsAClearError) {
  EXPECT_THROW(Connection::open("redis://127.0.0.1:1", 500ms), RedisError);
}
