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

// A scripted guild message (scenario "message"): 0 or empty = picked at random. A message with an
// author or id set is kept in the model, so a reaction to it names its author as Discord does.
struct MessagePick {
  std::uint64_t author = 0;   // a member of the guild (a bot member makes it a bot message)
  std::uint64_t channel = 0;  // a channel of the guild
  std::uint64_t id = 0;       // the message id
  std::optional<std::string> content;
};

// A scripted reaction (scenario "reaction"): 0 = picked at random. On a message the model keeps,
// the reaction is in that message's channel and carries message_author_id.
struct ReactionPick {
  std::uint64_t user = 0;     // who reacts: a member of the guild
  std::uint64_t message = 0;  // the message reacted to
  std::uint64_t channel = 0;  // for a message the model does not keep
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

  // nullopt when a picked author or channel is not the guild's.
  std::optional<Dispatch> guild_message(std::uint64_t guild_id, std::mt19937_64& rng, bool from_bot,
                                        const MessagePick& pick = {});
  std::optional<Dispatch> direct_message(std::uint64_t guild_id, std::mt19937_64& rng);
  std::optional<Dispatch> reaction_add(std::uint64_t guild_id, std::mt19937_64& rng, const ReactionPick& pick = {});
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
