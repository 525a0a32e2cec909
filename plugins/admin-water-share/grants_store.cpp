#include "grants_store.hpp"

#include <arrakis/sietch/water_sharer.hpp>

#include <cctype>

namespace admin_water_share {

namespace sietch = arrakis::sietch;
using nlohmann::json;

namespace {

std::string grant_select_sql() {
  return "SELECT g.id::text AS id, COALESCE(gp.nym, 'unknown') AS granter_nym, COALESCE(rp.nym, 'unknown') AS recipient_nym, " +
         sietch::utc_day_sql("g.granted_at") +
         " AS granted_on, g.granted_at FROM water_sharer_grants g "
         "JOIN profiles gp ON gp.id = g.granter_profile_id JOIN profiles rp ON rp.id = g.recipient_profile_id "
         "WHERE g.revoked_at IS NULL ";
}

std::vector<Grant> to_grants(const json& rows) {
  std::vector<Grant> out;
  for (const auto& r : rows) out.push_back({r["id"], r["granter_nym"], r["recipient_nym"], r["granted_on"]});
  return out;
}

std::string like_pattern(const std::string& typed) {
  std::string pattern;
  for (char c : typed) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern;
}

}  // namespace

std::vector<Grant> active_grants(sdk::Host& host, int limit, long long& total) {
  // The total rides on every row (counted before LIMIT); no row means no active grant.
  const auto rows = host.query(
      "SELECT *, count(*) OVER () AS total FROM (" + grant_select_sql() + ") active ORDER BY granted_at DESC, id LIMIT $1::int",
      json::array({limit}));
  total = rows.empty() ? 0 : rows[0]["total"].get<long long>();
  return to_grants(rows);
}

std::vector<Grant> grants_matching(sdk::Host& host, const std::string& typed) {
  return to_grants(host.query(grant_select_sql() +
                                  "AND (g.id::text LIKE '%' || lower($1) || '%' OR lower(gp.nym) LIKE '%' || lower($1) || "
                                  "'%' OR lower(rp.nym) LIKE '%' || lower($1) || '%') "
                                  "ORDER BY g.granted_at DESC, g.id LIMIT 25",
                              json::array({like_pattern(typed)})));
}

bool looks_like_uuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

std::optional<Grant> active_grant(sdk::Host& host, const std::string& id) {
  if (!looks_like_uuid(id)) return std::nullopt;  // never let a typo reach the uuid cast
  auto grants = to_grants(host.query(grant_select_sql() + "AND g.id = $1::uuid", json::array({id})));
  if (grants.empty()) return std::nullopt;
  return grants.front();
}

Revoked revoke_grant(sdk::Host& host, const Grant& grant, const std::string& admin_discord_id) {
  const auto row = host.query("SELECT grants_revoked, badges_revoked FROM app.revoke_water_sharer_grant($1::uuid, $2)",
                              json::array({grant.id, admin_discord_id}))
                       .at(0);
  Revoked r{row["grants_revoked"].get<long long>(), row["badges_revoked"].get<long long>(), {}};
  if (r.grants == 0) return r;
  // The badges this transaction revoked from a grant: the function revoked them at now(), the
  // transaction's own time, which no earlier revocation can carry.
  for (const auto& m : host.query("SELECT p.discord_id, p.id::text AS profile_id FROM member_badges b "
                                  "JOIN profiles p ON p.id = b.profile_id WHERE b.grant_id IS NOT NULL AND b.revoked "
                                  "AND b.revoked_at = now() AND b.revoked_by = $1 ORDER BY p.discord_id",
                                  json::array({admin_discord_id}))) {
    r.lost_badge.push_back({m["discord_id"], m["profile_id"]});
  }
  const json audit = {{"grantId", grant.id},
                      {"granterNym", grant.granter_nym},
                      {"recipientNym", grant.recipient_nym},
                      {"grantsRevoked", r.grants},
                      {"cascadeCount", r.grants - 1},
                      {"badgesRevoked", r.badges}};
  host.exec(
      "INSERT INTO audit_log (community_id, event_type, event_data, actor) "
      "VALUES (app.current_community_id(), 'water_sharer_revoke', $1::jsonb, $2)",
      json::array({audit.dump(), admin_discord_id}));
  return r;
}

}  // namespace admin_water_share
