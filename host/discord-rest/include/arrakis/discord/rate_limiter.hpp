#pragma once
// Discord's HTTP rate limits on the client side (spec 5), as a pure state machine: time comes in as
// arguments, so tests drive it with any clock. The caller asks before each request (acquire), sends
// only when told to go, and reports what came back (release / rate_limited / abandon).
//
// - Buckets are learned from X-RateLimit-Bucket per route and split by the major parameter;
//   until a route's bucket and limit are known, one request at a time is let through to learn them.
// - A bucket with nothing remaining before its reset lets nothing through (no request is sent into
//   an exhausted bucket); remaining counts requests still in flight as spent.
// - A 429 closes its bucket for retry_after; a global one (X-RateLimit-Global, scope "global")
//   pauses every bot-token request for that long.
// - Bot-token requests stay under the global limit (50 per second) by a sliding window over
//   their send times; interaction and webhook-token routes are exempt.
//
// Not thread-safe: DiscordRest serialises calls under its own mutex.
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "arrakis/discord/route.hpp"

namespace arrakis::discord {

// The rate-limit headers of one response (names lower-case in the map it is parsed from).
struct RateLimitHeaders {
  std::optional<std::string> bucket;
  std::optional<int> limit;
  std::optional<int> remaining;
  std::optional<double> reset_after;  // seconds
  std::optional<double> retry_after;  // seconds: Retry-After (whole seconds) when present
  bool global = false;                // X-RateLimit-Global: true
  std::string scope;                  // X-RateLimit-Scope on a 429: user, global, shared
};

RateLimitHeaders parse_rate_limit_headers(const std::map<std::string, std::string>& lower_case_headers);

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  using time_point = Clock::time_point;
  using duration = Clock::duration;

  struct Options {
    int global_per_window = 50;
    // A little longer than Discord's second, so jitter between our send and the server's count
    // never puts 51 requests in one of its windows.
    duration global_window = std::chrono::milliseconds(1050);
    // While a bucket is being learned, waiters recheck after this long even without a release.
    duration learning_recheck = std::chrono::milliseconds(100);
    // Buckets idle (nothing in flight, reset passed) this long are forgotten: interaction routes
    // make one bucket per interaction.
    duration idle_forget = std::chrono::seconds(10);
  };

  // What a request must hand back with its outcome.
  struct Ticket {
    std::string bucket_key;
    std::string route;
    std::string major;
    bool bot = true;
  };

  struct Decision {
    bool go = false;
    Ticket ticket;            // when go
    time_point retry_at{};    // when !go: ask again then (or when woken by a release)
    bool global_wait = false; // when !go: the global limit or a global 429 is what holds it
  };

  RateLimiter() : RateLimiter(Options{}) {}
  explicit RateLimiter(Options options);

  Decision acquire(const Route& route, time_point now);
  // A response other than 429 arrived (any status; headers may be empty). A 2xx without any
  // rate-limit headers marks the route's bucket as unlimited.
  void release(const Ticket& ticket, int status, const RateLimitHeaders& headers, time_point now);
  // A 429 arrived; retry_after in seconds (from the body, which is more precise than the header).
  void rate_limited(const Ticket& ticket, const RateLimitHeaders& headers, double retry_after, time_point now);
  // No response (network error, timeout): the request may or may not have counted.
  void abandon(const Ticket& ticket, time_point now);

  std::size_t bucket_count() const { return buckets_.size(); }
  std::optional<std::string> learned_bucket(const std::string& route) const;
  time_point global_paused_until() const { return global_until_; }

 private:
  struct Bucket {
    bool known = false;      // limit and window learned from headers
    bool unlimited = false;  // answered without rate-limit headers: nothing to respect
    int limit = 0;
    int remaining = 0;
    time_point reset_at{};
    duration period{};       // the longest reset-after seen: a guess at the window's length
    int in_flight = 0;
    time_point last_used{};
  };

  std::string key_for(const std::string& route, const std::string& major) const;
  Bucket& bucket_for_response(const Ticket& ticket, const RateLimitHeaders& headers);
  void finish(const Ticket& ticket);
  void forget_idle(time_point now);

  Options options_;
  std::unordered_map<std::string, std::string> route_bucket_;  // route name -> X-RateLimit-Bucket
  std::unordered_map<std::string, Bucket> buckets_;           // "<bucket or ?route>|<major>"
  std::deque<time_point> global_sends_;
  time_point global_until_{};
  std::uint64_t acquisitions_ = 0;
};

}  // namespace arrakis::discord
