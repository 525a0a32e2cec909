#include "stats_store.hpp"

#include "arrakis/sietch/tiers.hpp"

namespace sdk = arrakis::sdk;
using nlohmann::json;

namespace admin_stats {

namespace {

constexpr const char* kMembers = "p.onboarding_complete AND p.departed_at IS NULL";

// ARRAY['hajra', ..., 'naib']: tier order for "is this a promotion" in SQL.
std::string tier_order_array() {
  std::string out = "ARRAY[";
  for (const auto& tier : arrakis::sietch::kTiers) out.append("'").append(tier.name).append("',");
  out.back() = ']';
  return out;
}

std::string is_promotion(const std::string& alias) {
  const std::string order = tier_order_array();
  return alias + ".old_tier IS NOT NULL AND array_position(" + order + ", " + alias + ".new_tier) > array_position(" +
         order + ", " + alias + ".old_tier)";
}

}  // namespace

Totals read_totals(sdk::Host& host) {
  const auto rows = host.query(std::string(
      "SELECT "
      "(SELECT count(*) FROM profiles p WHERE ") + kMembers + ") AS members, "
      "(SELECT COALESCE(round(sum(e.bgt_held) / 1e18), 0)::text FROM profiles p "
      "   JOIN member_wallets w ON w.profile_id = p.id JOIN eligibility_current e ON e.address = w.wallet_address "
      "   WHERE " + kMembers + ") AS total_bgt, "
      "(SELECT count(*) FROM profiles p JOIN member_activity a ON a.profile_id = p.id "
      "   WHERE " + kMembers + " AND a.last_active_at >= now() - interval '7 days') AS weekly_active, "
      "(SELECT count(*) FROM profiles p WHERE " + kMembers + " AND p.joined_at >= now() - interval '7 days') "
      "   AS new_this_week, "
      "(SELECT count(*) FROM tier_history t WHERE t.changed_at >= now() - interval '7 days' AND " + is_promotion("t") +
      ") AS promotions_this_week, "
      "(SELECT count(*) FROM member_badges b WHERE NOT b.revoked AND b.awarded_at >= now() - interval '7 days') "
      "   AS badges_this_week");
  const auto& r = rows.at(0);
  Totals t;
  t.members = r.at("members").get<long long>();
  t.total_bgt = r.at("total_bgt").get<std::string>();
  t.weekly_active = r.at("weekly_active").get<long long>();
  t.new_this_week = r.at("new_this_week").get<long long>();
  t.promotions_this_week = r.at("promotions_this_week").get<long long>();
  t.badges_this_week = r.at("badges_this_week").get<long long>();
  return t;
}

std::map<std::string, long long> tier_counts(sdk::Host& host) {
  std::map<std::string, long long> counts;
  for (const auto& row : host.query(std::string("SELECT p.tier, count(*) AS n FROM profiles p WHERE ") + kMembers +
                                    " GROUP BY p.tier")) {
    counts[row.at("tier").get<std::string>()] = row.at("n").get<long long>();
  }
  return counts;
}

json most_active(sdk::Host& host) {
  return host.query(std::string(
      "SELECT p.nym, round(a.activity_balance::numeric)::bigint AS balance "
      "FROM member_activity a JOIN profiles p ON p.id = a.profile_id "
      "WHERE ") + kMembers + " AND p.nym IS NOT NULL AND a.last_active_at >= now() - interval '7 days' "
      "ORDER BY a.activity_balance DESC, lower(p.nym) LIMIT 5");
}

json recent_promotions(sdk::Host& host) {
  return host.query(
      "SELECT COALESCE(p.nym, 'unknown') AS nym, t.old_tier, t.new_tier, "
      "  floor(extract(epoch FROM now() - t.changed_at) / 86400)::int AS days_ago "
      "FROM tier_history t JOIN profiles p ON p.id = t.profile_id "
      "WHERE " + is_promotion("t") + " ORDER BY t.changed_at DESC, t.id DESC LIMIT 5");
}

}  // namespace admin_stats
