#pragma once
// What a plugin declared in its descriptor, copied into host-owned C++ values at load time.
#include <cstdint>
#include <string>
#include <vector>

namespace arrakis::plugin_host {

struct CommandInfo {
  std::string name;
  std::uint32_t flags = 0;  // ARRAKIS_COMMAND_*
};

struct RouteInfo {
  std::string method;
  std::string path;  // "/verify/{session}"
};

struct ScheduleInfo {
  std::string name;
  std::string cron;
};

struct PluginInfo {
  std::string name;
  std::string version;
  std::uint32_t abi_major = 0;
  std::uint32_t abi_minor = 0;
  std::uint32_t flags = 0;  // ARRAKIS_PLUGIN_*
  std::vector<CommandInfo> commands;
  std::vector<std::string> event_types;
  std::vector<std::string> component_prefixes;
  std::vector<RouteInfo> routes;
  std::vector<ScheduleInfo> schedules;
  std::vector<std::string> volatile_fields;
  bool has_self_test = false;
};

}  // namespace arrakis::plugin_host
