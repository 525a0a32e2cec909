#pragma once
// The difference between the application commands the plugins define and those Discord has
// (docs/commands.md). Commands are matched by type and name; two definitions are the same when
// they are equal once Discord's own fields (id, version, ...) are set aside and the values Discord
// fills in by default (false, null, [], type 1, ...) are treated as absent.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace arrakis::worker {

struct CommandDiff {
  std::vector<std::string> added;      // defined, not at Discord
  std::vector<std::string> changed;    // at Discord with another definition
  std::vector<std::string> removed;    // at Discord, defined by no loaded plugin
  std::vector<std::string> unchanged;  // identical
  bool empty() const { return added.empty() && changed.empty() && removed.empty(); }
};

// Both are arrays of command objects: `desired` as the plugins define them, `registered` as
// GET .../commands returns them. Names are listed in the order of their array; a command other
// than CHAT_INPUT is named "Name (user)" / "Name (message)".
CommandDiff diff_commands(const nlohmann::json& desired, const nlohmann::json& registered);

// A command object without Discord's bookkeeping and defaults: what the comparison looks at.
nlohmann::json comparable_command(const nlohmann::json& command);

}  // namespace arrakis::worker
