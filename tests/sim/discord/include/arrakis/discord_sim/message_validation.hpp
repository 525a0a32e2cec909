#pragma once
// Discord's limits on message, modal and autocomplete payloads (spec 3.1, 3.3). Each check returns
// the `errors` object of a 400/50035 answer (nested by field path, leaves `_errors`), or an empty
// object when the payload is valid.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arrakis/discord_sim/form_errors.hpp"

namespace arrakis::discord_sim {

struct MessageRules {
  bool require_content = false;  // POST: at least one of content, embeds, components, files, poll
  bool interaction = false;      // interaction responses allow only some flags
};

nlohmann::json validate_message(const nlohmann::json& body, const MessageRules& rules);
nlohmann::json validate_modal(const nlohmann::json& data);
nlohmann::json validate_autocomplete(const nlohmann::json& data);

// Length in characters (UTF-8 code points), as Discord counts.
std::size_t characters(const std::string& s);

// {"code":50035,"message":"Invalid Form Body","errors":errors}
nlohmann::json invalid_form_body(const nlohmann::json& errors);

}  // namespace arrakis::discord_sim
