#include "render.hpp"

#include <arrakis/sietch/sietch.hpp>

namespace directory {

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;

namespace {

// Select options have no emoji in the SDK's builder, so the emoji leads the label.
sdk::SelectMenu tier_select(const View& view, const std::string& owner) {
  return sdk::SelectMenu(custom_id(Control::tier, owner))
      .placeholder("Filter by tier")
      .option("👥 All Members", "all", "Every onboarded member", view.tier == "all")
      .option("👑 Naib (Top 7)", "naib", "The Naib tier", view.tier == "naib")
      .option("⚔️ Fedaykin", "fedaykin", "The Fedaykin tier", view.tier == "fedaykin");
}

sdk::SelectMenu sort_select(const View& view, const std::string& owner) {
  return sdk::SelectMenu(custom_id(Control::sort, owner))
      .placeholder("Sort by")
      .option("Name (A-Z)", "nym", "Alphabetical by nym", view.sort == "nym")
      .option("Tenure (Oldest first)", "tenure", "Longest-standing members first", view.sort == "tenure")
      .option("Badge Count", "badgeCount", "Most badges first", view.sort == "badgeCount");
}

sdk::ActionRow page_buttons(const View& view, const std::string& owner, int pages) {
  return sdk::ActionRow()
      .add(sdk::Button(sdk::ButtonStyle::secondary, "Previous", custom_id(Control::prev, owner))
               .emoji("◀️")
               .disabled(view.page <= 1))
      .add(sdk::Button(sdk::ButtonStyle::secondary, "Refresh", custom_id(Control::refresh, owner)).emoji("🔄"))
      .add(sdk::Button(sdk::ButtonStyle::secondary, "Next", custom_id(Control::next, owner))
               .emoji("▶️")
               .disabled(view.page >= pages));
}

std::string empty_page(const View& view) {
  if (view.tier == "naib") return "👑 No members hold the Naib tier right now. Pick another tier above.";
  if (view.tier == "fedaykin") return "⚔️ No members hold the Fedaykin tier right now. Pick another tier above.";
  return "No onboarded members yet. The directory fills as members finish onboarding.";
}

}  // namespace

int page_count(long long total) {
  return total <= 0 ? 1 : static_cast<int>((total + kPageSize - 1) / kPageSize);
}

std::string member_line(int position, const nlohmann::json& member) {
  const std::string nym = member["nym"].is_string() ? member["nym"].get<std::string>() : "Anonymous";
  const long long badges = member["badge_count"].get<long long>();
  std::string line = std::to_string(position);
  line.append(". ").append(sietch::tier_emoji(member["tier"].get<std::string>()));
  line.append(" **").append(nym).append("** ");
  line.append(sietch::tenure_emoji(member["tenure"].get<std::string>()));
  line.append(" (").append(std::to_string(badges)).append(badges == 1 ? " badge)" : " badges)");
  return line;
}

sdk::Message directory_message(const View& view, const std::string& owner, const nlohmann::json& members,
                               long long total) {
  const int pages = page_count(total);
  std::string list;
  int position = (view.page - 1) * kPageSize;
  for (const auto& m : members) {
    if (!list.empty()) list.append("\n");
    list.append(member_line(++position, m));
  }
  sdk::Embed embed;
  embed.title("📖 Member Directory").color(kColor);
  embed.description(list.empty() ? empty_page(view) : list);
  embed.footer("Page " + std::to_string(view.page) + "/" + std::to_string(pages) + " • " + std::to_string(total) +
               (total == 1 ? " total member" : " total members"));
  return sdk::Message()
      .embed(embed)
      .row(sdk::ActionRow().add(tier_select(view, owner)))
      .row(sdk::ActionRow().add(sort_select(view, owner)))
      .row(page_buttons(view, owner, pages));
}

}  // namespace directory
