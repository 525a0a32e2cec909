#include "message/dm_bindings.hpp"

#include <pqxx/pqxx>

namespace arrakis::worker {

void DmBindings::record(const std::string& message_id, const std::string& channel_id, const std::string& user_id,
                        const std::string& guild_id, const std::string& community_id, const std::string& plugin) {
  auto conn = pool_.lease(std::chrono::seconds(2));
  pqxx::work tx(*conn);
  tx.exec_params(
      "INSERT INTO dm_bindings (message_id, channel_id, user_id, guild_id, community_id, plugin) "
      "VALUES ($1, $2, $3, $4, $5::uuid, $6) ON CONFLICT (message_id) DO NOTHING",
      message_id, channel_id, user_id, guild_id, community_id, plugin);
  tx.commit();
}

std::optional<DmTenant> DmBindings::resolve(const std::string& message_id, const std::string& user_id) {
  auto conn = pool_.lease(std::chrono::seconds(2));
  pqxx::read_transaction tx(*conn);
  // The message's own binding wins; the member's latest DM is the fallback for a message the host
  // did not send itself (e.g. a follow-up in the DM channel).
  auto rows = tx.exec_params(
      "SELECT guild_id, community_id::text FROM dm_bindings WHERE user_id = $2 "
      "ORDER BY (message_id = $1) DESC, created_at DESC LIMIT 1",
      message_id, user_id);
  if (rows.empty()) return std::nullopt;
  return DmTenant{rows[0][0].as<std::string>(), rows[0][1].as<std::string>()};
}

}  // namespace arrakis::worker
