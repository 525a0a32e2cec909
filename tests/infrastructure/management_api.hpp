#pragma once
// The RabbitMQ management HTTP API as the topology tests read it (basic auth from
// RABBITMQ_MANAGEMENT_URL, JSON answers).
#include <nlohmann/json.hpp>

#include <string>

namespace arrakis::testing {

class ManagementApi {
 public:
  // `url` as `tools/dev services env` prints it: http://user:password@host:port/api
  explicit ManagementApi(const std::string& url);

  // Sends one request below /api (`path` starts with '/'); returns the status and the parsed body
  // (null when the body is empty).
  int request(const std::string& method, const std::string& path, nlohmann::json* answer = nullptr,
              const std::string& body = {}) const;
  nlohmann::json get(const std::string& path) const;  // fails the test unless 200

 private:
  std::string host_, authorization_, prefix_;
  std::uint16_t port_ = 0;
};

// "/" -> "%2F": vhost names go into paths percent-encoded.
std::string encode_path_segment(const std::string& text);

}  // namespace arrakis::testing
