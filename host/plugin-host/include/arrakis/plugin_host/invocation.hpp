#pragma once
// Building an Invocation from a queue payload (domain.md 5.1): the event kind from the event
// type, and the routing keys (command, custom id) from its data, parsed once.
#include <nlohmann/json.hpp>

#include <stdexcept>

#include "arrakis/plugin_host/host_services.hpp"

namespace arrakis::plugin_host {

class InvalidPayload : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The ARRAKIS_EVENT_* kind of an event type ("interaction.command.x", "member.join", ...);
// 0 when the type is not one the host knows.
std::uint32_t event_kind_of(std::string_view event_type);

// Throws InvalidPayload naming the missing or malformed field. The interaction token is removed
// from the JSON handed to plugins (the host answers interactions; plugins never see the token).
Invocation invocation_from_payload(const nlohmann::json& payload);

}  // namespace arrakis::plugin_host
