#pragma once
// Renders the admin API's answers for people (aligned tables, one-line outcomes) or as JSON.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace arrakis::ctl {

// Columns padded to their widest cell, separated by two spaces; no trailing spaces.
std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);

// `kind` is ApiCall::kind; `format` is "table" or "json".
std::string render(const std::string& kind, const nlohmann::json& body, const std::string& format);

// The exit code for an answer: 0 for 2xx (1 when a replay left messages behind), 1 otherwise.
int exit_code_for(const std::string& kind, int http_status, const nlohmann::json& body);

// What to tell the operator for an error answer (the API's "error", plus a hint for 401/5xx).
std::string error_message(int http_status, const nlohmann::json& body, const std::string& raw);

}  // namespace arrakis::ctl
