// weekly-reset against the real database: counters of earlier weeks go back to 0 and move to this
// week; a counter of this week (alerts sent since the reset) is left alone, so a second run in
// the same ISO week changes nothing. (In the bench the item's SQL runs under the bench's
// community; in the worker the global item runs as the jobs role over every community.)
#include <gtest/gtest.h>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using namespace arrakis::sietch::testing;

namespace {

const std::string kThisWeek = "(date_trunc('week', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')";

class WeeklyResetJob : public ::testing::Test {
 protected:
  void SetUp() override { sietch = seed_sietch(bench); }
  void TearDown() override { clear_ranking(bench); }

  // Member n's counter, counted in the week starting `weeks_ago` Mondays back.
  void set_counter(int n, int sent, int weeks_ago) {
    bench.admin_exec("INSERT INTO notification_preferences (community_id, profile_id, alerts_sent_this_week, "
                     "  week_start_timestamp) VALUES ($1::uuid, $2::uuid, $3::int, " + kThisWeek +
                         " - make_interval(weeks => $4::int)) "
                         "ON CONFLICT (community_id, profile_id) DO UPDATE SET alerts_sent_this_week = "
                         "EXCLUDED.alerts_sent_this_week, week_start_timestamp = EXCLUDED.week_start_timestamp",
                     {bench.community_id(), sietch.profile_id(n), std::to_string(sent), std::to_string(weeks_ago)});
  }
  // "sent@weeks-ago" of member n's counter.
  std::string counter(int n) {
    const auto r = bench.admin_exec("SELECT alerts_sent_this_week, round(extract(epoch FROM " + kThisWeek +
                                        " - week_start_timestamp) / 604800)::int FROM notification_preferences "
                                        "WHERE profile_id = $1::uuid",
                                    {sietch.profile_id(n)});
    return r[0][0].as<std::string>() + "@" + r[0][1].as<std::string>();
  }

  PluginBench bench{"weekly-reset"};
  SeededSietch sietch;
};

}  // namespace

TEST_F(WeeklyResetJob, DeclaresAGlobalMondaySchedule) {
  const auto& schedules = bench.plugin().info().schedules;
  ASSERT_EQ(schedules.size(), 1u);
  EXPECT_EQ(schedules[0].name, "weekly-reset");
  EXPECT_EQ(schedules[0].cron, "0 0 * * 1");
  EXPECT_EQ(schedules[0].scope, static_cast<std::uint32_t>(ARRAKIS_SCHEDULE_GLOBAL));
}

TEST_F(WeeklyResetJob, CountersOfEarlierWeeksGoBackToZeroOncePerWeek) {
  set_counter(1, 3, 1);  // last week's cap used up
  set_counter(2, 7, 5);  // a counter nobody touched for weeks
  set_counter(3, 2, 0);  // already this week's: alerts counted since Monday
  const auto run = bench.job("weekly-reset");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(counter(1), "0@0");
  EXPECT_EQ(counter(2), "0@0");
  EXPECT_EQ(counter(3), "2@0") << "this week's count is not reset";

  // An alert counted after the reset, then the job again (a retry, a second firing): no change.
  set_counter(1, 1, 0);
  const auto again = bench.job("weekly-reset", 2);
  ASSERT_EQ(again.status, ARRAKIS_OK) << again.error;
  EXPECT_EQ(counter(1), "1@0");
  EXPECT_EQ(counter(3), "2@0");
}
