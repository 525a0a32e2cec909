// /position rendering: pure functions from Position to the embed.
#include <arrakis/sietch/sietch.hpp>

#include "position.hpp"

namespace sietch = arrakis::sietch;

namespace arrakis::position {

namespace {

struct Status {
  std::uint32_t color;
  const char* line;
};

// A seat holder is Naib whatever the rank; otherwise the rank decides.
Status status_of(const Position& p) {
  if (p.naib) return {0xFFD700, "👑 Naib – Top 7 seat holder"};
  if (p.rank >= kFirstAtRiskRank && sietch::is_eligible_rank(p.rank)) return {0xFF8C00, "⚠️ At Risk – Bottom 10% of eligible"};
  if (sietch::is_eligible_rank(p.rank)) return {0x4169E1, "⚔️ Fedaykin – Eligible member"};
  return {0x8B4513, "⏳ Waiting Pool – Not yet eligible"};
}

// A tie is a gap of 0 BGT; naming the tied rank says why passing them takes more than 0.
std::string gap_text(const Neighbour& n, const char* sign) {
  if (n.tied) return "**0** BGT (tied with #" + std::to_string(n.rank) + ")";
  return std::string(sign) + "**" + n.gap_bgt + "** BGT";
}

}  // namespace

sdk::Embed position_embed(const Position& p) {
  const Status status = status_of(p);
  sdk::Embed e;
  e.title("📍 Your Position").color(status.color).description(status.line);
  e.field("📊 Position", "**#" + std::to_string(p.rank) + "**", true);
  e.field("💰 BGT Holdings", "**" + p.bgt + "** BGT", true);
  e.field("\u200b", "\u200b", true);
  e.field("⬆️ To Move Up", p.above ? gap_text(*p.above, "+") : "🏆 You hold the top position", true);
  e.field("⬇️ Buffer", p.below ? gap_text(*p.below, "") : "No one is ranked below you", true);
  if (!sietch::is_eligible_rank(p.rank) && !p.to_entry_bgt.empty()) {
    e.field("🚪 To Entry", "+**" + p.to_entry_bgt + "** BGT", true);
  }
  e.footer("Use /alerts to manage your position notifications");
  return e;
}

}  // namespace arrakis::position
