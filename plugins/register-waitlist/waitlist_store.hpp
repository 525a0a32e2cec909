// What /register-waitlist reads and writes: waitlist registrations, the ranking, the members'
// wallets, the audit log and the Taqwa role of the community configuration. Row-level security
// scopes every statement to the calling community.
#pragma once

#include <optional>
#include <string>

#include <arrakis/sdk.hpp>

namespace waitlist {

// A wallet's place in the ranking, BGT as display text.
struct Standing {
  long long rank = 0;
  std::string bgt;       // "760"
  std::string distance;  // BGT still needed to reach rank 69, "0" when there already
};

// The caller's active registration with the wallet's standing now (no standing: no longer ranked).
struct Registration {
  std::string wallet;
  long long registered_epoch = 0;  // seconds since the Unix epoch
  std::optional<Standing> standing;
};

std::optional<Registration> active_registration(arrakis::sdk::Host& host, const std::string& discord_id);
bool wallet_registered(arrakis::sdk::Host& host, const std::string& wallet);
// The Discord id of this community's member whose linked wallet this is.
std::optional<std::string> wallet_member(arrakis::sdk::Host& host, const std::string& wallet);
std::optional<Standing> wallet_standing(arrakis::sdk::Host& host, const std::string& wallet);

// Inserts the registration at the wallet's current rank and balance; false when a concurrent
// registration of the same user or wallet won (the partial unique indexes refused it).
bool insert_registration(arrakis::sdk::Host& host, const std::string& discord_id, const std::string& wallet);
// Deactivates the caller's registration; the wallet it was for, or nullopt when there was none.
std::optional<std::string> deactivate_registration(arrakis::sdk::Host& host, const std::string& discord_id);

void audit(arrakis::sdk::Host& host, const std::string& event_type, const nlohmann::json& data,
           const std::string& actor);

// The configured Taqwa role id, if any.
std::optional<std::string> taqwa_role(arrakis::sdk::Host& host);

}  // namespace waitlist
