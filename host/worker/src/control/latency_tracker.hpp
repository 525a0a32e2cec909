#pragma once
// Recent plugin call latencies per plugin, for p50/p99 in `arrakisctl plugin list` (the
// Prometheus histograms serve dashboards; operators want a number at a glance).
#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace arrakis::worker {

class LatencyTracker {
 public:
  void record(const std::string& plugin, std::chrono::nanoseconds d) {
    std::lock_guard lock(mutex_);
    auto& ring = rings_[plugin];
    if (ring.samples.size() < kWindow) {
      ring.samples.push_back(d.count());
    } else {
      ring.samples[ring.next] = d.count();
    }
    ring.next = (ring.next + 1) % kWindow;
  }
  // Quantile q in [0,1] in milliseconds over the last calls; 0 when none.
  double quantile_ms(const std::string& plugin, double q) const {
    std::vector<long long> copy;
    {
      std::lock_guard lock(mutex_);
      auto it = rings_.find(plugin);
      if (it == rings_.end() || it->second.samples.empty()) return 0;
      copy = it->second.samples;
    }
    const auto idx = static_cast<std::size_t>(q * static_cast<double>(copy.size() - 1));
    std::nth_element(copy.begin(), copy.begin() + static_cast<long>(idx), copy.end());
    return static_cast<double>(copy[idx]) / 1e6;
  }

 private:
  static constexpr std::size_t kWindow = 1000;
  struct Ring {
    std::vector<long long> samples;
    std::size_t next = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Ring> rings_;
};

}  // namespace arrakis::worker
