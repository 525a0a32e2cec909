#include "arrakis/chain_sim/stats.hpp"

namespace arrakis::chain_sim {

void Stats::record(const RequestTally& tally) {
  std::lock_guard lock(mutex_);
  ++http_requests_;
  if (tally.batch) ++batches_;
  if (tally.fault) ++faults_;
  for (const auto& [method, n] : tally.calls) calls_[method] += n;
  for (const auto& [code, n] : tally.errors) errors_[code] += n;
  counters_.balance_of += tally.counters.balance_of;
  counters_.aggregate3 += tally.counters.aggregate3;
  counters_.reverts += tally.counters.reverts;
}

nlohmann::json Stats::to_json() const {
  std::lock_guard lock(mutex_);
  std::uint64_t total = 0;
  nlohmann::json calls = nlohmann::json::object();
  for (const auto& [method, n] : calls_) {
    calls[method] = n;
    total += n;
  }
  nlohmann::json errors = nlohmann::json::object();
  for (const auto& [code, n] : errors_) errors[std::to_string(code)] = n;
  return {{"http_requests", http_requests_},
          {"batch_requests", batches_},
          {"calls_total", total},
          {"calls", std::move(calls)},
          {"errors", std::move(errors)},
          {"balance_of", counters_.balance_of},
          {"aggregate3", counters_.aggregate3},
          {"reverts", counters_.reverts},
          {"faults_injected", faults_},
          {"in_flight", in_flight_.load()}};
}

void Stats::reset() {
  std::lock_guard lock(mutex_);
  http_requests_ = batches_ = faults_ = 0;
  calls_.clear();
  errors_.clear();
  counters_ = {};
}

}  // namespace arrakis::chain_sim
