#include "dependencies.hpp"

#include <spdlog/spdlog.h>

namespace arrakis::worker {

Dependencies::Dependencies(const Config& config)
    : config_(config), pool_(std::make_unique<db::Pool>(config.database_url, config.db_pool_size)) {}

void Dependencies::connect_all() {
  for (const auto& probe : probes()) {
    auto result = probe.run();
    if (result.ok) {
      spdlog::info("connected to {}", probe.name);
    } else {
      spdlog::warn("{} is not reachable yet: {}", probe.name, result.detail.value("error", std::string("unknown")));
    }
  }
}

std::vector<health::Probe> Dependencies::probes() {
  return {{"rabbitmq", [this] { return probe_rabbitmq(); }},
          {"redis", [this] { return probe_redis(); }},
          {"postgres", [this] { return probe_postgres(); }}};
}

health::ProbeResult Dependencies::probe_rabbitmq() {
  std::lock_guard lock(amqp_mutex_);
  try {
    if (!amqp_ || !amqp_->is_open()) amqp_ = amqp::Connection::open(config_.rabbitmq_url);
    amqp_->ping();
    return {true, {{"connected", true}, {"channelOpen", true}}};
  } catch (const std::exception& e) {
    amqp_.reset();
    return {false, {{"connected", false}, {"channelOpen", false}, {"error", e.what()}}};
  }
}

health::ProbeResult Dependencies::probe_redis() {
  std::lock_guard lock(redis_mutex_);
  try {
    if (!redis_ || redis_->is_broken()) redis_ = redis::Connection::open(config_.redis_url);
    auto reply = redis_->command({"PING"});
    if (reply.is_error()) return {false, {{"connected", true}, {"error", reply.str}}};
    return {true, {{"connected", true}}};
  } catch (const std::exception& e) {
    redis_.reset();
    return {false, {{"connected", false}, {"error", e.what()}}};
  }
}

health::ProbeResult Dependencies::probe_postgres() {
  try {
    auto conn = pool_->lease(std::chrono::seconds(2));
    pqxx::nontransaction tx(*conn);
    tx.exec("SELECT 1");
    return {true, {{"connected", true}, {"poolSize", pool_->size()}}};
  } catch (const std::exception& e) {
    return {false, {{"connected", false}, {"error", std::string(e.what()).substr(0, 300)}}};
  }
}

}  // namespace arrakis::worker
