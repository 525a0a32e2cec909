// The directory message: the "📖 Member Directory" embed of one page and its controls (tier and
// sort selects showing the current choice, Previous / Refresh / Next buttons).
#pragma once

#include <arrakis/sdk.hpp>

#include <string>

#include "view.hpp"

namespace directory {

inline constexpr std::uint32_t kColor = 0x4169E1;

// Pages for `total` members: at least 1 (an empty tier still has its empty page).
int page_count(long long total);

// One line of the list: "12. ⚔️ **chani-13** 🆕 (3 badges)".
std::string member_line(int position, const nlohmann::json& member);

// The message for `view` (page already clamped) of `owner`'s directory; `members` are the page's
// rows (roster.hpp), `total` the members the filter admits.
arrakis::sdk::Message directory_message(const View& view, const std::string& owner, const nlohmann::json& members,
                                        long long total);

}  // namespace directory
