// role-sync: the Sietch's dynamic roles (engaged, veteran, trusted) on request. Consumes the
// internal event `internal.sietch.roles.resync` {discordId, profileId, reason}, published by
// /admin-badge, /water-share and /admin-water-share after a change that may move a member's roles
// (docs/internal-events-and-jobs.md "Sietch: role re-sync requests"). Maintainer page:
// docs/events/role-sync.md.
//
// - The event only says whose roles may have changed. The member's badges, decayed activity
//   balance and tenure are read now, the rules (arrakis/sietch/dynamic_roles.hpp) decide, and the
//   member's Discord roles (read through the host) converge to them: a missing qualifying role is
//   added, a held non-qualifying one removed — except veteran, never removed once held. Audit
//   reason "Sietch role sync (<reason>)".
// - So a redelivered, repeated or out-of-order request changes nothing twice: it recomputes and
//   finds nothing to do.
// - Nothing is changed (and the reason is logged) when no dynamic role is configured in
//   community_config, when the profile is unknown, not onboarded or departed, or when the user is
//   not in the guild. A role not configured is left alone.
// - A role call Discord refuses for good (unknown role, hierarchy) is logged and counted, and the
//   other roles are still synced; a retryable failure (Discord unavailable, rate limit) fails the
//   event so the host retries it, which is harmless since the sync converges.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/dynamic_roles.hpp>

#include <string>
#include <vector>

#include "role_store.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using namespace role_sync;

namespace {

constexpr const char* kResyncEvent = "internal.sietch.roles.resync";
constexpr std::size_t kMaxReasonChars = 64;  // the audit reason stays short and readable

std::string field_text(const nlohmann::json& data, const char* name) {
  const auto it = data.find(name);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string audit_reason(std::string reason) {
  if (reason.empty()) return "Sietch role sync";
  if (reason.size() > kMaxReasonChars) reason.resize(kMaxReasonChars);
  return "Sietch role sync (" + reason + ")";
}

std::vector<std::string> current_roles(const nlohmann::json& member) {
  std::vector<std::string> roles;
  if (!member.is_object() || !member.contains("roles") || !member["roles"].is_array()) return roles;
  for (const auto& r : member["roles"]) {
    if (r.is_string()) roles.push_back(r.get<std::string>());
  }
  return roles;
}

// One role call; a refusal for good is logged and counted, a retryable failure propagates.
void change_role(sdk::Host& host, bool add, const std::string& user, const std::string& role,
                 const std::string& reason) {
  try {
    if (add) {
      host.add_role(user, role, reason);
    } else {
      host.remove_role(user, role, reason);
    }
    host.count(add ? "role_sync.roles_added" : "role_sync.roles_removed");
  } catch (const sdk::Error& e) {
    if (e.status() == ARRAKIS_RETRYABLE || e.status() == ARRAKIS_LIMITED) throw;
    host.warn(std::string("role-sync: could not ") + (add ? "add" : "remove") + " role " + role + " for " + user +
              ": " + e.what());
    host.count("role_sync.role_failures");
  }
}

void handle(sdk::Host& host, const sdk::Event& event) {
  if (event.kind() != ARRAKIS_EVENT_INTERNAL || event.type() != kResyncEvent) return;
  const auto& data = event.data();
  const std::string discord_id = field_text(data, "discordId");
  const std::string profile_id = field_text(data, "profileId");
  const std::string reason = field_text(data, "reason");
  if (discord_id.empty() && profile_id.empty()) {
    host.warn("role-sync: a re-sync request names no member (no discordId, no profileId); ignored");
    return;
  }
  const auto ids = read_role_ids(host);
  if (!ids.any()) {
    host.info("role-sync: no dynamic role (engaged, veteran, trusted) is configured; nothing to sync");
    return;
  }
  const auto profile = read_profile(host, profile_id, discord_id);
  const std::string who = profile ? profile->discord_id : (discord_id.empty() ? profile_id : discord_id);
  if (!profile) {
    host.info("role-sync: no profile for " + who + "; no role changes");
    return;
  }
  if (!profile->onboarded || profile->departed) {
    host.info("role-sync: " + who + (profile->departed ? " has departed" : " has not finished onboarding") +
              "; no role changes");
    return;
  }
  const auto member = host.member(profile->discord_id);
  if (!member) {
    host.info("role-sync: " + who + " is not in the guild; no role changes");
    return;
  }
  const auto qualifies = sietch::qualifying_roles(profile->standing);
  const auto changes = sietch::plan_role_changes(qualifies, ids, current_roles(*member));
  if (changes.empty()) {
    host.info("role-sync: the roles of " + who + " are already in sync (" + reason + ")");
    return;
  }
  const std::string why = audit_reason(reason);
  for (const auto& role : changes.add) change_role(host, true, profile->discord_id, role, why);
  for (const auto& role : changes.remove) change_role(host, false, profile->discord_id, role, why);
  host.info("role-sync: " + who + ": " + std::to_string(changes.add.size()) + " role(s) added, " +
            std::to_string(changes.remove.size()) + " removed (" + reason + ")");
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION).event(kResyncEvent), handle)
