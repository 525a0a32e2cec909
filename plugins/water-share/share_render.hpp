// The replies of /water-share, built from what share_store read (pure).
#pragma once

#include <arrakis/sdk.hpp>

#include <string>

#include "share_store.hpp"

namespace water_share {

// "💧 Water Sharer Badge Shared!" after a share to `recipient_nym`.
sdk::Embed shared_embed(const std::string& recipient_nym);

// "💧 Water Sharer Status": blue with the badge (Can Share, Shared With, Received From), grey without.
sdk::Embed status_embed(const ShareStatus& status);

}  // namespace water_share
