// A member's badges as every Sietch command shows them: held (not revoked) badges with their
// catalogue entry, newest first, and the "recent badges" line. Revoked badges never count.
#pragma once

#include <string>

#include "arrakis/sdk.hpp"

namespace arrakis::sietch {

// Held badges of a profile, newest first: rows of badge_id, name, emoji, category, description,
// display_order, awarded_at (ISO text).
inline nlohmann::json held_badges(sdk::Host& host, const std::string& profile_id) {
  return host.query(
      "SELECT b.id AS badge_id, b.name, b.emoji, b.category, b.description, b.display_order, "
      "  to_char(mb.awarded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS awarded_at "
      "FROM member_badges mb JOIN badges b ON b.id = mb.badge_id "
      "WHERE mb.profile_id = $1::uuid AND NOT mb.revoked ORDER BY mb.awarded_at DESC, b.display_order",
      nlohmann::json::array({profile_id}));
}

// "🤝 Helper, 🛠️ Builder, 📚 Teacher +2 more" from held_badges() rows (newest first); "None yet"
// when there are none.
inline std::string recent_badges_line(const nlohmann::json& badges, std::size_t shown = 3) {
  if (badges.empty()) return "None yet";
  std::string line;
  for (std::size_t i = 0; i < badges.size() && i < shown; ++i) {
    if (i) line += ", ";
    line += badges[i]["emoji"].get<std::string>() + " " + badges[i]["name"].get<std::string>();
  }
  if (badges.size() > shown) line += " +" + std::to_string(badges.size() - shown) + " more";
  return line;
}

}  // namespace arrakis::sietch
