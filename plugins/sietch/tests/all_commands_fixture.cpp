// A test plugin declaring all twenty commands with the definitions arrakis_add_plugin extracted
// from commands.json: proves the extraction keeps every definition intact (Unicode text, numbers,
// nested options), not only the two the Sietch plugins use so far.
#include <arrakis/sdk.hpp>

#include "arrakis_plugin_commands.h"

namespace sdk = arrakis::sdk;

namespace {
void handle(sdk::Host&, const sdk::Event&) {}
}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("stats", 0, ARRAKIS_COMMAND_DEFINITION_STATS)
                   .command("position", 0, ARRAKIS_COMMAND_DEFINITION_POSITION)
                   .command("threshold", 0, ARRAKIS_COMMAND_DEFINITION_THRESHOLD)
                   .command("directory", 0, ARRAKIS_COMMAND_DEFINITION_DIRECTORY)
                   .command("resume", 0, ARRAKIS_COMMAND_DEFINITION_RESUME)
                   .command("register-waitlist", 0, ARRAKIS_COMMAND_DEFINITION_REGISTER_WAITLIST)
                   .command("leaderboard", 0, ARRAKIS_COMMAND_DEFINITION_LEADERBOARD)
                   .command("profile", 0, ARRAKIS_COMMAND_DEFINITION_PROFILE)
                   .command("badges", 0, ARRAKIS_COMMAND_DEFINITION_BADGES)
                   .command("alerts", 0, ARRAKIS_COMMAND_DEFINITION_ALERTS)
                   .command("naib", 0, ARRAKIS_COMMAND_DEFINITION_NAIB)
                   .command("onboard", 0, ARRAKIS_COMMAND_DEFINITION_ONBOARD)
                   .command("admin-stats", 0, ARRAKIS_COMMAND_DEFINITION_ADMIN_STATS)
                   .command("admin-badge", 0, ARRAKIS_COMMAND_DEFINITION_ADMIN_BADGE)
                   .command("check-eligibility", 0, ARRAKIS_COMMAND_DEFINITION_CHECK_ELIGIBILITY)
                   .command("verify", 0, ARRAKIS_COMMAND_DEFINITION_VERIFY)
                   .command("water-share", 0, ARRAKIS_COMMAND_DEFINITION_WATER_SHARE)
                   .command("admin-migrate", 0, ARRAKIS_COMMAND_DEFINITION_ADMIN_MIGRATE)
                   .command("admin-takeover", 0, ARRAKIS_COMMAND_DEFINITION_ADMIN_TAKEOVER)
                   .command("admin-water-share", 0, ARRAKIS_COMMAND_DEFINITION_ADMIN_WATER_SHARE),
               handle)
