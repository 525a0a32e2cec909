// Guild events: each event's effects happen once, even when delivered twice or when the worker
// is killed mid-batch and restarted.
#include <gtest/gtest.h>

#include <thread>

#include "worker_harness.hpp"

using namespace arrakis::testing;
using namespace std::chrono_literals;

TEST(WorkerEvents, SameEventDeliveredTwiceHasItsEffectsOnce) {
  WorkerHarness h;
  h.start_worker();
  ASSERT_TRUE(h.wait_for_health(200, 30s)) << h.worker().log();
  h.publish_member_join("5001", "dup-event-" + std::to_string(::getpid()), true);
  h.publish_member_join("5001", "dup-event-" + std::to_string(::getpid()), true);
  h.publish_member_join("5002", "other-event-" + std::to_string(::getpid()), true);  // a marker that runs after
  for (int n = 0; n < 100 && h.audit_rows("5002") == 0; ++n) std::this_thread::sleep_for(100ms);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(h.audit_rows("5001"), 1);
  EXPECT_EQ(h.audit_rows("5002"), 1);
  EXPECT_EQ(h.queue_depth("arrakis.events.guild"), 0u);
}

TEST(WorkerEvents, KilledMidBatchThenRestartedProcessesEveryEventOnce) {
  WorkerHarness h;
  constexpr int kEvents = 300;
  const std::string run = std::to_string(::getpid());
  for (int n = 0; n < kEvents; ++n) h.publish_member_join(std::to_string(10000 + n), "kill-" + run + "-" + std::to_string(n), true);
  h.start_worker();
  for (int n = 0; n < 300 && h.audit_rows_total() < kEvents / 4; ++n) std::this_thread::sleep_for(20ms);
  h.kill_worker();
  const auto before_restart = h.audit_rows_total();
  EXPECT_LT(before_restart, kEvents) << "the kill should land mid-batch";
  h.start_worker();
  for (int n = 0; n < 600 && h.audit_rows_total() < kEvents; ++n) std::this_thread::sleep_for(100ms);
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(h.audit_rows_total(), kEvents) << h.worker().log();
  for (int n = 0; n < kEvents; ++n) ASSERT_EQ(h.audit_rows(std::to_string(10000 + n)), 1) << "user " << 10000 + n;
  EXPECT_EQ(h.queue_depth("arrakis.events.guild"), 0u);
  EXPECT_TRUE(h.drain_dlq().empty());
}
