#pragma once
// The global index of route tenants (migration 0025, docs/http-routes.md "Route tenants"): a key a
// plugin bound with route_tenant_bind -> the community it was bound in, until it expires. A route
// declaring a tenant parameter is served under the community its segment is bound to, for the
// plugin that owns the route; keys of different plugins never meet.
//
// PostgreSQL, host role, on the host's own connections: the binding outlives worker and Redis
// restarts (a member may hold a verify link for many minutes), and it is written whether or not
// the binding call commits (binding is idempotent; an orphan binding only leads to the plugin's
// own "no such session").
#include <chrono>
#include <optional>
#include <string>

#include "arrakis/database.hpp"

namespace arrakis::worker::routes {

struct RouteTenant {
  std::string community_id;
  std::string guild_id;  // the community's Discord guild
};

class RouteTenants {
 public:
  static constexpr std::size_t kMaxKeyBytes = 256;
  static constexpr std::chrono::milliseconds kMaxTtl = std::chrono::hours(24 * 30);

  explicit RouteTenants(db::Pool& pool) : pool_(pool) {}

  enum class Bind { bound, taken };
  // Binds (plugin, key) to `community_id` for `ttl`, or renews the binding when it is already
  // this community's. `taken`: the key is bound to another community and has not expired (a key
  // never moves between communities while live). Throws db errors (PostgreSQL unreachable).
  Bind bind(const std::string& plugin, const std::string& key, const std::string& community_id,
            std::chrono::milliseconds ttl);
  // The live binding of (plugin, key); nullopt when unbound or expired. Throws db errors.
  std::optional<RouteTenant> find(const std::string& plugin, const std::string& key);

 private:
  db::Pool& pool_;
};

}  // namespace arrakis::worker::routes
