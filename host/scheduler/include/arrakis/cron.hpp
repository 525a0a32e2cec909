#pragma once
// Five-field cron expressions in UTC, as plugins declare their schedules (D9):
//   minute(0-59) hour(0-23) day-of-month(1-31) month(1-12 or JAN-DEC) day-of-week(0-7 or SUN-SAT; 7 = Sunday)
// Each field is a comma list of `*`, `n`, `a-b`, with an optional `/step` (`*/15`, `1-5`, `0,30`, `10/20`).
// Aliases: @yearly (@annually), @monthly, @weekly, @daily (@midnight), @hourly, and @every-{N}m /
// @every-{N}h for N dividing 60 / 24 (`@every-6h` = `0 */6 * * *`).
// Day-of-month and day-of-week follow Vixie cron: when both are restricted (neither starts with `*`)
// a day matches if EITHER matches; otherwise both must.
#include <chrono>
#include <cstdint>
#include <string>

namespace arrakis::sched {

class CronExpression {
 public:
  // Throws std::invalid_argument naming the bad field (and the expression) when the text is not a
  // valid expression or can never fire (`0 0 30 2 *`).
  static CronExpression parse(const std::string& text);

  // The first firing strictly after t (minute resolution; seconds of t are ignored).
  std::chrono::system_clock::time_point next_after(std::chrono::system_clock::time_point t) const;

  const std::string& text() const { return text_; }

 private:
  CronExpression() = default;
  bool day_matches(std::chrono::sys_days day) const;

  std::string text_;
  std::uint64_t minutes_ = 0;   // bit n = minute n
  std::uint64_t hours_ = 0;     // bit n = hour n
  std::uint64_t days_ = 0;      // bit n = day of month n (1-31)
  std::uint64_t months_ = 0;    // bit n = month n (1-12)
  std::uint64_t weekdays_ = 0;  // bit n = weekday n (0 = Sunday)
  bool day_star_ = false;       // the day-of-month field starts with '*'
  bool weekday_star_ = false;   // the day-of-week field starts with '*'
};

}  // namespace arrakis::sched
