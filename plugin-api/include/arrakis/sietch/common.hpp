// Helpers shared by the Sietch plugins: what "onboarded" means, the standard refusals, and how
// BGT amounts (stored in wei) are shown. Header-only, like the SDK.
#pragma once

#include <optional>
#include <string>

#include "arrakis/sdk.hpp"

namespace arrakis::sietch {

inline constexpr int kNaibSeats = 7;
inline constexpr int kLastEligibleRank = 69;
inline constexpr int kFirstWaitlistRank = 70;
inline constexpr int kLastWaitlistRank = 100;

// SQL expression turning a numeric wei column into BGT text with at most two decimals
// ("1234.5", "69"); used inside queries so big integers never pass through a double.
inline std::string bgt_sql(const std::string& wei_expression) {
  return "trim_scale(round((" + wei_expression + ") / 1e18, 2))::text";
}

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

// Replies (ephemerally) that the command needs a finished onboarding; names no command that
// does not exist (decision D6).
inline void reply_onboarding_required(sdk::Host& host) {
  host.reply(sdk::Message()
                 .content("You need to complete onboarding before using this command. "
                          "Check your DMs from the Sietch bot to finish setting up your profile.")
                 .ephemeral());
}

// "0x1234...abcd": addresses are shown shortened, never in full.
inline std::string short_address(const std::string& address) {
  if (address.size() < 10) return address;
  return address.substr(0, 6) + "..." + address.substr(address.size() - 4);
}

}  // namespace arrakis::sietch
