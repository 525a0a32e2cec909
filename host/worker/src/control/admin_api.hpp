#pragma once
// The worker's admin API (/admin/*, bearer token): plugins (list, inspect, reload, load, rollback,
// pin, prune, shadow, diff, canary, promote, discard), the dead-letter queue (list, show, replay),
// the fleet and the application commands registered with Discord (sync, docs/commands.md). Errors are JSON {"error": "...what to do..."} with 400 (bad request), 404
// (unknown plugin / version / message), 409 (conflict with the current state), 422 (refused
// plugin file), 503 (a dependency is not configured or reachable).
//
// Every dependency is a pointer so unit tests can build the API around a bare PluginManager.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "arrakis/http_server.hpp"
#include "arrakis/plugin_host/plugin_manager.hpp"

namespace arrakis::worker {

class LatencyTracker;
class PluginErrors;
class PluginPins;
class DeadLetters;
class FleetControl;
class CommunityConfigApi;
class CommandSync;

struct AdminDeps {
  plugin_host::PluginManager* plugins = nullptr;
  LatencyTracker* latencies = nullptr;  // optional
  PluginErrors* errors = nullptr;       // optional
  PluginPins* pins = nullptr;           // optional
  DeadLetters* dead_letters = nullptr;  // null: /admin/dlq answers 503
  FleetControl* fleet = nullptr;        // null: ?fleet=1 and /admin/fleet answer 503
  CommunityConfigApi* community_config = nullptr;  // /admin/communities/*; null: 503
  CommandSync* commands = nullptr;      // null: /admin/commands/sync answers 503
  std::filesystem::path plugin_dir;     // where `reload NAME` finds lib<NAME>.so
  std::vector<std::string> trusted_keys;  // to name the signer of a stored version
  std::string replica_id;
  std::function<http::Response()> health;  // GET /admin/health
};

class AdminApi {
 public:
  // `token` empty with `disabled_reason` set: every call answers 503 with that reason.
  AdminApi(AdminDeps deps, std::string token, std::string disabled_reason = {});

  http::Response serve(const http::Request& request);

 private:
  http::Response route(const http::Request& request);
  http::Response list_plugins();
  http::Response get_plugin(const std::string& name);
  http::Response plugin_action(const std::string& name, const std::string& action, const http::Request& request);
  http::Response fleet_action(const std::string& name, const std::string& action, const nlohmann::json& body);
  http::Response load(const nlohmann::json& body);
  http::Response dlq_list(const http::Request& request);
  http::Response dlq_show(const std::string& id);
  http::Response dlq_replay(const nlohmann::json& body);
  http::Response fleet_view();
  http::Response commands_sync(const nlohmann::json& body);

  nlohmann::json plugin_summary(const plugin_host::PluginStatus& status) const;
  std::string previous_version(const std::string& name, const std::string& active) const;

  AdminDeps deps_;
  std::string token_;
  std::string disabled_reason_;
};

// Helpers shared with the unit tests.
std::string percent_decode(const std::string& text);
std::string query_param(const std::string& query, const std::string& key);  // "" when absent
// True when a candidate names a file rather than a stored version.
bool looks_like_file(const std::string& candidate);

}  // namespace arrakis::worker
