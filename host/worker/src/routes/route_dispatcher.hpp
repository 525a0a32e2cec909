#pragma once
// What the public route listener does with one request, network aside (docs/http-routes.md):
// match the route, resolve the client address, apply the per-IP rate limit, resolve the route's
// tenant, build the ARRAKIS_EVENT_HTTP invocation (plugin_events.h) and call the plugin. The
// answer carries the route's minimum response time; the listener holds the answer until then.
#include <chrono>
#include <string>

#include "arrakis/plugin_host/plugin_manager.hpp"
#include "arrakis/state_store.hpp"
#include "control/latency_tracker.hpp"
#include "routes/route_request.hpp"
#include "routes/route_tenants.hpp"
#include "routes/trusted_proxies.hpp"

namespace arrakis::worker::routes {

struct RouteAnswer {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // The route's min_response_ms: the answer leaves no earlier than this after the request arrived.
  std::chrono::milliseconds min_duration{0};
};

struct DispatcherDeps {
  plugin_host::PluginManager* plugins = nullptr;
  plugin_host::HostServices* services = nullptr;
  state::StateStore* state = nullptr;  // the per-IP rate limit (fails open without Redis)
  RouteTenants* tenants = nullptr;
  TrustedProxies proxies;
  LatencyTracker* latencies = nullptr;  // may be null
};

class RouteDispatcher {
 public:
  static constexpr std::uint32_t kRequestsPerMinute = 120;  // per client address, all routes together

  explicit RouteDispatcher(DispatcherDeps deps) : d_(std::move(deps)) {}

  // Never throws: every failure is an answer (400, 404, 429, 500, 503).
  RouteAnswer handle(const RouteRequest& request) const;

 private:
  RouteAnswer serve(const RouteRequest& request, const plugin_host::RouteMatch& match,
                    const std::vector<std::string>& segments, std::string_view raw_query) const;

  DispatcherDeps d_;
};

}  // namespace arrakis::worker::routes
