#include "arrakis/discord_sim/identify_limiter.hpp"

#include <algorithm>

namespace arrakis::discord_sim {

namespace {
constexpr std::chrono::milliseconds kBucketWindow{5000};
constexpr std::chrono::milliseconds kDay{24LL * 3600 * 1000};
}  // namespace

IdentifyLimiter::IdentifyLimiter(const Clock& clock, int max_concurrency, int daily_total)
    : clock_(clock),
      max_concurrency_(std::max(1, max_concurrency)),
      daily_total_(daily_total),
      last_(static_cast<std::size_t>(max_concurrency_)),
      used_(static_cast<std::size_t>(max_concurrency_), false),
      day_start_(clock.now()) {}

bool IdentifyLimiter::try_acquire(int shard_id) {
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  if (now - day_start_ >= clock_.scaled(kDay)) {
    day_start_ = now;
    used_today_ = 0;
  }
  if (used_today_ >= daily_total_) return false;
  const auto key = static_cast<std::size_t>(std::max(0, shard_id) % max_concurrency_);
  if (used_[key] && now - last_[key] < clock_.scaled(kBucketWindow)) return false;
  used_[key] = true;
  last_[key] = now;
  ++used_today_;
  return true;
}

int IdentifyLimiter::remaining() const {
  std::lock_guard lock(mutex_);
  return std::max(0, daily_total_ - used_today_);
}

double IdentifyLimiter::reset_after_ms() const {
  std::lock_guard lock(mutex_);
  const auto left = clock_.scaled(kDay) - (clock_.now() - day_start_);
  return std::max(0.0, std::chrono::duration<double, std::milli>(left).count());
}

}  // namespace arrakis::discord_sim
