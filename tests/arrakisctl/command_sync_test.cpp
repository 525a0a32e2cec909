// The command sync's pure parts (no servers): the union of the plugins' definitions with its
// refusals, and the difference against what Discord reports.
#include <gtest/gtest.h>

#include "control/command_diff.hpp"
#include "control/command_sync.hpp"
#include "fixtures/command_definitions.hpp"

using namespace arrakis;
using nlohmann::json;

namespace {

plugin_host::PluginInfo plugin(const std::string& name, std::vector<plugin_host::CommandInfo> commands) {
  plugin_host::PluginInfo info;
  info.name = name;
  info.commands = std::move(commands);
  return info;
}

std::string definition(const std::string& name, const std::string& description = "does it") {
  return json({{"name", name}, {"type", 1}, {"description", description}}).dump();
}

// As Discord returns a registered command: its own fields and defaults filled in.
json as_registered(json c, const std::string& id) {
  c["id"] = id;
  c["application_id"] = "1";
  c["version"] = id;
  c["guild_id"] = "7";
  c["default_permission"] = true;
  c["nsfw"] = false;
  c["dm_permission"] = true;
  c["integration_types"] = json::array({0});
  if (!c.contains("default_member_permissions")) c["default_member_permissions"] = nullptr;
  return c;
}

}  // namespace

TEST(CommandSync, CollectsEveryDefinedCommandByPluginName) {
  const auto defs = worker::collect_definitions(
      {plugin("zeta", {{"z", 0, definition("z")}}),
       plugin("alpha", {{"a", 0, definition("a")}, {"routed-only", 0, ""}, {"b", 0, definition("b")}})});
  ASSERT_EQ(defs.commands.size(), 3u);
  EXPECT_EQ(defs.commands[0]["name"], "a");
  EXPECT_EQ(defs.commands[1]["name"], "b");
  EXPECT_EQ(defs.commands[2]["name"], "z");
  EXPECT_EQ(defs.plugins, (std::vector<std::string>{"alpha", "alpha", "zeta"}));
}

TEST(CommandSync, RefusesDuplicatesNamingBothPlugins) {
  // Two plugins routing different names but registering one: Discord would keep only one.
  try {
    worker::collect_definitions({plugin("first", {{"stats", 0, definition("stats")}}),
                                 plugin("second", {{"Stats", 0, json({{"name", "Stats"}, {"type", 2}}).dump()},
                                                   {"other", 0, json({{"name", "Stats"}, {"type", 2}}).dump()}})});
    FAIL() << "duplicate accepted";
  } catch (const worker::CommandSyncError& e) {
    EXPECT_EQ(e.kind, worker::CommandSyncError::Kind::definitions);
    EXPECT_NE(std::string(e.what()).find("'Stats' is defined twice by plugin 'second'"),
              std::string::npos) << e.what();
  }
  try {
    worker::collect_definitions({plugin("first", {{"m", 0, json({{"name", "Pin"}, {"type", 3}}).dump()}}),
                                 plugin("second", {{"n", 0, json({{"name", "Pin"}, {"type", 3}}).dump()}})});
    FAIL() << "duplicate accepted";
  } catch (const worker::CommandSyncError& e) {
    EXPECT_NE(std::string(e.what()).find("'Pin' is defined by both plugin 'first' and plugin 'second'"), std::string::npos)
        << e.what();
  }
}

TEST(CommandSync, RefusesBadJsonAndAnotherName) {
  EXPECT_THROW(worker::collect_definitions({plugin("p", {{"a", 0, "{not json"}})}), worker::CommandSyncError);
  EXPECT_THROW(worker::collect_definitions({plugin("p", {{"a", 0, "[1]"}})}), worker::CommandSyncError);
  try {
    worker::collect_definitions({plugin("p", {{"a", 0, definition("b")}})});
    FAIL();
  } catch (const worker::CommandSyncError& e) {
    EXPECT_NE(std::string(e.what()).find("plugin 'p', command 'a': the definition names 'b'"), std::string::npos) << e.what();
  }
}

TEST(CommandDiff, AddedChangedRemovedUnchanged) {
  const json alpha = json::parse(fixtures::kAlphaDefinition);
  const json beta = json::parse(fixtures::kBetaDefinition);
  json beta_before = beta;
  beta_before["description"] = "Beta, older";
  const json old = {{"name", "old"}, {"type", 1}, {"description", "gone"}};
  const json menu = {{"name", "Show Profile"}, {"type", 2}};
  const auto diff = worker::diff_commands(
      json::array({alpha, beta, menu}),
      json::array({as_registered(alpha, "1"), as_registered(beta_before, "2"), as_registered(old, "3")}));
  EXPECT_EQ(diff.added, (std::vector<std::string>{"Show Profile (user)"}));
  EXPECT_EQ(diff.changed, (std::vector<std::string>{"beta"}));
  EXPECT_EQ(diff.removed, (std::vector<std::string>{"old"}));
  EXPECT_EQ(diff.unchanged, (std::vector<std::string>{"alpha"}));
  EXPECT_FALSE(diff.empty());
}

TEST(CommandDiff, DiscordsDefaultsAreNoChange) {
  json defined = json::parse(fixtures::kAlphaDefinition);
  defined.erase("type");  // CHAT_INPUT by default
  json registered = as_registered(json::parse(fixtures::kAlphaDefinition), "9");
  // Discord spells out an option's defaults.
  registered["options"][1]["options"] = json::array();
  registered["options"][0]["options"][1]["required"] = false;
  registered["name_localizations"] = nullptr;
  EXPECT_TRUE(worker::diff_commands(json::array({defined}), json::array({registered})).empty());
  // But a real difference deep in an option is one.
  registered["options"][0]["options"][0]["choices"][1]["value"] = "sayyadina";
  EXPECT_EQ(worker::diff_commands(json::array({defined}), json::array({registered})).changed,
            (std::vector<std::string>{"alpha"}));
}
