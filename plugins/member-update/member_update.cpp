// member-update: a member's roles or nickname changed (`member.update` {userId, username,
// newNickname, currentRoles[]}: the current roles only; the ingestor keeps no cache). Maintainer
// page: docs/events/member-events.md.
//
// - The roles are recorded in member_role_state and diffed against the ones recorded before
//   (app.sync_member_roles, arrakis/sietch/member_roles.hpp). No role changed (a nickname change, a
//   repeated or redelivered event): nothing else happens and nothing is published.
// - Gained the community's naib or fedaykin role without a finished profile:
//   `internal.sietch.onboarding.start` {discordId, reason: "role_gained"}.
// - Otherwise, when a role the Sietch manages (any role configured in community_config) was added or
//   removed and the member has a finished profile: `internal.sietch.roles.resync`
//   {discordId, profileId, reason: "member_update"}; role-sync converges the dynamic roles.
// - No loop: role-sync's own role edits come back as one more member.update, whose re-sync finds
//   the roles already in sync and changes nothing, so no further update follows.
// - A member seen for the first time counts every current role as gained (nothing to diff against).
// - A payload without a Discord user id is refused (BAD_INPUT: the message goes to the DLQ).
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/member_requests.hpp>
#include <arrakis/sietch/member_roles.hpp>
#include <arrakis/sietch/onboarding.hpp>

#include <optional>
#include <string>

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;

namespace {

constexpr const char* kUpdateEvent = "member.update";

enum class Action { none, onboarding, resync };

// What a role change asks for, given the configured roles and whether the member has a finished
// profile. Pure: the whole decision of the plugin.
Action decide(const sietch::RoleDiff& diff, const sietch::SietchRoleIds& ids, bool onboarded) {
  if (diff.empty()) return Action::none;
  if (!onboarded) return sietch::roles_in(diff.added, ids.eligibility).empty() ? Action::none : Action::onboarding;
  const bool managed_changed =
      !sietch::roles_in(diff.added, ids.managed).empty() || !sietch::roles_in(diff.removed, ids.managed).empty();
  return managed_changed ? Action::resync : Action::none;
}

void handle(sdk::Host& host, const sdk::Event& event) {
  if (event.kind() != ARRAKIS_EVENT_GUILD || event.type() != kUpdateEvent) return;
  const std::string user = sietch::event_member_id(event);
  if (user.empty()) throw sdk::BadInputError("member.update without a Discord user id (data.userId)");
  const auto diff = sietch::record_member_roles(host, user, event.current_roles());
  if (diff.empty()) {
    host.info("member-update: no role of " + user + " changed; nothing to do");
    return;
  }
  const auto ids = sietch::read_sietch_role_ids(host);
  const auto profile = sietch::onboarded_profile(host, user);
  const std::string changed = std::to_string(diff.added.size()) + " role(s) added, " +
                              std::to_string(diff.removed.size()) + " removed";
  switch (decide(diff, ids, profile.has_value())) {
    case Action::onboarding:
      sietch::request_onboarding(host, user, "role_gained");
      host.count("member_update.onboarding_requested");
      host.info("member-update: " + user + " gained an eligibility role without a finished profile (" + changed +
                "); onboarding requested");
      break;
    case Action::resync:
      sietch::request_roles_resync(host, user, (*profile)["id"].get<std::string>(), "member_update");
      host.count("member_update.resync_requested");
      host.info("member-update: Sietch roles of " + user + " changed (" + changed + "); role re-sync requested");
      break;
    case Action::none:
      host.info("member-update: " + user + ": " + changed + ", none the Sietch acts on");
      break;
  }
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION).event(kUpdateEvent), handle)
