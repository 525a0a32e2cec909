#include "badge_render.hpp"

#include <arrakis/sietch/alert_messages.hpp>

namespace sdk = arrakis::sdk;

namespace admin_badge {

std::string escape_markdown(const std::string& text) { return arrakis::sietch::escape_markdown(text); }

namespace {

// What the user typed, as echoed in a message: at most 100 characters (a forged option can be
// longer than any reply may be), then "…".
std::string typed_text(const std::string& typed) {
  constexpr std::size_t kShown = 100;
  std::size_t chars = 0, i = 0;
  for (; i < typed.size(); ++i) {
    if ((static_cast<unsigned char>(typed[i]) & 0xC0) != 0x80 && chars++ == kShown) break;
  }
  return escape_markdown(typed.substr(0, i)) + (i < typed.size() ? "…" : "");
}

}  // namespace

std::string award_success(const Badge& badge, const std::string& nym, const std::string& reason, bool restored,
                          bool dm_delivered) {
  std::string text;
  text.append("✅ Awarded **").append(badge.name).append("** badge to **").append(escape_markdown(nym));
  text.append("**. *").append(escape_markdown(reason)).append("*");
  if (restored) text.append("\n↩️ The badge had been revoked; this award restores it.");
  if (!dm_delivered) {
    text.append("\n⚠️ The award DM could not be delivered to **").append(escape_markdown(nym));
    text.append("** (their DMs may be closed).");
  }
  return text;
}

std::string already_held(const Badge& badge, const std::string& nym) {
  std::string text;
  text.append("❌ **").append(escape_markdown(nym)).append("** already has the **").append(badge.name);
  text.append("** badge. Nothing was changed.");
  return text;
}

std::string not_awardable(const Badge& badge) {
  std::string text;
  text.append("❌ **").append(badge.name).append("** is a ").append(badge.category);
  text.append(" badge, earned automatically: only contribution or special badges can be awarded.");
  return text;
}

std::string revoke_success(const Badge& badge, const std::string& nym) {
  std::string text;
  text.append("✅ Revoked **").append(badge.name).append("** badge from **").append(escape_markdown(nym)).append("**.");
  return text;
}

std::string nothing_to_revoke(const Badge& badge, const std::string& nym) {
  std::string text;
  text.append("❌ Nothing to revoke: **").append(escape_markdown(nym)).append("** may not have the **");
  text.append(badge.name).append("** badge.");
  return text;
}

std::string unknown_badge(const std::string& typed_badge) {
  std::string text;
  text.append("❌ There is no badge **").append(typed_text(typed_badge)).append("**. Pick a badge from the list.");
  return text;
}

std::string missing_option(const std::string& option) {
  return "❌ The `" + option + "` option is required.";
}

std::string reason_too_long(std::size_t max_characters) {
  return "❌ The reason can be at most " + std::to_string(max_characters) + " characters.";
}

std::string unknown_subcommand() { return "❌ Use `/admin-badge award` or `/admin-badge revoke`."; }

sdk::Message badge_award_dm(const Badge& badge, const std::string& reason) {
  return arrakis::sietch::badge_award_dm({badge.id, badge.name, badge.emoji, badge.description, reason});
}

std::string choice_label(const std::string& emoji, const std::string& name, const std::string& category) {
  return emoji + " " + name + " (" + category + ")";
}

}  // namespace admin_badge
