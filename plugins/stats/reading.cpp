// /stats readers: one query for the ranking, activity and dates, one for the badges. The activity
// balance is read with its pending decay applied (sietch::decayed_balance_sql) and never written
// back: /stats is a read, and the scheduled decay job is the one writer of decayed balances.
#include <arrakis/sietch/sietch.hpp>

#include "stats.hpp"

namespace sietch = arrakis::sietch;

namespace arrakis::stats {

namespace {

// BGT amounts as /stats shows them; the one place to change the format.
std::string bgt_text_sql(const std::string& wei_expression) { return sietch::bgt_sql(wei_expression); }

// The BGT thresholds above the floor tier (ichwan .. usul) as a PostgreSQL numeric[] literal: the
// smallest one above a balance is the next BGT tier's.
std::string next_tier_thresholds() {
  std::string list = "{";
  for (std::size_t i = 1; i < sietch::kFedaykinTier; ++i) {
    if (i > 1) list += ",";
    list += std::to_string(sietch::kTiers[i].min_bgt);
  }
  return list + "}";
}

}  // namespace

MemberStats read_member_stats(sdk::Host& host, const nlohmann::json& member) {
  const std::string profile_id = member["id"];
  const auto rows = host.query(
      "SELECT e.rank, (COALESCE(e.bgt_held, 0) / 1e18)::float8 AS bgt, " +
          bgt_text_sql("(SELECT min(t) FROM unnest($2::numeric[]) t WHERE t * 1e18 > COALESCE(e.bgt_held, 0)) * 1e18 "
                       "- COALESCE(e.bgt_held, 0)") +
          " AS to_next, "
          "floor(COALESCE(" + sietch::decayed_balance_sql("a.activity_balance", "a.last_decay_at") +
          ", 0) / 10)::bigint AS messages_this_week, "
          "COALESCE(a.last_active_at > now() - interval '24 hours', false) AS active_today, "
          "COALESCE(a.total_messages, 0) AS total_messages, "
          "to_char(p.joined_at AT TIME ZONE 'UTC', 'Mon FMDD, YYYY') AS member_since "
          "FROM profiles p LEFT JOIN member_wallets w ON w.profile_id = p.id "
          "LEFT JOIN eligibility_current e ON e.address = w.wallet_address "
          "LEFT JOIN member_activity a ON a.profile_id = p.id "
          "WHERE p.id = $1::uuid",
      nlohmann::json::array({profile_id, next_tier_thresholds()}));
  const auto& r = rows.at(0);

  MemberStats s;
  s.nym = member["nym"].is_string() ? member["nym"].get<std::string>() : "";
  s.pfp_url = member["pfp_url"].is_string() ? member["pfp_url"].get<std::string>() : "";
  const int rank = r["rank"].is_number() ? r["rank"].get<int>() : 0;
  s.tier = sietch::tier_index(rank, r["bgt"].get<double>());
  if (r["to_next"].is_string()) s.bgt_to_next = r["to_next"];
  s.tenure = member["tenure"];
  s.member_since = r["member_since"];
  s.messages_this_week = r["messages_this_week"].get<long long>();
  s.active_today = r["active_today"].get<bool>();
  s.total_messages = r["total_messages"].get<long long>();
  s.badges = sietch::held_badges(host, profile_id);
  return s;
}

}  // namespace arrakis::stats
