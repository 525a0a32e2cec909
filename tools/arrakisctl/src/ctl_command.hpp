#pragma once
// arrakisctl's command line turned into one admin API call: which method and target, what body,
// and how to render the answer. Kept apart from main() so the parsing is unit-testable.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace arrakis::ctl {

// Exit codes a script can use.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;     // the worker refused or the operation failed
inline constexpr int kExitUsage = 2;       // bad command line or local configuration
inline constexpr int kExitUnreachable = 3;  // no answer from the worker

struct ApiCall {
  std::string kind;    // what the answer is, for rendering: "plugin.list", "plugin.outcome", ...
  std::string method;  // GET | POST | PATCH
  std::string target;  // path and query, percent-encoded
  std::optional<nlohmann::json> body;
};

struct Parsed {
  std::string url;         // the worker's admin base URL
  std::string token_file;  // "" = none given
  std::string output = "table";
  ApiCall call;
  // Set when the program should stop before calling (help, usage error): exit code and text.
  std::optional<int> exit_code;
  std::string message;
};

// Parses argv. `env` supplies ARRAKIS_ADMIN_URL / ARRAKIS_ADMIN_TOKEN_FILE (nullptr = none).
Parsed parse_command_line(const std::vector<std::string>& args,
                          const std::function<const char*(const char*)>& env = nullptr);

// Percent-encodes a path segment (message ids may hold anything).
std::string encode_segment(const std::string& text);

}  // namespace arrakis::ctl
