#include "role_store.hpp"

#include <arrakis/sietch/activity.hpp>

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using nlohmann::json;

namespace role_sync {

namespace {

std::optional<std::string> text_or_null(const json& v) {
  if (!v.is_string() || v.get<std::string>().empty()) return std::nullopt;
  return v.get<std::string>();
}

}  // namespace

sietch::DynamicRoleIds read_role_ids(sdk::Host& host) {
  const auto rows = host.query("SELECT engaged_role_id, veteran_role_id, trusted_role_id FROM community_config");
  if (!rows.is_array() || rows.empty()) return {};
  return {text_or_null(rows[0]["engaged_role_id"]), text_or_null(rows[0]["veteran_role_id"]),
          text_or_null(rows[0]["trusted_role_id"])};
}

std::optional<Profile> read_profile(sdk::Host& host, const std::string& profile_id, const std::string& discord_id) {
  // Held badges are the rows not revoked, whatever their category; the balance is the decayed one
  // as it stands now (a member with no activity row has 0); days are whole days since joining.
  const std::string sql =
      "SELECT p.id::text AS id, p.discord_id, p.onboarding_complete AS onboarded, "
      "  (p.departed_at IS NOT NULL) AS departed, "
      "  floor(extract(epoch FROM now() - p.joined_at) / 86400)::int AS days, "
      "  (SELECT count(*)::int FROM member_badges b WHERE b.profile_id = p.id AND NOT b.revoked) AS badges, "
      "  EXISTS (SELECT 1 FROM member_badges b WHERE b.profile_id = p.id AND NOT b.revoked "
      "          AND b.badge_id = $3) AS helper, "
      "  COALESCE((SELECT " +
      sietch::decayed_balance_sql("a.activity_balance", "a.last_decay_at") +
      " FROM member_activity a WHERE a.profile_id = p.id), 0)::float8 AS balance "
      "FROM profiles p "
      "WHERE CASE WHEN $1 <> '' THEN p.id::text = $1 ELSE p.discord_id = $2 END";
  const auto rows = host.query(sql, json::array({profile_id, discord_id, sietch::kTrustedBadge}));
  if (!rows.is_array() || rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  Profile p;
  p.id = r["id"];
  p.discord_id = r["discord_id"];
  p.onboarded = r["onboarded"];
  p.departed = r["departed"];
  p.standing.held_badges = r["badges"];
  p.standing.holds_helper = r["helper"];
  p.standing.activity_balance = r["balance"];
  p.standing.days_as_member = r["days"];
  return p;
}

}  // namespace role_sync
