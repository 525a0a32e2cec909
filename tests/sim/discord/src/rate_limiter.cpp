#include "arrakis/discord_sim/rate_limiter.hpp"

#include <algorithm>
#include <cstdio>

namespace arrakis::discord_sim {

RateLimiter::RateLimiter(const Clock& clock, int global_per_second)
    : clock_(clock), global_per_second_(global_per_second) {}

void RateLimiter::set_route_limit(const std::string& route, RouteLimit limit) {
  std::lock_guard lock(mutex_);
  routes_[route] = limit;
}

void RateLimiter::set_default_limit(RouteLimit limit) {
  std::lock_guard lock(mutex_);
  default_ = limit;
}

RouteLimit RateLimiter::limit_for(const std::string& route) const {
  const auto it = routes_.find(route);
  return it == routes_.end() ? default_ : it->second;
}

std::string RateLimiter::bucket_hash(const std::string& route) {
  // Opaque like Discord's, stable for a route (FNV-1a, hex).
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : route) h = (h ^ c) * 1099511628211ULL;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

RateDecision RateLimiter::take(const std::string& route, const std::string& major, const std::string& global_key,
                               bool global_exempt) {
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  const auto unix_now = clock_.unix_seconds();
  RateDecision d;
  d.bucket = bucket_hash(route);

  if (!global_exempt && global_per_second_ > 0) {
    auto& g = global_[global_key];
    const auto period = clock_.scaled(std::chrono::milliseconds(1000));
    if (g.used == 0 || now - g.start >= period) {
      g.start = now;
      g.used = 0;
    }
    if (g.used >= global_per_second_) {
      const double left = std::chrono::duration<double>(period - (now - g.start)).count();
      d.allowed = false;
      d.global = true;
      d.scope = "global";
      d.retry_after = std::max(0.001, left);
      d.limit = global_per_second_;
      d.remaining = 0;
      d.reset_after = d.retry_after;
      d.reset = unix_now + d.retry_after;
      return d;
    }
    ++g.used;
  }

  const RouteLimit limit = limit_for(route);
  const auto period = clock_.scaled(limit.period);
  // One bucket per interaction token adds up under load: forget windows that have run out.
  if (windows_.size() > 50000) {
    std::erase_if(windows_, [&](const auto& kv) { return now - kv.second.start >= period; });
  }
  auto& w = windows_[d.bucket + ":" + major];
  if (w.used == 0 || now - w.start >= period) {
    w.start = now;
    w.used = 0;
  }
  const double left = std::max(0.0, std::chrono::duration<double>(period - (now - w.start)).count());
  d.limit = limit.limit;
  d.reset_after = left;
  d.reset = unix_now + left;
  if (w.used >= limit.limit) {
    d.allowed = false;
    d.scope = "user";
    d.remaining = 0;
    d.retry_after = std::max(0.001, left);
    return d;
  }
  ++w.used;
  d.remaining = limit.limit - w.used;
  return d;
}

RateDecision RateLimiter::storm(const std::string& route, double seconds_left) {
  std::lock_guard lock(mutex_);
  RateDecision d;
  d.allowed = false;
  d.bucket = bucket_hash(route);
  d.limit = limit_for(route).limit;
  d.remaining = 0;
  d.scope = "shared";
  d.retry_after = std::max(0.001, seconds_left);
  d.reset_after = d.retry_after;
  d.reset = clock_.unix_seconds() + d.retry_after;
  return d;
}

}  // namespace arrakis::discord_sim
