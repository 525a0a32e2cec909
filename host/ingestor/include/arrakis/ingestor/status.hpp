#pragma once
// Point-in-time views of a shard and of the publisher, for /health and /metrics.
#include <cstdint>
#include <optional>
#include <string>

namespace arrakis::ingestor {

struct ShardStatus {
  int shard_id = 0;
  bool connected = false;  // READY or RESUMED seen on the current connection
  bool reading_paused = false;
  std::optional<std::int64_t> latency_ms;  // last heartbeat round trip
  std::int64_t sequence = 0;               // last dispatch sequence handed to the buffer
  std::uint64_t reconnects = 0;
  std::uint64_t identifies = 0;
  std::uint64_t resumes = 0;
  std::string fatal_error;
};

struct PublisherStatus {
  bool connected = false;
  bool channel_open = false;
  std::uint64_t published = 0;  // basic.publish sent (retries included)
  std::uint64_t confirmed = 0;  // acked by the broker
  std::uint64_t nacked = 0;
  std::uint64_t returned = 0;
  std::uint64_t errors = 0;     // connection failures and losses
  std::uint64_t dropped = 0;    // unroutable after every retry (logged, never silent)
  std::uint64_t in_flight = 0;
};

}  // namespace arrakis::ingestor
