#pragma once
// The worker's connections to RabbitMQ, Redis and PostgreSQL, each re-opened on demand after a
// failure, and the health probes over them.
#include <memory>
#include <mutex>
#include <optional>

#include "arrakis/amqp.hpp"
#include "arrakis/config.hpp"
#include "arrakis/database.hpp"
#include "arrakis/health.hpp"
#include "arrakis/redis.hpp"

namespace arrakis::worker {

class Dependencies {
 public:
  explicit Dependencies(const Config& config);

  // Tries each connection once; logs what is reachable. Never throws.
  void connect_all();
  std::vector<health::Probe> probes();

  db::Pool& database() { return *pool_; }

 private:
  health::ProbeResult probe_rabbitmq();
  health::ProbeResult probe_redis();
  health::ProbeResult probe_postgres();

  const Config& config_;
  std::mutex amqp_mutex_;
  std::optional<amqp::Connection> amqp_;
  std::mutex redis_mutex_;
  std::optional<redis::Connection> redis_;
  std::unique_ptr<db::Pool> pool_;
};

}  // namespace arrakis::worker
