// Finding members: by Discord id (the caller), by nym (an option), and nym autocomplete. Only
// onboarded members who have not left are found; nyms match case-insensitively. A member row
// carries what the member commands show about anyone: the profile, the linked wallet's rank and
// BGT (wallet and Discord id are for the plugin only, never shown).
#pragma once

#include <optional>
#include <string>

#include "arrakis/sdk.hpp"
#include "arrakis/sietch/bgt.hpp"
#include "arrakis/sietch/tenure.hpp"

namespace arrakis::sietch {

// Columns of a member row: id, discord_id, nym, bio, pfp_url, tier, joined_at (ISO text),
// nym_last_changed, onboarding_complete, tenure ('og'...), wallet_address, rank (null when
// unranked), bgt (BGT text, null when unranked), badge_count (held, not revoked).
inline std::string member_select_sql() {
  return "SELECT p.id::text AS id, p.discord_id, p.nym, p.bio, p.pfp_url, p.tier, "
         "  to_char(p.joined_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS joined_at, "
         "  to_char(p.nym_last_changed AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS nym_last_changed, "
         "  p.onboarding_complete, " + tenure_sql("p.joined_at") + " AS tenure, w.wallet_address, e.rank, " +
         bgt_sql("e.bgt_held") + " AS bgt, "
         "  (SELECT count(*) FROM member_badges b WHERE b.profile_id = p.id AND NOT b.revoked) AS badge_count "
         "FROM profiles p LEFT JOIN member_wallets w ON w.profile_id = p.id "
         "LEFT JOIN eligibility_current e ON e.address = w.wallet_address ";
}

// The onboarded, present member with this nym (any case), else nullopt.
inline std::optional<nlohmann::json> member_by_nym(sdk::Host& host, const std::string& nym) {
  auto rows = host.query(member_select_sql() +
                             "WHERE lower(p.nym) = lower($1) AND p.onboarding_complete AND p.departed_at IS NULL",
                         nlohmann::json::array({nym}));
  if (rows.empty()) return std::nullopt;
  return rows[0];
}

// The caller's profile whatever its onboarding state (present members only), else nullopt.
inline std::optional<nlohmann::json> member_by_discord_id(sdk::Host& host, const std::string& discord_id) {
  auto rows = host.query(member_select_sql() + "WHERE p.discord_id = $1 AND p.departed_at IS NULL",
                         nlohmann::json::array({discord_id}));
  if (rows.empty()) return std::nullopt;
  return rows[0];
}

// Onboarded members whose nym contains `typed` (any case), ordered by nym, at most 25 (Discord's
// limit for choices): rows of nym and tier. LIKE wildcards typed by the user match literally.
inline nlohmann::json nyms_matching(sdk::Host& host, const std::string& typed) {
  std::string pattern;
  for (char c : typed) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return host.query(
      "SELECT p.nym, p.tier FROM profiles p WHERE p.onboarding_complete AND p.departed_at IS NULL "
      "AND p.nym IS NOT NULL AND lower(p.nym) LIKE '%' || lower($1) || '%' ORDER BY lower(p.nym) LIMIT 25",
      nlohmann::json::array({pattern}));
}

}  // namespace arrakis::sietch
