// What the member event handlers ask other Sietch plugins to do for one member, as internal events
// (docs/internal-events-and-jobs.md). A request is delivered only if the publishing call commits;
// the consumer reads the member's state now and decides, so a repeated request is harmless.
#pragma once

#include <string>

#include "arrakis/sdk.hpp"

namespace arrakis::sietch {

inline constexpr const char* kOnboardingStartEvent = "internal.sietch.onboarding.start";
inline constexpr const char* kRolesResyncEvent = "internal.sietch.roles.resync";

// "Please DM this member the onboarding welcome": reason "join" (joined holding an eligibility
// role) or "role_gained" (gained one later). The onboarding plugin does nothing for a member with a
// finished profile or a live wizard session.
inline void request_onboarding(sdk::Host& host, const std::string& discord_id, const std::string& reason) {
  host.publish(kOnboardingStartEvent, {{"discordId", discord_id}, {"reason", reason}});
}

// "Recompute this member's dynamic roles now" (plugins/role-sync, docs/events/role-sync.md).
inline void request_roles_resync(sdk::Host& host, const std::string& discord_id, const std::string& profile_id,
                                 const std::string& reason) {
  host.publish(kRolesResyncEvent, {{"discordId", discord_id}, {"profileId", profile_id}, {"reason", reason}});
}

}  // namespace arrakis::sietch
