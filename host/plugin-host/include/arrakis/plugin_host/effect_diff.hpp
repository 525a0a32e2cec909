#pragma once
// Comparing two runs' effects for shadow mode: values that differ from run to run by nature
// (ids, timestamps, the recorder's sequence numbers, and the fields a plugin declares volatile)
// are masked, then the two lists are compared structurally.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace arrakis::plugin_host {

// A copy of `effects` with every object member named in `volatile_fields` (at any depth), and the
// recorder's "seq", replaced by "<volatile>".
nlohmann::json normalise_effects(const nlohmann::json& effects, const std::vector<std::string>& volatile_fields);

// JSON pointers at which `a` and `b` differ (empty when equal).
std::vector<std::string> differing_paths(const nlohmann::json& a, const nlohmann::json& b);

// Field names treated as volatile for every plugin.
const std::vector<std::string>& default_volatile_fields();

}  // namespace arrakis::plugin_host
