#include "arrakis/discord/form_errors.hpp"

namespace arrakis::discord {

using nlohmann::json;

namespace {

void walk(const json& node, const std::string& path, std::vector<FormError>& out) {
  if (!node.is_object()) return;
  if (const auto leaf = node.find("_errors"); leaf != node.end() && leaf->is_array()) {
    for (const auto& e : *leaf) {
      out.push_back({path, e.is_object() ? e.value("code", std::string()) : std::string(),
                     e.is_object() ? e.value("message", std::string()) : e.dump()});
    }
  }
  for (const auto& [key, child] : node.items()) {
    if (key == "_errors") continue;
    walk(child, path.empty() ? key : path + "." + key, out);
  }
}

}  // namespace

std::string FormError::to_string() const {
  std::string text = (path.empty() ? std::string("(body)") : path) + ": " + message;
  if (!code.empty()) text += " (" + code + ")";
  return text;
}

std::vector<FormError> flatten_form_errors(const json& errors, const std::string& root) {
  std::vector<FormError> out;
  walk(errors, root, out);
  return out;
}

}  // namespace arrakis::discord
