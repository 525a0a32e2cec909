#pragma once
// Which community a direct message belongs to (migration 0028). A DM interaction carries no
// guild; the host records every DM it sends for a plugin and resolves a later click on it from
// the message the component is on, or else from the member's most recent DM. Host-only table,
// written and read on the host's own connections, never inside a plugin's transaction (the DM
// was sent whether or not the plugin's call commits).
#include <optional>
#include <string>

#include "arrakis/database.hpp"

namespace arrakis::worker {

struct DmTenant {
  std::string guild_id;
  std::string community_id;
};

class DmBindings {
 public:
  explicit DmBindings(db::Pool& pool) : pool_(pool) {}

  // Records a DM the bot sent on behalf of `plugin` in `community_id`. Throws db errors.
  void record(const std::string& message_id, const std::string& channel_id, const std::string& user_id,
              const std::string& guild_id, const std::string& community_id, const std::string& plugin);
  // The community of the message `message_id` (when given and known), else the member's most
  // recent DM's; nullopt when the bot never sent this member a DM. Throws db errors.
  std::optional<DmTenant> resolve(const std::string& message_id, const std::string& user_id);

 private:
  db::Pool& pool_;
};

}  // namespace arrakis::worker
