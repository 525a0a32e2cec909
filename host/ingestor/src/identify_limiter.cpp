#include "arrakis/ingestor/identify_limiter.hpp"

#include <algorithm>

namespace arrakis::ingestor {

IdentifyLimiter::IdentifyLimiter(int max_concurrency, double time_factor)
    : window_(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(5.0 / std::max(1.0, time_factor)))),
      next_free_(static_cast<std::size_t>(std::max(1, max_concurrency)), Clock::time_point::min()) {}

IdentifyLimiter::Clock::time_point IdentifyLimiter::reserve(int shard_id, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto& bucket = next_free_[static_cast<std::size_t>(shard_id) % next_free_.size()];
  const auto at = std::max(now, bucket);
  bucket = at + window_;
  return at;
}

}  // namespace arrakis::ingestor
