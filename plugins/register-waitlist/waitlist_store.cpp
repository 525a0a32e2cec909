#include "waitlist_store.hpp"

#include <arrakis/sietch/sietch.hpp>

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using nlohmann::json;

namespace waitlist {

namespace {

// Columns rank, bgt and distance of eligibility_current row `e` (distance to the balance at #69).
std::string standing_columns() {
  return "e.rank, " + sietch::bgt_sql("e.bgt_held") + " AS bgt, " +
         sietch::bgt_sql("GREATEST(COALESCE((SELECT bgt_held FROM eligibility_current WHERE rank = " +
                         std::to_string(sietch::kLastEligibleRank) + "), 0) - e.bgt_held, 0)") +
         " AS distance";
}

std::optional<Standing> standing_of(const json& row) {
  if (!row["rank"].is_number()) return std::nullopt;
  return Standing{row["rank"].get<long long>(), row["bgt"].get<std::string>(), row["distance"].get<std::string>()};
}

}  // namespace

std::optional<Registration> active_registration(sdk::Host& host, const std::string& discord_id) {
  const auto rows = host.query(
      "SELECT w.wallet_address, extract(epoch FROM w.registered_at)::bigint AS registered, " + standing_columns() +
          " FROM waitlist_registrations w LEFT JOIN eligibility_current e ON e.address = w.wallet_address "
          "WHERE w.active AND w.discord_user_id = $1",
      json::array({discord_id}));
  if (rows.empty()) return std::nullopt;
  return Registration{rows[0]["wallet_address"].get<std::string>(), rows[0]["registered"].get<long long>(),
                      standing_of(rows[0])};
}

bool wallet_registered(sdk::Host& host, const std::string& wallet) {
  return !host.query("SELECT 1 FROM waitlist_registrations WHERE active AND wallet_address = $1", json::array({wallet}))
              .empty();
}

std::optional<std::string> wallet_member(sdk::Host& host, const std::string& wallet) {
  const auto rows = host.query("SELECT discord_id FROM member_wallets WHERE wallet_address = $1", json::array({wallet}));
  if (rows.empty()) return std::nullopt;
  return rows[0]["discord_id"].get<std::string>();
}

std::optional<Standing> wallet_standing(sdk::Host& host, const std::string& wallet) {
  const auto rows =
      host.query("SELECT " + standing_columns() + " FROM eligibility_current e WHERE e.address = $1", json::array({wallet}));
  if (rows.empty()) return std::nullopt;
  return standing_of(rows[0]);
}

bool insert_registration(sdk::Host& host, const std::string& discord_id, const std::string& wallet) {
  // ON CONFLICT without a target covers both partial unique indexes (one active row per user and
  // per wallet), so a lost race is an answer, not an error.
  return host.exec(
             "INSERT INTO waitlist_registrations (community_id, discord_user_id, wallet_address, "
             "  position_at_registration, bgt_at_registration) "
             "SELECT app.current_community_id(), $1, e.address, e.rank, e.bgt_held "
             "FROM eligibility_current e WHERE e.address = $2 ON CONFLICT DO NOTHING",
             json::array({discord_id, wallet})) == 1;
}

std::optional<std::string> deactivate_registration(sdk::Host& host, const std::string& discord_id) {
  const auto rows = host.query(
      "UPDATE waitlist_registrations SET active = false WHERE active AND discord_user_id = $1 RETURNING wallet_address",
      json::array({discord_id}));
  if (rows.empty()) return std::nullopt;
  return rows[0]["wallet_address"].get<std::string>();
}

void audit(sdk::Host& host, const std::string& event_type, const json& data, const std::string& actor) {
  host.exec("INSERT INTO audit_log (community_id, event_type, event_data, actor) "
            "VALUES (app.current_community_id(), $1, $2::jsonb, $3)",
            json::array({event_type, data.dump(), actor}));
}

std::optional<std::string> taqwa_role(sdk::Host& host) {
  const auto rows = host.query("SELECT taqwa_role_id FROM community_config");
  if (rows.empty() || !rows[0]["taqwa_role_id"].is_string()) return std::nullopt;
  return rows[0]["taqwa_role_id"].get<std::string>();
}

}  // namespace waitlist
