#pragma once
// The admin API's community configuration (`arrakisctl community show|set`):
//   GET   /admin/communities/{guild}/config  the guild's community_config row
//   PATCH /admin/communities/{guild}/config  changes the fields named in the JSON body, all or none
// It works as the host role (migration 0018 lets it read the rows and update the fields): the
// application role is bound to one tenant, the admin role owns everything. Errors are JSON
// {"error": "..."}: 400 (bad guild id, unknown or invalid field), 404 (no community for the
// guild), 405, 503 (database not reachable or migration missing).
#include <string>

#include "arrakis/database.hpp"
#include "arrakis/http_server.hpp"

namespace arrakis::worker {

class CommunityConfigApi {
 public:
  explicit CommunityConfigApi(db::Pool& host_pool) : pool_(host_pool) {}

  http::Response serve(const std::string& method, const std::string& guild_id, const std::string& body);

 private:
  http::Response show(const std::string& guild_id);
  http::Response change(const std::string& guild_id, const std::string& body);

  db::Pool& pool_;
};

}  // namespace arrakis::worker
