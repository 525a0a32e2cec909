// The Scheduler without Redis: configuration errors, and firings skipped (never run) when the lock
// cannot be taken because Redis is not there. Uses a fake clock; a closed port on 127.0.0.1.
#include <gtest/gtest.h>

#include <atomic>

#include "arrakis/scheduler.hpp"
#include "arrakis/testing/child_process.hpp"
#include "arrakis/testing/fake_clock.hpp"
#include "utc.hpp"

using namespace std::chrono_literals;
using arrakis::sched::ScheduleEntry;
using arrakis::sched::Scheduler;
using arrakis::testing::eventually;
using arrakis::testing::FakeClock;
using arrakis::testing::utc;

namespace {

arrakis::state::StateStore::Options nowhere() {
  arrakis::state::StateStore::Options options;
  options.redis_url = "redis://127.0.0.1:" + std::to_string(arrakis::testing::free_port());
  options.timeout = 200ms;
  return options;
}

std::string error_of(Scheduler& scheduler, std::vector<ScheduleEntry> entries) {
  try {
    scheduler.set_schedules(std::move(entries));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST(SchedulerConfig, BadCronNamesThePluginAndSchedule) {
  arrakis::state::StateStore store(nowhere());
  Scheduler scheduler(store, "replica", [](auto&&...) {});
  const auto message = error_of(scheduler, {{"badges", "daily-check", "0 0 * * *"}, {"sync", "eligibility", "0 25 * * *"}});
  EXPECT_NE(message.find("plugin 'sync'"), std::string::npos) << message;
  EXPECT_NE(message.find("schedule 'eligibility'"), std::string::npos) << message;
  EXPECT_NE(message.find("hour field"), std::string::npos) << message;
}

TEST(SchedulerConfig, DuplicateScheduleIsRefused) {
  arrakis::state::StateStore store(nowhere());
  Scheduler scheduler(store, "replica", [](auto&&...) {});
  const auto message = error_of(scheduler, {{"badges", "daily", "0 0 * * *"}, {"badges", "daily", "0 1 * * *"}});
  EXPECT_NE(message.find("declared twice"), std::string::npos) << message;
  // The same name in two plugins is two schedules.
  EXPECT_EQ(error_of(scheduler, {{"badges", "daily", "0 0 * * *"}, {"digest", "daily", "0 1 * * *"}}), "(accepted)");
}

TEST(SchedulerRedisDown, FiringIsSkippedNeverRun) {
  arrakis::state::StateStore store(nowhere());
  FakeClock clock(utc("2030-01-01 00:00:30"));
  std::atomic<int> runs{0};
  Scheduler scheduler(store, "replica", [&](auto&&...) { ++runs; });
  scheduler.set_clock(clock.reader());
  scheduler.set_schedules({{"activity", "decay", "* * * * *"}});
  scheduler.start();

  for (int minute = 1; minute <= 2; ++minute) {
    clock.advance(60s);
    scheduler.clock_changed();
    ASSERT_TRUE(eventually([&] { return scheduler.stats().unavailable == static_cast<std::uint64_t>(minute); }))
        << "firing " << minute << " was not attempted";
  }
  EXPECT_EQ(runs.load(), 0);
  EXPECT_EQ(scheduler.stats().ran, 0u);
  scheduler.stop();
}

TEST(SchedulerRedisDown, MissedFiringsCollapseIntoTheLatest) {
  arrakis::state::StateStore store(nowhere());
  FakeClock clock(utc("2030-01-01 00:00:30"));
  Scheduler scheduler(store, "replica", [](auto&&...) {});
  scheduler.set_clock(clock.reader());
  scheduler.set_schedules({{"activity", "decay", "* * * * *"}});
  scheduler.start();
  clock.advance(10min);  // 00:10:30: ten firings due, only the latest is attempted
  scheduler.clock_changed();
  ASSERT_TRUE(eventually([&] { return scheduler.stats().unavailable == 1; }));
  EXPECT_EQ(scheduler.stats().missed, 9u);
}

TEST(SchedulerLifecycle, StopsWithoutSchedulesAndCanBeStoppedTwice) {
  arrakis::state::StateStore store(nowhere());
  Scheduler scheduler(store, "replica", [](auto&&...) {});
  scheduler.start();
  scheduler.start();  // once only
  scheduler.stop();
  scheduler.stop();
}
