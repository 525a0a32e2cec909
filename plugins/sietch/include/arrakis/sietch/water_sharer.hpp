// Water sharing as /water-share and /admin-water-share both see it: the badge, the colours, and a
// member's two links in the lineage — the active grant they received (from whom) and the active
// grant they gave (to whom). Revoked grants are history: they no longer link anyone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "arrakis/sdk.hpp"

namespace arrakis::sietch {

inline constexpr const char* kWaterSharerBadge = "water-sharer";
inline constexpr std::uint32_t kWaterColor = 0x3498DB;
inline constexpr std::uint32_t kNoWaterColor = 0x95A5A6;

// SQL for a timestamptz as the UTC day ("2026-12-03"), the way grant dates are shown.
inline std::string utc_day_sql(const std::string& column) {
  return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
}

// The other end of one active grant.
struct WaterLink {
  std::string grant_id;
  std::string profile_id;  // the other member
  std::string nym;
  std::string granted_on;  // UTC day
};

// Where a member stands in water sharing, read in one query.
struct WaterStanding {
  bool holds_badge = false;                 // the Water Sharer badge, not revoked, however obtained
  std::optional<WaterLink> received_from;   // the active grant they received
  std::optional<WaterLink> shared_to;       // the active grant they gave
};

inline WaterStanding water_standing(sdk::Host& host, const std::string& profile_id) {
  auto link = [](const std::string& side, const std::string& other) {
    return "LEFT JOIN LATERAL (SELECT g.id::text AS grant_id, p.id::text AS profile_id, COALESCE(p.nym, 'unknown') AS nym, " +
           utc_day_sql("g.granted_at") + " AS granted_on FROM water_sharer_grants g JOIN profiles p ON p.id = g." + other +
           " WHERE g." + side + " = $1::uuid AND g.revoked_at IS NULL ORDER BY g.granted_at DESC LIMIT 1) ";
  };
  const auto rows = host.query(
      "SELECT EXISTS (SELECT 1 FROM member_badges WHERE profile_id = $1::uuid AND badge_id = $2 AND NOT revoked) AS held, "
      "r.grant_id AS r_grant, r.profile_id AS r_profile, r.nym AS r_nym, r.granted_on AS r_on, "
      "s.grant_id AS s_grant, s.profile_id AS s_profile, s.nym AS s_nym, s.granted_on AS s_on "
      "FROM (SELECT 1) one " +
          link("recipient_profile_id", "granter_profile_id") + "r ON true " +
          link("granter_profile_id", "recipient_profile_id") + "s ON true",
      nlohmann::json::array({profile_id, kWaterSharerBadge}));
  WaterStanding w;
  const auto& row = rows.at(0);
  w.holds_badge = row["held"].get<bool>();
  if (row["r_grant"].is_string()) w.received_from = WaterLink{row["r_grant"], row["r_profile"], row["r_nym"], row["r_on"]};
  if (row["s_grant"].is_string()) w.shared_to = WaterLink{row["s_grant"], row["s_profile"], row["s_nym"], row["s_on"]};
  return w;
}

// Asks the Sietch roles logic to recompute one member's dynamic roles (they count badges) after
// water sharing gave or took back their badge: the internal event `internal.sietch.roles.resync`
// {discordId, profileId, reason}, delivered only if the call commits
// (docs/internal-events-and-jobs.md).
inline constexpr const char* kWaterRolesResyncEvent = "internal.sietch.roles.resync";
inline void request_water_roles_resync(sdk::Host& host, const std::string& discord_id, const std::string& profile_id,
                                       const std::string& reason) {
  host.publish(kWaterRolesResyncEvent, {{"discordId", discord_id}, {"profileId", profile_id}, {"reason", reason}});
}

}  // namespace arrakis::sietch
