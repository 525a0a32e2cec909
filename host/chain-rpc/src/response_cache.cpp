#include "arrakis/chain/response_cache.hpp"

#include <algorithm>
#include <vector>

namespace arrakis::chain {

void ResponseCache::put(const std::string& key, nlohmann::json value, time_point fresh_until, time_point now) {
  if (entries_.size() >= max_entries_ && !entries_.count(key)) evict_oldest();
  entries_[key] = Entry{std::move(value), fresh_until, now};
}

std::optional<nlohmann::json> ResponseCache::fresh(const std::string& key, time_point now) const {
  const auto it = entries_.find(key);
  if (it == entries_.end() || now >= it->second.fresh_until) return std::nullopt;
  return it->second.value;
}

std::optional<nlohmann::json> ResponseCache::stale(const std::string& key) const {
  const auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second.value;
}

void ResponseCache::evict_oldest() {
  // Drop the oldest tenth at once, so a full cache pays for the scan rarely.
  std::vector<std::pair<time_point, std::string>> ages;
  ages.reserve(entries_.size());
  for (const auto& [key, entry] : entries_) ages.emplace_back(entry.stored, key);
  const auto drop = std::max<std::size_t>(1, ages.size() / 10);
  std::nth_element(ages.begin(), ages.begin() + static_cast<std::ptrdiff_t>(drop - 1), ages.end());
  for (std::size_t i = 0; i < drop; ++i) entries_.erase(ages[i].second);
}

}  // namespace arrakis::chain
