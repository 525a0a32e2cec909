// The extraction of command definitions (arrakis_add_plugin COMMANDS) keeps all twenty intact.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "arrakis/plugin_host/effect_recorder.hpp"
#include "arrakis/plugin_host/loaded_plugin.hpp"

using nlohmann::json;

TEST(CommandDefinitionExtraction, KeepsAllTwentyDefinitionsIntact) {
  arrakis::plugin_host::EffectRecorder host;
  auto plugin = arrakis::plugin_host::LoadedPlugin::load(ARRAKIS_ALL_COMMANDS_FIXTURE, host);
  std::ifstream in(ARRAKIS_COMMANDS_JSON);
  const json file = json::parse(in).at("commands");
  const auto& declared = plugin->info().commands;
  ASSERT_EQ(declared.size(), file.size());
  for (std::size_t i = 0; i < declared.size(); ++i) {
    EXPECT_EQ(declared[i].name, file[i].at("name"));
    EXPECT_EQ(json::parse(declared[i].definition_json), file[i]) << declared[i].name;
  }
}
