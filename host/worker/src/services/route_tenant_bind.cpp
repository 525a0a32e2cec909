// route_tenant_bind: a key a route will carry (a verify session id) -> the call's plugin and
// community, in the global route tenant index (routes/route_tenants.hpp, docs/http-routes.md).
#include <spdlog/spdlog.h>

#include "routes/route_tenants.hpp"
#include "services/worker_services.hpp"

namespace arrakis::worker {

arrakis_status WorkerServices::route_tenant_bind(Call& c, std::string_view key, std::uint64_t ttl_ms) {
  using routes::RouteTenants;
  if (!d_.route_tenants) return not_available(c, "route_tenant_bind (this host has no route tenant index)");
  if (key.empty() || key.size() > RouteTenants::kMaxKeyBytes) {
    return failed(c, ARRAKIS_BAD_INPUT, "route tenant key must be 1-" + std::to_string(RouteTenants::kMaxKeyBytes) +
                                            " bytes, not " + std::to_string(key.size()));
  }
  if (key.find('\0') != std::string_view::npos) return failed(c, ARRAKIS_BAD_INPUT, "route tenant key holds a NUL byte");
  const auto max_ms = static_cast<std::uint64_t>(RouteTenants::kMaxTtl.count());
  if (ttl_ms == 0 || ttl_ms > max_ms) {
    return failed(c, ARRAKIS_BAD_INPUT, "route tenant ttl_ms must be 1-" + std::to_string(max_ms) + " (30 days)");
  }
  if (!c.invocation || c.invocation->community_id.empty()) {
    return failed(c, ARRAKIS_BAD_INPUT, "route_tenant_bind needs the call's community (a global job or a route "
                                        "without a tenant has none)");
  }
  try {
    const auto outcome = d_.route_tenants->bind(std::string(c.plugin_name), std::string(key), c.invocation->community_id,
                                                std::chrono::milliseconds(ttl_ms));
    if (outcome == RouteTenants::Bind::taken) {
      return failed(c, ARRAKIS_PERMANENT, "route tenant key is already bound to another community until it expires "
                                          "(use unguessable keys, e.g. 128 random bits)");
    }
    return ARRAKIS_OK;
  } catch (const std::exception& e) {
    spdlog::warn("route tenant bind for {} failed: {}", c.plugin_name, e.what());
    return failed(c, ARRAKIS_RETRYABLE, "the route tenant index is unavailable");
  }
}

}  // namespace arrakis::worker
