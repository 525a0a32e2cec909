#pragma once
// A small parser for the service URLs of the configuration (amqp://, redis://, postgresql://).
#include <cstdint>
#include <optional>
#include <string>

namespace arrakis {

struct ServiceUrl {
  std::string scheme;
  std::string user;
  std::string password;
  std::string host;
  std::uint16_t port = 0;
  std::string path;  // without the leading '/', percent-decoded (AMQP vhost, Redis db, database name)
};

// nullopt when the text is not scheme://[user[:password]@]host[:port][/path].
std::optional<ServiceUrl> parse_service_url(const std::string& text);

}  // namespace arrakis
