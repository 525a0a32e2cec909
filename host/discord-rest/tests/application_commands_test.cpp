// DiscordRest's application-command calls against discord-sim in-process: list and bulk overwrite
// per scope with the bot token, and Discord's refusal of a broken definition.
#include <gtest/gtest.h>

#include "arrakis/discord/form_errors.hpp"
#include "arrakis/discord_rest.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/simulator.hpp"

namespace arrakis::discord {
namespace {

using nlohmann::json;
namespace sim = arrakis::discord_sim;

TEST(ApplicationCommands, ListAndOverwritePerScope) {
  sim::Options so;
  so.guilds = 1;
  so.members_per_guild = 5;
  so.bot_token = "commands-test-token";
  so.rest_threads = 2;
  sim::Simulator simulator(so);
  DiscordRest::Options o;
  o.api_base = simulator.api_base();
  o.bot_token = so.bot_token;
  o.application_id = std::to_string(simulator.model().application_id());
  DiscordRest rest(o);
  const auto guild = std::to_string(simulator.model().guild_ids()[0]);

  const json defs = json::array({{{"name", "stats"}, {"description", "Your stats"}}});
  const auto put = rest.overwrite_commands(guild, defs);
  ASSERT_EQ(put.status, 200) << put.body;
  const auto listed = rest.list_commands(guild);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.json().size(), 1u);
  EXPECT_EQ(listed.json()[0]["name"], "stats");
  EXPECT_EQ(rest.list_commands("").json(), json::array()) << "the global scope is apart";

  const auto refused = rest.overwrite_commands("", json::array({{{"name", "Bad Name"}, {"description", "x"}}}));
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.discord_code, 50035);
  const auto errors = flatten_form_errors(refused.json()["errors"], "commands");
  ASSERT_EQ(errors.size(), 1u) << refused.body;
  EXPECT_EQ(errors[0].path, "commands.0.name");

  DiscordRest::Options no_app = o;
  no_app.application_id.clear();
  EXPECT_EQ(DiscordRest(no_app).list_commands(guild).status, 0) << "needs DISCORD_APPLICATION_ID";
}

}  // namespace
}  // namespace arrakis::discord
