#include "routes/route_tenants.hpp"

#include <pqxx/pqxx>

namespace arrakis::worker::routes {

namespace {
constexpr auto kLease = std::chrono::seconds(2);
}  // namespace

RouteTenants::Bind RouteTenants::bind(const std::string& plugin, const std::string& key,
                                      const std::string& community_id, std::chrono::milliseconds ttl) {
  auto conn = pool_.lease(kLease);
  pqxx::work tx(*conn);
  // A live key of another community is left alone (no row comes back); an expired one is reused.
  const auto rows = tx.exec_params(
      "INSERT INTO route_tenants (plugin, key, community_id, expires_at) "
      "VALUES ($1, $2, $3::uuid, now() + $4::bigint * interval '1 millisecond') "
      "ON CONFLICT (plugin, key) DO UPDATE SET community_id = EXCLUDED.community_id, "
      "expires_at = EXCLUDED.expires_at, bound_at = now() "
      "WHERE route_tenants.community_id = EXCLUDED.community_id OR route_tenants.expires_at <= now() "
      "RETURNING 1",
      plugin, key, community_id, static_cast<long long>(ttl.count()));
  // Expired rows go a few at a time with each bind, so the table never needs a job of its own.
  tx.exec("DELETE FROM route_tenants WHERE ctid = ANY (ARRAY(SELECT ctid FROM route_tenants "
          "WHERE expires_at < now() - interval '1 hour' LIMIT 100))");
  tx.commit();
  return rows.empty() ? Bind::taken : Bind::bound;
}

std::optional<RouteTenant> RouteTenants::find(const std::string& plugin, const std::string& key) {
  auto conn = pool_.lease(kLease);
  pqxx::read_transaction tx(*conn);
  const auto rows = tx.exec_params(
      "SELECT t.community_id::text, c.discord_guild_id FROM route_tenants t "
      "JOIN communities c ON c.id = t.community_id "
      "WHERE t.plugin = $1 AND t.key = $2 AND t.expires_at > now()",
      plugin, key);
  if (rows.empty()) return std::nullopt;
  return RouteTenant{rows[0][0].as<std::string>(), rows[0][1].is_null() ? std::string() : rows[0][1].as<std::string>()};
}

}  // namespace arrakis::worker::routes
