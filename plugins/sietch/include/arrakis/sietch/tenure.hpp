// Tenure: how long someone has been a member, as a category and its emoji (og, elder, veteran,
// member). OG means joined within 30 days of the social layer's launch; otherwise the days since
// joining decide. Computed in SQL so every plugin classifies against the database's clock.
#pragma once

#include <string>
#include <string_view>

namespace arrakis::sietch {

// The social layer's launch date (UTC); OG members joined at most kOgWindowDays after it.
inline constexpr std::string_view kLaunchDate = "2025-01-01";
inline constexpr int kOgWindowDays = 30;
inline constexpr int kElderDays = 180;
inline constexpr int kVeteranDays = 90;

// SQL expression giving 'og', 'elder', 'veteran' or 'member' for a timestamptz column.
inline std::string tenure_sql(const std::string& joined_at) {
  return "(CASE WHEN " + joined_at + " <= timestamptz '" + std::string(kLaunchDate) + " 00:00:00+00' + interval '" +
         std::to_string(kOgWindowDays) + " days' THEN 'og' WHEN " + joined_at + " <= now() - interval '" +
         std::to_string(kElderDays) + " days' THEN 'elder' WHEN " + joined_at + " <= now() - interval '" +
         std::to_string(kVeteranDays) + " days' THEN 'veteran' ELSE 'member' END)";
}

inline std::string_view tenure_emoji(std::string_view category) {
  if (category == "og") return "👑";
  if (category == "elder") return "✨";
  if (category == "veteran") return "⭐";
  return "🆕";
}

}  // namespace arrakis::sietch
