#include "badge_store.hpp"

namespace sdk = arrakis::sdk;
using nlohmann::json;

namespace admin_badge {

namespace {

// A LIKE pattern matching `typed` anywhere; wildcards the user typed match literally.
std::string contains_pattern(const std::string& typed) {
  std::string pattern = "%";
  for (char c : typed) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

Badge badge_of(const json& row) {
  return {row.at("id").get<std::string>(), row.at("name").get<std::string>(), row.at("emoji").get<std::string>(),
          row.at("category").get<std::string>(), row.at("description").get<std::string>()};
}

}  // namespace

bool awardable(const Badge& badge) { return badge.category == "contribution" || badge.category == "special"; }

std::optional<Badge> find_badge(sdk::Host& host, const std::string& typed) {
  const auto rows = host.query(
      "SELECT id, name, emoji, category, description FROM badges "
      "WHERE lower(id) = lower(btrim($1)) OR lower(name) = lower(btrim($1)) ORDER BY display_order LIMIT 1",
      json::array({typed}));
  if (rows.empty()) return std::nullopt;
  return badge_of(rows[0]);
}

std::string award(sdk::Host& host, const std::string& profile_id, const std::string& badge_id,
                  const std::string& admin_id, const std::string& reason) {
  const auto rows = host.query("SELECT app.award_badge($1::uuid, $2, 'admin', $3, $4) AS outcome",
                               json::array({profile_id, badge_id, admin_id, reason}));
  return rows.at(0).at("outcome").get<std::string>();
}

bool revoke(sdk::Host& host, const std::string& profile_id, const std::string& badge_id, const std::string& admin_id) {
  return host.exec(
             "UPDATE member_badges SET revoked = true, revoked_at = now(), revoked_by = $3 "
             "WHERE profile_id = $1::uuid AND badge_id = $2 AND NOT revoked",
             json::array({profile_id, badge_id, admin_id})) > 0;
}

void audit(sdk::Host& host, const std::string& event_type, const std::string& actor, const json& data) {
  host.exec(
      "INSERT INTO audit_log (community_id, event_type, event_data, actor) "
      "VALUES (app.current_community_id(), $1, $2::jsonb, $3)",
      json::array({event_type, data.dump(), actor}));
}

void record_badge_alert(sdk::Host& host, const std::string& profile_id, const json& data, bool delivered,
                        const std::string& error) {
  host.exec(
      "INSERT INTO alert_history (community_id, recipient_id, recipient_type, alert_type, alert_data, delivered, "
      "  delivery_error) "
      "VALUES (app.current_community_id(), $1, 'member', 'badge_award', $2::jsonb, $3::boolean, NULLIF($4, ''))",
      json::array({profile_id, data.dump(), delivered ? "true" : "false", error}));
}

json awardable_badges_matching(sdk::Host& host, const std::string& typed) {
  return host.query(
      "SELECT id, name, emoji, category FROM badges WHERE category IN ('contribution', 'special') "
      "AND (lower(id) LIKE lower($1) OR lower(name) LIKE lower($1)) ORDER BY display_order LIMIT 25",
      json::array({contains_pattern(typed)}));
}

json held_badges_matching(sdk::Host& host, const std::string& profile_id, const std::string& typed) {
  return host.query(
      "SELECT b.id, b.name, b.emoji, b.category FROM member_badges mb JOIN badges b ON b.id = mb.badge_id "
      "WHERE mb.profile_id = $1::uuid AND NOT mb.revoked "
      "AND (lower(b.id) LIKE lower($2) OR lower(b.name) LIKE lower($2)) ORDER BY b.display_order LIMIT 25",
      json::array({profile_id, contains_pattern(typed)}));
}

}  // namespace admin_badge
