// Bad expressions are refused with a message that names the field at fault.
#include <gtest/gtest.h>

#include "arrakis/cron.hpp"

using arrakis::sched::CronExpression;

namespace {

std::string error_of(const std::string& text) {
  try {
    CronExpression::parse(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

void expect_error(const std::string& text, const std::string& mentions) {
  const auto message = error_of(text);
  EXPECT_NE(message.find(mentions), std::string::npos) << "cron \"" << text << "\" -> " << message;
}

}  // namespace

TEST(CronParseErrors, NameTheField) {
  expect_error("60 * * * *", "minute field \"60\"");
  expect_error("* 24 * * *", "hour field \"24\"");
  expect_error("* * 0 * *", "day-of-month field \"0\"");
  expect_error("* * 32 * *", "day-of-month field");
  expect_error("* * * 13 *", "month field \"13\"");
  expect_error("* * * 0 *", "month field");
  expect_error("* * * * 8", "day-of-week field \"8\"");
  expect_error("* * * foo *", "month field \"foo\"");
  expect_error("* * * * funday", "day-of-week field");
  expect_error("x * * * *", "minute field");
}

TEST(CronParseErrors, Shapes) {
  expect_error("", "expected five fields");
  expect_error("* * * *", "expected five fields");
  expect_error("* * * * * *", "got 6");  // no seconds field
  expect_error("*/0 * * * *", "step 0");
  expect_error("*/x * * * *", "minute field");
  expect_error("*/ * * * *", "minute field");
  expect_error("10-5 * * * *", "runs backwards");
  expect_error("1,,2 * * * *", "empty list item");
  expect_error("1, * * * *", "empty list item");
  expect_error("- * * * *", "a number is missing");
  expect_error("99999999999 * * * *", "out of range");
  expect_error("-5 * * * *", "minute field");
}

TEST(CronParseErrors, ImpossibleDates) {
  expect_error("0 0 30 2 *", "never occurs");
  expect_error("0 0 31 4,6,9,11 *", "never occurs");
  // Possible ones are accepted: 29 February (leap years), and the OR form fires on weekdays.
  EXPECT_EQ(error_of("0 0 29 2 *"), "(accepted)");
  EXPECT_EQ(error_of("0 0 30 2 1"), "(accepted)");
}

TEST(CronParseErrors, Aliases) {
  expect_error("@every-7h", "@every");
  expect_error("@every-0m", "@every");
  expect_error("@every-h", "@every");
  expect_error("@sometimes", "unknown alias");
}

TEST(CronParseErrors, TheExpressionIsQuoted) {
  EXPECT_NE(error_of("61 * * * *").find("cron \"61 * * * *\""), std::string::npos);
}
