// What /water-share reads and writes: the facts the share rules look at, the share itself (the
// grant, the badge it gives and the audit row, all or nothing) and a member's sharing status.
#pragma once

#include <arrakis/sdk.hpp>
#include <arrakis/sietch/water_sharer.hpp>

#include <optional>
#include <string>

#include "share_rules.hpp"

namespace water_share {

namespace sdk = arrakis::sdk;

// The caller (an onboarded member).
struct Granter {
  std::string profile_id;
  std::string nym;
  std::string discord_id;
};

// The facts of sharing from `granter` to the Discord user `recipient_discord_id`; fills
// `recipient_nym` when that user has a present profile.
ShareFacts read_share_facts(sdk::Host& host, const Granter& granter, const std::string& recipient_discord_id,
                            std::string& recipient_nym);

// Inserts the grant, awards the badge from it (source 'water_sharer', awarded by the granter's
// Discord id) and writes the `water_sharer_grant` audit row, inside one savepoint. Returns the
// grant id; nullopt when the badge could not be awarded (the recipient holds it), and then nothing
// was written. A failing statement throws after the savepoint is rolled back.
std::optional<std::string> write_share(sdk::Host& host, const Granter& granter, const std::string& recipient_profile_id,
                                       const std::string& recipient_nym);

struct ShareStatus {
  bool has_badge = false;
  std::optional<arrakis::sietch::WaterLink> shared_to;
  std::optional<arrakis::sietch::WaterLink> received_from;
  bool can_share() const { return has_badge && !shared_to; }
};

ShareStatus read_status(sdk::Host& host, const std::string& profile_id);

}  // namespace water_share
