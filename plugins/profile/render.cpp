#include "render.hpp"

#include <cstdio>

#include <arrakis/sietch/badges.hpp>
#include <arrakis/sietch/tenure.hpp>
#include <arrakis/sietch/tiers.hpp>

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using nlohmann::json;

namespace arrakis::profile {

namespace {

constexpr std::int64_t kDay = 86400;

std::string text_or_empty(const json& row, const char* key) {
  return row.contains(key) && row[key].is_string() ? row[key].get<std::string>() : std::string();
}

const sietch::Tier& tier_of(const json& member) {
  const auto index = sietch::tier_by_name(text_or_empty(member, "tier"));
  return sietch::kTiers[index ? *index : 0];
}

std::string tier_line(const json& member) {
  const auto& tier = tier_of(member);
  return std::string(tier.emoji) + " " + sietch::tier_title(tier.name);
}

std::string title_of(const json& member) {
  return std::string(tier_of(member).emoji) + " " + text_or_empty(member, "nym");
}

// Discord shows only http(s) images in embeds; a generated picture (a data URL) is left out.
void add_picture(sdk::Embed& embed, const json& member) {
  const std::string url = text_or_empty(member, "pfp_url");
  if (url.rfind("https://", 0) == 0) embed.thumbnail(url);
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm): no time zone or locale involved.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

std::int64_t unix_seconds(const std::string& iso) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char z = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z) != 7 || z != 'Z') return 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return 0;
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * kDay + h * 3600 + mi * 60 + s;
}

std::string discord_time(std::int64_t unix, char style) {
  std::string out = "<t:";
  out.append(std::to_string(unix)).append(":").append(1, style).append(">");
  return out;
}

std::string tenure_label(const std::string& tenure) {
  if (tenure == "og") return "OG";
  if (tenure == "elder") return "Elder";
  if (tenure == "veteran") return "Veteran";
  return "Member";
}

sdk::Message own_profile(const json& member, std::int64_t now_s) {
  sdk::Embed embed;
  embed.title(title_of(member)).color(tier_of(member).color);
  const std::string bio = text_or_empty(member, "bio");
  embed.description(bio.empty() ? "*No bio yet. Use /profile edit to add one.*" : bio);
  add_picture(embed, member);
  embed.field("Tier", tier_line(member), true);
  embed.field("Member Since", discord_time(unix_seconds(text_or_empty(member, "joined_at")), 'D'), true);
  const bool complete = member.value("onboarding_complete", false);
  embed.field("Onboarding", complete ? "✅ Complete" : "⏳ Not finished: check your DMs from the Sietch bot", true);
  const std::string changed = text_or_empty(member, "nym_last_changed");
  std::string nym_changed = "Never";
  if (!changed.empty()) {
    const std::int64_t at = unix_seconds(changed);
    nym_changed = discord_time(at, 'D');
    const std::int64_t next = at + kNymCooldownDays * kDay;
    if (next > now_s) nym_changed.append("\nNext change possible ").append(discord_time(next, 'R'));
  }
  embed.field("Nym Changed", nym_changed, true);
  embed.footer("Only you can see this • Use /profile edit to change your profile");
  return sdk::Message().embed(embed).ephemeral();
}

sdk::Message public_profile(const json& member, const json& held_badges) {
  sdk::Embed embed;
  embed.title(title_of(member)).color(tier_of(member).color);
  const std::string bio = text_or_empty(member, "bio");
  if (!bio.empty()) embed.description(bio);
  add_picture(embed, member);
  const std::string tenure = text_or_empty(member, "tenure");
  embed.field("Tier", tier_line(member), true);
  embed.field("Tenure", std::string(sietch::tenure_emoji(tenure)) + " " + tenure_label(tenure), true);
  embed.field("Badges", std::to_string(held_badges.size()), true);
  embed.field("Recent Badges", sietch::recent_badges_line(held_badges));
  embed.footer("Sietch member profile • No wallet addresses shown");
  return sdk::Message().embed(embed).no_mentions();
}

sdk::Message no_profile() {
  return sdk::Message()
      .content("You haven't completed onboarding yet. When you gain access to Sietch, you'll receive a DM "
               "to set up your profile.")
      .ephemeral();
}

sdk::Message edit_dm(const json& member, std::int64_t now_s) {
  std::string nym_rules = "Currently **" + text_or_empty(member, "nym") +
                          "**. 3-20 characters: letters, numbers, `_` and `-`, starting and ending with a letter "
                          "or number. It can be changed once every " +
                          std::to_string(kNymCooldownDays) + " days.";
  const std::string changed = text_or_empty(member, "nym_last_changed");
  if (!changed.empty()) {
    const std::int64_t next = unix_seconds(changed) + kNymCooldownDays * kDay;
    if (next > now_s) nym_rules.append("\nYour next nym change is possible ").append(discord_time(next, 'R')).append(".");
  }
  sdk::Embed embed;
  embed.title("✏️ Edit Your Profile")
      .color(tier_of(member).color)
      .description("Press **Start editing** to change what other members see on your Sietch profile.");
  embed.field("Nym", nym_rules);
  embed.field("Profile Picture", "A link to an image on Discord or Imgur, or a generated picture.");
  embed.field("Bio", "Up to 160 characters. Links are removed.");
  embed.footer("Your Discord account and wallet are never shown on your profile");
  return sdk::Message().embed(embed).row(
      sdk::ActionRow().add(sdk::Button(sdk::ButtonStyle::primary, "Start editing", kEditStartId).emoji("✏️")));
}

sdk::Message check_your_dms() {
  return sdk::Message().content("📬 Check your DMs! I've sent you a message to edit your profile.").ephemeral();
}

sdk::Message dm_failed() {
  return sdk::Message()
      .content("❌ I couldn't send you a DM. Please allow direct messages from server members "
               "(Server menu → Privacy Settings → Direct Messages), then run /profile edit again.")
      .ephemeral();
}

}  // namespace arrakis::profile
