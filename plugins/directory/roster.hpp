// The directory's reads: onboarded members still in the server, optionally of one tier, in the
// view's order, a page at a time, each with their held (not revoked) badge count.
#pragma once

#include <arrakis/sdk.hpp>

#include <string>

#include "view.hpp"

namespace directory {

// Members the view's tier filter admits.
long long count_members(arrakis::sdk::Host& host, const View& view);

// The members of the view's page: rows of nym, tier, tenure ('og'...), badge_count.
nlohmann::json page_members(arrakis::sdk::Host& host, const View& view);

}  // namespace directory
