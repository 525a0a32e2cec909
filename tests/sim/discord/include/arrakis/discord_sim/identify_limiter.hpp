#pragma once
// IDENTIFY concurrency (spec 1.9): one IDENTIFY per rate_limit_key = shard_id % max_concurrency
// per 5 s, plus the daily session-start budget that GET /gateway/bot reports.
#include <mutex>
#include <vector>

#include "arrakis/discord_sim/clock.hpp"

namespace arrakis::discord_sim {

class IdentifyLimiter {
 public:
  IdentifyLimiter(const Clock& clock, int max_concurrency, int daily_total = 1000);

  // True (and the slot is taken) when the shard's bucket has room.
  bool try_acquire(int shard_id);

  int max_concurrency() const { return max_concurrency_; }
  int total() const { return daily_total_; }
  int remaining() const;
  double reset_after_ms() const;

 private:
  const Clock& clock_;
  int max_concurrency_;
  int daily_total_;
  mutable std::mutex mutex_;
  std::vector<Clock::time_point> last_;  // per key; time_point{} = never
  std::vector<bool> used_;
  int used_today_ = 0;
  Clock::time_point day_start_;
};

}  // namespace arrakis::discord_sim
