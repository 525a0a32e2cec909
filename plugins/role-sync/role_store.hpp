// What the role sync reads from the database: the community's managed role ids, whether the Sietch
// owns the gate roles now, and members' current state. Plain SQL; row-level security scopes it to
// the call's community.
#pragma once

#include <arrakis/sdk.hpp>
#include <arrakis/sietch/managed_roles.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace role_sync {

struct CommunityRoles {
  arrakis::sietch::ManagedRoleIds ids;  // community_config (unset ones nullopt)
  bool manage_gate_roles = false;       // Naib and Fedaykin are converged too
  std::string gate_note;                // why they are not ("" when they are)
};

// community_config's managed role ids, and whether the Sietch gives and takes Naib and Fedaykin:
// it owns them (coexistence.hpp, managed_roles.hpp sietch_owns_gate_roles) and a ranking exists to
// judge eligibility by (an empty eligibility_current means the eligibility sync never ran: taking
// Fedaykin from everyone then would be wrong).
CommunityRoles read_community_roles(arrakis::sdk::Host& host);

struct Profile {
  std::string id;
  std::string discord_id;
  bool onboarded = false;
  bool departed = false;
  arrakis::sietch::MemberRoleState state;
};

// The profile with this id, else (when the id is empty) the profile of this Discord user; nullopt
// when there is none in the community.
std::optional<Profile> read_profile(arrakis::sdk::Host& host, const std::string& profile_id,
                                    const std::string& discord_id);

// Up to `limit` onboarded members who have not departed, by profile id, after `after_id` (a profile
// id; "" = from the first).
std::vector<Profile> read_onboarded_after(arrakis::sdk::Host& host, const std::string& after_id, std::size_t limit);

}  // namespace role_sync
