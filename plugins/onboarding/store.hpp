// What the wizard reads and writes in the caller's community (row-level security scopes every
// statement). Wallet and rank come from the one wallet source (member_wallets) and the ranking.
#pragma once

#include <arrakis/sdk.hpp>

#include <optional>
#include <string>

namespace arrakis::onboarding {

struct Profile {
  std::string id;
  std::string nym;  // "" when not chosen yet
  std::string bio;
  std::string pfp_url;
  std::string pfp_type;  // custom | generated | none
  std::string tier;
  bool complete = false;
  bool departed = false;
};

// Where the member stands in the ranking through their linked wallet.
struct Standing {
  bool wallet = false;  // a wallet is linked
  int rank = 0;         // 0 when the wallet is not ranked
  double bgt = 0;       // whole BGT, for the tier only (seats compare exact wei)
};

std::optional<Profile> profile_by_discord_id(sdk::Host& host, const std::string& discord_id);
std::optional<Profile> profile_by_id(sdk::Host& host, const std::string& profile_id);
// The member's profile, created (not onboarded) when there is none yet.
Profile ensure_profile(sdk::Host& host, const std::string& discord_id);
Standing standing(sdk::Host& host, const std::string& profile_id);

// Another profile of the community already has this nym (any case).
bool nym_taken(sdk::Host& host, const std::string& nym, const std::string& own_profile_id);
// Whole days (rounded up) until the member may change their nym again; 0 = now.
int nym_wait_days(sdk::Host& host, const std::string& profile_id);

struct Completion {
  std::string nym, bio, pfp_url, pfp_type, tier;
  int rank = 0;
};
// Finishes onboarding: the profile's fields, onboarding_complete and step 3, the first tier in
// tier_history, default alert preferences. A member who left and came back onboards again (their
// profile is present again). False when it was already complete (nothing written).
bool complete_profile(sdk::Host& host, const std::string& profile_id, const Completion& c);

void set_nym(sdk::Host& host, const std::string& profile_id, const std::string& nym);
void set_picture(sdk::Host& host, const std::string& profile_id, const std::string& url, const std::string& type);
void set_bio(sdk::Host& host, const std::string& profile_id, const std::string& bio);

}  // namespace arrakis::onboarding
