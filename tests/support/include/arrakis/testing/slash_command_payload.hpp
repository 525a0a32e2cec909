#pragma once
// The queue payload of a slash command as arrakis-ingestor publishes it (plugin_events.h), for the
// tests and benchmarks that stand in for the ingestor and publish straight to RabbitMQ. The
// interaction id and token come from discord-sim, which issued the interaction.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace arrakis::testing {

struct SlashCommand {
  std::string event_id;
  std::string guild_id;
  std::string command;
  nlohmann::json options = nlohmann::json::array();
  std::string interaction_id;
  std::string interaction_token;
  std::int64_t timestamp_ms = 0;  // when the gateway delivered it
};

inline nlohmann::json slash_command_payload(const SlashCommand& c) {
  return {{"eventId", c.event_id},
          {"eventType", "interaction.command." + c.command},
          {"timestamp", c.timestamp_ms},
          {"shardId", 0},
          {"guildId", c.guild_id},
          {"channelId", "1"},
          {"userId", "42"},
          {"interactionId", c.interaction_id},
          {"interactionToken", c.interaction_token},
          {"data", {{"type", 2}, {"commandName", c.command}, {"options", c.options}, {"memberPermissions", "0"}}}};
}

}  // namespace arrakis::testing
