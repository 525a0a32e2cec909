#pragma once
// A blocking HTTP/1.1 client for tests (health endpoints, admin APIs, simulators' control APIs).
#include <cstdint>
#include <map>
#include <string>

namespace arrakis::testing {

struct HttpResult {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
};

// Throws std::runtime_error when the connection fails.
HttpResult http_request(const std::string& host, std::uint16_t port, const std::string& method,
                        const std::string& target, const std::string& body = {},
                        const std::map<std::string, std::string>& headers = {});

}  // namespace arrakis::testing
