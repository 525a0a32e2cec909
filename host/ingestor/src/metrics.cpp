#include "arrakis/ingestor/metrics.hpp"

#include <sstream>

namespace arrakis::ingestor {

void Metrics::received(int shard, const std::string& event_type) {
  std::lock_guard lock(mutex_);
  ++received_[{shard, event_type}];
}

void Metrics::filtered(int shard) {
  std::lock_guard lock(mutex_);
  ++filtered_[shard];
}

void Metrics::protocol_error(int shard) {
  std::lock_guard lock(mutex_);
  ++protocol_errors_[shard];
}

void Metrics::confirmed(int shard, const std::string& event_type, double latency_ms) {
  const double seconds = latency_ms / 1000.0;
  std::lock_guard lock(mutex_);
  ++published_[{shard, event_type}];
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) ++latency_buckets_[i];
  }
  ++latency_count_;
  latency_sum_s_ += seconds;
}

namespace {

void header(std::ostringstream& out, const char* name, const char* type, const char* help) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}

}  // namespace

std::string Metrics::render(const Gauges& g) const {
  std::ostringstream out;
  {
    std::lock_guard lock(mutex_);
    header(out, "arrakis_ingestor_events_received_total", "counter", "Dispatches normalised and buffered, by shard and type");
    for (const auto& [key, n] : received_) {
      out << "arrakis_ingestor_events_received_total{shard=\"" << key.first << "\",type=\"" << key.second << "\"} " << n << '\n';
    }
    header(out, "arrakis_ingestor_events_published_total", "counter", "Events confirmed by RabbitMQ, by shard and type");
    for (const auto& [key, n] : published_) {
      out << "arrakis_ingestor_events_published_total{shard=\"" << key.first << "\",type=\"" << key.second << "\"} " << n << '\n';
    }
    header(out, "arrakis_ingestor_events_filtered_total", "counter", "Dispatches not forwarded (DMs, bots, unused events)");
    for (const auto& [shard, n] : filtered_) out << "arrakis_ingestor_events_filtered_total{shard=\"" << shard << "\"} " << n << '\n';
    header(out, "arrakis_ingestor_gateway_protocol_errors_total", "counter",
           "Gateway payloads that broke the protocol (the connection was dropped and resumed)");
    for (const auto& [shard, n] : protocol_errors_) {
      out << "arrakis_ingestor_gateway_protocol_errors_total{shard=\"" << shard << "\"} " << n << '\n';
    }
    header(out, "arrakis_ingestor_confirm_latency_seconds", "histogram", "Publish to broker confirm");
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      out << "arrakis_ingestor_confirm_latency_seconds_bucket{le=\"" << kLatencyBuckets[i] << "\"} " << latency_buckets_[i] << '\n';
    }
    out << "arrakis_ingestor_confirm_latency_seconds_bucket{le=\"+Inf\"} " << latency_count_ << '\n'
        << "arrakis_ingestor_confirm_latency_seconds_sum " << latency_sum_s_ << '\n'
        << "arrakis_ingestor_confirm_latency_seconds_count " << latency_count_ << '\n';
  }
  header(out, "arrakis_ingestor_shard_connected", "gauge", "1 while the shard's session is READY or RESUMED");
  for (const auto& s : g.shards) out << "arrakis_ingestor_shard_connected{shard=\"" << s.shard_id << "\"} " << (s.connected ? 1 : 0) << '\n';
  header(out, "arrakis_ingestor_gateway_latency_seconds", "gauge", "Last heartbeat round trip");
  for (const auto& s : g.shards) {
    if (s.latency_ms) out << "arrakis_ingestor_gateway_latency_seconds{shard=\"" << s.shard_id << "\"} " << static_cast<double>(*s.latency_ms) / 1000.0 << '\n';
  }
  header(out, "arrakis_ingestor_gateway_sequence", "gauge", "Last dispatch sequence handed to the buffer");
  for (const auto& s : g.shards) out << "arrakis_ingestor_gateway_sequence{shard=\"" << s.shard_id << "\"} " << s.sequence << '\n';
  header(out, "arrakis_ingestor_gateway_reconnects_total", "counter", "Gateway reconnections");
  for (const auto& s : g.shards) out << "arrakis_ingestor_gateway_reconnects_total{shard=\"" << s.shard_id << "\"} " << s.reconnects << '\n';
  header(out, "arrakis_ingestor_gateway_identifies_total", "counter", "IDENTIFY payloads sent");
  for (const auto& s : g.shards) out << "arrakis_ingestor_gateway_identifies_total{shard=\"" << s.shard_id << "\"} " << s.identifies << '\n';
  header(out, "arrakis_ingestor_gateway_resumes_total", "counter", "RESUME payloads sent");
  for (const auto& s : g.shards) out << "arrakis_ingestor_gateway_resumes_total{shard=\"" << s.shard_id << "\"} " << s.resumes << '\n';

  const auto& p = g.publisher;
  header(out, "arrakis_ingestor_rabbitmq_connected", "gauge", "1 while the confirm channel is open");
  out << "arrakis_ingestor_rabbitmq_connected " << (p.connected && p.channel_open ? 1 : 0) << '\n';
  header(out, "arrakis_ingestor_publishes_total", "counter", "basic.publish sent, retries included");
  out << "arrakis_ingestor_publishes_total " << p.published << '\n';
  header(out, "arrakis_ingestor_publish_confirmed_total", "counter", "Publishes acked by the broker");
  out << "arrakis_ingestor_publish_confirmed_total " << p.confirmed << '\n';
  header(out, "arrakis_ingestor_publish_retries_total", "counter", "Publishes sent again, by reason");
  out << "arrakis_ingestor_publish_retries_total{reason=\"nack\"} " << p.nacked << '\n'
      << "arrakis_ingestor_publish_retries_total{reason=\"return\"} " << p.returned << '\n';
  header(out, "arrakis_ingestor_publish_errors_total", "counter", "Broker connection failures and losses");
  out << "arrakis_ingestor_publish_errors_total " << p.errors << '\n';
  header(out, "arrakis_ingestor_publish_dropped_total", "counter", "Events given up after every retry was returned unroutable");
  out << "arrakis_ingestor_publish_dropped_total " << p.dropped << '\n';
  header(out, "arrakis_ingestor_publish_in_flight", "gauge", "Publishes awaiting a confirm");
  out << "arrakis_ingestor_publish_in_flight " << p.in_flight << '\n';
  header(out, "arrakis_ingestor_buffer_depth", "gauge", "Events held until confirmed (waiting + in flight)");
  out << "arrakis_ingestor_buffer_depth " << g.buffer_depth << '\n';
  header(out, "arrakis_ingestor_buffer_capacity", "gauge", "Bound of the buffer; shards stop reading when it is full");
  out << "arrakis_ingestor_buffer_capacity " << g.buffer_capacity << '\n';
  header(out, "process_resident_memory_bytes", "gauge", "Resident set size");
  out << "process_resident_memory_bytes " << g.resident_bytes << '\n';
  return out.str();
}

}  // namespace arrakis::ingestor
