#pragma once
// Counters, gauges and histograms with labels, exposed in the Prometheus text format on /metrics.
// One process-wide registry; updates take a short lock (fine at thousands of events a second).
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace arrakis::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Registry {
 public:
  void counter_add(const std::string& name, const Labels& labels = {}, double delta = 1);
  void gauge_set(const std::string& name, const Labels& labels, double value);
  // Observations in seconds (or any unit; buckets are the default latency buckets unless given).
  void histogram_observe(const std::string& name, const Labels& labels, double value);
  void describe(const std::string& name, const std::string& help);

  double counter_value(const std::string& name, const Labels& labels = {}) const;
  std::string prometheus_text() const;

 private:
  struct Histogram {
    std::vector<double> bounds;
    std::vector<std::uint64_t> counts;  // per bucket (not cumulative)
    double sum = 0;
    std::uint64_t count = 0;
  };
  static std::string key(const Labels& labels);
  mutable std::mutex mutex_;
  std::map<std::string, std::string> help_;
  std::map<std::string, std::map<std::string, double>> counters_;
  std::map<std::string, std::map<std::string, double>> gauges_;
  std::map<std::string, std::map<std::string, Histogram>> histograms_;
};

Registry& registry();

}  // namespace arrakis::metrics
