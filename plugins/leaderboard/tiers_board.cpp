// /leaderboard tiers: members in the BGT tiers (hajra to sayyadina; usul has no BGT tier above it,
// Fedaykin and Naib are reached by rank) ordered by the BGT still needed for their next tier.
// Tiers are computed from the live ranking (rank and BGT), the same rule the sync applies.
#include <arrakis/sietch/sietch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "boards.hpp"

namespace leaderboard {

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;

namespace {

struct Progressor {
  std::string id, nym;
  std::size_t tier = 0;  // index in sietch::kTiers
  double bgt = 0, distance = 0;
};

std::string whole(double bgt) { return std::to_string(std::llround(bgt)); }

std::string nym_of(const nlohmann::json& row) {
  return row["nym"].is_string() ? row["nym"].get<std::string>() : std::string("Anonymous");
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Onboarded members whose linked wallet ranks below the eligible ranks, with a BGT tier above
// theirs, closest first (then more BGT, then nym).
std::vector<Progressor> read_progressors(sdk::Host& host) {
  const auto rows = host.query(
      "SELECT p.id::text AS id, p.nym, e.rank, (e.bgt_held / 1e18)::float8 AS bgt "
      "FROM profiles p JOIN member_wallets w ON w.profile_id = p.id "
      "JOIN eligibility_current e ON e.address = w.wallet_address "
      "WHERE p.onboarding_complete AND p.departed_at IS NULL AND e.rank > $1",
      nlohmann::json::array({sietch::kLastEligibleRank}));
  std::vector<Progressor> out;
  for (const auto& r : rows) {
    const int rank = r["rank"].get<int>();
    const double bgt = r["bgt"].get<double>();
    const auto distance = sietch::bgt_to_next_tier(rank, bgt);
    if (!distance) continue;  // usul: the next step is Fedaykin, by rank
    out.push_back({r["id"].get<std::string>(), nym_of(r), sietch::tier_index(rank, bgt), bgt, *distance});
  }
  std::sort(out.begin(), out.end(), [](const Progressor& a, const Progressor& b) {
    if (a.distance != b.distance) return a.distance < b.distance;
    if (a.bgt != b.bgt) return a.bgt > b.bgt;
    return lower(a.nym) < lower(b.nym);
  });
  return out;
}

std::string to_next(const Progressor& p) {
  const auto& next = sietch::kTiers[p.tier + 1];
  return whole(p.distance) + " BGT to " + std::string(next.emoji) + " " + sietch::tier_title(next.name);
}

std::string progressor_line(int position, const Progressor& p) {
  return rank_emoji(position) + " " + std::string(sietch::kTiers[p.tier].emoji) + " **" + p.nym + "** — " +
         whole(p.bgt) + " BGT • " + to_next(p);
}

// The caller's entry: their place on the board, or why they have none.
std::string caller_entry(sdk::Host& host, const std::vector<Progressor>& board, const std::string& caller_profile) {
  for (std::size_t i = 0; i < board.size(); ++i) {
    const auto& p = board[i];
    if (p.id != caller_profile) continue;
    const auto& tier = sietch::kTiers[p.tier];
    return "#" + std::to_string(i + 1) + " of " + std::to_string(board.size()) + " • " + std::string(tier.emoji) + " " +
           sietch::tier_title(tier.name) + " • " + whole(p.bgt) + " BGT • " + to_next(p);
  }
  const auto rows = host.query(
      "SELECT e.rank, (e.bgt_held / 1e18)::float8 AS bgt FROM member_wallets w "
      "JOIN eligibility_current e ON e.address = w.wallet_address WHERE w.profile_id = $1::uuid",
      nlohmann::json::array({caller_profile}));
  if (rows.empty()) return "Your wallet is not ranked, so there is no BGT tier progress to show yet.";
  const int rank = rows[0]["rank"].get<int>();
  const double bgt = rows[0]["bgt"].get<double>();
  const auto& tier = sietch::tier_for(rank, bgt);
  const std::string label = std::string(tier.emoji) + " " + sietch::tier_title(tier.name);
  if (tier.by_rank) {
    return label + " (rank #" + std::to_string(rank) + "): beyond the BGT tiers, your progress is by rank.";
  }
  return label + " at " + whole(bgt) + " BGT: the highest BGT tier. Fedaykin is reached by rank (top " +
         std::to_string(sietch::kLastEligibleRank) + ").";
}

}  // namespace

void tiers_board(sdk::Host& host, const std::string& caller_profile) {
  const auto board = read_progressors(host);
  if (board.empty()) {
    host.reply(sdk::Message()
                   .content("No members are in the BGT tiers right now, so there is no tier progression to show.")
                   .ephemeral());
    return;
  }
  std::string lines;
  for (std::size_t i = 0; i < board.size() && i < static_cast<std::size_t>(kTop); ++i) {
    if (!lines.empty()) lines.append("\n");
    lines.append(progressor_line(static_cast<int>(i) + 1, board[i]));
  }
  sdk::Embed embed;
  embed.title("🏆 Tier Progression Leaderboard").color(kGold);
  embed.description("Members closest to their next BGT tier");
  embed.field("Top Progressors", lines);
  embed.field("Your Progress", caller_entry(host, board, caller_profile));
  embed.footer(std::to_string(board.size()) + " members progressing through the BGT tiers • BGT rounded to whole numbers");
  host.reply(sdk::Message().embed(embed));
}

}  // namespace leaderboard
