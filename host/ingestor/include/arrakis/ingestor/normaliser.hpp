#pragma once
// Turns one Discord dispatch (event name + `d`) into the payload the worker and plugins consume
// (spec 5.1 and the payload contract): event type = routing key, AMQP priority, and a body that
// carries no message content and no state beyond the event itself. A pure function: the caller
// supplies the event id and the time, so tests are exact.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "arrakis/ingestor/outbound_event.hpp"

namespace arrakis::ingestor {

struct EventStamp {
  std::string event_id;       // UUID v4
  std::int64_t timestamp_ms;  // when the shard received the dispatch
};

// AMQP priorities (spec 5.1): interactions first, member and guild events next, activity last.
namespace priority {
inline constexpr std::uint8_t command = 10;
inline constexpr std::uint8_t component = 8;  // buttons, selects, modals
inline constexpr std::uint8_t autocomplete = 6;
inline constexpr std::uint8_t member = 5;
inline constexpr std::uint8_t guild = 4;
inline constexpr std::uint8_t activity = 1;  // messages, reactions
}  // namespace priority

// nullopt when the event is not forwarded: not one we consume, a DM message (DM interactions are
// forwarded, without guildId and with data.dm), a bot author, a PING, a guild
// that is only unavailable (outage), or malformed (missing the ids the worker needs).
std::optional<OutboundEvent> normalise(std::string_view event_name, const nlohmann::json& d, int shard_id,
                                       const EventStamp& stamp);

}  // namespace arrakis::ingestor
