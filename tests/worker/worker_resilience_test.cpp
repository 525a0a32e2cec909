// The worker under dependency outages: Redis paused, PostgreSQL stopped. It must not crash, must
// not lose a message, and its health must go 503 and back to 200 by itself.
#include <gtest/gtest.h>

#include <cstdlib>
#include <thread>

#include "arrakis/redis.hpp"
#include "arrakis/testing/servers.hpp"
#include "worker_harness.hpp"

using namespace arrakis::testing;
using namespace std::chrono_literals;

namespace {

// Runs `tools/dev services <verb> postgres` against the servers of this test run.
int postgres(const std::string& verb) {
  const char* root = std::getenv("ARRAKIS_DEV_ROOT");
  const char* offset = std::getenv("ARRAKIS_DEV_PORT_OFFSET");
  const char* state = std::getenv("ARRAKIS_DEV_STATE_DIR");
  if (!root || !offset || !state) {
    ADD_FAILURE() << "ARRAKIS_DEV_ROOT / ARRAKIS_DEV_PORT_OFFSET / ARRAKIS_DEV_STATE_DIR are not set: run through tools/dev test";
    return -1;
  }
  const std::string cmd = std::string("ARRAKIS_PORT_OFFSET=") + offset + " ARRAKIS_STATE_DIR=" + state + " " + root +
                          "/tools/dev services " + verb + " postgres > /dev/null 2>&1";
  return std::system(cmd.c_str());
}

}  // namespace

TEST(WorkerResilience, RedisPausedThenBack) {
  WorkerHarness h;
  h.start_worker();
  ASSERT_TRUE(h.wait_for_health(200, 30s)) << h.worker().log();
  {
    auto redis = arrakis::redis::Connection::open(redis_url());
    redis.command({"CLIENT", "PAUSE", "6000", "ALL"});
  }
  const std::string run = std::to_string(::getpid());
  for (int n = 0; n < 20; ++n) h.publish_member_join(std::to_string(20000 + n), "redis-" + run + "-" + std::to_string(n), true);
  EXPECT_TRUE(h.wait_for_health(503, 6s)) << "health must report Redis down";
  EXPECT_TRUE(h.worker().running());
  EXPECT_TRUE(h.wait_for_health(200, 30s)) << "health must recover by itself";
  for (int n = 0; n < 600 && h.audit_rows_total() < 20; ++n) std::this_thread::sleep_for(100ms);
  EXPECT_EQ(h.audit_rows_total(), 20) << "nothing lost";
  EXPECT_TRUE(h.drain_dlq().empty());
}

TEST(WorkerResilience, PostgresStoppedForTenSecondsThenBack) {
  WorkerHarness h;
  h.start_worker();
  ASSERT_TRUE(h.wait_for_health(200, 30s)) << h.worker().log();
  ASSERT_EQ(postgres("stop"), 0);
  const std::string run = std::to_string(::getpid());
  for (int n = 0; n < 20; ++n) h.publish_member_join(std::to_string(30000 + n), "pg-" + run + "-" + std::to_string(n), true);
  EXPECT_TRUE(h.wait_for_health(503, 10s)) << "health must report PostgreSQL down";
  std::this_thread::sleep_for(10s);
  EXPECT_TRUE(h.worker().running()) << h.worker().log();
  ASSERT_EQ(postgres("start"), 0);
  EXPECT_TRUE(h.wait_for_health(200, 30s)) << "health must recover by itself";
  for (int n = 0; n < 900 && h.audit_rows_total() < 20; ++n) std::this_thread::sleep_for(100ms);
  EXPECT_EQ(h.audit_rows_total(), 20) << "nothing lost: " << h.worker().log().substr(0, 4000);
  EXPECT_TRUE(h.drain_dlq().empty());
}
