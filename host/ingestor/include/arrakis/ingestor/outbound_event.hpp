#pragma once
// One normalised gateway event on its way to RabbitMQ: the JSON body of the payload contract
// (spec 5.1) plus what the publisher needs to route it.
#include <cstdint>
#include <string>

namespace arrakis::ingestor {

struct OutboundEvent {
  std::string event_id;    // UUID v4; also the AMQP message-id
  std::string event_type;  // = routing key
  std::uint8_t priority = 0;
  int shard_id = 0;
  std::string guild_id;
  std::string body;        // the JSON payload
  int attempts = 0;        // publishes so far that were nacked or returned
};

}  // namespace arrakis::ingestor
