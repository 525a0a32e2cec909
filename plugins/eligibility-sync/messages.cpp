// What the sync says (domain 2.5, the table of step 12, and the census). Members are named by nym,
// wallets that are no member here by their shortened address; Discord ids and full addresses
// never appear. Texts: docs/events/eligibility-sync.md.
#include <algorithm>

#include <arrakis/sietch/bgt.hpp>
#include <arrakis/sietch/tiers.hpp>

#include "eligibility_sync.hpp"

namespace arrakis::eligibility_sync {

namespace {

constexpr std::uint32_t kNaibColor = 0xFFD700;
constexpr std::uint32_t kFedaykinColor = 0x4169E1;
constexpr std::uint32_t kDepartureColor = 0x808080;
constexpr std::uint32_t kCensusColor = 0x8B4513;

std::string rank_text(int rank) { return "#" + std::to_string(rank); }

std::string bgt_text(const std::string& wei) { return sietch::format_bgt(wei) + " BGT"; }

std::string why_removed(const sietch::RankChange& c, bool redeemed) {
  if (redeemed) return "BGT was redeemed (burned) from the wallet, which ends eligibility for good";
  if (c.rank > 0) return "the wallet fell to rank " + rank_text(c.rank) + " (" + bgt_text(c.wei) + ")";
  return "the wallet is no longer among the ranked holders";
}

sdk::Message embed_message(sdk::Embed embed) { return sdk::Message().embed(embed).no_mentions(); }

}  // namespace

sdk::Message access_lost_dm(const sietch::RankChange& c, bool redeemed) {
  sdk::Embed e;
  e.title("Sietch Access Update").color(kDepartureColor);
  std::string text = "Your wallet is no longer in the top 69 BGT holders: " + why_removed(c, redeemed) + ".\n\n";
  text += redeemed ? "Your profile and badges are kept."
                   : "Your profile and badges are kept. Climb back into the top 69 and your access returns with the "
                     "next sync.";
  e.description(text);
  e.footer("Was rank " + rank_text(c.previous_rank) + " • /position shows where you stand");
  return embed_message(e);
}

sdk::Message naib_demoted_dm(const sietch::RankChange& c) {
  sdk::Embed e;
  e.title("Naib Council Update").color(kFedaykinColor);
  e.description("Your wallet moved from rank " + rank_text(c.previous_rank) + " to " + rank_text(c.rank) +
                ", outside the top 7. You remain in the Sietch as Fedaykin (" + bgt_text(c.wei) +
                ").\n\nReturn to the top 7 to rejoin the Naib Council.");
  return embed_message(e);
}

sdk::Message naib_promoted_dm(const sietch::RankChange& c) {
  sdk::Embed e;
  e.title("Welcome to the Naib Council!").color(kNaibColor);
  e.description("Your wallet now ranks " + rank_text(c.rank) + " with " + bgt_text(c.wei) +
                ": you are among the top 7 BGT holders of the Sietch.");
  return embed_message(e);
}

sdk::Message departure_post(const std::string& who, const sietch::RankChange& c, bool redeemed) {
  sdk::Embed e;
  e.title("🚪 Departure").color(kDepartureColor);
  e.description("**" + who + "** has left the Sietch: " + why_removed(c, redeemed) + ".");
  return embed_message(e);
}

sdk::Message naib_change_post(const std::string& who, const sietch::RankChange& c) {
  sdk::Embed e;
  e.title("⚖️ Naib Council Change").color(kFedaykinColor);
  e.description("**" + who + "** has left the Naib Council (rank " + rank_text(c.previous_rank) + " → " +
                rank_text(c.rank) + ") and remains among the Fedaykin.");
  return embed_message(e);
}

sdk::Message new_naib_post(const std::string& who, const sietch::RankChange& c) {
  sdk::Embed e;
  e.title("👑 New Naib Council Member").color(kNaibColor);
  e.description("**" + who + "** has risen to the Naib Council at rank " + rank_text(c.rank) + " (" + bgt_text(c.wei) + ").");
  return embed_message(e);
}

sdk::Message new_eligible_post(const std::string& who, const sietch::RankChange& c) {
  sdk::Embed e;
  e.title("⚔️ New Eligible Member").color(kFedaykinColor);
  e.description("**" + who + "** is now eligible for the Sietch at rank " + rank_text(c.rank) + " (" + bgt_text(c.wei) + ").");
  return embed_message(e);
}

sdk::Message story_post(const std::string& fragment, bool naib) {
  sdk::Embed e;
  e.color(naib ? kNaibColor : kFedaykinColor).description("*" + fragment + "*");
  return embed_message(e);
}

sdk::Message census_post(const std::vector<CensusLine>& council, int eligible, int waiting, const std::string& entry_wei) {
  sdk::Embed e;
  e.title("📜 BGT Census").color(kCensusColor);
  std::string lines;
  for (const auto& l : council) {
    if (!lines.empty()) lines += "\n";
    lines += "**" + rank_text(l.rank) + "** " + l.who + " • " + bgt_text(l.wei);
  }
  e.field(std::string(sietch::kTiers[sietch::kNaibTier].emoji) + " Naib Council", lines.empty() ? "No ranked wallets" : lines);
  const int fedaykin = std::max(0, eligible - static_cast<int>(council.size()));
  e.field(std::string(sietch::kTiers[sietch::kFedaykinTier].emoji) + " Fedaykin", std::to_string(fedaykin) + " wallets ranked 8-69", true);
  e.field("⏳ Waitlist", std::to_string(waiting) + " wallets ranked 70-100", true);
  e.field("🚪 Entry Requirement", entry_wei.empty() ? "Open: fewer than 69 wallets are ranked" : bgt_text(entry_wei), true);
  e.footer("Total Eligible: " + std::to_string(eligible) + "/69");
  return embed_message(e);
}

}  // namespace arrakis::eligibility_sync
