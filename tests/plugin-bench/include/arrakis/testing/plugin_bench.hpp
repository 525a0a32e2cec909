#pragma once
// Runs one plugin the way the worker does (plugin_host::run_once: the SQL transaction commits only
// when the plugin returns OK, with the idempotency key if one is given), but with Discord effects
// recorded: SQL goes to the real PostgreSQL under row-level security for a fresh community,
// everything else to an EffectRecorder, whose sessions and state persist from one call to the next
// with the worker's semantics (envelope, TTLs on the recorder's clock: recorder().set_clock()).
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
#include "arrakis/plugin_host/invocation.hpp"
#include "arrakis/plugin_host/loaded_plugin.hpp"
#include "arrakis/plugin_host/postgres_sql.hpp"

namespace arrakis::testing {

struct PluginRun {
  arrakis_status status = ARRAKIS_OK;
  std::string error;
  bool duplicate = false;  // the idempotency key had already been committed: nothing was repeated
  nlohmann::json effects;
  // The message of the last interaction reply (null when there was none).
  nlohmann::json reply() const;
};

class PluginBench {
 public:
  explicit PluginBench(const std::string& plugin_name);
  // A plugin built elsewhere (test fixtures): <plugin_dir>/lib<plugin_name>.so.
  PluginBench(const std::string& plugin_name, const std::string& plugin_dir);
  ~PluginBench();

  // Runs SQL as the admin role (bypasses RLS) for test set-up; $1.. bound from `params`.
  pqxx::result admin_exec(const std::string& sql, const std::vector<std::string>& params = {});
  const std::string& community_id() const { return community_id_; }
  const std::string& guild_id() const { return guild_id_; }

  // A slash command from `user_id` with options (subcommand as "subcommand" in data).
  PluginRun command(const std::string& name, const nlohmann::json& options = nlohmann::json::object(),
                    const std::string& user_id = "100000000000000001", const std::string& subcommand = "");
  // An interaction of any kind ("interaction.button", "interaction.autocomplete", ...) from `user_id`
  // with this `data` (plugin_events.h), in the envelope the ingestor publishes.
  PluginRun interaction(const std::string& event_type, const std::string& user_id, nlohmann::json data);
  // Any queue payload (plugin_events.h); guildId is filled in when absent. With an idempotency key the
  // call's SQL commits at most once per key, as the worker's redelivered messages do.
  PluginRun run(nlohmann::json payload, const std::string& idempotency_key = "");
  // One firing of `schedule` for the bench's community (a per-community job item), as the worker's
  // job handler builds it; `attempt` counts from 1.
  PluginRun job(const std::string& schedule, std::int64_t attempt = 1, std::uint32_t statement_timeout_ms = 0);
  // One firing of a global `schedule` (no community), whose SQL runs as the jobs role
  // (DATABASE_JOBS_URL), as in the worker; `fence` as the scheduler would give it.
  PluginRun global_job(const std::string& schedule, std::int64_t fence = 0, std::int64_t attempt = 1);
  // One request on the public route listener; its tenant is the bench's community.
  PluginRun http(plugin_host::HttpRequestIn request);

  // Fixes the plugin's clock (clock_now_ms, and the expiry of state and sessions) and moves it on.
  void advance_clock(std::int64_t ms);
  // A worker restart as the plugin sees it: the plugin is unloaded and loaded again, while the
  // database and the recorder's state and sessions (the bench's Redis) stay, so a test can show
  // that nothing a plugin needs lived only in its process.
  void restart_plugin();
  plugin_host::EffectRecorder& recorder() { return *recorder_; }
  plugin_host::LoadedPlugin& plugin() { return *plugin_; }

 private:
  // The worker's own call path (run_once): commit on OK with the idempotency key, roll back otherwise.
  PluginRun call(plugin_host::Invocation invocation);

  std::unique_ptr<db::Pool> app_pool_;
  std::unique_ptr<db::Pool> admin_pool_;
  std::unique_ptr<plugin_host::PostgresSql> sql_;
  std::unique_ptr<db::Pool> jobs_pool_;               // opened by the first global_job
  std::unique_ptr<plugin_host::PostgresSql> jobs_sql_;
  std::unique_ptr<plugin_host::HostServices> sql_router_;  // tenant or jobs SQL, by invocation
  std::unique_ptr<plugin_host::EffectRecorder> recorder_;
  std::shared_ptr<plugin_host::LoadedPlugin> plugin_;
  std::string guild_id_;
  std::string community_id_;
  std::int64_t clock_ms_ = 1764000000000;  // where a test's fixed clock starts
};

}  // namespace arrakis::testing
