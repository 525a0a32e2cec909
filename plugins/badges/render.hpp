// /badges' messages as pure functions of held-badge rows (arrakis/sietch/badges.hpp), so each is
// tested without a database. See docs/commands/badges.md.
#pragma once

#include <string>

#include <arrakis/sdk.hpp>

namespace arrakis::badges {

// The catalogue's categories in the order they are shown, with their headings.
struct Category {
  const char* id;
  const char* heading;
};
inline constexpr Category kCategories[] = {
    {"tenure", "⏳ Tenure"}, {"engagement", "🔥 Engagement"}, {"contribution", "🤝 Contribution"}, {"special", "✨ Special"}};

// "Total: 3 badges" / "Total: 1 badge".
std::string total_line(std::size_t count);

// Your own badges (ephemeral): "{nym}'s Badges", one field per category, catalogue order inside.
sdk::Message own_badges(const std::string& nym, const std::string& tier, const nlohmann::json& held);
// Someone else's badges (public): "{tierEmoji} {nym}'s Badges" in two columns.
sdk::Message member_badges(const std::string& nym, const std::string& tier, const nlohmann::json& held);

sdk::Message own_no_badges();
sdk::Message member_no_badges(const std::string& nym);

}  // namespace arrakis::badges
