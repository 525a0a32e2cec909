#pragma once
// Discord's limits on message, modal and autocomplete payloads (spec 3.1, 3.3). Each check returns
// the `errors` object of a 400/50035 answer (nested by field path, leaves `_errors`), or an empty
// object when the payload is valid.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace arrakis::discord_sim {

struct MessageRules {
  bool require_content = false;  // POST: at least one of content, embeds, components, files, poll
  bool interaction = false;      // interaction responses allow only some flags
};

nlohmann::json validate_message(const nlohmann::json& body, const MessageRules& rules);
nlohmann::json validate_modal(const nlohmann::json& data);
nlohmann::json validate_autocomplete(const nlohmann::json& data);

// Collects field errors as Discord nests them: {"name": {"_errors": [{code, message}]}}, by path.
class FormErrors {
 public:
  void add(const std::vector<std::string>& path, const std::string& code, const std::string& message) {
    nlohmann::json* node = &root_;
    for (const auto& p : path) node = &(*node)[p];
    (*node)["_errors"].push_back({{"code", code}, {"message", message}});
  }
  bool empty() const { return root_.is_null(); }
  nlohmann::json take() const { return root_.is_null() ? nlohmann::json::object() : root_; }

 private:
  nlohmann::json root_;
};

// Length in characters (UTF-8 code points), as Discord counts.
std::size_t characters(const std::string& s);

// {"code":50035,"message":"Invalid Form Body","errors":errors}
nlohmann::json invalid_form_body(const nlohmann::json& errors);

}  // namespace arrakis::discord_sim
