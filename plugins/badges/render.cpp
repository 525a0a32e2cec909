#include "render.hpp"

#include <algorithm>
#include <vector>

#include <arrakis/sietch/tiers.hpp>

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using nlohmann::json;

namespace arrakis::badges {

namespace {

std::uint32_t color_of(const std::string& tier) {
  const auto index = sietch::tier_by_name(tier);
  return sietch::kTiers[index ? *index : 0].color;
}

// Held badges in catalogue order (held_badges() gives them newest first).
std::vector<json> in_catalogue_order(const json& held) {
  std::vector<json> rows(held.begin(), held.end());
  std::stable_sort(rows.begin(), rows.end(), [](const json& a, const json& b) {
    return a["display_order"].get<long long>() < b["display_order"].get<long long>();
  });
  return rows;
}

std::string name_of(const json& badge) { return badge["emoji"].get<std::string>() + " " + badge["name"].get<std::string>(); }

}  // namespace

std::string total_line(std::size_t count) {
  return "Total: " + std::to_string(count) + (count == 1 ? " badge" : " badges");
}

sdk::Message own_badges(const std::string& nym, const std::string& tier, const json& held) {
  sdk::Embed embed;
  embed.title(nym + "'s Badges").color(color_of(tier));
  const auto rows = in_catalogue_order(held);
  for (const auto& category : kCategories) {
    std::string lines;
    for (const auto& badge : rows) {
      if (badge["category"] != category.id) continue;
      if (!lines.empty()) lines += "\n";
      lines += "**" + name_of(badge) + "**: " + badge["description"].get<std::string>();
    }
    if (!lines.empty()) embed.field(category.heading, lines);
  }
  embed.footer(total_line(rows.size()));
  return sdk::Message().embed(embed).ephemeral();
}

sdk::Message member_badges(const std::string& nym, const std::string& tier, const json& held) {
  sdk::Embed embed;
  embed.title(std::string(sietch::tier_emoji(tier)) + " " + nym + "'s Badges").color(color_of(tier));
  const auto rows = in_catalogue_order(held);
  // Two inline fields side by side; the left column takes the odd one out.
  const std::size_t left = (rows.size() + 1) / 2;
  std::string columns[2];
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto& column = columns[i < left ? 0 : 1];
    if (!column.empty()) column += "\n";
    column += name_of(rows[i]);
  }
  embed.field("Badges", columns[0], true);
  if (!columns[1].empty()) embed.field("\u200b", columns[1], true);
  embed.footer(total_line(rows.size()));
  return sdk::Message().embed(embed).no_mentions();
}

sdk::Message own_no_badges() {
  return sdk::Message()
      .content("You haven't earned any badges yet. Badges come with time in the Sietch, activity, and "
               "contributions to the community. Keep going!")
      .ephemeral();
}

sdk::Message member_no_badges(const std::string& nym) {
  return sdk::Message().content("**" + nym + "** hasn't earned any badges yet.").no_mentions();
}

}  // namespace arrakis::badges
