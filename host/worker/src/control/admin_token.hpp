#pragma once
// The admin API's bearer token: read from a file that only its owner may read (mode 0600),
// created with a random token when missing.
#include <string>

namespace arrakis::worker {

// Throws std::runtime_error when the file exists with a mode other than 0600 or cannot be made.
std::string load_or_create_admin_token(const std::string& path);

// Constant-time comparison of a presented "Bearer <token>" header with the token.
bool bearer_matches(const std::string& authorization_header, const std::string& token);

}  // namespace arrakis::worker
