#pragma once
// Runs one plugin the way the worker does, but with Discord effects recorded: SQL goes to the real
// PostgreSQL under row-level security for a fresh community, everything else to an EffectRecorder.
//
//   PluginBench bench("threshold");                 // loads <plugin build dir>/libthreshold.so
//   bench.admin_exec("INSERT INTO eligibility_current ...");
//   auto run = bench.command("threshold");          // options and user optional
//   EXPECT_EQ(run.status, ARRAKIS_OK);
//   run.reply()["embeds"][0]["title"] ...
#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "arrakis/database.hpp"
#include "arrakis/plugin_host/effect_recorder.hpp"
#include "arrakis/plugin_host/loaded_plugin.hpp"
#include "arrakis/plugin_host/postgres_sql.hpp"

namespace arrakis::testing {

struct PluginRun {
  arrakis_status status = ARRAKIS_OK;
  std::string error;
  nlohmann::json effects;
  // The message of the last interaction reply (null when there was none).
  nlohmann::json reply() const;
};

class PluginBench {
 public:
  explicit PluginBench(const std::string& plugin_name);
  ~PluginBench();

  // Runs SQL as the admin role (bypasses RLS) for test set-up; $1.. bound from `params`.
  pqxx::result admin_exec(const std::string& sql, const std::vector<std::string>& params = {});
  const std::string& community_id() const { return community_id_; }
  const std::string& guild_id() const { return guild_id_; }

  // A slash command from `user_id` with options (subcommand as "subcommand" in data).
  PluginRun command(const std::string& name, const nlohmann::json& options = nlohmann::json::object(),
                    const std::string& user_id = "100000000000000001", const std::string& subcommand = "");
  // Any payload (domain 5.1 shape); guildId is filled in when absent.
  PluginRun run(nlohmann::json payload);

  plugin_host::EffectRecorder& recorder() { return *recorder_; }
  plugin_host::LoadedPlugin& plugin() { return *plugin_; }

 private:
  std::unique_ptr<db::Pool> app_pool_;
  std::unique_ptr<db::Pool> admin_pool_;
  std::unique_ptr<plugin_host::PostgresSql> sql_;
  std::unique_ptr<plugin_host::EffectRecorder> recorder_;
  std::shared_ptr<plugin_host::LoadedPlugin> plugin_;
  std::string guild_id_;
  std::string community_id_;
};

}  // namespace arrakis::testing
