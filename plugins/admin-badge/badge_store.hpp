// /admin-badge's SQL: the badge catalogue (global, read-only), awards and revocations of the
// community's member_badges, and the audit and alert rows an award or revocation leaves.
#pragma once

#include <optional>
#include <string>

#include "arrakis/sdk.hpp"

namespace admin_badge {

struct Badge {
  std::string id, name, emoji, category, description;
};

// Only these categories are awarded by hand; tenure and engagement badges are earned automatically.
bool awardable(const Badge& badge);

// The catalogue entry whose id or name is `typed` (any case), else nullopt.
std::optional<Badge> find_badge(arrakis::sdk::Host& host, const std::string& typed);

// app.award_badge with source 'admin': "awarded", "restored" (a revoked row un-revoked) or "held".
std::string award(arrakis::sdk::Host& host, const std::string& profile_id, const std::string& badge_id,
                  const std::string& admin_id, const std::string& reason);

// Revokes a held badge (revoked, revoked_at, revoked_by); false when the member does not hold it.
bool revoke(arrakis::sdk::Host& host, const std::string& profile_id, const std::string& badge_id,
            const std::string& admin_id);

// One audit_log row of the current community.
void audit(arrakis::sdk::Host& host, const std::string& event_type, const std::string& actor,
           const nlohmann::json& data);

// The badge_award alert_history row of a member, with the DM's delivery outcome.
void record_badge_alert(arrakis::sdk::Host& host, const std::string& profile_id, const nlohmann::json& data,
                        bool delivered, const std::string& error);

// Autocomplete: contribution and special badges whose id or name contains `typed` (any case), in
// catalogue order, at most 25: rows of id, name, emoji, category.
nlohmann::json awardable_badges_matching(arrakis::sdk::Host& host, const std::string& typed);
// The same over the badges the member holds (not revoked).
nlohmann::json held_badges_matching(arrakis::sdk::Host& host, const std::string& profile_id, const std::string& typed);

}  // namespace admin_badge
