#pragma once
// Registers the loaded plugins' application commands with Discord (docs/commands.md): the union of
// their definitions is compared with what Discord has in the scope (global or one guild) and, when
// they differ, bulk-overwritten. Shared by POST /admin/commands/sync and ARRAKIS_COMMANDS_SYNC at
// start. One sync runs at a time.
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arrakis/plugin_host/plugin_info.hpp"
#include "control/command_diff.hpp"

namespace arrakis::discord {
class DiscordRest;
}
namespace arrakis::plugin_host {
class PluginManager;
}

namespace arrakis::worker {

// Why a sync did not happen. `details` holds one line per problem (e.g. each field Discord refused).
class CommandSyncError : public std::runtime_error {
 public:
  enum class Kind {
    definitions,      // the plugins' definitions cannot be registered together (duplicates, bad JSON)
    refused,          // Discord refused the definitions (400)
    unavailable,      // Discord did not answer, or answered something else
  };
  CommandSyncError(Kind kind, const std::string& what, std::vector<std::string> details = {})
      : std::runtime_error(what), kind(kind), details(std::move(details)) {}
  Kind kind;
  std::vector<std::string> details;
};

// The definitions to register, in order, and which plugin each one comes from.
struct CommandDefinitions {
  nlohmann::json commands = nlohmann::json::array();
  std::vector<std::string> plugins;   // plugins[i] defined commands[i]
};

// The union of the plugins' definitions (plugins by name, each plugin's commands in its own
// order); commands without a definition are left out. Throws CommandSyncError(definitions) when
// a definition is not a JSON object, names another command than the one declared, or when two
// plugins define the same command (the message names both).
CommandDefinitions collect_definitions(std::vector<plugin_host::PluginInfo> plugins);

struct CommandSyncReport {
  std::string guild;  // "" = global
  bool dry_run = false;
  bool applied = false;  // the overwrite was sent (false: dry run, or nothing differed)
  CommandDiff diff;
};
nlohmann::json to_json(const CommandSyncReport& report);

class CommandSync {
 public:
  CommandSync(plugin_host::PluginManager& plugins, discord::DiscordRest& rest) : plugins_(plugins), rest_(rest) {}

  // `guild` empty = the global commands. Throws CommandSyncError.
  CommandSyncReport sync(const std::string& guild, bool dry_run);

 private:
  plugin_host::PluginManager& plugins_;
  discord::DiscordRest& rest_;
  std::mutex mutex_;
};

}  // namespace arrakis::worker
