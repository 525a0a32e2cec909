#pragma once
// "YYYY-MM-DD HH:MM[:SS]" <-> system_clock::time_point in UTC, so cron cases read like a calendar.
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace arrakis::testing {

inline std::chrono::system_clock::time_point utc(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s) < 5) {
    throw std::invalid_argument("bad time in test: " + text);
  }
  using namespace std::chrono;
  return sys_days{year{y} / month{static_cast<unsigned>(mo)} / day{static_cast<unsigned>(d)}} + hours(h) +
         minutes(mi) + seconds(s);
}

inline std::string utc_text(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto day_start = floor<days>(t);
  const year_month_day date{day_start};
  const hh_mm_ss time{floor<seconds>(t - day_start)};
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u %02ld:%02ld", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()));
  return out;
}

}  // namespace arrakis::testing
