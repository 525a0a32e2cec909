#include "arrakis/tls.hpp"

#include <mutex>

#include "arrakis/config.hpp"

namespace arrakis {
namespace {

std::mutex mutex;
TlsFiles amqp_files;
TlsFiles redis_files;
std::string database_ca;

}  // namespace

void set_default_amqp_tls(TlsFiles files) {
  std::lock_guard lock(mutex);
  amqp_files = std::move(files);
}

void set_default_redis_tls(TlsFiles files) {
  std::lock_guard lock(mutex);
  redis_files = std::move(files);
}

TlsFiles default_amqp_tls() {
  std::lock_guard lock(mutex);
  return amqp_files;
}

TlsFiles default_redis_tls() {
  std::lock_guard lock(mutex);
  return redis_files;
}

void set_default_database_ca(std::string ca_file) {
  std::lock_guard lock(mutex);
  database_ca = std::move(ca_file);
}

std::string default_database_ca() {
  std::lock_guard lock(mutex);
  return database_ca;
}

void configure_tls(const Config& config) {
  set_default_database_ca(config.database_ca_file);
  set_default_amqp_tls(config.amqp_tls);
  set_default_redis_tls(config.redis_tls);
}

}  // namespace arrakis
