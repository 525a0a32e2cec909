#include "arrakis/ingestor/close_code_policy.hpp"

namespace arrakis::ingestor {

CloseAction close_action(std::optional<int> code) {
  if (!code) return CloseAction::resume;  // TCP drop: the session stays resumable for a while
  switch (*code) {
    case 4004:
    case 4010:
    case 4011:
    case 4012:
    case 4013:
    case 4014:
      return CloseAction::fatal;
    case 4007:  // invalid seq on RESUME
    case 4009:  // session timed out
      return CloseAction::reidentify;
    case 1000:
    case 1001:
      // A normal close ends the session on Discord's side (1.4), so it cannot be resumed.
      return CloseAction::reidentify;
    default:
      // 4000-4003, 4005, 4008, 1006 and anything undocumented: reconnect and try to resume;
      // a RESUME the server refuses comes back as op 9 and turns into a fresh IDENTIFY.
      return CloseAction::resume;
  }
}

std::string fatal_explanation(int code) {
  switch (code) {
    case 4004: return "authentication failed (4004): DISCORD_BOT_TOKEN is wrong or was reset";
    case 4010: return "invalid shard (4010): check ARRAKIS_SHARDS (shard id must be below the shard count)";
    case 4011: return "sharding required (4011): too many guilds per shard; raise the shard count in ARRAKIS_SHARDS";
    case 4012: return "invalid API version (4012): the gateway refused v=10";
    case 4013: return "invalid intents (4013): ARRAKIS_GATEWAY_INTENTS has undefined bits";
    case 4014:
      return "disallowed intents (4014): enable the privileged intents (GUILD_MEMBERS) for the application in the "
             "developer portal, or remove them from ARRAKIS_GATEWAY_INTENTS";
    default: return {};
  }
}

}  // namespace arrakis::ingestor
