#pragma once
// The simulator's notion of time. Discord's fixed durations (3 s, 15 min, 5 s, 60 s) are divided by
// the time factor, and tests can jump the clock forward instead of sleeping.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace arrakis::discord_sim {

class Clock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  using duration = std::chrono::steady_clock::duration;

  explicit Clock(double time_factor = 1.0) : factor_(time_factor > 0 ? time_factor : 1.0) {}

  time_point now() const { return std::chrono::steady_clock::now() + duration(offset_.load()); }
  // Unix time in seconds (with the same offset), for X-RateLimit-Reset.
  double unix_seconds() const {
    const auto wall = std::chrono::system_clock::now().time_since_epoch() + duration(offset_.load());
    return std::chrono::duration<double>(wall).count();
  }
  std::int64_t unix_ms() const { return static_cast<std::int64_t>(unix_seconds() * 1000.0); }

  void advance(std::chrono::milliseconds by) { offset_ += std::chrono::duration_cast<duration>(by).count(); }

  // A Discord duration as it passes on this simulator.
  duration scaled(std::chrono::milliseconds discord) const {
    return std::chrono::duration_cast<duration>(std::chrono::duration<double, std::milli>(discord.count() / factor_));
  }
  double factor() const { return factor_; }

 private:
  double factor_;
  std::atomic<duration::rep> offset_{0};
};

inline double seconds_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

}  // namespace arrakis::discord_sim
