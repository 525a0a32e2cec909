// The replies of /admin-water-share (pure).
#pragma once

#include <arrakis/sdk.hpp>
#include <arrakis/sietch/water_sharer.hpp>

#include <optional>
#include <string>
#include <vector>

#include "grants_store.hpp"

namespace admin_water_share {

// "abcdef12..." — how a grant id is shown.
std::string short_id(const std::string& id);

// "💧 Active Water Sharer Grants": one line per grant, footer with the total.
sdk::Embed list_embed(const std::vector<Grant>& shown, long long total);

// The answer to a revoke: who, which grant, how many downstream grants and badges went with it.
std::string revoked_message(const Grant& grant, const Revoked& revoked);

// "💧 Water Sharer Lineage: nym": received from whom, shared to whom, with dates.
sdk::Embed lineage_embed(const std::string& nym, const std::optional<arrakis::sietch::WaterLink>& received_from,
                         const std::optional<arrakis::sietch::WaterLink>& shared_to);

// "granter → recipient (abcdef12...)", cut to Discord's 100 characters for a choice.
std::string choice_label(const Grant& grant);

}  // namespace admin_water_share
