#pragma once
// A small parser for the service URLs of the configuration (amqp[s]://, redis[s]://, postgresql://).
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
  std::string query;  // after '?', as written (PostgreSQL's sslmode=..., sslrootcert=...)
};

// nullopt when the text is not scheme://[user[:password]@]host[:port][/path][?query].
// True for the schemes that mean TLS: amqps, rediss.
bool is_tls_scheme(const std::string& scheme);
std::optional<ServiceUrl> parse_service_url(const std::string& text);

}  // namespace arrakis
