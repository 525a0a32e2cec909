#include "digest_store.hpp"

#include <arrakis/sietch/activity.hpp>
#include <arrakis/sietch/tiers.hpp>

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using nlohmann::json;

namespace weekly_digest {

namespace {

// The week's bounds in SQL, from its Monday passed as $1 ('YYYY-MM-DD', UTC).
const std::string kStart = "(($1::date)::timestamp AT TIME ZONE 'UTC')";
const std::string kEnd = "(" + kStart + " + interval '7 days')";
std::string during(const std::string& column) { return "(" + column + " >= " + kStart + " AND " + column + " < " + kEnd + ")"; }

// Onboarded members who have not left.
constexpr const char* kPresent = "p.onboarding_complete AND p.departed_at IS NULL";

std::string text(const json& row, const char* name) {
  return row[name].is_string() ? row[name].get<std::string>() : std::string();
}

int integer(const json& row, const char* name) {
  const auto& v = row[name];
  if (v.is_number()) return v.get<int>();
  if (v.is_string()) return std::stoi(v.get<std::string>());
  return 0;
}

// ARRAY['hajra', ..., 'naib']: array_position gives a tier's order (a promotion moves up).
std::string tier_order_sql() {
  std::string out = "ARRAY[";
  for (std::size_t i = 0; i < sietch::kTiers.size(); ++i) {
    if (i) out += ", ";
    out += "'" + std::string(sietch::kTiers[i].name) + "'";
  }
  return out + "]::text[]";
}

std::vector<SeatChange> seat_changes(sdk::Host& host, const Week& week, bool seated) {
  const std::string at = seated ? "s.seated_at" : "s.unseated_at";
  const auto rows = host.query("SELECT COALESCE(p.nym, 'a member') AS nym, s.seat_number, "
                               "  COALESCE(s.unseat_reason, '') AS reason "
                               "FROM naib_seats s JOIN profiles p ON p.id = s.profile_id "
                               "WHERE " + during(at) + " ORDER BY " + at + ", s.seat_number LIMIT 10",
                               json::array({week.monday}));
  std::vector<SeatChange> out;
  for (const auto& r : rows) out.push_back({text(r, "nym"), integer(r, "seat_number"), text(r, "reason")});
  return out;
}

}  // namespace

Week week_before(sdk::Host& host, std::int64_t at_ms) {
  const auto r = host.query(
      "WITH w AS (SELECT date_trunc('week', to_timestamp($1::bigint / 1000.0) AT TIME ZONE 'UTC') "
      "                  - interval '7 days' AS monday) "
      "SELECT to_char(monday, 'IYYY-\"W\"IW') AS id, to_char(monday, 'YYYY-MM-DD') AS monday, "
      "  to_char(monday, 'Mon FMDD') || ' – ' || to_char(monday + interval '6 days', 'Mon FMDD, YYYY') AS label "
      "FROM w",
      json::array({at_ms}))[0];
  return {text(r, "id"), text(r, "monday"), text(r, "label")};
}

std::optional<std::string> announcements_channel(sdk::Host& host) {
  const auto rows = host.query("SELECT announcements_channel_id AS channel FROM community_config");
  if (rows.empty() || !rows[0]["channel"].is_string()) return std::nullopt;
  return rows[0]["channel"].get<std::string>();
}

bool digest_exists(sdk::Host& host, const Week& week) {
  return host
      .query("SELECT EXISTS (SELECT 1 FROM weekly_digests WHERE week_identifier = $1) AS posted",
             json::array({week.id}))[0]["posted"]
      .get<bool>();
}

Digest collect(sdk::Host& host, const Week& week) {
  Digest d;
  d.week = week;
  const json monday = json::array({week.monday});

  const auto members = host.query("SELECT count(*)::int AS total, count(*) FILTER (WHERE " + during("p.joined_at") +
                                       ")::int AS joined FROM profiles p WHERE " + kPresent,
                                   monday)[0];
  d.total_members = integer(members, "total");
  d.new_members = integer(members, "joined");
  for (const auto& r : host.query("SELECT p.nym FROM profiles p WHERE " + std::string(kPresent) +
                                      " AND p.nym IS NOT NULL AND " + during("p.joined_at") +
                                      " ORDER BY p.joined_at, p.nym LIMIT 5",
                                  monday)) {
    d.newcomers.push_back(text(r, "nym"));
  }

  d.seated = seat_changes(host, week, true);
  d.unseated = seat_changes(host, week, false);

  const std::string balance = sietch::decayed_balance_sql("a.activity_balance", "a.last_decay_at");
  for (const auto& r : host.query("SELECT p.nym, round(" + balance + ")::int AS points "
                                  "FROM member_activity a JOIN profiles p ON p.id = a.profile_id "
                                  "WHERE " + std::string(kPresent) + " AND p.nym IS NOT NULL "
                                  "  AND a.last_active_at >= " + kStart + " AND round(" + balance + ") >= 1 "
                                  "ORDER BY " + balance + " DESC, p.nym LIMIT 3",
                                  monday)) {
    d.most_active.push_back({text(r, "nym"), integer(r, "points")});
  }

  const auto badges = host.query("SELECT (count(*) OVER ())::int AS total, COALESCE(p.nym, 'a member') AS nym, "
                                 "  b.emoji, b.name "
                                 "FROM member_badges mb JOIN profiles p ON p.id = mb.profile_id "
                                 "JOIN badges b ON b.id = mb.badge_id "
                                 "WHERE NOT mb.revoked AND " + during("mb.awarded_at") +
                                     " ORDER BY mb.awarded_at DESC, b.display_order LIMIT 5",
                                 monday);
  d.badges_awarded = badges.empty() ? 0 : integer(badges[0], "total");
  for (const auto& r : badges) d.recent_badges.push_back({text(r, "nym"), text(r, "emoji"), text(r, "name")});

  const std::string order = tier_order_sql();
  d.promotions = integer(host.query("SELECT count(*)::int AS n FROM tier_history t WHERE t.old_tier IS NOT NULL "
                                    "AND array_position(" + order + ", t.new_tier) > array_position(" + order +
                                        ", t.old_tier) AND " + during("t.changed_at"),
                                    monday)[0],
                         "n");
  return d;
}

std::optional<std::string> claim_week(sdk::Host& host, const Week& week, const json& totals,
                                      const std::string& channel) {
  const auto rows = host.query(
      "INSERT INTO weekly_digests (community_id, week_identifier, totals, channel_id) "
      "VALUES (app.current_community_id(), $1, $2::jsonb, $3) "
      "ON CONFLICT (community_id, week_identifier) DO NOTHING RETURNING id::text AS id",
      json::array({week.id, totals.dump(), channel}));
  if (rows.empty()) return std::nullopt;
  return rows[0]["id"].get<std::string>();
}

void set_message_id(sdk::Host& host, const std::string& row_id, const std::string& message_id) {
  host.exec("UPDATE weekly_digests SET message_id = $2 WHERE id = $1::bigint", json::array({row_id, message_id}));
}

}  // namespace weekly_digest
