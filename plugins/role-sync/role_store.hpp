// What the role re-sync reads from the database: the community's dynamic role ids and the
// member's current standing. Plain SQL; row-level security scopes it to the event's community.
#pragma once

#include <arrakis/sdk.hpp>
#include <arrakis/sietch/dynamic_roles.hpp>

#include <optional>
#include <string>

namespace role_sync {

// community_config's engaged_role_id, veteran_role_id and trusted_role_id (unset ones nullopt).
arrakis::sietch::DynamicRoleIds read_role_ids(arrakis::sdk::Host& host);

struct Profile {
  std::string id;
  std::string discord_id;
  bool onboarded = false;
  bool departed = false;
  arrakis::sietch::MemberStanding standing;
};

// The profile with this id, else (when the id is empty) the profile of this Discord user; nullopt
// when there is none in the community.
std::optional<Profile> read_profile(arrakis::sdk::Host& host, const std::string& profile_id,
                                    const std::string& discord_id);

}  // namespace role_sync
