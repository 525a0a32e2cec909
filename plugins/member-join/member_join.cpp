// member-join: a member joined the guild (`member.join` {userId, username, displayName, joinedAt,
// pending, roles[]}). Maintainer page: docs/events/member-events.md.
//
// - Records the member: their roles as the event carries them, in member_role_state (in the guild
//   again), through app.sync_member_roles (arrakis/sietch/member_roles.hpp). This is the "before"
//   that member-update later diffs against.
// - A returning member's profile (marked departed by member-leave) is present again: departed_at
//   is cleared and everything else kept as it was (nym, tenure, badges, activity). A Naib seat given
//   up on leaving is not given back (seats are taken only by completing onboarding).
// - A member who holds an eligibility role (the community's naib or fedaykin role) and has no
//   finished profile is handed to onboarding: `internal.sietch.onboarding.start`
//   {discordId, reason: "join"} (the onboarding plugin sends the DM, or nothing when a wizard is
//   already live). Without configured eligibility roles nobody is.
// - Idempotent: the same event twice leaves the same rows (the host's idempotency key also keeps a
//   redelivered event from publishing twice). Nothing is changed in Discord.
// - A payload without a Discord user id is refused (BAD_INPUT: the message goes to the DLQ).
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/member_requests.hpp>
#include <arrakis/sietch/member_roles.hpp>
#include <arrakis/sietch/onboarding.hpp>

#include <string>

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;

namespace {

constexpr const char* kJoinEvent = "member.join";

// Clears departed_at of the member's profile, if they had left; true when they had.
bool welcome_back(sdk::Host& host, const std::string& user) {
  return host.exec("UPDATE profiles SET departed_at = NULL WHERE discord_id = $1 AND departed_at IS NOT NULL",
                   nlohmann::json::array({user})) > 0;
}

void handle(sdk::Host& host, const sdk::Event& event) {
  if (event.kind() != ARRAKIS_EVENT_GUILD || event.type() != kJoinEvent) return;
  const std::string user = sietch::event_member_id(event);
  if (user.empty()) throw sdk::BadInputError("member.join without a Discord user id (data.userId)");
  const auto roles = event.roles();
  sietch::record_member_roles(host, user, roles);
  if (welcome_back(host, user)) {
    host.info("member-join: " + user + " came back; their profile is present again");
    host.count("member_join.returned");
  }
  const auto eligible = sietch::roles_in(roles, sietch::read_sietch_role_ids(host).eligibility);
  if (eligible.empty()) {
    host.info("member-join: " + user + " joined without an eligibility role; no onboarding");
    return;
  }
  if (sietch::onboarded_profile(host, user)) {
    host.info("member-join: " + user + " joined with a finished profile; no onboarding");
    return;
  }
  sietch::request_onboarding(host, user, "join");
  host.count("member_join.onboarding_requested");
  host.info("member-join: " + user + " joined holding an eligibility role; onboarding requested");
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION).event(kJoinEvent), handle)
