// /health (200/503 with the spec 5.1 JSON) and /metrics (Prometheus text).
#include <gtest/gtest.h>

#include "arrakis/ingestor/event_buffer.hpp"
#include "arrakis/ingestor/ingestor_http.hpp"
#include "arrakis/ingestor/metrics.hpp"

using namespace arrakis::ingestor;

namespace {
arrakis::http::Request get(const std::string& path) {
  arrakis::http::Request r;
  r.method = "GET";
  r.path = r.target = path;
  return r;
}
}  // namespace

TEST(IngestorHttp, HealthReportsShardsBrokerAndMemory) {
  EventBuffer buffer(100);
  Metrics metrics;
  ShardStatus s0;
  s0.shard_id = 0;
  s0.connected = true;
  s0.latency_ms = 42;
  s0.sequence = 17;
  PublisherStatus p;
  p.connected = p.channel_open = true;
  p.published = 5;
  p.confirmed = 4;
  IngestorView view;
  view.shards = [&] { return std::vector<ShardStatus>{s0}; };
  view.publisher = [&] { return p; };
  view.buffer = &buffer;
  view.metrics = &metrics;
  view.memory_threshold_bytes = 100u << 20;
  view.resident_bytes = [] { return std::size_t{10} << 20; };

  auto ok = handle_ingestor_request(get("/health"), view);
  EXPECT_EQ(ok.status, 200);
  const auto body = nlohmann::json::parse(ok.body);
  EXPECT_EQ(body["status"], "healthy");
  EXPECT_EQ(body["checks"]["discord"]["shards"][0]["latency"], 42);
  EXPECT_EQ(body["checks"]["discord"]["shards"][0]["sequence"], 17);
  EXPECT_EQ(body["checks"]["rabbitmq"]["channelOpen"], true);
  EXPECT_EQ(body["checks"]["rabbitmq"]["confirmed"], 4);
  EXPECT_EQ(body["checks"]["memory"]["rss"], 10.0);
  EXPECT_EQ(body["checks"]["memory"]["belowThreshold"], true);
  EXPECT_EQ(body["buffer"]["capacity"], 100);

  p.connected = false;
  EXPECT_EQ(handle_ingestor_request(get("/health"), view).status, 503);
  p.connected = true;
  s0.connected = false;
  EXPECT_EQ(handle_ingestor_request(get("/health"), view).status, 503);
  s0.connected = true;
  view.resident_bytes = [] { return std::size_t{200} << 20; };
  EXPECT_EQ(handle_ingestor_request(get("/health"), view).status, 503);
}

TEST(IngestorHttp, MetricsInPrometheusText) {
  EventBuffer buffer(100);
  Metrics metrics;
  metrics.received(0, "member.join");
  metrics.confirmed(0, "member.join", 3.0);
  IngestorView view;
  view.buffer = &buffer;
  view.metrics = &metrics;
  auto r = handle_ingestor_request(get("/metrics"), view);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.content_type.find("text/plain"), std::string::npos);
  EXPECT_NE(r.body.find("arrakis_ingestor_events_received_total{shard=\"0\",type=\"member.join\"} 1"), std::string::npos);
  EXPECT_NE(r.body.find("arrakis_ingestor_events_published_total{shard=\"0\",type=\"member.join\"} 1"), std::string::npos);
  EXPECT_NE(r.body.find("arrakis_ingestor_confirm_latency_seconds_bucket{le=\"0.005\"} 1"), std::string::npos);
  EXPECT_NE(r.body.find("arrakis_ingestor_confirm_latency_seconds_bucket{le=\"0.0025\"} 0"), std::string::npos);
  EXPECT_NE(r.body.find("arrakis_ingestor_buffer_capacity 100"), std::string::npos);
  EXPECT_EQ(handle_ingestor_request(get("/nope"), view).status, 404);
}
