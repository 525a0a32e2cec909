#include "arrakis/plugin_host/effect_diff.hpp"

#include <algorithm>

namespace arrakis::plugin_host {

const std::vector<std::string>& default_volatile_fields() {
  static const std::vector<std::string> fields = {"seq", "id", "timestamp", "eventId", "nonce", "createdAt", "expiresAt"};
  return fields;
}

namespace {

void mask(nlohmann::json& j, const std::vector<std::string>& fields) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (std::find(fields.begin(), fields.end(), it.key()) != fields.end()) {
        it.value() = "<volatile>";
      } else {
        mask(it.value(), fields);
      }
    }
  } else if (j.is_array()) {
    for (auto& e : j) mask(e, fields);
  }
}

}  // namespace

nlohmann::json normalise_effects(const nlohmann::json& effects, const std::vector<std::string>& volatile_fields) {
  nlohmann::json copy = effects;
  std::vector<std::string> fields = default_volatile_fields();
  fields.insert(fields.end(), volatile_fields.begin(), volatile_fields.end());
  mask(copy, fields);
  return copy;
}

std::vector<std::string> differing_paths(const nlohmann::json& a, const nlohmann::json& b) {
  std::vector<std::string> out;
  for (const auto& op : nlohmann::json::diff(a, b)) out.push_back(op.value("path", std::string("/")));
  return out;
}

}  // namespace arrakis::plugin_host
