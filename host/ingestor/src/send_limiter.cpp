#include "arrakis/ingestor/send_limiter.hpp"

namespace arrakis::ingestor {

SendLimiter::SendLimiter(int limit, Clock::duration window, int heartbeat_reserve)
    : limit_(limit), window_(window), heartbeat_reserve_(heartbeat_reserve) {}

void SendLimiter::expire(Clock::time_point now) {
  while (!sent_.empty() && sent_.front() + window_ <= now) sent_.pop_front();
}

SendLimiter::Clock::duration SendLimiter::delay(bool heartbeat, Clock::time_point now) {
  expire(now);
  const int budget = heartbeat ? limit_ : limit_ - heartbeat_reserve_;
  const int used = static_cast<int>(sent_.size());
  if (used < budget) return Clock::duration::zero();
  // Wait until enough old sends leave the window to bring us under the budget.
  const auto& oldest_blocking = sent_[static_cast<std::size_t>(used - budget)];
  return oldest_blocking + window_ - now;
}

void SendLimiter::record(Clock::time_point now) {
  expire(now);
  sent_.push_back(now);
}

int SendLimiter::sent_in_window(Clock::time_point now) {
  expire(now);
  return static_cast<int>(sent_.size());
}

}  // namespace arrakis::ingestor
