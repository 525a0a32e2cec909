#pragma once
// Discord's checks on a bulk overwrite of application commands (spec discord-api 6): names,
// descriptions, option order and nesting, choice limits, option types, default_member_permissions
// and the per-scope caps. Returns the `errors` object of a 400/50035 answer, keyed by the
// command's index in the array as Discord does ({"3":{"options":{"0":{"name":{"_errors":[...]}}}}}),
// or an empty object when the array is accepted.
#include <nlohmann/json.hpp>

namespace arrakis::discord_sim {

nlohmann::json validate_commands(const nlohmann::json& commands);

}  // namespace arrakis::discord_sim
