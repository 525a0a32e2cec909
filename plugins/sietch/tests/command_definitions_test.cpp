// What the built Sietch plugins declare: their version from CMake, and for each command exactly the
// definition in plugins/sietch/commands.json (compared as parsed JSON); and the extraction itself
// over all twenty definitions.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "arrakis/plugin_host/effect_recorder.hpp"
#include "arrakis/plugin_host/loaded_plugin.hpp"

using nlohmann::json;

namespace {

json definition_in_file(const std::string& name) {
  std::ifstream in(ARRAKIS_COMMANDS_JSON);
  const json document = json::parse(in);
  for (const auto& c : document.at("commands")) {
    if (c.at("name") == name) return c;
  }
  return nullptr;
}

class DeclaredCommands : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST_P(DeclaredCommands, AreTheRepositoryDefinitions) {
  arrakis::plugin_host::EffectRecorder host;
  auto plugin = arrakis::plugin_host::LoadedPlugin::load(
      std::string(ARRAKIS_PLUGIN_BUILD_DIR) + "/lib" + GetParam() + ".so", host);
  const auto& info = plugin->info();
  EXPECT_EQ(info.name, GetParam());
  EXPECT_EQ(info.version, "1.2.0") << "the version set in the plugin's CMakeLists.txt";
  ASSERT_EQ(info.commands.size(), 1u);
  const auto& command = info.commands[0];
  EXPECT_EQ(command.name, GetParam());
  ASSERT_FALSE(command.definition_json.empty());
  const json declared = json::parse(command.definition_json);
  const json expected = definition_in_file(GetParam());
  ASSERT_TRUE(expected.is_object()) << GetParam() << " is missing from " << ARRAKIS_COMMANDS_JSON;
  EXPECT_EQ(declared, expected) << "declared:\n" << declared.dump(2) << "\nin the file:\n" << expected.dump(2);
}

INSTANTIATE_TEST_SUITE_P(Sietch, DeclaredCommands, ::testing::Values("threshold", "naib"));

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
