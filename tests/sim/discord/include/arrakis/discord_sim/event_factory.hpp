#pragma once
// Builds the gateway events the simulator emits (spec 2): interactions of every type with full
// member, guild and token (registered in the InteractionRegistry), member joins/leaves/updates,
// messages (guild, DM, from bots) and reactions. Used by the traffic generator, the scenario
// player and the REST router (role changes and bot messages).
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arrakis/discord_sim/clock.hpp"
#include "arrakis/discord_sim/command_catalog.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/dispatch.hpp"
#include "arrakis/discord_sim/interaction_registry.hpp"
#include "arrakis/discord_sim/snowflake.hpp"

namespace arrakis::discord_sim {

struct BuiltInteraction {
  Dispatch dispatch;
  IssuedInteraction issued;
};

class EventFactory {
 public:
  EventFactory(const Clock& clock, CommunityModel& model, InteractionRegistry& interactions, SnowflakeGenerator& ids,
               std::uint64_t seed);

  // An INTERACTION_CREATE of `type` with this `data`, from `user_id` in a channel of the guild;
  // guild 0 = in the user's DM channel `channel_id` (`user`, no member, no guild, context 1).
  std::optional<BuiltInteraction> interaction(int type, std::uint64_t guild_id, std::uint64_t user_id,
                                              std::uint64_t channel_id, nlohmann::json data,
                                              const nlohmann::json& message = nullptr);
  // A slash command by name with these options (Discord's shape), in a random text channel; a
  // name outside the catalog (a test plugin's command) is sent as given.
  std::optional<BuiltInteraction> named_command(std::uint64_t guild_id, std::uint64_t user_id, const std::string& name,
                                                const nlohmann::json& options, std::mt19937_64& rng);
  // The same as an autocomplete request: `options` carries the option being typed ("focused": true).
  std::optional<BuiltInteraction> named_autocomplete(std::uint64_t guild_id, std::uint64_t user_id,
                                                     const std::string& name, const nlohmann::json& options,
                                                     std::mt19937_64& rng);

  // Random but valid: a slash command (by name, or any of the twenty), an autocomplete request,
  // a click on a component the bot offered, a submit of a modal the bot opened.
  std::optional<BuiltInteraction> random_command(std::uint64_t guild_id, std::mt19937_64& rng,
                                                 const std::string& name = {}, std::uint64_t user_id = 0);
  std::optional<BuiltInteraction> random_autocomplete(std::uint64_t guild_id, std::mt19937_64& rng);
  // The same for one of `commands` (e.g. the registered ones) instead of the built-in twenty.
  std::optional<BuiltInteraction> random_command_of(const std::vector<CommandSpec>& commands, std::uint64_t guild_id,
                                                    std::mt19937_64& rng);
  std::optional<BuiltInteraction> random_autocomplete_of(const std::vector<CommandSpec>& commands,
                                                         std::uint64_t guild_id, std::mt19937_64& rng);
  // With a filter: the most recent matching offer (a DM's when the bot sent it by DM). `values`
  // (custom_id -> text) fill a modal's fields instead of generated text.
  std::optional<BuiltInteraction> component_click(std::mt19937_64& rng, const OfferFilter& filter = {});
  std::optional<BuiltInteraction> modal_submit(std::mt19937_64& rng, const OfferFilter& filter = {},
                                               const nlohmann::json& values = nullptr);

  Dispatch member_add(std::uint64_t guild_id, std::mt19937_64& rng);
  std::optional<Dispatch> member_remove(std::uint64_t guild_id, std::mt19937_64& rng);
  std::optional<Dispatch> member_update(std::uint64_t guild_id, std::mt19937_64& rng);
  Dispatch member_update(const nlohmann::json& update);  // after a REST role change

  std::optional<Dispatch> guild_message(std::uint64_t guild_id, std::mt19937_64& rng, bool from_bot);
  std::optional<Dispatch> direct_message(std::uint64_t guild_id, std::mt19937_64& rng);
  std::optional<Dispatch> reaction_add(std::uint64_t guild_id, std::mt19937_64& rng);
  // MESSAGE_CREATE for a message object the bot posted (REST).
  Dispatch message_create(const nlohmann::json& message);

  std::uint64_t command_id(const std::string& name) const;

 private:
  // A command (type 2) or autocomplete request (type 4) by name, from `user_id` (0: anyone).
  std::optional<BuiltInteraction> named_interaction(int type, std::uint64_t guild_id, std::uint64_t user_id,
                                                    const std::string& name, const nlohmann::json& options,
                                                    std::mt19937_64& rng);
  std::optional<BuiltInteraction> invoke(const CommandSpec& command, std::uint64_t guild_id, std::mt19937_64& rng,
                                         std::uint64_t user_id);
  OptionContext people(std::uint64_t guild_id, std::mt19937_64& rng, std::size_t count) const;
  std::optional<BuiltInteraction> dm_interaction(int type, std::uint64_t user_id, std::uint64_t channel_id,
                                                 nlohmann::json data, const nlohmann::json& message);
  std::uint64_t next_id();

  const Clock& clock_;
  CommunityModel& model_;
  InteractionRegistry& interactions_;
  SnowflakeGenerator& ids_;
  std::uint64_t seed_;
};

}  // namespace arrakis::discord_sim
