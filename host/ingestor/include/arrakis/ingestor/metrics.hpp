#pragma once
// Counters and the confirm-latency histogram of the ingestor, rendered in the Prometheus text
// format (GET /metrics). Thread-safe: shards and the publisher update it concurrently.
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "arrakis/ingestor/status.hpp"

namespace arrakis::ingestor {

class Metrics {
 public:
  void received(int shard, const std::string& event_type);
  void filtered(int shard);
  void protocol_error(int shard);  // the gateway sent something that broke the protocol
  void confirmed(int shard, const std::string& event_type, double latency_ms);

  struct Gauges {
    std::vector<ShardStatus> shards;
    PublisherStatus publisher;
    std::size_t buffer_depth = 0;
    std::size_t buffer_capacity = 0;
    std::size_t resident_bytes = 0;
  };
  std::string render(const Gauges& gauges) const;

  // Upper bounds (seconds) of the confirm-latency histogram buckets.
  static constexpr std::array<double, 10> kLatencyBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5};

 private:
  using Key = std::pair<int, std::string>;
  mutable std::mutex mutex_;
  std::map<Key, std::uint64_t> received_;
  std::map<Key, std::uint64_t> published_;
  std::map<int, std::uint64_t> filtered_;
  std::map<int, std::uint64_t> protocol_errors_;
  std::array<std::uint64_t, kLatencyBuckets.size()> latency_buckets_{};
  std::uint64_t latency_count_ = 0;
  double latency_sum_s_ = 0;
};

}  // namespace arrakis::ingestor
