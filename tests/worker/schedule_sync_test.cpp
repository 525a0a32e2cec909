// ScheduleSync: schedules that appear at run time (a plugin loaded after start) are armed, and a
// set the scheduler refuses leaves the previous one in force. Redis is absent on purpose: a firing
// then counts as `unavailable`, which is how the test sees that it was armed.
#include <gtest/gtest.h>

#include <mutex>

#include "arrakis/testing/child_process.hpp"
#include "arrakis/testing/fake_clock.hpp"
#include "jobs/schedule_sync.hpp"

using namespace std::chrono_literals;
using arrakis::sched::ScheduleEntry;
using arrakis::testing::eventually;

TEST(ScheduleSync, ArmsSchedulesAddedAtRunTimeAndKeepsTheLastGoodSet) {
  arrakis::state::StateStore::Options options;
  options.redis_url = "redis://127.0.0.1:" + std::to_string(arrakis::testing::free_port());
  options.timeout = 200ms;
  arrakis::state::StateStore store(options);
  arrakis::testing::FakeClock clock(std::chrono::system_clock::time_point(1893456030s));  // 2030-01-01 00:00:30Z
  arrakis::sched::Scheduler scheduler(store, "replica", [](auto&&...) {});
  scheduler.set_clock(clock.reader());

  std::mutex mutex;
  std::vector<ScheduleEntry> declared;  // what the "plugins" declare right now
  arrakis::worker::ScheduleSync sync(scheduler, [&] {
    std::lock_guard lock(mutex);
    return declared;
  }, 1h);  // the test calls sync() itself
  sync.sync();
  scheduler.start();

  clock.advance(60s);
  scheduler.clock_changed();
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(scheduler.stats().considered(), 0u) << "nothing declared, nothing fires";

  {
    std::lock_guard lock(mutex);
    declared = {{"activity", "decay", "* * * * *"}};
  }
  sync.sync();
  clock.advance(60s);
  scheduler.clock_changed();
  ASSERT_TRUE(eventually([&] { return scheduler.stats().unavailable == 1; })) << "the new schedule was not armed";

  {
    std::lock_guard lock(mutex);
    declared = {{"activity", "decay", "61 * * * *"}};  // refused: minute out of range
  }
  sync.sync();
  clock.advance(60s);
  scheduler.clock_changed();
  EXPECT_TRUE(eventually([&] { return scheduler.stats().unavailable == 2; })) << "the last good set stays in force";
  scheduler.stop();
}
