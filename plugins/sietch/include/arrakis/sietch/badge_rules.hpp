// Automatic badges (domain 3.4): the tenure, engagement and founding badges a member earns without
// an admin, by the criteria the badge catalogue stores (badges.auto_criteria_type / _value):
//
//   launch_window_days  og                 joined_at ≤ community_config.launch_date + N days
//   tenure_days         veteran, elder     joined at least N days ago (90, 180)
//   activity_balance    consistent, ...    the decayed activity balance (activity.hpp) ≥ N (100, 250, 500)
//   onboarded_count     founding-fedaykin  the community has at most N (69) onboarded, present members now
//
// `tier` (usul-ascended) is not here: it is awarded when the promotion to usul happens.
//
// Awards are only ever added: nothing here revokes (an engagement badge stays when the balance
// falls), and a badge the member has a row for — held, or revoked by an admin — is left as it is,
// so an admin's revocation is not undone by the next check. Only onboarded members who have not
// left are considered. Rows get the automatic provenance (source 'automatic', awarded_by NULL;
// docs/database.md "Badges: provenance") and the catalogue description as award_reason.
#pragma once

#include <string>
#include <vector>

#include "arrakis/sdk.hpp"
#include "arrakis/sietch/activity.hpp"

namespace arrakis::sietch {

struct AutomaticAward {
  std::string profile_id, discord_id, badge_id, name, emoji, description;
};

// Awards every automatic badge the community's members (or only `profile_id`, when given) have
// earned and have no row for, in one statement; returns the awards made now, by member and
// catalogue order. Running it again awards nothing new, and two runs at once award each badge once.
inline std::vector<AutomaticAward> award_earned_badges(sdk::Host& host, const std::string& profile_id = "") {
  const std::string balance = decayed_balance_sql("a.activity_balance", "a.last_decay_at");
  const auto rows = host.query(
      "WITH launch AS ("
      "  SELECT COALESCE((SELECT launch_date FROM community_config), DATE '2025-01-01') AS day), "
      "present AS ("
      "  SELECT p.id, p.discord_id, p.joined_at FROM profiles p WHERE p.onboarding_complete AND p.departed_at IS NULL), "
      "onboarded AS (SELECT count(*) AS n FROM present), "
      "members AS ("
      "  SELECT m.id, m.discord_id, m.joined_at, COALESCE(" + balance + ", 0) AS balance "
      "  FROM present m LEFT JOIN member_activity a ON a.profile_id = m.id "
      "  WHERE $1::text = '' OR m.id::text = $1::text), "
      "earned AS ("
      "  SELECT m.id AS profile_id, m.discord_id, b.id AS badge_id, b.name, b.emoji, b.description, b.display_order "
      "  FROM members m CROSS JOIN badges b CROSS JOIN launch l CROSS JOIN onboarded o "
      "  WHERE CASE b.auto_criteria_type "
      "    WHEN 'launch_window_days' THEN m.joined_at <= (l.day::timestamp AT TIME ZONE 'UTC') "
      "                                       + make_interval(days => b.auto_criteria_value::int) "
      "    WHEN 'tenure_days' THEN m.joined_at <= now() - make_interval(days => b.auto_criteria_value::int) "
      "    WHEN 'activity_balance' THEN m.balance >= b.auto_criteria_value::float8 "
      "    WHEN 'onboarded_count' THEN o.n <= b.auto_criteria_value::int "
      "    ELSE false END "
      "  AND NOT EXISTS (SELECT 1 FROM member_badges mb WHERE mb.profile_id = m.id AND mb.badge_id = b.id)), "
      "awarded AS ("
      "  INSERT INTO member_badges (community_id, profile_id, badge_id, award_reason, source) "
      "  SELECT app.current_community_id(), e.profile_id, e.badge_id, e.description, 'automatic' FROM earned e "
      "  ON CONFLICT (community_id, profile_id, badge_id) DO NOTHING "
      "  RETURNING profile_id, badge_id) "
      "SELECT e.profile_id::text AS profile_id, e.discord_id, e.badge_id, e.name, e.emoji, e.description "
      "FROM awarded w JOIN earned e ON e.profile_id = w.profile_id AND e.badge_id = w.badge_id "
      "ORDER BY e.profile_id, e.display_order",
      nlohmann::json::array({profile_id}));
  std::vector<AutomaticAward> out;
  for (const auto& r : rows) {
    out.push_back({r["profile_id"].get<std::string>(), r["discord_id"].get<std::string>(),
                   r["badge_id"].get<std::string>(), r["name"].get<std::string>(), r["emoji"].get<std::string>(),
                   r["description"].get<std::string>()});
  }
  return out;
}

}  // namespace arrakis::sietch
