#include "arrakis/discord_sim/recorder.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace arrakis::discord_sim {

using nlohmann::json;

void LatencyHistogram::add(double ms) {
  ++count_;
  sum_ += ms;
  max_seen_ = std::max(max_seen_, ms);
  if (samples_.size() < max_) {
    samples_.push_back(ms);
  } else {
    samples_[next_] = ms;
    next_ = (next_ + 1) % max_;
  }
}

json LatencyHistogram::summary() const {
  if (samples_.empty()) return {{"count", 0}, {"p50", nullptr}, {"p95", nullptr}, {"p99", nullptr}, {"max", nullptr}};
  auto sorted = samples_;
  std::sort(sorted.begin(), sorted.end());
  auto pct = [&](double p) {
    const auto i = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size()))) - 1;
    return sorted[std::min(i, sorted.size() - 1)];
  };
  return {{"count", count_},     {"p50", pct(0.50)}, {"p95", pct(0.95)},
          {"p99", pct(0.99)},    {"max", max_seen_}, {"mean", sum_ / static_cast<double>(count_)}};
}

json LatencyHistogram::window_max(std::size_t window) const {
  json out = json::array();
  if (window == 0 || count_ > samples_.size()) return out;
  for (std::size_t start = 0; start < samples_.size(); start += window) {
    const auto end = std::min(samples_.size(), start + window);
    out.push_back(*std::max_element(samples_.begin() + static_cast<std::ptrdiff_t>(start),
                                    samples_.begin() + static_cast<std::ptrdiff_t>(end)));
  }
  return out;
}

Recorder::Recorder(std::size_t capacity) : capacity_(capacity ? capacity : 1) {}

void Recorder::add(Record record) {
  std::lock_guard lock(mutex_);
  record.id = next_id_++;
  if (record.unix_ms == 0) {
    record.unix_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
  }
  if (record.body.size() > 512) record.body.resize(512);
  ring_.push_back(std::move(record));
  if (ring_.size() > capacity_) ring_.pop_front();
}

void Recorder::first_response(double ms) {
  std::lock_guard lock(mutex_);
  first_response_.add(ms);
}

void Recorder::first_followup(double ms) {
  std::lock_guard lock(mutex_);
  first_followup_.add(ms);
}

void Recorder::rest_error(int status, int code) {
  std::lock_guard lock(mutex_);
  ++errors_by_status_[std::to_string(status)];
  if (code != 0) ++errors_by_code_[std::to_string(code)];
}

void Recorder::gateway_close(int code) {
  std::lock_guard lock(mutex_);
  ++close_codes_[std::to_string(code)];
}

void Recorder::count(const std::string& what, std::uint64_t n) {
  std::lock_guard lock(mutex_);
  counters_[what] += n;
}

json Recorder::records(std::uint64_t after, std::size_t limit) const {
  std::lock_guard lock(mutex_);
  json out = json::array();
  for (const auto& r : ring_) {
    if (r.id <= after) continue;
    if (out.size() >= limit) break;
    json j = {{"id", r.id}, {"ts", r.unix_ms}, {"kind", r.kind}, {"bytes", r.bytes}};
    if (!r.method.empty()) j["method"] = r.method;
    if (!r.path.empty()) j["path"] = r.path;
    if (r.status) j["status"] = r.status;
    if (r.op >= 0) j["op"] = r.op;
    if (!r.event.empty()) j["t"] = r.event;
    if (r.seq) j["s"] = r.seq;
    if (!r.session.empty()) j["session_id"] = r.session;
    if (!r.body.empty()) j["body"] = r.body;
    if (!r.audit_log_reason.empty()) j["audit_log_reason"] = r.audit_log_reason;
    if (!r.files.empty()) {
      json files = json::array();
      for (const auto& f : r.files) {
        files.push_back({{"field", f.field}, {"filename", f.filename}, {"content_type", f.content_type}, {"size", f.size}});
      }
      j["files"] = std::move(files);
    }
    out.push_back(std::move(j));
  }
  return {{"records", out}, {"next_id", next_id_}};
}

json Recorder::stats() const {
  std::lock_guard lock(mutex_);
  return {{"latency_ms", {{"dispatch_to_first_response", first_response_.summary()},
                          {"dispatch_to_first_followup", first_followup_.summary()}}},
          {"errors_by_code", errors_by_code_},
          {"errors_by_status", errors_by_status_},
          {"gateway_close_codes", close_codes_},
          {"counters", counters_}};
}

json Recorder::latency_windows(std::size_t window) const {
  std::lock_guard lock(mutex_);
  return {{"dispatch_to_first_response", first_response_.window_max(window)},
          {"dispatch_to_first_followup", first_followup_.window_max(window)}};
}

void Recorder::clear() {
  std::lock_guard lock(mutex_);
  ring_.clear();
  first_response_ = LatencyHistogram();
  first_followup_ = LatencyHistogram();
  errors_by_code_.clear();
  errors_by_status_.clear();
  close_codes_.clear();
  counters_.clear();
}

}  // namespace arrakis::discord_sim
