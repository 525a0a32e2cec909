// The DM each alert type sends (domain 3.8), built from the facts an `internal.sietch.alert`
// carries in `data` (docs/events/alert-delivery.md lists the fields per type). Pure functions: the
// alert delivery decides whether to send, these only say what the member reads. A missing or
// malformed fact leaves its line out; it never fails the alert.
//
// Amounts of BGT are wei as decimal text (what sietch::wei_sql gives) and are shown with
// format_bgt; a plain JSON number is taken as whole BGT.
#pragma once

#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

#include "arrakis/sdk.hpp"
#include "arrakis/sietch/bgt.hpp"
#include "arrakis/sietch/markdown.hpp"
#include "arrakis/sietch/ranks.hpp"
#include "arrakis/sietch/tiers.hpp"

namespace arrakis::sietch {

// The eight alert types, as alert_history.alert_type stores them.
inline constexpr std::array<std::string_view, 8> kAlertTypes = {
    "position_update", "at_risk_warning", "naib_threat", "naib_bump",
    "naib_seated",     "waitlist_eligible", "tier_promotion", "badge_award"};

inline constexpr bool is_alert_type(std::string_view type) {
  for (auto t : kAlertTypes) {
    if (t == type) return true;
  }
  return false;
}

inline constexpr std::uint32_t kBadgeAwardColor = 0x00D4FF;
inline constexpr std::uint32_t kPositionColor = 0x4169E1;
inline constexpr std::uint32_t kAtRiskColor = 0xFF8C00;
inline constexpr std::uint32_t kNaibColor = 0xFFD700;
inline constexpr std::uint32_t kNaibLostColor = 0x808080;
inline constexpr std::uint32_t kEligibleColor = 0x28A745;

// What a badge_award DM names: the catalogue entry and why it was given (may be empty).
struct BadgeAwardFacts {
  std::string id, name, emoji, description, reason;
};

// The badge_award DM (the same for an admin's award and an automatic one); the water-sharer
// badge adds The Oasis and sharing fields.
inline sdk::Message badge_award_dm(const BadgeAwardFacts& badge) {
  const bool water_sharer = badge.id == "water-sharer";
  sdk::Embed embed;
  embed.title(badge.emoji + " Badge Awarded!").color(kBadgeAwardColor);
  embed.description(water_sharer
                        ? "**You have received the Water Sharer badge!**\n\nIt marks you as a trusted member of "
                          "the Sietch, and you may share it once with another member."
                        : "**You have been awarded a badge!**\n\nIt recognises what you bring to the Sietch.");
  embed.field(badge.emoji + " Badge", "**" + badge.name + "**", true);
  if (!badge.description.empty()) embed.field("📝 Description", badge.description);
  if (!badge.reason.empty()) embed.field("💬 Award Reason", escape_markdown(badge.reason));
  if (water_sharer) {
    embed.field("🏝️ The Oasis Access", "You can now enter **The Oasis**, the channel of the Water Sharers.");
    embed.field("💧 Water Sharing",
                "Share your badge with one member: `/water-share share`.\nSee your sharing: `/water-share status`.");
  }
  embed.footer("See your badges with /badges • The Sietch remembers");
  return sdk::Message().embed(embed);
}

namespace alert_detail {

inline std::optional<long long> integer(const nlohmann::json& data, const char* name) {
  const auto it = data.find(name);
  if (it == data.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<long long>();
  if (it->is_number()) return std::llround(it->get<double>());
  if (it->is_string()) {
    try {
      std::size_t used = 0;
      const long long v = std::stoll(it->get<std::string>(), &used);
      if (used == it->get_ref<const std::string&>().size()) return v;
    } catch (const std::exception&) {
    }
  }
  return std::nullopt;
}

inline std::string text(const nlohmann::json& data, const char* name) {
  const auto it = data.find(name);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "1,234.5 BGT" from wei as decimal text (the one form of BGT in alert data); nullopt when absent.
inline std::optional<std::string> bgt(const nlohmann::json& data, const char* name) {
  const auto it = data.find(name);
  if (it == data.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) return std::nullopt;
  return format_bgt(it->get<std::string>()) + " BGT";
}

inline void field_if(sdk::Embed& embed, const std::string& name, const std::optional<std::string>& value,
                     bool inline_field = true) {
  if (value && !value->empty()) embed.field(name, *value, inline_field);
}

inline std::optional<std::string> rank_text(const nlohmann::json& data, const char* name) {
  const auto v = integer(data, name);
  return v ? std::optional<std::string>("#" + std::to_string(*v)) : std::nullopt;
}

inline sdk::Message message(sdk::Embed& embed, const char* footer) {
  embed.footer(footer);
  return sdk::Message().embed(embed);
}

constexpr const char* kCappedFooter = "Change or pause these alerts with /alerts";
constexpr const char* kCriticalFooter = "The Sietch remembers";

inline sdk::Message position_update(const nlohmann::json& d) {
  sdk::Embed e;
  e.title("📊 Position Update").color(kPositionColor);
  const auto position = integer(d, "position");
  std::string line = position ? "You hold **#" + std::to_string(*position) + "** in the BGT ranking."
                              : "Your place in the BGT ranking has moved.";
  if (position && is_eligible_rank(static_cast<int>(*position))) {
    line += *position <= kNaibSeats ? " You are within the top " + std::to_string(kNaibSeats) + ": the Naib ranks."
                                    : " You are within the top " + std::to_string(kLastEligibleRank) + " of the Sietch.";
  }
  e.description(line);
  field_if(e, "💰 BGT Holdings", bgt(d, "bgt"));
  field_if(e, "⬆️ To Move Up", bgt(d, "distanceToAbove"));
  field_if(e, "⬇️ Buffer", bgt(d, "distanceToBelow"));
  if (!position || !is_eligible_rank(static_cast<int>(*position))) field_if(e, "🚪 To Entry", bgt(d, "distanceToEntry"));
  return message(e, kCappedFooter);
}

inline sdk::Message at_risk_warning(const nlohmann::json& d) {
  sdk::Embed e;
  e.title("⚠️ Your Place in the Sietch Is at Risk").color(kAtRiskColor);
  const auto position = integer(d, "position");
  auto at_risk = integer(d, "positionsAtRisk");
  if (!at_risk && position) at_risk = kLastEligibleRank - *position + 1;
  std::string line = position ? "You hold **#" + std::to_string(*position) + "**, near the bottom of the " +
                                    std::to_string(kLastEligibleRank) + " eligible places."
                              : "You are near the bottom of the eligible places.";
  if (at_risk && *at_risk > 0) {
    line += " If " + std::to_string(*at_risk) + (*at_risk == 1 ? " wallet passes" : " wallets pass") +
            " you, you drop to the waitlist.";
  }
  e.description(line);
  field_if(e, "💰 BGT Holdings", bgt(d, "bgt"));
  field_if(e, "⬇️ Buffer", bgt(d, "distanceToBelow"));
  return message(e, kCappedFooter);
}

inline sdk::Message naib_threat(const nlohmann::json& d) {
  sdk::Embed e;
  e.title("👑 Your Naib Seat Is Contested").color(kAtRiskColor);
  e.description("A member outside the council now holds more BGT than you. Should they take a seat, the Naib "
                "holding the least BGT gives theirs up.");
  field_if(e, "🪑 Seat", rank_text(d, "seatNumber"));
  field_if(e, "💰 Your BGT", bgt(d, "bgt"));
  field_if(e, "⚔️ Challenger", bgt(d, "challengerBgt"));
  return message(e, kCappedFooter);
}

inline sdk::Message naib_bump(const nlohmann::json& d) {
  sdk::Embed e;
  e.title("👑 Naib Council Update").color(kNaibLostColor);
  const auto seat = integer(d, "seatNumber");
  e.description(std::string("A member holding more BGT has taken your seat") +
                (seat ? " (seat #" + std::to_string(*seat) + ")" : "") +
                " on the Naib Council. You remain a Fedaykin, and the Sietch honours you as a Former Naib.");
  const std::string by = text(d, "bumpedByNym");
  if (!by.empty()) e.field("🔄 Seat Taken By", "**" + escape_markdown(by) + "**", true);
  field_if(e, "💰 BGT When Unseated", bgt(d, "bgtAtUnseating"));
  return message(e, kCriticalFooter);
}

inline sdk::Message naib_seated(const nlohmann::json& d) {
  sdk::Embed e;
  e.title("👑 Welcome to the Naib Council!").color(kNaibColor);
  const auto seat = integer(d, "seatNumber");
  e.description(seat ? "You now hold seat **#" + std::to_string(*seat) + "** of the " + std::to_string(kNaibSeats) +
                           " seats of the Naib Council."
                     : "You now hold a seat of the Naib Council.");
  field_if(e, "💰 BGT Holdings", bgt(d, "bgt"));
  return message(e, kCriticalFooter);
}

inline sdk::Message waitlist_eligible(const nlohmann::json& d) {
  sdk::Embed e;
  e.title("🎉 A Place in the Sietch Is Yours").color(kEligibleColor);
  const auto position = integer(d, "position");
  e.description(std::string("Your wallet ") +
                (position ? "now ranks **#" + std::to_string(*position) + "**" : "has risen into the top " +
                                                                                      std::to_string(kLastEligibleRank)) +
                ": you are eligible to enter the Sietch. Once your access role is granted, the Sietch bot will DM "
                "you to set up your profile.");
  field_if(e, "💰 BGT Holdings", bgt(d, "bgt"));
  return message(e, kCriticalFooter);
}

inline sdk::Message tier_promotion(const nlohmann::json& d) {
  const std::string to = text(d, "newTier");
  const std::string from = text(d, "oldTier");
  const auto index = tier_by_name(to);
  sdk::Embed e;
  e.title(std::string(tier_emoji(to)) + " Tier Promotion!").color(index ? kTiers[*index].color : kPositionColor);
  if (!to.empty() && !from.empty()) {
    e.description("You rose from **" + tier_title(from) + "** to **" + tier_title(to) + "**.");
  } else if (!to.empty()) {
    e.description("You reached **" + tier_title(to) + "**.");
  } else {
    e.description("You rose to a higher tier.");
  }
  field_if(e, "💰 BGT Holdings", bgt(d, "bgt"));
  field_if(e, "📊 Rank", rank_text(d, "rank"));
  return message(e, kCriticalFooter);
}

}  // namespace alert_detail

// The DM of an alert of `type` with its facts. badge_award is rendered from `badge` (the
// catalogue entry the delivery looked up) when given, else from data's badgeId/badgeName/emoji/
// description/reason. An unknown type has no message (nullopt).
inline std::optional<sdk::Message> alert_dm(std::string_view type, const nlohmann::json& data,
                                            const std::optional<BadgeAwardFacts>& badge = std::nullopt) {
  namespace d = alert_detail;
  const nlohmann::json facts = data.is_object() ? data : nlohmann::json::object();
  if (type == "position_update") return d::position_update(facts);
  if (type == "at_risk_warning") return d::at_risk_warning(facts);
  if (type == "naib_threat") return d::naib_threat(facts);
  if (type == "naib_bump") return d::naib_bump(facts);
  if (type == "naib_seated") return d::naib_seated(facts);
  if (type == "waitlist_eligible") return d::waitlist_eligible(facts);
  if (type == "tier_promotion") return d::tier_promotion(facts);
  if (type == "badge_award") {
    if (badge) return badge_award_dm(*badge);
    BadgeAwardFacts b{d::text(facts, "badgeId"), d::text(facts, "badgeName"), d::text(facts, "emoji"),
                      d::text(facts, "description"), d::text(facts, "reason")};
    if (b.name.empty()) b.name = b.id.empty() ? "A badge" : b.id;
    if (b.emoji.empty()) b.emoji = "🏅";
    return badge_award_dm(b);
  }
  return std::nullopt;
}

}  // namespace arrakis::sietch
