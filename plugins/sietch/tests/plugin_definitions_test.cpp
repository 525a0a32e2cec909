// What the built product plugins declare: a version (from CMake), and for each command exactly the
// definition in plugins/sietch/commands.json (compared as parsed JSON), each command served by one
// plugin only.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <vector>

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

// Every product plugin in the plugin build directory (scanned, so a new plugin is checked without
// an edit here).
std::vector<std::string> built_plugins() {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(ARRAKIS_PLUGIN_BUILD_DIR)) {
    if (entry.path().extension() == ".so") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace

TEST(DeclaredCommands, AreTheRepositoryDefinitionsAndEachCommandHasOnePlugin) {
  const auto plugins = built_plugins();
  ASSERT_GE(plugins.size(), 2u) << "no plugins in " << ARRAKIS_PLUGIN_BUILD_DIR;
  std::map<std::string, std::string> served_by;
  for (const auto& path : plugins) {
    arrakis::plugin_host::EffectRecorder host;
    auto plugin = arrakis::plugin_host::LoadedPlugin::load(path, host);
    const auto& info = plugin->info();
    EXPECT_NE(path.find("/lib" + info.name + ".so"), std::string::npos) << "the name is the output name: " << path;
    EXPECT_TRUE(std::regex_match(info.version, std::regex("[0-9]+\\.[0-9]+\\.[0-9]+"))) << info.name << " " << info.version;
    for (const auto& command : info.commands) {
      const json expected = definition_in_file(command.name);
      ASSERT_TRUE(expected.is_object()) << command.name << " is missing from " << ARRAKIS_COMMANDS_JSON;
      ASSERT_FALSE(command.definition_json.empty()) << command.name << " declared without its definition";
      const json declared = json::parse(command.definition_json);
      EXPECT_EQ(declared, expected) << "declared:\n" << declared.dump(2) << "\nin the file:\n" << expected.dump(2);
      const auto [it, first] = served_by.emplace(command.name, info.name);
      EXPECT_TRUE(first) << "/" << command.name << " is served by both " << it->second << " and " << info.name;
    }
  }
}
