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

// Adds the resolved tenant to the JSON the plugin sees: "communityId" always, and "guildId" when
// the payload had none (a DM placed in its community). Cheap: the payload is edited as text.
void add_tenant_to_payload(Invocation& invocation);

}  // namespace arrakis::plugin_host
