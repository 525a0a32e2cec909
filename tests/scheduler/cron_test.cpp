// next_after over the calendar: steps, lists, ranges, names, aliases, month lengths, leap years,
// year ends and the Vixie day-of-month / day-of-week rule.
#include <gtest/gtest.h>

#include "arrakis/cron.hpp"
#include "utc.hpp"

using arrakis::sched::CronExpression;
using arrakis::testing::utc;
using arrakis::testing::utc_text;

namespace {

std::string next(const std::string& cron, const std::string& from) {
  return utc_text(CronExpression::parse(cron).next_after(utc(from)));
}

// The first `count` firings after `from`.
std::vector<std::string> firings(const std::string& cron, const std::string& from, int count) {
  const auto expression = CronExpression::parse(cron);
  std::vector<std::string> out;
  auto t = utc(from);
  for (int i = 0; i < count; ++i) {
    t = expression.next_after(t);
    out.push_back(utc_text(t));
  }
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST(CronNextAfter, IsStrictlyAfterAndIgnoresSeconds) {
  EXPECT_EQ(next("* * * * *", "2024-05-10 12:00"), "2024-05-10 12:01");
  EXPECT_EQ(next("* * * * *", "2024-05-10 12:00:59"), "2024-05-10 12:01");
  EXPECT_EQ(next("0 12 * * *", "2024-05-10 11:59:59"), "2024-05-10 12:00");
  EXPECT_EQ(next("0 12 * * *", "2024-05-10 12:00"), "2024-05-11 12:00");
}

TEST(CronNextAfter, StepsListsAndRanges) {
  EXPECT_EQ(firings("*/15 * * * *", "2024-05-10 10:07", 4),
            (Strings{"2024-05-10 10:15", "2024-05-10 10:30", "2024-05-10 10:45", "2024-05-10 11:00"}));
  EXPECT_EQ(firings("0,30 * * * *", "2024-05-10 10:00", 3),
            (Strings{"2024-05-10 10:30", "2024-05-10 11:00", "2024-05-10 11:30"}));
  EXPECT_EQ(firings("5-10/2 * * * *", "2024-05-10 10:00", 4),
            (Strings{"2024-05-10 10:05", "2024-05-10 10:07", "2024-05-10 10:09", "2024-05-10 11:05"}));
  EXPECT_EQ(firings("10/20 * * * *", "2024-05-10 10:00", 4),
            (Strings{"2024-05-10 10:10", "2024-05-10 10:30", "2024-05-10 10:50", "2024-05-10 11:10"}));
  EXPECT_EQ(firings("15 9-11,14 * * *", "2024-05-10 10:00", 4),
            (Strings{"2024-05-10 10:15", "2024-05-10 11:15", "2024-05-10 14:15", "2024-05-11 09:15"}));
}

TEST(CronNextAfter, EverySixHoursAcrossMidnight) {
  const Strings expected{"2024-12-31 06:00", "2024-12-31 12:00", "2024-12-31 18:00", "2025-01-01 00:00",
                         "2025-01-01 06:00"};
  EXPECT_EQ(firings("0 */6 * * *", "2024-12-31 01:00", 5), expected);
  EXPECT_EQ(firings("@every-6h", "2024-12-31 01:00", 5), expected);
  EXPECT_EQ(firings("@every-20m", "2024-12-31 23:30", 3),
            (Strings{"2024-12-31 23:40", "2025-01-01 00:00", "2025-01-01 00:20"}));
}

TEST(CronNextAfter, Aliases) {
  EXPECT_EQ(next("@hourly", "2024-05-10 10:07"), "2024-05-10 11:00");
  EXPECT_EQ(next("@daily", "2024-05-10 10:07"), "2024-05-11 00:00");
  EXPECT_EQ(next("@midnight", "2024-05-10 10:07"), "2024-05-11 00:00");
  EXPECT_EQ(next("@weekly", "2024-05-10 10:07"), "2024-05-12 00:00");  // Sunday
  EXPECT_EQ(next("@monthly", "2024-05-10 10:07"), "2024-06-01 00:00");
  EXPECT_EQ(next("@yearly", "2024-05-10 10:07"), "2025-01-01 00:00");
  EXPECT_EQ(next("@annually", "2024-05-10 10:07"), "2025-01-01 00:00");
}

TEST(CronNextAfter, WeekdaysAndSundayAsZeroOrSeven) {
  // 2024-03-01 is a Friday.
  EXPECT_EQ(next("0 0 * * 1-5", "2024-03-01 12:00"), "2024-03-04 00:00");
  EXPECT_EQ(next("0 9 * * 0", "2024-03-01 12:00"), "2024-03-03 09:00");
  EXPECT_EQ(next("0 9 * * 7", "2024-03-01 12:00"), "2024-03-03 09:00");
  EXPECT_EQ(next("0 9 * * sun", "2024-03-01 12:00"), "2024-03-03 09:00");
  EXPECT_EQ(next("0 9 * * MON-FRI", "2024-03-01 12:00"), "2024-03-04 09:00");
  EXPECT_EQ(next("0 9 * * 5-7", "2024-03-04 12:00"), "2024-03-08 09:00");  // Fri, Sat, Sun
  EXPECT_EQ(firings("0 9 * * 6,0", "2024-03-01 12:00", 3),
            (Strings{"2024-03-02 09:00", "2024-03-03 09:00", "2024-03-09 09:00"}));
}

TEST(CronNextAfter, MonthEndsAndYearEnd) {
  EXPECT_EQ(next("0 0 1 * *", "2024-01-31 12:00"), "2024-02-01 00:00");
  EXPECT_EQ(next("0 0 1 * *", "2024-12-15 00:00"), "2025-01-01 00:00");
  EXPECT_EQ(next("59 23 31 12 *", "2024-12-31 23:59"), "2025-12-31 23:59");
  // The 31st skips the months that have no 31st.
  EXPECT_EQ(firings("0 0 31 * *", "2024-01-31 00:00", 3),
            (Strings{"2024-03-31 00:00", "2024-05-31 00:00", "2024-07-31 00:00"}));
  EXPECT_EQ(next("0 0 30 * *", "2023-01-30 00:00"), "2023-03-30 00:00");
  EXPECT_EQ(next("0 0 1 jan,jul *", "2024-02-01 00:00"), "2024-07-01 00:00");
  EXPECT_EQ(next("0 0 1 Jul-Aug *", "2024-08-01 00:00"), "2025-07-01 00:00");
}

TEST(CronNextAfter, LeapYears) {
  EXPECT_EQ(next("0 0 29 2 *", "2024-03-01 00:00"), "2028-02-29 00:00");
  EXPECT_EQ(next("0 0 29 2 *", "2023-06-01 00:00"), "2024-02-29 00:00");
  // 2100 is not a leap year: the next 29 February after 2096 is in 2104.
  EXPECT_EQ(next("0 0 29 2 *", "2096-03-01 00:00"), "2104-02-29 00:00");
  // 2000 was (divisible by 400).
  EXPECT_EQ(next("0 0 29 2 *", "1999-01-01 00:00"), "2000-02-29 00:00");
  EXPECT_EQ(next("0 0 * 2 *", "2024-02-28 12:00"), "2024-02-29 00:00");
  EXPECT_EQ(next("0 0 * 2 *", "2023-02-28 12:00"), "2024-02-01 00:00");
  EXPECT_EQ(next("0 0 1 3 *", "2024-02-29 00:00"), "2024-03-01 00:00");
}

TEST(CronNextAfter, DayOfMonthOrDayOfWeekWhenBothAreRestricted) {
  // The 15th or any Friday (2024-03-01 is a Friday; 2024-04-15 a Monday).
  EXPECT_EQ(next("30 12 15 * 5", "2024-03-01 13:00"), "2024-03-08 12:30");
  EXPECT_EQ(next("30 12 15 * 5", "2024-03-08 13:00"), "2024-03-15 12:30");
  EXPECT_EQ(next("30 12 15 * 5", "2024-04-13 00:00"), "2024-04-15 12:30");
}

TEST(CronNextAfter, DayOfMonthAndDayOfWeekWhenOneStartsWithAStar) {
  // Vixie cron: "*/2" counts as a star, so the day must be odd AND a Monday (4 March is even).
  EXPECT_EQ(next("0 0 */2 * 1", "2024-03-01 00:00"), "2024-03-11 00:00");
  // Day of week `*`: only the day of month decides.
  EXPECT_EQ(next("0 0 13 * *", "2024-03-01 00:00"), "2024-03-13 00:00");
  // Day of month `*`: only the weekday decides.
  EXPECT_EQ(next("0 0 * * 3", "2024-03-01 00:00"), "2024-03-06 00:00");
}

TEST(CronNextAfter, OrFormIncludesTheDayOfMonthOnOtherWeekdays) {
  // "0 0 13 * 5" is the 13th OR any Friday (not "Friday the 13th"), as in Vixie cron.
  EXPECT_EQ(next("0 0 13 * 5", "2024-03-09 00:00"), "2024-03-13 00:00");  // a Wednesday
}

TEST(CronParse, WhitespaceAndTextAreKept) {
  const auto cron = CronExpression::parse("  0   */6 * *  *  ");
  EXPECT_EQ(cron.text(), "0   */6 * *  *");
  EXPECT_EQ(utc_text(cron.next_after(utc("2024-01-01 00:00"))), "2024-01-01 06:00");
}
