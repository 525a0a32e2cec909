#include "role_store.hpp"

#include <arrakis/sietch/activity.hpp>
#include <arrakis/sietch/coexistence.hpp>
#include <arrakis/sietch/tiers.hpp>

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using nlohmann::json;

namespace role_sync {

namespace {

std::optional<std::string> text_or_null(const json& v) {
  if (!v.is_string() || v.get<std::string>().empty()) return std::nullopt;
  return v.get<std::string>();
}

std::string tier_column(std::size_t tier) { return std::string(sietch::kTiers[tier].name) + "_role_id"; }

// One row per profile: what managed_roles.hpp looks at. Held badges are the rows not revoked,
// whatever their category; the balance is the decayed one as it stands now (a member with no
// activity row has 0); days are whole days since joining; the rank is the linked wallet's in the
// current ranking (0 when the wallet is unranked or there is none). $1 is the helper badge id.
std::string profile_select_sql() {
  return "SELECT p.id::text AS id, p.discord_id, p.onboarding_complete AS onboarded, "
         "  (p.departed_at IS NOT NULL) AS departed, p.tier, p.is_former_naib AS former_naib, "
         "  EXISTS (SELECT 1 FROM naib_seats s WHERE s.profile_id = p.id AND s.unseated_at IS NULL) AS seated, "
         "  COALESCE((SELECT min(e.rank) FROM member_wallets w JOIN eligibility_current e "
         "            ON e.address = w.wallet_address WHERE w.profile_id = p.id), 0)::int AS rank, "
         "  floor(extract(epoch FROM now() - p.joined_at) / 86400)::int AS days, "
         "  (SELECT count(*)::int FROM member_badges b WHERE b.profile_id = p.id AND NOT b.revoked) AS badges, "
         "  EXISTS (SELECT 1 FROM member_badges b WHERE b.profile_id = p.id AND NOT b.revoked "
         "          AND b.badge_id = $1) AS helper, "
         "  COALESCE((SELECT " +
         sietch::decayed_balance_sql("a.activity_balance", "a.last_decay_at") +
         " FROM member_activity a WHERE a.profile_id = p.id), 0)::float8 AS balance "
         "FROM profiles p ";
}

Profile profile_from(const json& r) {
  Profile p;
  p.id = r["id"];
  p.discord_id = r["discord_id"];
  p.onboarded = r["onboarded"];
  p.departed = r["departed"];
  p.state.tier = r["tier"];
  p.state.former_naib = r["former_naib"];
  p.state.seated = r["seated"];
  p.state.rank = r["rank"];
  p.state.standing.held_badges = r["badges"];
  p.state.standing.holds_helper = r["helper"];
  p.state.standing.activity_balance = r["balance"];
  p.state.standing.days_as_member = r["days"];
  return p;
}

}  // namespace

CommunityRoles read_community_roles(sdk::Host& host) {
  std::string sql =
      "SELECT naib_role_id, fedaykin_role_id, onboarded_role_id, engaged_role_id, veteran_role_id, trusted_role_id, "
      "former_naib_role_id";
  for (std::size_t i = 0; i < sietch::kBgtTierCount; ++i) sql += ", " + tier_column(i);
  sql += ", EXISTS (SELECT 1 FROM eligibility_current) AS ranked FROM community_config";
  const auto rows = host.query(sql);
  CommunityRoles out;
  if (!rows.is_array() || rows.empty()) return out;
  const auto& r = rows[0];
  out.ids.dynamic = {text_or_null(r["engaged_role_id"]), text_or_null(r["veteran_role_id"]),
                     text_or_null(r["trusted_role_id"])};
  out.ids.onboarded = text_or_null(r["onboarded_role_id"]);
  out.ids.naib = text_or_null(r["naib_role_id"]);
  out.ids.fedaykin = text_or_null(r["fedaykin_role_id"]);
  out.ids.former_naib = text_or_null(r["former_naib_role_id"]);
  for (std::size_t i = 0; i < sietch::kBgtTierCount; ++i) out.ids.tiers[i] = text_or_null(r[tier_column(i)]);

  if (!out.ids.naib && !out.ids.fedaykin) return out;  // nothing to decide (and no coexistence read)
  const auto coexistence = sietch::read_coexistence(host);
  if (!sietch::sietch_owns_gate_roles(coexistence.started, coexistence.mode, !coexistence.incumbent.empty())) {
    out.gate_note = "Naib and Fedaykin are left to the incumbent bot (" +
                    sietch::incumbent_label(coexistence.incumbent) + ", " + coexistence.mode + " mode)";
  } else if (!r["ranked"].get<bool>()) {
    out.gate_note = "Naib and Fedaykin are left alone: there is no ranking yet";
  } else {
    out.manage_gate_roles = true;
  }
  return out;
}

std::optional<Profile> read_profile(sdk::Host& host, const std::string& profile_id, const std::string& discord_id) {
  const auto rows = host.query(profile_select_sql() + "WHERE CASE WHEN $2 <> '' THEN p.id::text = $2 ELSE p.discord_id = $3 END",
                               json::array({sietch::kTrustedBadge, profile_id, discord_id}));
  if (!rows.is_array() || rows.empty()) return std::nullopt;
  return profile_from(rows[0]);
}

std::vector<Profile> read_onboarded_after(sdk::Host& host, const std::string& after_id, std::size_t limit) {
  const auto rows = host.query(profile_select_sql() +
                                   "WHERE p.onboarding_complete AND p.departed_at IS NULL "
                                   "AND p.id > COALESCE(NULLIF($2, '')::uuid, '00000000-0000-0000-0000-000000000000') "
                                   "ORDER BY p.id LIMIT $3::int",
                               json::array({sietch::kTrustedBadge, after_id, std::to_string(limit)}));
  std::vector<Profile> out;
  if (!rows.is_array()) return out;
  for (const auto& r : rows) out.push_back(profile_from(r));
  return out;
}

}  // namespace role_sync
