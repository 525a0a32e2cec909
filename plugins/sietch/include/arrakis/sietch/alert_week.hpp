// The alert week: the weekly alert cap counts from Monday 00:00 UTC to the next Monday (domain
// 3.8). Everything that reads or writes notification_preferences.alerts_sent_this_week agrees on
// this one expression: /alerts (alerts.hpp), the alert delivery and the Monday reset.
#pragma once

#include <string>

namespace arrakis::sietch {

// SQL (timestamptz): the start of the current alert week, Monday 00:00 UTC, whatever the
// session's time zone. A preferences row whose week_start_timestamp is earlier holds the count of
// a past week, which reads as 0.
inline std::string alert_week_start_sql() {
  return "(date_trunc('week', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')";
}

}  // namespace arrakis::sietch
