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
      command("/register-waitlist status", "register-waitlist", "register-waitlist", 71, "status"),
      command("/alerts", "alerts", "alerts", 20),
      command("/naib overview", "naib", "naib", 20, "overview"),
      command("/naib current", "naib", "naib", 20, "current"),
      command("/naib former", "naib", "naib", 20, "former"),
  };
}

}  // namespace arrakis::bench
