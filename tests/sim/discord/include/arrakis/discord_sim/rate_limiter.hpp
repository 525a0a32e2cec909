#pragma once
// Discord's HTTP rate limits (spec 5): a window per (route bucket, major id), the global 50/s per
// bot token (interaction routes exempt), and the headers that describe both.
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include "arrakis/discord_sim/clock.hpp"

namespace arrakis::discord_sim {

struct RouteLimit {
  int limit = 5;
  std::chrono::milliseconds period{5000};
};

struct RateDecision {
  bool allowed = true;
  int limit = 0;
  int remaining = 0;
  double reset_after = 0;  // seconds
  double reset = 0;        // unix seconds
  std::string bucket;
  std::string scope;       // on a 429: "user", "global" or "shared"
  bool global = false;
  double retry_after = 0;  // seconds, on a 429
};

class RateLimiter {
 public:
  RateLimiter(const Clock& clock, int global_per_second);

  // Per-route limits by route name (e.g. "PUT /guilds/{g}/members/{u}/roles/{r}"); unknown routes
  // use the default. Configurable so tests can hit a limit quickly.
  void set_route_limit(const std::string& route, RouteLimit limit);
  void set_default_limit(RouteLimit limit);

  // Takes one request from the route bucket (and the global one unless exempt).
  RateDecision take(const std::string& route, const std::string& major, const std::string& global_key,
                    bool global_exempt);
  // The headers of a 429 forced by a storm: scope shared, the route's own bucket.
  RateDecision storm(const std::string& route, double seconds_left);

 private:
  struct Window {
    Clock::time_point start{};
    int used = 0;
  };
  RouteLimit limit_for(const std::string& route) const;
  static std::string bucket_hash(const std::string& route);

  const Clock& clock_;
  int global_per_second_;
  mutable std::mutex mutex_;
  RouteLimit default_;
  std::map<std::string, RouteLimit> routes_;
  std::unordered_map<std::string, Window> windows_;  // "bucket:major"
  std::unordered_map<std::string, Window> global_;   // per token
};

}  // namespace arrakis::discord_sim
