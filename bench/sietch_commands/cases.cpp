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
      command("/threshold", "threshold", "threshold", 20),
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
