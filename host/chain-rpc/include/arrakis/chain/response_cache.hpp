#pragma once
// Cached JSON-RPC results with a freshness time each; expired entries are kept (up to a bound) so
// a stale value can be served when every endpoint fails (domain 6.2). Not thread-safe (ChainRpc locks).
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace arrakis::chain {

class ResponseCache {
 public:
  using Clock = std::chrono::steady_clock;
  using time_point = Clock::time_point;

  explicit ResponseCache(std::size_t max_entries = 10000) : max_entries_(max_entries ? max_entries : 1) {}

  // `fresh_until` = time_point::max() for values that never change (eth_chainId).
  void put(const std::string& key, nlohmann::json value, time_point fresh_until, time_point now);
  std::optional<nlohmann::json> fresh(const std::string& key, time_point now) const;
  std::optional<nlohmann::json> stale(const std::string& key) const;  // fresh or not
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    nlohmann::json value;
    time_point fresh_until;
    time_point stored;
  };
  void evict_oldest();

  std::size_t max_entries_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace arrakis::chain
