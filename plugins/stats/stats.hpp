// The pieces of /stats: what is read for the caller (reading.cpp) and how it is shown
// (rendering.cpp). Behaviour: docs/commands/stats.md.
#pragma once

#include <arrakis/sdk.hpp>

#include <cstddef>
#include <string>

namespace arrakis::stats {

// Everything the stats embed shows about one onboarded member.
struct MemberStats {
  std::string nym;
  std::string pfp_url;         // "" when none
  std::size_t tier = 0;        // index in sietch::kTiers, from the current ranking
  std::string bgt_to_next;     // BGT text still needed for the next BGT tier ("" when the next is by rank)
  std::string tenure;          // og, elder, veteran, member
  std::string member_since;    // "Jan 10, 2025"
  long long messages_this_week = 0;
  bool active_today = false;   // last active within the last 24 hours
  long long total_messages = 0;
  nlohmann::json badges = nlohmann::json::array();  // held badges, newest first (sietch::held_badges)
};

// The stats of the onboarded member with this profile row (sietch::member_by_discord_id).
MemberStats read_member_stats(sdk::Host& host, const nlohmann::json& member);

// The private stats embed.
sdk::Embed stats_embed(const MemberStats& stats);

}  // namespace arrakis::stats
