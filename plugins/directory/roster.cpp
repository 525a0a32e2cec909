#include "roster.hpp"

#include <arrakis/sietch/sietch.hpp>

namespace directory {

namespace {

namespace sietch = arrakis::sietch;

// The tier filter as a parameter: NULL admits every tier. "naib" and "fedaykin" are the tiers
// stored on the profile (what the emoji of each line shows), not Naib seats.
nlohmann::json tier_param(const View& view) {
  return view.tier == "all" ? nlohmann::json(nullptr) : nlohmann::json(view.tier);
}

constexpr const char* kMembers =
    "FROM profiles p WHERE p.onboarding_complete AND p.departed_at IS NULL "
    "AND ($1::text IS NULL OR p.tier = $1::text) ";

// Every order ends on the nym, then the id, so a page never depends on the plan's row order.
std::string order_by(const View& view) {
  if (view.sort == "tenure") return "ORDER BY p.joined_at ASC, lower(p.nym) ASC NULLS LAST, p.id ";  // oldest first
  if (view.sort == "badgeCount") return "ORDER BY badge_count DESC, lower(p.nym) ASC NULLS LAST, p.id ";
  return "ORDER BY lower(p.nym) ASC NULLS LAST, p.id ";
}

}  // namespace

long long count_members(arrakis::sdk::Host& host, const View& view) {
  const auto rows = host.query(std::string("SELECT count(*) AS n ") + kMembers, nlohmann::json::array({tier_param(view)}));
  return rows.at(0)["n"].get<long long>();
}

nlohmann::json page_members(arrakis::sdk::Host& host, const View& view) {
  return host.query(
      "SELECT p.nym, p.tier, " + sietch::tenure_sql("p.joined_at") + " AS tenure, "
      "  (SELECT count(*) FROM member_badges b WHERE b.profile_id = p.id AND NOT b.revoked) AS badge_count " +
          kMembers + order_by(view) + "LIMIT $2 OFFSET $3",
      nlohmann::json::array({tier_param(view), kPageSize, (view.page - 1) * kPageSize}));
}

}  // namespace directory
