// /leaderboard badges: the top 10 by held badges from a 60-second cache, then the caller's live
// position when they are not on it.
#include <arrakis/sietch/sietch.hpp>

#include "boards.hpp"

namespace leaderboard {

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;

namespace {

// State is namespaced by the host per plugin and community, so one key serves every community.
constexpr const char* kCacheKey = "leaderboard:top10";
constexpr std::uint64_t kCacheTtlMs = 60 * 1000;

// Onboarded members still in the server, numbered by held badges (desc), then the earlier
// profile; the id settles exact ties so a position never flips between two calls.
std::string ranked_sql() {
  return "WITH members AS ("
         "  SELECT p.id, p.nym, p.tier, p.joined_at, p.created_at, "
         "    (SELECT count(*) FROM member_badges b WHERE b.profile_id = p.id AND NOT b.revoked) AS badges "
         "  FROM profiles p WHERE p.onboarding_complete AND p.departed_at IS NULL), "
         "ranked AS ("
         "  SELECT id::text AS id, nym, tier, " + sietch::tenure_sql("joined_at") + " AS tenure, badges, "
         "    row_number() OVER (ORDER BY badges DESC, created_at ASC, id) AS position, count(*) OVER () AS total "
         "  FROM members) ";
}

struct Board {
  long long total = 0;
  nlohmann::json members = nlohmann::json::array();  // {id, nym, tier, tenure, badges}, best first
};

Board read_board(sdk::Host& host) {
  Board board;
  for (const auto& r : host.query(ranked_sql() + "SELECT * FROM ranked ORDER BY position LIMIT $1",
                                  nlohmann::json::array({kTop}))) {
    board.total = r["total"].get<long long>();
    board.members.push_back({{"id", r["id"]}, {"nym", r["nym"]}, {"tier", r["tier"]}, {"tenure", r["tenure"]},
                             {"badges", r["badges"]}});
  }
  return board;
}

// The cached board when there is a readable one, else a fresh one (then cached).
Board cached_board(sdk::Host& host) {
  if (const auto text = host.state_get(kCacheKey)) {
    const auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_object() && j.value("total", nlohmann::json()).is_number_integer() &&
        j.value("members", nlohmann::json()).is_array()) {
      return Board{j["total"].get<long long>(), j["members"]};
    }
  }
  Board board = read_board(host);
  host.state_set(kCacheKey, nlohmann::json{{"total", board.total}, {"members", board.members}}.dump(), kCacheTtlMs);
  return board;
}

std::string badge_count(long long n) { return std::to_string(n) + (n == 1 ? " badge" : " badges"); }

}  // namespace

std::string rank_emoji(int position) {
  static const char* const kRanks[] = {"🥇", "🥈", "🥉", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟"};
  if (position >= 1 && position <= 10) return kRanks[position - 1];
  return "#" + std::to_string(position);
}

void badges_board(sdk::Host& host, const std::string& caller_profile) {
  const Board board = cached_board(host);
  std::string lines;
  bool caller_listed = false;
  int position = 0;
  for (const auto& m : board.members) {
    caller_listed = caller_listed || m.value("id", "") == caller_profile;
    const std::string nym = m["nym"].is_string() ? m["nym"].get<std::string>() : "Anonymous";
    if (!lines.empty()) lines.append("\n");
    lines.append(rank_emoji(++position)).append(" ");
    lines.append(sietch::tier_emoji(m.value("tier", ""))).append(" **").append(nym).append("** ");
    lines.append(sietch::tenure_emoji(m.value("tenure", ""))).append(" — ");
    lines.append(badge_count(m.value("badges", 0LL)));
  }
  std::string footer = "Rankings based on badge count • " + std::to_string(board.total) + " total members";
  if (!caller_listed) {
    // Live, not cached: the caller's own standing is cheap to read and worth being current.
    const auto rows = host.query(ranked_sql() + "SELECT position, total FROM ranked WHERE id = $1",
                                 nlohmann::json::array({caller_profile}));
    if (!rows.empty()) {
      footer += " • Your Position: #" + std::to_string(rows[0]["position"].get<long long>()) + " of " +
                std::to_string(rows[0]["total"].get<long long>());
    }
  }
  sdk::Embed embed;
  embed.title("🏆 Engagement Leaderboard").color(kGold);
  embed.description(lines.empty() ? "No members to rank yet." : lines);
  embed.footer(footer);
  host.reply(sdk::Message().embed(embed));
}

}  // namespace leaderboard
