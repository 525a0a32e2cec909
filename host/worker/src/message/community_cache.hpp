#pragma once
// guild id -> community id (the RLS tenant), found or created once and then kept in memory:
// communities are never deleted, so a cached mapping never goes stale.
#include <mutex>
#include <string>
#include <unordered_map>

#include "arrakis/database.hpp"

namespace arrakis::worker {

class CommunityCache {
 public:
  explicit CommunityCache(db::Pool& pool) : pool_(pool) {}
  // Throws db::DatabaseError / pqxx errors when PostgreSQL is unreachable (callers retry).
  std::string community_for(const std::string& guild_id);

 private:
  db::Pool& pool_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::string> known_;
};

}  // namespace arrakis::worker
