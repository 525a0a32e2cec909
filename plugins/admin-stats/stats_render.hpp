// /admin-stats's embed, a pure function of what stats_store read. Layout:
// docs/commands/admin-stats.md.
#pragma once

#include <map>
#include <string>

#include "arrakis/sdk.hpp"
#include "stats_store.hpp"

namespace admin_stats {

inline constexpr std::uint32_t kColor = 0x3498DB;
inline constexpr const char* kFailure = "❌ Failed to generate analytics.";

// "1234567" -> "1,234,567".
std::string thousands(const std::string& digits);
// "👑 Naib: 7\n⚔️ Fedaykin: 46\n..." from naib down to hajra, tiers without members left out.
std::string tier_distribution(const std::map<std::string, long long>& counts);
// "1. **chani-2** - 287 activity" lines.
std::string most_active_lines(const nlohmann::json& rows);
// "**Stilgar-1**: Fedaykin → Naib (Today)" / "(3d ago)" lines.
std::string promotion_lines(const nlohmann::json& rows);

arrakis::sdk::Embed analytics_embed(const Totals& totals, const std::map<std::string, long long>& tiers,
                                    const nlohmann::json& active, const nlohmann::json& promotions);

}  // namespace admin_stats
