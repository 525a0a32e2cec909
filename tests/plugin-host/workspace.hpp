#pragma once
// A throwaway plugin directory and store for one test, with helpers to drop fixture plugins in
// and to build invocations.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <random>

#include <spdlog/spdlog.h>

#include "arrakis/plugin_host/effect_recorder.hpp"
#include "arrakis/plugin_host/plugin_manager.hpp"

namespace arrakis::testing {

namespace fs = std::filesystem;
using namespace arrakis::plugin_host;

inline fs::path fixture(const std::string& name) { return fs::path(ARRAKIS_TEST_PLUGINS) / ("lib" + name + ".so"); }

struct Workspace {
  fs::path root;
  fs::path drop;
  fs::path store;
  EffectRecorder lifecycle;
  EffectRecorder self_test;
  std::unique_ptr<PluginManager> manager;

  Workspace() {
    root = fs::temp_directory_path() /
           ("arrakis-ph-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}()));
    drop = root / "plugins";
    store = root / "store";
    fs::create_directories(drop);
    spdlog::set_level(spdlog::level::warn);  // swaps log at info; keep test output readable
    manager = std::make_unique<PluginManager>(PluginManager::Options{drop, store, {}}, lifecycle, self_test);
  }
  ~Workspace() {
    manager.reset();
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  // Copies a fixture into the drop directory under the file name operators would use.
  fs::path drop_in(const std::string& fixture_name, const std::string& as = "") {
    const fs::path target = drop / (as.empty() ? "lib" + fixture_name + ".so" : as);
    fs::copy_file(fixture(fixture_name), target, fs::copy_options::overwrite_existing);
    return target;
  }
};

inline Invocation command(const std::string& name, const nlohmann::json& options = nlohmann::json::object()) {
  Invocation inv;
  inv.kind = ARRAKIS_EVENT_COMMAND;
  inv.type = "interaction.command." + name;
  inv.command = name;
  inv.user_id = "111";
  inv.guild_id = "222";
  inv.payload_json = nlohmann::json{{"eventType", inv.type},
                                    {"userId", "111"},
                                    {"guildId", "222"},
                                    {"data", {{"commandName", name}, {"options", options}}}}
                         .dump();
  return inv;
}

// The content of the last interaction reply a recorder saw.
inline std::string last_reply(const EffectRecorder& r) {
  auto replies = r.effects("interaction.reply");
  if (replies.empty()) return "<no reply>";
  return replies.back()["message"].value("content", "<no content>");
}

}  // namespace arrakis::testing
