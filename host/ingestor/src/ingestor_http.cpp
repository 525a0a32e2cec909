#include "arrakis/ingestor/ingestor_http.hpp"

#include <algorithm>
#include <cmath>

#include "arrakis/health.hpp"
#include "arrakis/ingestor/event_buffer.hpp"
#include "arrakis/ingestor/metrics.hpp"

namespace arrakis::ingestor {

using nlohmann::json;

namespace {
double megabytes(std::size_t bytes) { return std::round(static_cast<double>(bytes) / (1024.0 * 1024.0) * 10) / 10; }
}  // namespace

HealthAnswer ingestor_health(const IngestorView& view) {
  const auto shards = view.shards ? view.shards() : std::vector<ShardStatus>{};
  const auto publisher = view.publisher ? view.publisher() : PublisherStatus{};
  const std::size_t rss = view.resident_bytes ? view.resident_bytes() : health::resident_bytes();

  std::vector<health::Probe> probes;
  probes.push_back({"discord", [&] {
                      json list = json::array();
                      bool all = !shards.empty();
                      std::int64_t worst_latency = -1;
                      for (const auto& s : shards) {
                        all = all && s.connected;
                        if (s.latency_ms) worst_latency = std::max(worst_latency, *s.latency_ms);
                        json entry = {{"shardId", s.shard_id},
                                      {"connected", s.connected},
                                      {"latency", s.latency_ms ? json(*s.latency_ms) : json()},
                                      {"sequence", s.sequence},
                                      {"readingPaused", s.reading_paused},
                                      {"reconnects", s.reconnects}};
                        if (!s.fatal_error.empty()) entry["error"] = s.fatal_error;
                        list.push_back(std::move(entry));
                      }
                      return health::ProbeResult{all,
                                                 {{"connected", all},
                                                  {"latency", worst_latency >= 0 ? json(worst_latency) : json()},
                                                  {"shards", std::move(list)}}};
                    }});
  probes.push_back({"rabbitmq", [&] {
                      const bool ok = publisher.connected && publisher.channel_open;
                      return health::ProbeResult{ok,
                                                 {{"connected", publisher.connected},
                                                  {"channelOpen", publisher.channel_open},
                                                  {"published", publisher.published},
                                                  {"confirmed", publisher.confirmed},
                                                  {"errors", publisher.errors},
                                                  {"nacked", publisher.nacked},
                                                  {"returned", publisher.returned},
                                                  {"dropped", publisher.dropped},
                                                  {"inFlight", publisher.in_flight}}};
                    }});
  probes.push_back({"memory", [&] {
                      const bool below = rss < view.memory_threshold_bytes;
                      return health::ProbeResult{below,
                                                 {{"rss", megabytes(rss)},
                                                  {"rssBytes", rss},
                                                  {"threshold", megabytes(view.memory_threshold_bytes)},
                                                  {"belowThreshold", below}}};
                    }});
  json extra = json::object();
  if (view.buffer) extra["buffer"] = {{"depth", view.buffer->held()}, {"capacity", view.buffer->capacity()}};
  auto report = health::evaluate(probes, extra);
  return {report.healthy, std::move(report.body)};
}

arrakis::http::Response handle_ingestor_request(const arrakis::http::Request& request, const IngestorView& view) {
  if (request.method != "GET") return {405, "application/json", R"({"error":"method not allowed"})", {}};
  if (request.path == "/health" || request.path == "/") {
    auto answer = ingestor_health(view);
    return {answer.healthy ? 200 : 503, "application/json", answer.body.dump(), {}};
  }
  if (request.path == "/metrics" && view.metrics) {
    Metrics::Gauges g;
    if (view.shards) g.shards = view.shards();
    if (view.publisher) g.publisher = view.publisher();
    if (view.buffer) {
      g.buffer_depth = view.buffer->held();
      g.buffer_capacity = view.buffer->capacity();
    }
    g.resident_bytes = view.resident_bytes ? view.resident_bytes() : health::resident_bytes();
    return {200, "text/plain; version=0.0.4", view.metrics->render(g), {}};
  }
  return {404, "application/json", R"({"error":"not found"})", {}};
}

}  // namespace arrakis::ingestor
