#pragma once
// Gateway intents (spec 1.5) and which dispatch needs which (checklist item 5).
#include <cstdint>
#include <string_view>

namespace arrakis::discord_sim::intents {

inline constexpr std::uint32_t kGuilds = 1u << 0;
inline constexpr std::uint32_t kGuildMembers = 1u << 1;      // privileged
inline constexpr std::uint32_t kGuildModeration = 1u << 2;
inline constexpr std::uint32_t kGuildPresences = 1u << 8;    // privileged
inline constexpr std::uint32_t kGuildMessages = 1u << 9;
inline constexpr std::uint32_t kGuildMessageReactions = 1u << 10;
inline constexpr std::uint32_t kDirectMessages = 1u << 12;
inline constexpr std::uint32_t kDirectMessageReactions = 1u << 13;
inline constexpr std::uint32_t kMessageContent = 1u << 15;   // privileged
inline constexpr std::uint32_t kPrivileged = kGuildMembers | kGuildPresences | kMessageContent;
// Bits Discord defines today: 0..21, 24 and 25. Anything else closes with 4013.
inline constexpr std::uint32_t kDefined = 0x3FFFFFu | (1u << 24) | (1u << 25);

// The intent a session needs to receive `type` (0 = always sent). `in_guild` separates guild
// messages and reactions from DM ones.
inline std::uint32_t required_for(std::string_view type, bool in_guild) {
  if (type == "GUILD_CREATE" || type == "GUILD_UPDATE" || type == "GUILD_DELETE" || type.starts_with("GUILD_ROLE_") ||
      type.starts_with("CHANNEL_") || type.starts_with("THREAD_")) {
    return kGuilds;
  }
  if (type.starts_with("GUILD_MEMBER_")) return kGuildMembers;
  if (type.starts_with("MESSAGE_REACTION_")) return in_guild ? kGuildMessageReactions : kDirectMessageReactions;
  if (type.starts_with("MESSAGE_")) return in_guild ? kGuildMessages : kDirectMessages;
  return 0;  // INTERACTION_CREATE and events no intent gates
}

}  // namespace arrakis::discord_sim::intents
