// guild-lifecycle: the bot was added to a guild or is back after a restart (`guild.join` {guildId,
// name, memberCount}), or was removed from one (`guild.leave` {guildId, unavailable}). Maintainer
// page: docs/events/member-events.md.
//
// - The community row itself is created by the host when it first resolves the guild's tenant
//   (communities, migration 0001; its community_config row comes with it), so the event always runs
//   under an existing community. guild.join re-activates it (is_active) and records the guild's
//   name (an empty name keeps the stored one).
// - guild.leave marks the community inactive: its per-community jobs stop firing. Nothing is
//   deleted; a later guild.join re-activates it with all its data.
// - `unavailable: true` is a Discord outage, not a removal: ignored (the ingestor already drops it;
//   this is the second line).
// - Idempotent: both updates change a row only when it differs, so a repeat changes nothing (not
//   even updated_at).
#include <arrakis/sdk.hpp>

#include <string>

namespace sdk = arrakis::sdk;
using nlohmann::json;

namespace {

constexpr const char* kGuildJoin = "guild.join";
constexpr const char* kGuildLeave = "guild.leave";

bool activate(sdk::Host& host, const std::string& name) {
  return host.exec("UPDATE communities SET is_active = true, name = CASE WHEN $1::text = '' THEN name ELSE $1::text END "
                   "WHERE id = (SELECT app.current_community_id()) "
                   "AND (NOT is_active OR ($1::text <> '' AND name IS DISTINCT FROM $1::text))",
                   json::array({name})) > 0;
}

bool deactivate(sdk::Host& host) {
  return host.exec("UPDATE communities SET is_active = false WHERE id = (SELECT app.current_community_id()) AND is_active") >
         0;
}

void handle(sdk::Host& host, const sdk::Event& event) {
  if (event.kind() != ARRAKIS_EVENT_GUILD) return;
  const auto& data = event.data();
  if (event.type() == kGuildJoin) {
    const std::string name = data.is_object() && data.contains("name") && data["name"].is_string()
                                 ? data["name"].get<std::string>()
                                 : std::string();
    if (activate(host, name)) {
      host.count("guild_lifecycle.activated");
      host.info("guild-lifecycle: guild " + event.guild_id() + " joined; community active");
    } else {
      host.info("guild-lifecycle: guild " + event.guild_id() + " joined; community already active");
    }
  } else if (event.type() == kGuildLeave) {
    if (data.is_object() && data.contains("unavailable") && data["unavailable"] == true) {
      host.info("guild-lifecycle: guild " + event.guild_id() + " is unavailable (an outage); community kept active");
      return;
    }
    if (deactivate(host)) {
      host.count("guild_lifecycle.deactivated");
      host.info("guild-lifecycle: removed from guild " + event.guild_id() + "; community inactive");
    } else {
      host.info("guild-lifecycle: removed from guild " + event.guild_id() + "; community already inactive");
    }
  }
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION).event(kGuildJoin).event(kGuildLeave),
               handle)
