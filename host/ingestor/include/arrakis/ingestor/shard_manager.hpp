#pragma once
// Runs shards [first, last] of `count` in this process, each on its own thread, sharing one
// IDENTIFY limiter (max_concurrency buckets) and one TLS context. Discord sends events that have
// no guild (DMs) only to shard 0; they are filtered by the normaliser anyway.
#include <memory>
#include <vector>

#include "arrakis/ingestor/gateway_shard.hpp"

namespace arrakis::ingestor {

struct ShardPlan {
  int first = 0;
  int last = 0;
  int count = 1;
  int max_concurrency = 1;
};

class ShardManager {
 public:
  // `base` gives everything but the shard id and count.
  ShardManager(const ShardPlan& plan, const ShardOptions& base, EventBuffer& buffer, Metrics& metrics,
               GatewayShard::FatalHandler on_fatal);
  ~ShardManager();

  void start();
  void stop_reading();
  void close();
  std::vector<ShardStatus> status() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace arrakis::ingestor
