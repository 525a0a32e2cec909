#include "message/community_cache.hpp"

#include "arrakis/plugin_host/postgres_sql.hpp"

namespace arrakis::worker {

std::string CommunityCache::community_for(const std::string& guild_id) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = known_.find(guild_id); it != known_.end()) return it->second;
  }
  std::string id = plugin_host::PostgresSql::community_for_guild(pool_, guild_id);
  std::lock_guard lock(mutex_);
  known_.emplace(guild_id, id);
  return id;
}

}  // namespace arrakis::worker
