#pragma once
// What a plugin declared in its descriptor, copied into host-owned C++ values at load time.
#include <cstdint>
#include <string>
#include <vector>

namespace arrakis::plugin_host {

struct CommandInfo {
  std::string name;
  std::uint32_t flags = 0;      // ARRAKIS_COMMAND_*
  std::string definition_json;  // Discord's application-command JSON ("" = not registered; ABI 1.0)
};

struct ComponentInfo {
  std::string prefix;
  std::uint32_t flags = 0;  // ARRAKIS_COMPONENT_* (0 for a 1.0 plugin's prefixes)
};

struct RouteInfo {
  std::string method;
  std::string path;  // "/verify/{session}"
  std::uint32_t min_response_ms = 0;
  std::string tenant_param;  // "" = the route has no tenant
};

struct ScheduleInfo {
  std::string name;
  std::string cron;
  std::uint32_t scope = 0;  // ARRAKIS_SCHEDULE_GLOBAL for 1.0 plugins
  std::uint32_t statement_timeout_ms = 0;
  std::uint32_t max_attempts = 0;
};

struct PluginInfo {
  std::string name;
  std::string version;
  std::uint32_t abi_major = 0;
  std::uint32_t abi_minor = 0;
  std::uint32_t flags = 0;  // ARRAKIS_PLUGIN_*
  std::vector<CommandInfo> commands;
  std::vector<std::string> event_types;
  std::vector<std::string> component_prefixes;  // every prefix the plugin routes (1.0 and 1.1 lists)
  std::vector<ComponentInfo> components;        // the same prefixes with their flags
  std::vector<RouteInfo> routes;
  std::vector<ScheduleInfo> schedules;
  std::vector<std::string> volatile_fields;
  bool has_self_test = false;
};

}  // namespace arrakis::plugin_host
