#pragma once
// The ingestor's HTTP endpoints: GET /health (and /) with the JSON of spec 5.1 - per-shard
// connection, latency and sequence, RabbitMQ connection and counters, memory against its
// threshold - answering 200 or 503; GET /metrics in the Prometheus text format.
#include <cstddef>
#include <functional>
#include <vector>

#include <nlohmann/json.hpp>

#include "arrakis/http_server.hpp"
#include "arrakis/ingestor/status.hpp"

namespace arrakis::ingestor {

class EventBuffer;
class Metrics;

struct IngestorView {
  std::function<std::vector<ShardStatus>()> shards;
  std::function<PublisherStatus()> publisher;
  const EventBuffer* buffer = nullptr;
  const Metrics* metrics = nullptr;
  std::size_t memory_threshold_bytes = 256u << 20;
  std::function<std::size_t()> resident_bytes;  // default: this process's RSS
};

struct HealthAnswer {
  bool healthy = false;
  nlohmann::json body;
};
HealthAnswer ingestor_health(const IngestorView& view);

arrakis::http::Response handle_ingestor_request(const arrakis::http::Request& request, const IngestorView& view);

}  // namespace arrakis::ingestor
