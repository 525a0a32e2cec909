#include "activity_store.hpp"

#include <arrakis/sietch/activity.hpp>

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using nlohmann::json;

namespace activity {

namespace {

// The row `a` with its pending decay applied: the decayed balance, and last_decay_at moved on by
// exactly the whole periods applied (not to now), so the part of a period already elapsed still
// counts towards the next decay and applying it twice decays nothing more.
std::string decayed_balance() { return sietch::decayed_balance_sql("a.activity_balance", "a.last_decay_at"); }
std::string decayed_at() {
  return "a.last_decay_at + make_interval(secs => " + sietch::activity_decay_periods_sql("a.last_decay_at") + " * " +
         std::to_string(sietch::kActivityDecayPeriodSeconds) + ")";
}

}  // namespace

Context read_context(sdk::Host& host, const std::string& channel_id, const std::string& user_a,
                     const std::string& user_b) {
  // A community without a config row has no allow-list: every channel counts.
  const auto rows = host.query(
      "SELECT COALESCE((SELECT cardinality(c.activity_channel_ids) = 0 OR $1 = ANY (c.activity_channel_ids::text[]) "
      "                 FROM community_config c), true) AS channel_counts, "
      "  COALESCE((SELECT json_object_agg(p.discord_id, p.id::text) FROM profiles p "
      "            WHERE p.discord_id IN ($2, $3) AND p.onboarding_complete AND p.departed_at IS NULL), "
      "           '{}'::json) AS members",
      json::array({channel_id, user_a, user_b}));
  Context c;
  const auto& r = rows.at(0);
  c.channel_counts = r["channel_counts"].get<bool>();
  for (const auto& [discord_id, profile_id] : r["members"].items()) c.profile_ids[discord_id] = profile_id;
  return c;
}

void add_points(sdk::Host& host, const std::string& profile_id, const Points& p) {
  const std::string balance = "(" + decayed_balance() + " + $2::float8)";
  host.exec(
      "INSERT INTO member_activity AS a (community_id, profile_id, activity_balance, last_decay_at, total_messages, "
      "  total_reactions_given, total_reactions_received, last_active_at, peak_balance) "
      "VALUES (app.current_community_id(), $1::uuid, $2::float8, now(), $3::int, $4::int, $5::int, now(), $2::float8) "
      "ON CONFLICT (community_id, profile_id) DO UPDATE SET "
      "  activity_balance = " + balance + ", "
      "  last_decay_at = " + decayed_at() + ", "
      "  total_messages = a.total_messages + $3::int, "
      "  total_reactions_given = a.total_reactions_given + $4::int, "
      "  total_reactions_received = a.total_reactions_received + $5::int, "
      "  last_active_at = now(), "
      "  peak_balance = GREATEST(a.peak_balance, " + balance + ")",
      json::array({profile_id, p.points, p.messages, p.reactions_given, p.reactions_received}));
}

std::uint64_t decay_all(sdk::Host& host) {
  return host.exec("UPDATE member_activity AS a SET activity_balance = " + decayed_balance() +
                   ", last_decay_at = " + decayed_at() + " WHERE " +
                   sietch::activity_decay_periods_sql("a.last_decay_at") + " >= 1");
}

}  // namespace activity
