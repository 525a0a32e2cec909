// Two Scheduler instances standing for two worker replicas, each with its own StateStore on the
// real Redis: every firing runs exactly once in total, with growing fencing tokens.
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>

#include "arrakis/scheduler.hpp"
#include "arrakis/testing/servers.hpp"
#include "arrakis/testing/fake_clock.hpp"
#include "utc.hpp"

using namespace std::chrono_literals;
using arrakis::sched::ScheduleEntry;
using arrakis::sched::Scheduler;
using arrakis::testing::eventually;
using arrakis::testing::FakeClock;
using arrakis::testing::utc;
using std::chrono::system_clock;

namespace {

struct Firing {
  std::string replica;
  std::string schedule;
  system_clock::time_point fired_at;
  std::int64_t fence;
};

class Replicas : public ::testing::Test {
 protected:
  void SetUp() override {
    arrakis::state::StateStore::Options options;
    options.redis_url = arrakis::testing::redis_url();
    ASSERT_FALSE(options.redis_url.empty());
    store_a_ = std::make_unique<arrakis::state::StateStore>(options);
    store_b_ = std::make_unique<arrakis::state::StateStore>(options);
    // A plugin name of our own: lock keys never meet those of an earlier run.
    plugin_ = arrakis::testing::unique_name("plugin");
    a_ = std::make_unique<Scheduler>(*store_a_, "replica-a", recorder("replica-a"));
    b_ = std::make_unique<Scheduler>(*store_b_, "replica-b", recorder("replica-b"));
    a_->set_clock(clock_.reader());
    b_->set_clock(clock_.reader(-20s));  // replica b's clock is 20 s late
  }

  Scheduler::RunFn recorder(std::string replica) {
    return [this, replica](const ScheduleEntry& entry, system_clock::time_point fired_at, std::int64_t fence) {
      std::lock_guard lock(mutex_);
      runs_.push_back(Firing{replica, entry.name, fired_at, fence});
      if (entry.name == "throws") throw std::runtime_error("job failed");
    };
  }

  // Moves the shared clock by one step and waits until both replicas have dealt with the firing.
  void tick(std::chrono::milliseconds step, std::uint64_t firings_per_replica) {
    clock_.advance(step);
    a_->clock_changed();
    b_->clock_changed();
    ASSERT_TRUE(eventually([&] {
      return a_->stats().considered() >= firings_per_replica && b_->stats().considered() >= firings_per_replica;
    })) << "replicas did not reach " << firings_per_replica << " firings";
  }

  std::vector<Firing> runs() {
    std::lock_guard lock(mutex_);
    return runs_;
  }

  FakeClock clock_{utc("2030-01-01 00:00:30")};
  std::unique_ptr<arrakis::state::StateStore> store_a_, store_b_;
  std::unique_ptr<Scheduler> a_, b_;
  std::string plugin_;
  std::mutex mutex_;
  std::vector<Firing> runs_;
};

}  // namespace

TEST_F(Replicas, EveryFiringRunsExactlyOnceAcrossReplicas) {
  a_->set_schedules({{plugin_, "sync", "* * * * *"}});
  b_->set_schedules({{plugin_, "sync", "* * * * *"}});
  a_->start();
  b_->start();
  constexpr int kMinutes = 12;
  for (int minute = 1; minute <= kMinutes; ++minute) tick(60s, static_cast<std::uint64_t>(minute));
  a_->stop();
  b_->stop();

  const auto all = runs();
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kMinutes));
  std::set<system_clock::time_point> fire_times;
  std::int64_t last_fence = 0;
  for (const auto& run : all) {
    fire_times.insert(run.fired_at);
    EXPECT_EQ(run.fired_at, std::chrono::floor<std::chrono::minutes>(run.fired_at)) << "fire times are whole minutes";
  }
  EXPECT_EQ(fire_times.size(), static_cast<std::size_t>(kMinutes)) << "a firing ran twice";
  EXPECT_EQ(*fire_times.begin(), utc("2030-01-01 00:01"));
  EXPECT_EQ(*fire_times.rbegin(), utc("2030-01-01 00:12"));
  // Fencing tokens grow with the fire time, whichever replica ran it.
  auto by_time = all;
  std::sort(by_time.begin(), by_time.end(), [](const Firing& x, const Firing& y) { return x.fired_at < y.fired_at; });
  for (const auto& run : by_time) {
    EXPECT_GT(run.fence, last_fence);
    last_fence = run.fence;
  }
  const auto stats_a = a_->stats(), stats_b = b_->stats();
  EXPECT_EQ(stats_a.ran + stats_b.ran, static_cast<std::uint64_t>(kMinutes));
  EXPECT_EQ(stats_a.lost + stats_b.lost, static_cast<std::uint64_t>(kMinutes));
  EXPECT_EQ(stats_a.unavailable + stats_b.unavailable, 0u);
}

TEST_F(Replicas, EverySixHoursOverTwoDays) {
  a_->set_schedules({{plugin_, "eligibility", "@every-6h"}, {plugin_, "digest", "0 0 * * *"}});
  b_->set_schedules({{plugin_, "eligibility", "@every-6h"}, {plugin_, "digest", "0 0 * * *"}});
  a_->start();
  b_->start();
  // Hour by hour for two days: 8 eligibility firings and 2 digests, each once.
  std::uint64_t expected = 0;
  for (int hour = 1; hour <= 48; ++hour) {
    const auto t = clock_.now() + 1h;
    if (std::chrono::floor<std::chrono::hours>(t - 30s).time_since_epoch() % 6h == 0h) ++expected;
    if (std::chrono::floor<std::chrono::hours>(t - 30s).time_since_epoch() % 24h == 0h) ++expected;
    tick(1h, expected);
  }
  std::map<std::string, std::set<system_clock::time_point>> by_schedule;
  for (const auto& run : runs()) {
    EXPECT_TRUE(by_schedule[run.schedule].insert(run.fired_at).second) << run.schedule << " ran twice";
  }
  EXPECT_EQ(by_schedule["eligibility"].size(), 8u);
  EXPECT_EQ(by_schedule["digest"].size(), 2u);
  EXPECT_EQ(runs().size(), 10u);
}

TEST_F(Replicas, AFailingJobIsCountedAndTheNextFiringStillRuns) {
  a_->set_schedules({{plugin_, "throws", "* * * * *"}});
  a_->start();
  tick(60s, 0);
  ASSERT_TRUE(eventually([&] { return a_->stats().ran == 1; }));
  clock_.advance(60s);
  a_->clock_changed();
  ASSERT_TRUE(eventually([&] { return a_->stats().ran == 2; }));
  EXPECT_EQ(a_->stats().failed, 2u);
  EXPECT_EQ(runs().size(), 2u);
}

TEST_F(Replicas, ReloadReplacesTheSchedules) {
  a_->set_schedules({{plugin_, "old", "* * * * *"}});
  a_->start();
  clock_.advance(60s);
  a_->clock_changed();
  ASSERT_TRUE(eventually([&] { return a_->stats().ran == 1; }));

  a_->set_schedules({{plugin_, "new", "*/2 * * * *"}});
  clock_.advance(60s);  // 00:02:30: "new" fires at 00:02 (and "old" would have at 00:02 too)
  a_->clock_changed();
  ASSERT_TRUE(eventually([&] { return a_->stats().ran == 2; }));
  clock_.advance(120s);  // 00:04:30: "new" at 00:04 ("old" would have at :03 and :04)
  a_->clock_changed();
  ASSERT_TRUE(eventually([&] { return a_->stats().ran == 3; }));
  EXPECT_EQ(a_->stats().missed, 0u);
  std::map<std::string, int> count;
  for (const auto& run : runs()) ++count[run.schedule];
  EXPECT_EQ(count["old"], 1);
  EXPECT_EQ(count["new"], 2);
}
