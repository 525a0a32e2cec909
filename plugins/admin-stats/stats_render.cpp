#include "stats_render.hpp"

#include "arrakis/sietch/tiers.hpp"

namespace sietch = arrakis::sietch;
namespace sdk = arrakis::sdk;

namespace admin_stats {

std::string thousands(const std::string& digits) {
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0 && digits[i - 1] != '-') out += ',';
    out += digits[i];
  }
  return out;
}

std::string tier_distribution(const std::map<std::string, long long>& counts) {
  std::string text;
  for (auto it = sietch::kTiers.rbegin(); it != sietch::kTiers.rend(); ++it) {
    const auto found = counts.find(std::string(it->name));
    if (found == counts.end() || found->second == 0) continue;
    text.append(it->emoji).append(" ").append(sietch::tier_title(it->name)).append(": ");
    text.append(std::to_string(found->second)).append("\n");
  }
  if (text.empty()) return "No members assigned to tiers";
  text.pop_back();
  return text;
}

std::string most_active_lines(const nlohmann::json& rows) {
  if (rows.empty()) return "No activity in the past 7 days";
  std::string text;
  int place = 0;
  for (const auto& row : rows) {
    text.append(std::to_string(++place)).append(". **").append(row.at("nym").get<std::string>()).append("** - ");
    text.append(std::to_string(row.at("balance").get<long long>())).append(" activity\n");
  }
  text.pop_back();
  return text;
}

std::string promotion_lines(const nlohmann::json& rows) {
  if (rows.empty()) return "No promotions yet";
  std::string text;
  for (const auto& row : rows) {
    const auto days = row.at("days_ago").get<long long>();
    text.append("**").append(row.at("nym").get<std::string>()).append("**: ");
    text.append(sietch::tier_title(row.at("old_tier").get<std::string>())).append(" → ");
    text.append(sietch::tier_title(row.at("new_tier").get<std::string>())).append(" (");
    text.append(days <= 0 ? std::string("Today") : std::to_string(days) + "d ago").append(")\n");
  }
  text.pop_back();
  return text;
}

sdk::Embed analytics_embed(const Totals& totals, const std::map<std::string, long long>& tiers,
                           const nlohmann::json& active, const nlohmann::json& promotions) {
  sdk::Embed embed;
  embed.title("📊 Sietch Community Analytics").color(kColor);
  embed.field("👥 Total Members", std::to_string(totals.members), true);
  embed.field("💎 Total BGT", thousands(totals.total_bgt) + " BGT", true);
  embed.field("📈 Weekly Active", std::to_string(totals.weekly_active), true);
  embed.field("🆕 New This Week", std::to_string(totals.new_this_week), true);
  embed.field("⬆️ Promotions This Week", std::to_string(totals.promotions_this_week), true);
  embed.field("🏅 Badges This Week", std::to_string(totals.badges_this_week), true);
  embed.field("📊 Tier Distribution", tier_distribution(tiers));
  embed.field("🔥 Most Active (Past 7 Days)", most_active_lines(active));
  embed.field("⬆️ Recent Promotions", promotion_lines(promotions));
  embed.footer("Sietch v3.0 Analytics");
  return embed;
}

}  // namespace admin_stats
