#include "delivery_store.hpp"

#include <arrakis/sietch/alert_week.hpp>
#include <arrakis/sietch/alerts.hpp>

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using nlohmann::json;

namespace alert_delivery {

std::optional<Profile> read_profile(sdk::Host& host, const std::string& profile_id, const std::string& discord_id) {
  const auto rows =
      profile_id.empty()
          ? host.query("SELECT id::text AS id, discord_id, onboarding_complete, departed_at IS NOT NULL AS departed "
                       "FROM profiles WHERE discord_id = $1",
                       json::array({discord_id}))
          : host.query("SELECT id::text AS id, discord_id, onboarding_complete, departed_at IS NOT NULL AS departed "
                       "FROM profiles WHERE id::text = $1",
                       json::array({profile_id}));
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return Profile{r["id"].get<std::string>(), r["discord_id"].get<std::string>(),
                 r["onboarding_complete"].get<bool>(), r["departed"].get<bool>()};
}

void lock_preferences(sdk::Host& host, const std::string& profile_id) {
  sietch::ensure_alert_preferences(host, profile_id);
  host.query("SELECT 1 AS locked FROM notification_preferences WHERE profile_id = $1::uuid FOR UPDATE",
             json::array({profile_id}));
}

void record_alert(sdk::Host& host, const std::string& recipient_id, const std::string& recipient_type,
                  const std::string& type, const json& facts, const std::string& error) {
  host.exec(
      "INSERT INTO alert_history (community_id, recipient_id, recipient_type, alert_type, alert_data, delivered, "
      "  delivery_error) "
      "VALUES (app.current_community_id(), $1, $2, $3, $4::jsonb, $5::boolean, NULLIF($6, ''))",
      json::array({recipient_id, recipient_type, type, facts.dump(), error.empty() ? "true" : "false", error}));
}

void count_sent(sdk::Host& host, const std::string& profile_id) {
  const std::string week = sietch::alert_week_start_sql();
  host.exec("UPDATE notification_preferences SET "
            "  alerts_sent_this_week = CASE WHEN week_start_timestamp < " + week +
                " THEN 1 ELSE alerts_sent_this_week + 1 END, "
                "  week_start_timestamp = GREATEST(week_start_timestamp, " + week + ") "
                "WHERE profile_id = $1::uuid",
            json::array({profile_id}));
}

std::optional<sietch::BadgeAwardFacts> badge_facts(sdk::Host& host, const std::string& badge_id,
                                                   const std::string& reason) {
  const auto rows =
      host.query("SELECT id, name, emoji, description FROM badges WHERE id = $1", json::array({badge_id}));
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return sietch::BadgeAwardFacts{r["id"].get<std::string>(), r["name"].get<std::string>(),
                                 r["emoji"].get<std::string>(), r["description"].get<std::string>(), reason};
}

}  // namespace alert_delivery
