#pragma once
// The application commands the bot registered (PUT /applications/{app}/commands and
// .../guilds/{g}/commands), stored per scope like Discord: a bulk overwrite replaces the scope's
// whole list, and a command keeps its id across overwrites while its name and type stay. The
// traffic generator can invoke only these (POST /control/traffic {"registered_only": true}).
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arrakis/discord_sim/command_catalog.hpp"

namespace arrakis::discord_sim {

class CommandRegistry {
 public:
  // `id_for(name)`: the id a new command gets (the event factory's stable ids).
  CommandRegistry(std::uint64_t application_id, std::function<std::uint64_t(const std::string&)> id_for);

  // guild_id 0 = the global scope. `commands` must have passed validate_commands.
  nlohmann::json overwrite(std::uint64_t guild_id, const nlohmann::json& commands);
  nlohmann::json list(std::uint64_t guild_id) const;

  // The CHAT_INPUT commands a member of the guild can invoke (the guild's and the global ones),
  // as the traffic generator builds them; empty when nothing is registered.
  std::vector<CommandSpec> invocable(std::uint64_t guild_id) const;

 private:
  std::uint64_t application_id_;
  std::function<std::uint64_t(const std::string&)> id_for_;
  mutable std::mutex mutex_;
  std::map<std::uint64_t, nlohmann::json> scopes_;
};

// A registered CHAT_INPUT definition as the traffic generator's command spec.
CommandSpec spec_of(const nlohmann::json& definition);

}  // namespace arrakis::discord_sim
