#include "cases.hpp"

namespace arrakis::bench {

using sietch::testing::member_discord_id;
using sietch::testing::SeededSietch;
using testing::PluginBench;
using testing::PluginRun;
using nlohmann::json;

namespace {

// A slash command from seeded member `n`.
CommandCase command(const std::string& label, const std::string& plugin, const std::string& name, int member,
                    const std::string& subcommand = "", json options = json::object()) {
  return {label, plugin, [=](PluginBench& bench, const SeededSietch&) {
            return bench.command(name, options, member_discord_id(member), subcommand);
          }};
}

}  // namespace

std::vector<CommandCase> command_cases() {
  return {
      command("/stats", "stats", "stats", 63),
      command("/position (at risk)", "position", "position", 64),
      command("/position (waiting pool)", "position", "position", 100),
      command("/threshold", "threshold", "threshold", 20),
      command("/directory", "directory", "directory", 20),
      {"/directory next (page 3 -> 4)", "directory",
       [](PluginBench& bench, const SeededSietch&) {
         // The member's session as the host would hold it (the recorder forgets it between calls).
         bench.recorder().answer_reads([](const std::string& kind, const json&) -> std::optional<std::string> {
           if (kind == "session.get") return R"({"type":"directory","data":{"tier":"all","sort":"nym","page":3}})";
           return std::nullopt;
         });
         const auto user = member_discord_id(20);
         return bench.run({{"eventId", "00000000-0000-4000-8000-000000000002"}, {"eventType", "interaction.button"},
                           {"timestamp", 1764000000000}, {"shardId", 0}, {"userId", user},
                           {"channelId", "300000000000000001"}, {"interactionId", "400000000000000002"},
                           {"data", {{"type", 3}, {"customId", "directory_next:" + user}, {"componentType", 2},
                                     {"messageId", "500000000000000001"}, {"memberPermissions", "0"}}}});
       }},
      command("/leaderboard badges", "leaderboard", "leaderboard", 20, "badges"),
      {"/leaderboard badges (cached)", "leaderboard",
       [cache = std::make_shared<std::string>()](PluginBench& bench, const SeededSietch&) {
         if (cache->empty()) {  // the first call fills the cache; later calls are served from it
           for (const auto& e : bench.command("leaderboard", json::object(), member_discord_id(20), "badges").effects) {
             if (e.value("kind", "") == "state.set") *cache = e["value"].get<std::string>();
           }
           bench.recorder().answer_reads([cache](const std::string& kind, const json&) -> std::optional<std::string> {
             if (kind == "state.get") return *cache;
             return std::nullopt;
           });
         }
         return bench.command("leaderboard", json::object(), member_discord_id(20), "badges");
       }},
      command("/leaderboard tiers", "leaderboard", "leaderboard", 71, "tiers"),
      command("/profile view (own)", "profile", "profile", 20, "view"),
      command("/profile view (other)", "profile", "profile", 20, "view", {{"nym", "otheym-4"}}),
      command("/badges (own)", "badges", "badges", 4),
      command("/badges (other)", "badges", "badges", 20, "", {{"nym", "otheym-4"}}),
      command("/naib overview", "naib", "naib", 20, "overview"),
      command("/naib current", "naib", "naib", 20, "current"),
      command("/naib former", "naib", "naib", 20, "former"),
      {"/admin-stats", "admin-stats",
       [](PluginBench& bench, const SeededSietch&) {
         return bench.run({{"eventId", "00000000-0000-4000-8000-0000000000a5"},
                           {"eventType", "interaction.command.admin-stats"},
                           {"userId", "900000000000000099"},
                           {"interactionId", "400000000000000001"},
                           {"data", {{"commandName", "admin-stats"}, {"options", json::object()}, {"memberPermissions", "8"}}}});
       }},
      // Each call a new award: every onboarded member in turn, then the next badge nobody holds.
      {"/admin-badge award", "admin-badge",
       [next = std::make_shared<std::size_t>(0)](PluginBench& bench, const SeededSietch&) {
         static const std::vector<int> members = sietch::testing::onboarded_members();
         static const char* const badges[] = {"water-sharer", "founding-fedaykin", "usul-ascended"};
         const std::size_t k = (*next)++;
         return bench.run({{"eventId", "00000000-0000-4000-8000-0000000000a6"},
                           {"eventType", "interaction.command.admin-badge"},
                           {"userId", "900000000000000099"},
                           {"interactionId", "400000000000000001"},
                           {"data", {{"commandName", "admin-badge"}, {"subcommand", "award"}, {"memberPermissions", "8"},
                                     {"options", {{"nym", sietch::testing::nym(members[k % members.size()])},
                                                  {"badge", badges[k / members.size() % 3]},
                                                  {"reason", "Benchmark"}}}}}});
       }},
  };
}

}  // namespace arrakis::bench
