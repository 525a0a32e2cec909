// What /admin-water-share reads and writes: active grants (listed, searched, looked up by id) and
// the cascading revoke through app.revoke_water_sharer_grant, which takes back the downstream
// grants and exactly the badges those grants gave, in the call's one transaction.
#pragma once

#include <arrakis/sdk.hpp>

#include <optional>
#include <string>
#include <vector>

namespace admin_water_share {

namespace sdk = arrakis::sdk;

struct Grant {
  std::string id;
  std::string granter_nym;
  std::string recipient_nym;
  std::string granted_on;  // UTC day
};

// The newest active grants, at most `limit`, and how many are active in all.
std::vector<Grant> active_grants(sdk::Host& host, int limit, long long& total);

// Active grants whose id or either nym contains `typed` (any case), newest first, at most 25.
std::vector<Grant> grants_matching(sdk::Host& host, const std::string& typed);

// The active grant with this id (a uuid, any case); nullopt for anything else.
std::optional<Grant> active_grant(sdk::Host& host, const std::string& id);

struct Revoked {
  long long grants = 0;  // the grant and every active grant downstream of it
  long long badges = 0;  // the Water Sharer badges those grants had given
  struct Member {
    std::string discord_id;
    std::string profile_id;
  };
  std::vector<Member> lost_badge;  // whose badge was taken back
};

// Revokes the grant and its downstream grants and badges, and writes the `water_sharer_revoke`
// audit row (actor: the admin).
Revoked revoke_grant(sdk::Host& host, const Grant& grant, const std::string& admin_discord_id);

// True for the canonical text form of a uuid (any case).
bool looks_like_uuid(const std::string& s);

}  // namespace admin_water_share
