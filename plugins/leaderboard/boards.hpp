// The two boards of /leaderboard. Each answers the (publicly deferred) interaction itself.
// See docs/commands/leaderboard.md.
#pragma once

#include <arrakis/sdk.hpp>

#include <string>

namespace leaderboard {

inline constexpr std::uint32_t kGold = 0xFFD700;
inline constexpr int kTop = 10;

// "🥇", "🥈", "🥉" for 1-3, keycaps "4️⃣".."🔟" for 4-10, "#n" beyond.
std::string rank_emoji(int position);

// Top 10 by held badges (ties: the earlier profile first), cached 60 s; the caller's position
// when they are outside it. `caller_profile` is the caller's profile id.
void badges_board(arrakis::sdk::Host& host, const std::string& caller_profile);

// Members in the BGT tiers closest to their next tier, and the caller's own progress; an
// ephemeral notice when nobody is in the BGT tiers.
void tiers_board(arrakis::sdk::Host& host, const std::string& caller_profile);

}  // namespace leaderboard
