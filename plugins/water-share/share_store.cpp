#include "share_store.hpp"

#include <arrakis/sietch/members.hpp>

namespace water_share {

namespace sietch = arrakis::sietch;
using nlohmann::json;

ShareFacts read_share_facts(sdk::Host& host, const Granter& granter, const std::string& recipient_discord_id,
                            std::string& recipient_nym) {
  ShareFacts f;
  f.granter_profile_id = granter.profile_id;
  const auto standing = sietch::water_standing(host, granter.profile_id);
  f.granter_has_badge = standing.holds_badge;
  f.granter_has_active_grant = standing.shared_to.has_value();

  const auto recipient = sietch::member_by_discord_id(host, recipient_discord_id);
  if (!recipient) return f;
  f.recipient_found = true;
  f.recipient_profile_id = (*recipient)["id"].get<std::string>();
  f.recipient_onboarded = (*recipient)["onboarding_complete"].get<bool>();
  recipient_nym = (*recipient)["nym"].is_string() ? (*recipient)["nym"].get<std::string>() : std::string();
  const auto r = host.query(
      "SELECT EXISTS (SELECT 1 FROM member_badges WHERE profile_id = $1::uuid AND badge_id = $2 AND NOT revoked) AS badge, "
      "EXISTS (SELECT 1 FROM water_sharer_grants WHERE recipient_profile_id = $1::uuid) AS received",
      json::array({f.recipient_profile_id, sietch::kWaterSharerBadge}));
  f.recipient_has_badge = r.at(0)["badge"].get<bool>();
  f.recipient_ever_received = r.at(0)["received"].get<bool>();
  return f;
}

std::optional<std::string> write_share(sdk::Host& host, const Granter& granter, const std::string& recipient_profile_id,
                                       const std::string& recipient_nym) {
  sdk::Host::Transaction tx(host);
  const std::string grant_id =
      host.query(
              "INSERT INTO water_sharer_grants (community_id, granter_profile_id, recipient_profile_id) "
              "VALUES (app.current_community_id(), $1::uuid, $2::uuid) RETURNING id::text AS id",
              json::array({granter.profile_id, recipient_profile_id}))
          .at(0)["id"];
  const std::string outcome =
      host.query("SELECT app.award_badge($1::uuid, $2, 'water_sharer', $3, $4, $5::uuid) AS outcome",
                 json::array({recipient_profile_id, sietch::kWaterSharerBadge, granter.discord_id,
                              "Shared by " + granter.nym + " via Water Sharer badge", grant_id}))
          .at(0)["outcome"];
  if (outcome == "held") return std::nullopt;  // the savepoint rolls the grant back
  const json audit = {{"grantId", grant_id},
                      {"granterProfileId", granter.profile_id},
                      {"granterNym", granter.nym},
                      {"recipientProfileId", recipient_profile_id},
                      {"recipientNym", recipient_nym},
                      {"badge", outcome}};
  host.exec(
      "INSERT INTO audit_log (community_id, event_type, event_data, actor) "
      "VALUES (app.current_community_id(), 'water_sharer_grant', $1::jsonb, $2)",
      json::array({audit.dump(), granter.discord_id}));
  tx.commit();
  return grant_id;
}

ShareStatus read_status(sdk::Host& host, const std::string& profile_id) {
  const auto w = sietch::water_standing(host, profile_id);
  return ShareStatus{w.holds_badge, w.shared_to, w.received_from};
}

}  // namespace water_share
