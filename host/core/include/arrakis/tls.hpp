#pragma once
// TLS to RabbitMQ (amqps://) and Redis (rediss://): the files a client trusts and presents
// (docs/security.md, "TLS to RabbitMQ, Redis and PostgreSQL"). Peer and host-name verification
// are always on; only the trust anchors are configurable.
#include <string>

namespace arrakis {

struct Config;

struct TlsFiles {
  std::string ca_file;    // PEM bundle of the CAs trusted for the server; empty = the system CA store
  std::string cert_file;  // client certificate (PEM), optional; needs key_file
  std::string key_file;   // its private key (PEM)
};

// What Connection::open(url) uses for amqps:// and rediss:// when the caller passes no TlsFiles.
// Set once at start by the programs (configure_tls); thread-safe to read afterwards.
void set_default_amqp_tls(TlsFiles files);
void set_default_redis_tls(TlsFiles files);
TlsFiles default_amqp_tls();
TlsFiles default_redis_tls();
// The CA bundle every db::Pool applies to its URL (database_tls_url in config.hpp), so the URLs read
// outside Config (DATABASE_HOST_URL, DATABASE_JOBS_URL) are verified too. Empty = URLs as given.
void set_default_database_ca(std::string ca_file);
std::string default_database_ca();
// Both defaults from the configuration (ARRAKIS_AMQP_*, ARRAKIS_REDIS_* variables).
void configure_tls(const Config& config);

}  // namespace arrakis
