#pragma once
// What every admin endpoint answers with: a JSON body, and an error the operator can act on
// (thrown inside an endpoint, turned into `{"error": what}` with its status by the admin API).
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "arrakis/http_server.hpp"

namespace arrakis::worker {

struct ApiError : std::runtime_error {
  int status;  // the HTTP status to answer with
  ApiError(int s, const std::string& what) : std::runtime_error(what), status(s) {}
};

inline http::Response json_reply(int status, const nlohmann::json& body) {
  return {status, "application/json", body.dump(), {}};
}

}  // namespace arrakis::worker
