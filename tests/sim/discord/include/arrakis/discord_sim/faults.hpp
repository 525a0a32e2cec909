#pragma once
// Faults injected into REST through POST /control/faults: added latency, 429 storms and forced
// 5xx on routes. (Gateway faults act at once on the sockets; see GatewayServer.) Thread-safe.
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "arrakis/discord_sim/clock.hpp"

namespace arrakis::discord_sim {

class Faults {
 public:
  explicit Faults(const Clock& clock) : clock_(clock) {}

  void set_latency(std::chrono::milliseconds latency) {
    std::lock_guard lock(mutex_);
    latency_ = latency;
  }
  std::chrono::milliseconds latency() const {
    std::lock_guard lock(mutex_);
    return latency_;
  }

  // `route` matches when the request path (below /api/v10) contains it; "" or "*" matches all.
  void add_storm(std::string route, std::chrono::milliseconds duration) {
    std::lock_guard lock(mutex_);
    storms_.push_back({std::move(route), clock_.now() + std::chrono::duration_cast<Clock::duration>(duration)});
  }
  // Seconds left of a storm on this path, if one is active.
  std::optional<double> storm(const std::string& path) const {
    std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    for (const auto& s : storms_) {
      if (s.until > now && matches(s.route, path)) return seconds_between(now, s.until);
    }
    return std::nullopt;
  }

  void add_server_error(std::string route, int status, int count) {
    std::lock_guard lock(mutex_);
    errors_.push_back({std::move(route), status, count});
  }
  // A forced status for this request (the count is consumed), if one applies.
  std::optional<int> take_server_error(const std::string& path) {
    std::lock_guard lock(mutex_);
    for (auto& e : errors_) {
      if (e.remaining > 0 && matches(e.route, path)) {
        --e.remaining;
        return e.status;
      }
    }
    return std::nullopt;
  }

  void clear() {
    std::lock_guard lock(mutex_);
    latency_ = {};
    storms_.clear();
    errors_.clear();
  }

 private:
  static bool matches(const std::string& route, const std::string& path) {
    return route.empty() || route == "*" || path.find(route) != std::string::npos;
  }
  struct Storm {
    std::string route;
    Clock::time_point until;
  };
  struct ServerError {
    std::string route;
    int status;
    int remaining;
  };
  const Clock& clock_;
  mutable std::mutex mutex_;
  std::chrono::milliseconds latency_{0};
  std::vector<Storm> storms_;
  std::vector<ServerError> errors_;
};

}  // namespace arrakis::discord_sim
