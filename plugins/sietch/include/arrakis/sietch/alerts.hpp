// Alert preferences and the rules that decide whether an alert reaches a member: what /alerts
// shows and changes, and what every alert sender must obey. Critical alerts (a Naib bump, a new
// Naib seat, waitlist eligibility, a tier promotion, a badge award) are always sent, whatever the
// toggles and the weekly cap say; /alerts promises exactly that in its footer.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "arrakis/sdk.hpp"
#include "arrakis/sietch/alert_week.hpp"

namespace arrakis::sietch {

// The weekly frequencies a member can choose, their labels and caps (alerts per week).
struct AlertFrequency {
  std::string_view value;  // stored in notification_preferences.frequency and used as the select value
  std::string_view label;
  int weekly_cap;
};
inline constexpr std::array<AlertFrequency, 4> kAlertFrequencies = {{
    {"1_per_week", "1 per week", 1},
    {"2_per_week", "2 per week", 2},
    {"3_per_week", "3 per week", 3},
    {"daily", "Daily", 7},
}};
inline constexpr std::string_view kDefaultAlertFrequency = "3_per_week";

inline constexpr std::optional<AlertFrequency> alert_frequency(std::string_view value) {
  for (const auto& f : kAlertFrequencies) {
    if (f.value == value) return f;
  }
  return std::nullopt;
}

// Alerts that are sent whatever the member's toggles and weekly cap.
inline constexpr bool is_critical_alert(std::string_view type) {
  return type == "naib_bump" || type == "naib_seated" || type == "waitlist_eligible" || type == "tier_promotion" ||
         type == "badge_award";
}

struct AlertPreferences {
  bool position_updates = true;
  bool at_risk_warnings = true;
  bool naib_alerts = true;
  std::string frequency = std::string(kDefaultAlertFrequency);
  int sent_this_week = 0;  // 0 once the week the counter belongs to is over

  int weekly_cap() const {
    const auto f = alert_frequency(frequency);
    return f ? f->weekly_cap : alert_frequency(kDefaultAlertFrequency)->weekly_cap;
  }
};

// Whether an alert of `type` may be sent to a member with these preferences: critical alerts
// always; the others only when their toggle is on and the week's cap is not reached. Unknown types
// are not sent.
inline bool alert_allowed(const AlertPreferences& p, std::string_view type) {
  if (is_critical_alert(type)) return true;
  bool toggle = false;
  if (type == "position_update") toggle = p.position_updates;
  else if (type == "at_risk_warning") toggle = p.at_risk_warnings;
  else if (type == "naib_threat") toggle = p.naib_alerts;
  return toggle && p.sent_this_week < p.weekly_cap();
}

// Creates the member's preferences with the defaults (every toggle on, 3 per week) unless they
// exist; true when they were created now.
inline bool ensure_alert_preferences(sdk::Host& host, const std::string& profile_id) {
  return host.exec("INSERT INTO notification_preferences (community_id, profile_id) "
                   "VALUES (app.current_community_id(), $1::uuid) ON CONFLICT DO NOTHING",
                   nlohmann::json::array({profile_id})) == 1;
}

// The member's preferences; nullopt when none were created yet. The weekly counter of an earlier
// week (the Monday reset not run yet) reads as 0.
inline std::optional<AlertPreferences> alert_preferences(sdk::Host& host, const std::string& profile_id) {
  const auto rows = host.query(
      "SELECT position_updates, at_risk_warnings, naib_alerts, frequency, "
      "  CASE WHEN week_start_timestamp < " + alert_week_start_sql() + " THEN 0 ELSE alerts_sent_this_week END AS sent "
      "FROM notification_preferences WHERE profile_id = $1::uuid",
      nlohmann::json::array({profile_id}));
  if (!rows.is_array() || rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  AlertPreferences p;
  p.position_updates = r["position_updates"].get<bool>();
  p.at_risk_warnings = r["at_risk_warnings"].get<bool>();
  p.naib_alerts = r["naib_alerts"].get<bool>();
  p.frequency = r["frequency"].get<std::string>();
  p.sent_this_week = r["sent"].get<int>();
  return p;
}

}  // namespace arrakis::sietch
