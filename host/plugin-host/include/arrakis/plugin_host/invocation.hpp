#pragma once
// Building the Invocation of every entry in one place: queue payloads (plugin-api/include/arrakis/plugin_events.h: the event
// kind from the event type, the routing keys from its data, parsed once), schedule job items and
// HTTP requests. The JSON each kind hands the plugin is specified in plugin_events.h.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

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
// from the JSON handed to plugins (the host answers interactions; plugins never see the token) and
// kept, with the interaction id, in the invocation. An internal event's tenant is its publisher's
// community (the payload's communityId, recorded by the outbox); the other kinds get theirs from
// the host (the guild's community, a DM binding).
Invocation invocation_from_payload(const nlohmann::json& payload);

// Adds the resolved tenant to the JSON the plugin sees: "communityId" always, and "guildId" when
// the payload had none (a DM placed in its community). Cheap: the payload is edited as text.
void add_tenant_to_payload(Invocation& invocation);

// --- One builder per entry (plugin_events.h is the payload reference) ----------------------------
// The queue (interactions, guild events, internal events relayed from the outbox) uses
// invocation_from_payload above: an internal event's tenant is its publisher's community, carried
// in the payload; the other queue kinds get theirs from the host (community of the guild, DM binding).

// Schedules: one job item (a global firing, or one community's share of it) on its `attempt`-th
// run (1 for the first), with the schedule's declared statement timeout. Throws InvalidPayload
// when the item names no schedule.
Invocation schedule_invocation(const nlohmann::json& item, std::int64_t attempt, std::uint32_t statement_timeout_ms);

// HTTP routes: one request on the public route listener, as the route server decoded it.
struct HttpRequestIn {
  std::string method;
  std::string path;   // decoded: "/verify/abc"
  std::string route;  // the declared template: "/verify/{session}"
  std::map<std::string, std::string> params;
  nlohmann::json query = nlohmann::json::object();
  nlohmann::json headers = nlohmann::json::object();
  std::string body;
  std::string remote_address;
  std::string community_id, guild_id;  // the route's tenant ("" when the route has none)
};
Invocation http_invocation(const HttpRequestIn& request);

// The host's idempotency key for one plugin's run of one event: eventId + ":" + plugin.
std::string idempotency_key(std::string_view event_id, std::string_view plugin);

}  // namespace arrakis::plugin_host
