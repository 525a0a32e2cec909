#include "routes/route_dispatcher.hpp"

#include <spdlog/spdlog.h>

#include "arrakis/metrics.hpp"
#include "arrakis/plugin_host/invocation.hpp"

namespace arrakis::worker::routes {
namespace {

using nlohmann::json;

RouteAnswer error_answer(int status, const char* message) {
  return {status, "application/json", json{{"error", message}}.dump(), std::chrono::milliseconds(0)};
}

}  // namespace

RouteAnswer RouteDispatcher::handle(const RouteRequest& request) const {
  const auto [raw_path, raw_query] = split_target(request.target);
  const auto segments = path_segments(raw_path);
  if (!segments) return error_answer(400, "bad request");
  const auto match = d_.plugins->route_match(request.method, *segments);
  if (!match) return error_answer(404, "not found");
  RouteAnswer answer;
  try {
    answer = serve(request, *match, *segments, raw_query);
  } catch (const std::exception& e) {
    spdlog::error("route {} {} of {} failed in the host: {}", request.method, match->route.path, match->plugin, e.what());
    answer = error_answer(500, "internal error");
  }
  // Every answer of the route is padded, errors and unbound tenants included: how long a request
  // takes must not tell a caller whether its key exists.
  answer.min_duration = std::chrono::milliseconds(match->route.min_response_ms);
  metrics::registry().counter_add("arrakis_route_requests_total",
                                  {{"plugin", match->plugin}, {"status", std::to_string(answer.status)}});
  return answer;
}

RouteAnswer RouteDispatcher::serve(const RouteRequest& request, const plugin_host::RouteMatch& match,
                                   const std::vector<std::string>& segments, std::string_view raw_query) const {
  const auto query = query_object(raw_query);
  if (!query) return error_answer(400, "bad request");
  const std::string client = d_.proxies.client_address(request.peer, header_values(request, "x-forwarded-for"));

  try {
    if (!d_.state->rate_limit_hit("http:" + client, kRequestsPerMinute, std::chrono::minutes(1)).allowed) {
      return error_answer(429, "too many requests");
    }
  } catch (const std::exception& e) {
    // Rate limits fail open: Redis being away must not take the public routes down with it.
    spdlog::warn("route rate limit skipped: {}", e.what());
    metrics::registry().counter_add("arrakis_route_rate_limit_fail_open_total");
  }

  plugin_host::HttpRequestIn in;
  in.method = request.method;
  in.path = joined_path(segments);
  in.route = match.route.path;
  in.params = match.params;
  in.query = *query;
  in.headers = headers_object(request);
  in.body = request.body;
  in.remote_address = client;
  if (!match.route.tenant_param.empty()) {
    const auto param = match.params.find(match.route.tenant_param);
    if (param == match.params.end()) {
      spdlog::warn("route {} of {} names tenant parameter '{}', which its path does not have", match.route.path,
                   match.plugin, match.route.tenant_param);
      return error_answer(404, "not found");
    }
    std::optional<RouteTenant> tenant;
    try {
      tenant = d_.tenants->find(match.plugin, param->second);
    } catch (const std::exception& e) {
      spdlog::warn("route tenant lookup failed: {}", e.what());
      return error_answer(503, "temporarily unavailable");
    }
    if (!tenant) return error_answer(404, "not found");  // unbound or expired: the plugin is not called
    in.community_id = tenant->community_id;
    in.guild_id = tenant->guild_id;
  }

  const auto result = d_.plugins->dispatch_to(match.plugin, plugin_host::http_invocation(in), *d_.services);
  if (!result.found) return error_answer(404, "not found");  // unloaded since the match
  if (d_.latencies) d_.latencies->record(result.plugin, result.duration);
  if (result.status != ARRAKIS_OK) {
    spdlog::warn("route {} {} failed in {}: {}", request.method, match.route.path, result.plugin, result.error);
    return error_answer(result.status == ARRAKIS_BAD_INPUT ? 400 : 500, "the request could not be handled");
  }
  if (!result.http_status) return {204, "application/json", "", {}};
  return {static_cast<int>(*result.http_status),
          result.http_content_type.empty() ? "text/plain" : result.http_content_type, result.http_body, {}};
}

}  // namespace arrakis::worker::routes
