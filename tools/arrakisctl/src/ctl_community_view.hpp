#pragma once
// Renders a community's configuration (the answer of /admin/communities/{guild}/config) for people.
#include <string>

#include <nlohmann/json.hpp>

namespace arrakis::ctl {

// `kind` is "community.config" (show) or "community.set".
std::string community_view(const std::string& kind, const nlohmann::json& body);

}  // namespace arrakis::ctl
