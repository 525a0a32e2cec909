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

namespace detail {
inline std::optional<WaterLink> water_link(sdk::Host& host, const std::string& profile_id, bool as_granter) {
  const std::string mine = as_granter ? "g.granter_profile_id" : "g.recipient_profile_id";
  const std::string other = as_granter ? "g.recipient_profile_id" : "g.granter_profile_id";
  auto rows = host.query("SELECT g.id::text AS grant_id, p.id::text AS profile_id, COALESCE(p.nym, 'unknown') AS nym, " +
                             utc_day_sql("g.granted_at") + " AS granted_on FROM water_sharer_grants g JOIN profiles p ON p.id = " +
                             other + " WHERE " + mine + " = $1::uuid AND g.revoked_at IS NULL ORDER BY g.granted_at DESC LIMIT 1",
                         nlohmann::json::array({profile_id}));
  if (!rows.is_array() || rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return WaterLink{r["grant_id"], r["profile_id"], r["nym"], r["granted_on"]};
}
}  // namespace detail

// The member this profile shared the badge with (its active grant as granter), if any.
inline std::optional<WaterLink> water_shared_to(sdk::Host& host, const std::string& profile_id) {
  return detail::water_link(host, profile_id, true);
}

// The member this profile received the badge from (its active grant as recipient), if any.
inline std::optional<WaterLink> water_received_from(sdk::Host& host, const std::string& profile_id) {
  return detail::water_link(host, profile_id, false);
}

// Whether the profile holds the Water Sharer badge now (not revoked), however it got it.
inline bool holds_water_sharer(sdk::Host& host, const std::string& profile_id) {
  auto rows = host.query(
      "SELECT EXISTS (SELECT 1 FROM member_badges WHERE profile_id = $1::uuid AND badge_id = $2 AND NOT revoked) AS held",
      nlohmann::json::array({profile_id, kWaterSharerBadge}));
  return rows.at(0)["held"].get<bool>();
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
