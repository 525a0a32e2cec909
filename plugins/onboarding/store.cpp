#include "store.hpp"

#include <arrakis/sietch/alerts.hpp>

namespace arrakis::onboarding {

using nlohmann::json;

namespace {

constexpr const char* kProfileColumns =
    "SELECT id::text AS id, COALESCE(nym, '') AS nym, COALESCE(bio, '') AS bio, COALESCE(pfp_url, '') AS pfp_url, "
    "pfp_type, tier, onboarding_complete, departed_at IS NOT NULL AS departed FROM profiles ";

std::optional<Profile> first_profile(const json& rows) {
  if (!rows.is_array() || rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  Profile p;
  p.id = r["id"].get<std::string>();
  p.nym = r["nym"].get<std::string>();
  p.bio = r["bio"].get<std::string>();
  p.pfp_url = r["pfp_url"].get<std::string>();
  p.pfp_type = r["pfp_type"].get<std::string>();
  p.tier = r["tier"].get<std::string>();
  p.complete = r["onboarding_complete"].get<bool>();
  p.departed = r["departed"].get<bool>();
  return p;
}

}  // namespace

std::optional<Profile> profile_by_discord_id(sdk::Host& host, const std::string& discord_id) {
  return first_profile(host.query(std::string(kProfileColumns) + "WHERE discord_id = $1", json::array({discord_id})));
}

std::optional<Profile> profile_by_id(sdk::Host& host, const std::string& profile_id) {
  return first_profile(host.query(std::string(kProfileColumns) + "WHERE id = $1::uuid", json::array({profile_id})));
}

Profile ensure_profile(sdk::Host& host, const std::string& discord_id) {
  host.exec("INSERT INTO profiles (community_id, discord_id) VALUES (app.current_community_id(), $1) "
            "ON CONFLICT (community_id, discord_id) DO NOTHING",
            json::array({discord_id}));
  return *profile_by_discord_id(host, discord_id);
}

Standing standing(sdk::Host& host, const std::string& profile_id) {
  const auto rows = host.query(
      "SELECT e.rank, COALESCE(e.bgt_held / 1e18, 0)::float8 AS bgt FROM member_wallets w "
      "LEFT JOIN eligibility_current e ON e.address = w.wallet_address WHERE w.profile_id = $1::uuid",
      json::array({profile_id}));
  Standing s;
  if (rows.empty()) return s;
  s.wallet = true;
  if (rows[0]["rank"].is_number()) s.rank = rows[0]["rank"].get<int>();
  s.bgt = rows[0]["bgt"].get<double>();
  return s;
}

bool nym_taken(sdk::Host& host, const std::string& nym, const std::string& own_profile_id) {
  return !host.query("SELECT 1 FROM profiles WHERE lower(nym) = lower($1) AND id <> $2::uuid",
                     json::array({nym, own_profile_id}))
              .empty();
}

int nym_wait_days(sdk::Host& host, const std::string& profile_id) {
  const auto rows = host.query(
      "SELECT COALESCE(ceil(extract(epoch FROM nym_last_changed + interval '30 days' - now()) / 86400), 0)::int AS days "
      "FROM profiles WHERE id = $1::uuid",
      json::array({profile_id}));
  if (rows.empty()) return 0;
  const int days = rows[0]["days"].get<int>();
  return days > 0 ? days : 0;
}

bool complete_profile(sdk::Host& host, const std::string& profile_id, const Completion& c) {
  const auto updated = host.exec(
      "UPDATE profiles SET nym = $2, bio = NULLIF($3, ''), pfp_url = NULLIF($4, ''), pfp_type = $5, tier = $6, "
      "  tier_updated_at = now(), current_rank = $7, onboarding_complete = true, onboarding_step = 3, "
      "  departed_at = NULL "
      "WHERE id = $1::uuid AND (NOT onboarding_complete OR departed_at IS NOT NULL)",
      json::array({profile_id, c.nym, c.bio, c.pfp_url, c.pfp_type, c.tier, c.rank}));
  if (updated == 0) return false;
  host.exec("INSERT INTO tier_history (community_id, profile_id, old_tier, new_tier, rank_at_change, bgt_at_change) "
            "SELECT app.current_community_id(), $1::uuid, NULL, $2, $3, "
            "  (SELECT e.bgt_held FROM member_wallets w JOIN eligibility_current e ON e.address = w.wallet_address "
            "   WHERE w.profile_id = $1::uuid)",
            json::array({profile_id, c.tier, c.rank}));
  sietch::ensure_alert_preferences(host, profile_id);
  return true;
}

void set_nym(sdk::Host& host, const std::string& profile_id, const std::string& nym) {
  host.exec("UPDATE profiles SET nym = $2, nym_last_changed = now() WHERE id = $1::uuid",
            json::array({profile_id, nym}));
}

void set_picture(sdk::Host& host, const std::string& profile_id, const std::string& url, const std::string& type) {
  host.exec("UPDATE profiles SET pfp_url = NULLIF($2, ''), pfp_type = $3 WHERE id = $1::uuid",
            json::array({profile_id, url, type}));
}

void set_bio(sdk::Host& host, const std::string& profile_id, const std::string& bio) {
  host.exec("UPDATE profiles SET bio = NULLIF($2, '') WHERE id = $1::uuid", json::array({profile_id, bio}));
}

}  // namespace arrakis::onboarding
