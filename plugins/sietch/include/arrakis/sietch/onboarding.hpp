// The onboarding gate: what "onboarded" means to every Sietch command, and the standard refusal.
#pragma once

#include <optional>
#include <string>

#include "arrakis/sdk.hpp"

namespace arrakis::sietch {

// The caller's profile when it finished onboarding, else nullopt.
inline std::optional<nlohmann::json> onboarded_profile(sdk::Host& host, const std::string& discord_id) {
  auto rows = host.query(
      "SELECT p.id::text AS id, p.nym, p.tier, w.wallet_address FROM profiles p "
      "LEFT JOIN member_wallets w ON w.profile_id = p.id "
      "WHERE p.discord_id = $1 AND p.onboarding_complete AND p.departed_at IS NULL",
      nlohmann::json::array({discord_id}));
  if (!rows.is_array() || rows.empty()) return std::nullopt;
  return rows[0];
}

// Replies (ephemerally) that the command needs a finished onboarding. It names no command, so it
// can never point at one that does not exist.
inline void reply_onboarding_required(sdk::Host& host) {
  host.reply(sdk::Message()
                 .content("You need to complete onboarding before using this command. "
                          "Check your DMs from the Sietch bot to finish setting up your profile.")
                 .ephemeral());
}

}  // namespace arrakis::sietch
