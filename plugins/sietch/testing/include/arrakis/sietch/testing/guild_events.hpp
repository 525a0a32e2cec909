#pragma once
// The member.* and guild.* events as the ingestor publishes them (plugin_events.h,
// ARRAKIS_EVENT_GUILD), for the PluginBench tests of the member and guild event handlers.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arrakis/testing/plugin_bench.hpp"

namespace arrakis::sietch::testing {

// The envelope of a guild event of `type` about `user` (may be "") in the bench's guild, with a
// distinct eventId per `sequence`.
inline nlohmann::json guild_event(const arrakis::testing::PluginBench& bench, const std::string& type,
                                  const std::string& user, nlohmann::json data, int sequence = 1) {
  nlohmann::json e = {{"eventId", "00000000-0000-4000-9000-" + std::to_string(100000000000 + sequence)},
                      {"eventType", type},
                      {"timestamp", 1764000000000},
                      {"shardId", 0},
                      {"guildId", bench.guild_id()},
                      {"data", std::move(data)}};
  if (!user.empty()) e["userId"] = user;
  return e;
}

inline nlohmann::json member_join(const arrakis::testing::PluginBench& bench, const std::string& user,
                                  const std::vector<std::string>& roles, int sequence = 1) {
  return guild_event(bench, "member.join", user,
                     {{"userId", user},
                      {"username", "user" + user.substr(user.size() > 4 ? user.size() - 4 : 0)},
                      {"displayName", "Newcomer"},
                      {"joinedAt", "2026-12-03T18:00:00.000000+00:00"},
                      {"pending", false},
                      {"roles", roles}},
                     sequence);
}

inline nlohmann::json member_update(const arrakis::testing::PluginBench& bench, const std::string& user,
                                    const std::vector<std::string>& current_roles, int sequence = 1) {
  return guild_event(bench, "member.update", user,
                     {{"userId", user}, {"username", "member"}, {"newNickname", nullptr}, {"currentRoles", current_roles}},
                     sequence);
}

inline nlohmann::json member_leave(const arrakis::testing::PluginBench& bench, const std::string& user, int sequence = 1) {
  return guild_event(bench, "member.leave", user, {{"userId", user}, {"username", "member"}}, sequence);
}

// The effects of one kind ("event.publish", "guild.add_role", ...) a run recorded.
inline nlohmann::json effects_of(const arrakis::testing::PluginRun& run, const std::string& kind) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : run.effects) {
    if (e["kind"] == kind) out.push_back(e);
  }
  return out;
}

// The Discord calls a run made (effects "guild.*" and "interaction.*"): none for a handler that
// only keeps the database.
inline nlohmann::json discord_effects(const arrakis::testing::PluginRun& run) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : run.effects) {
    const std::string kind = e.value("kind", "");
    if (kind.rfind("guild.", 0) == 0 || kind.rfind("interaction.", 0) == 0) out.push_back(e);
  }
  return out;
}

}  // namespace arrakis::sietch::testing
