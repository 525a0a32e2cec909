#pragma once
// Discord's 400/50035 "Invalid Form Body" answers nest their errors by field path, each leaf an
// `_errors` array of {code, message} (spec discord-api 0). These turn that tree into one line per
// error, "commands.3.options.0.name: Command name is invalid (APPLICATION_COMMAND_INVALID_NAME)",
// so an operator sees exactly which field Discord refused.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace arrakis::discord {

struct FormError {
  std::string path;  // dotted: "<root>.3.options.0.name" ("<root>" alone for an error on the whole body)
  std::string code;
  std::string message;
  std::string to_string() const;  // "path: message (CODE)"
};

// The leaves of `errors` in document order, each path prefixed with `root` ("" = no prefix).
std::vector<FormError> flatten_form_errors(const nlohmann::json& errors, const std::string& root = "");

}  // namespace arrakis::discord
