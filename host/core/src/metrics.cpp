#include "arrakis/metrics.hpp"

#include <algorithm>
#include <sstream>

namespace arrakis::metrics {
namespace {

const std::vector<double>& default_buckets() {
  static const std::vector<double> b = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return b;
}

std::string escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string with_label(const std::string& labels, const std::string& extra) {
  if (labels.empty()) return "{" + extra + "}";
  return labels.substr(0, labels.size() - 1) + "," + extra + "}";
}

}  // namespace

std::string Registry::key(const Labels& labels) {
  if (labels.empty()) return {};
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ",";
    out += labels[i].first + "=\"" + escape(labels[i].second) + "\"";
  }
  return out + "}";
}

void Registry::counter_add(const std::string& name, const Labels& labels, double delta) {
  std::lock_guard lock(mutex_);
  counters_[name][key(labels)] += delta;
}

void Registry::gauge_set(const std::string& name, const Labels& labels, double value) {
  std::lock_guard lock(mutex_);
  gauges_[name][key(labels)] = value;
}

void Registry::histogram_observe(const std::string& name, const Labels& labels, double value) {
  std::lock_guard lock(mutex_);
  auto& h = histograms_[name][key(labels)];
  if (h.bounds.empty()) {
    h.bounds = default_buckets();
    h.counts.assign(h.bounds.size() + 1, 0);
  }
  const auto idx = static_cast<std::size_t>(std::lower_bound(h.bounds.begin(), h.bounds.end(), value) - h.bounds.begin());
  ++h.counts[idx];
  h.sum += value;
  ++h.count;
}

void Registry::describe(const std::string& name, const std::string& help) {
  std::lock_guard lock(mutex_);
  help_[name] = help;
}

double Registry::counter_value(const std::string& name, const Labels& labels) const {
  std::lock_guard lock(mutex_);
  auto it = counters_.find(name);
  if (it == counters_.end()) return 0;
  auto s = it->second.find(key(labels));
  return s == it->second.end() ? 0 : s->second;
}

std::string Registry::prometheus_text() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  auto header = [&](const std::string& name, const char* type) {
    if (auto h = help_.find(name); h != help_.end()) out << "# HELP " << name << " " << h->second << "\n";
    out << "# TYPE " << name << " " << type << "\n";
  };
  for (const auto& [name, series] : counters_) {
    header(name, "counter");
    for (const auto& [labels, v] : series) out << name << labels << " " << v << "\n";
  }
  for (const auto& [name, series] : gauges_) {
    header(name, "gauge");
    for (const auto& [labels, v] : series) out << name << labels << " " << v << "\n";
  }
  for (const auto& [name, series] : histograms_) {
    header(name, "histogram");
    for (const auto& [labels, h] : series) {
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < h.bounds.size(); ++i) {
        cumulative += h.counts[i];
        std::ostringstream le;
        le << h.bounds[i];
        out << name << "_bucket" << with_label(labels, "le=\"" + le.str() + "\"") << " " << cumulative << "\n";
      }
      out << name << "_bucket" << with_label(labels, "le=\"+Inf\"") << " " << h.count << "\n";
      out << name << "_sum" << labels << " " << h.sum << "\n";
      out << name << "_count" << labels << " " << h.count << "\n";
    }
  }
  return out.str();
}

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace arrakis::metrics
