#pragma once
// IDENTIFY concurrency (spec 1.9): shards share `max_concurrency` buckets (rate_limit_key =
// shard_id % max_concurrency) and each bucket allows one IDENTIFY per 5 s. Shared by every shard
// of the process; thread-safe. RESUMEs do not pass through here.
#include <chrono>
#include <mutex>
#include <vector>

namespace arrakis::ingestor {

class IdentifyLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // `time_factor` > 1 shortens the 5 s window (tests against a simulator running faster).
  explicit IdentifyLimiter(int max_concurrency, double time_factor = 1.0);

  // Reserves the next IDENTIFY slot of this shard's bucket and returns when it may be sent
  // (now, if the bucket is free). Every call takes a slot, so callers must send at that time.
  Clock::time_point reserve(int shard_id, Clock::time_point now = Clock::now());

  Clock::duration window() const { return window_; }
  int max_concurrency() const { return static_cast<int>(next_free_.size()); }

 private:
  std::mutex mutex_;
  Clock::duration window_;
  std::vector<Clock::time_point> next_free_;  // per bucket
};

}  // namespace arrakis::ingestor
