// /stats rendering: pure functions from MemberStats to the embed.
#include <arrakis/sietch/sietch.hpp>

#include <algorithm>

#include "stats.hpp"

namespace sietch = arrakis::sietch;

namespace arrakis::stats {

namespace {

constexpr std::uint32_t kBlue = 0x4169E1;
constexpr long long kLongestStreakCap = 30;

std::string days(long long n) { return "**" + std::to_string(n) + "** day" + (n == 1 ? "" : "s"); }

std::string tier_value(const MemberStats& s) {
  const auto& tier = sietch::kTiers[s.tier];
  std::string text = std::string(tier.emoji) + " **" + sietch::tier_title(tier.name) + "**\n";
  if (s.tier + 1 >= sietch::kTiers.size()) return text + "At maximum tier";
  const auto& next = sietch::kTiers[s.tier + 1];
  text += "Next: **" + sietch::tier_title(next.name) + "**";
  // Fedaykin (top 69) and Naib (top 7) are reached by rank, whatever the BGT.
  if (next.by_rank || s.bgt_to_next.empty()) return text + " (rank-based)";
  return text + " (" + s.bgt_to_next + " BGT needed)";
}

std::string tenure_value(const MemberStats& s) {
  const std::string label = s.tenure == "og" ? "OG" : sietch::tier_title(s.tenure);
  return std::string(sietch::tenure_emoji(s.tenure)) + " **" + label + "**\nSince " + s.member_since;
}

// Discord shows only http(s) images as thumbnails; a generated avatar stored as a data URL is left out.
bool shows_as_thumbnail(const std::string& url) { return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0; }

}  // namespace

sdk::Embed stats_embed(const MemberStats& s) {
  sdk::Embed e;
  e.title(s.nym.empty() ? "📊 Your Stats" : "📊 " + s.nym + "'s Stats").color(kBlue);
  if (shows_as_thumbnail(s.pfp_url)) e.thumbnail(s.pfp_url);
  e.field("🏔️ Tier", tier_value(s), true);
  e.field("⏳ Tenure", tenure_value(s), true);
  e.field("🏆 Badges", "**" + std::to_string(s.badges.size()) + "** earned", true);
  e.field("💬 Activity This Week",
          "**" + std::to_string(s.messages_this_week) + "** message" + (s.messages_this_week == 1 ? "" : "s"), true);
  e.field("🔥 Current Streak", days(s.active_today ? 1 : 0), true);
  e.field("🏅 Longest Streak", days(std::min(s.total_messages / 10, kLongestStreakCap)), true);
  e.field("🎖️ Recent Badges", sietch::recent_badges_line(s.badges));
  e.footer("Your stats are private • Use /badges to see all your badges");
  return e;
}

}  // namespace arrakis::stats
