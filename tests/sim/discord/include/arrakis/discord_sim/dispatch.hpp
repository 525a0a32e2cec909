#pragma once
// One gateway event on its way to the sessions: serialized once, sequenced per session.
#include <cstdint>
#include <optional>
#include <string>

namespace arrakis::discord_sim {

struct Dispatch {
  std::string type;                        // "INTERACTION_CREATE", "MESSAGE_CREATE", ...
  std::optional<std::uint64_t> guild_id;   // routes to the shard; none = shard 0 only (spec 1.9)
  std::string data;                        // the serialized `d`
  // MESSAGE_* in a guild: `d` as a session without MESSAGE_CONTENT sees it (empty = same as data).
  std::string data_without_content;
  std::uint64_t interaction_id = 0;        // INTERACTION_CREATE: for the dispatch->response clock
  bool about_bot = false;                  // the bot's own GUILD_MEMBER_UPDATE comes without the intent
};

}  // namespace arrakis::discord_sim
