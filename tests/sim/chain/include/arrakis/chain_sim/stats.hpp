#pragma once
// What the simulator has served, for GET /control/stats: HTTP requests, JSON-RPC calls by method,
// errors by code, balanceOf lookups (direct and inside aggregate3) and injected faults.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "arrakis/chain_sim/contracts.hpp"

namespace arrakis::chain_sim {

// The tally of one HTTP request, merged into Stats under one lock.
struct RequestTally {
  bool batch = false;
  bool fault = false;
  std::map<std::string, std::uint64_t> calls;
  std::map<int, std::uint64_t> errors;
  CallCounters counters;
};

class Stats {
 public:
  void record(const RequestTally& tally);
  // JSON-RPC requests being answered right now (held ones included), as "in_flight".
  void begin_request() { ++in_flight_; }
  void end_request() { --in_flight_; }
  nlohmann::json to_json() const;
  void reset();

 private:
  std::atomic<std::uint64_t> in_flight_{0};
  mutable std::mutex mutex_;
  std::uint64_t http_requests_ = 0;
  std::uint64_t batches_ = 0;
  std::uint64_t faults_ = 0;
  std::map<std::string, std::uint64_t> calls_;
  std::map<int, std::uint64_t> errors_;
  CallCounters counters_;
};

}  // namespace arrakis::chain_sim
