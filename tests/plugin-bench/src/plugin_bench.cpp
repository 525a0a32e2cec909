#include "arrakis/testing/plugin_bench.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <random>

#include "arrakis/migrations.hpp"
#include "arrakis/plugin_host/invocation.hpp"
#include "arrakis/plugin_host/plugin_call.hpp"
#include "arrakis/testing/servers.hpp"

namespace arrakis::testing {

namespace {

// The SQL of a global job goes to the jobs role, everything else to the tenant role: the rule of
// the worker's services (WorkerServices::sql_for).
class SqlRouter : public plugin_host::HostServices {
 public:
  SqlRouter(plugin_host::PostgresSql& tenant, std::unique_ptr<plugin_host::PostgresSql>& jobs)
      : tenant_(tenant), jobs_(jobs) {}
  arrakis_status sql_query(plugin_host::Call& c, std::string_view sql, std::string_view params, std::string& out) override {
    return target(c).sql_query(c, sql, params, out);
  }
  arrakis_status sql_exec(plugin_host::Call& c, std::string_view sql, std::string_view params, std::uint64_t& out) override {
    return target(c).sql_exec(c, sql, params, out);
  }
  arrakis_status sql_begin(plugin_host::Call& c) override { return target(c).sql_begin(c); }
  arrakis_status sql_commit(plugin_host::Call& c) override { return target(c).sql_commit(c); }
  arrakis_status sql_rollback(plugin_host::Call& c) override { return target(c).sql_rollback(c); }

 private:
  plugin_host::PostgresSql& target(const plugin_host::Call& c) {
    const bool global_job = c.invocation && c.invocation->kind == ARRAKIS_EVENT_SCHEDULE && c.invocation->community_id.empty();
    return global_job && jobs_ ? *jobs_ : tenant_;
  }
  plugin_host::PostgresSql& tenant_;
  std::unique_ptr<plugin_host::PostgresSql>& jobs_;
};

}  // namespace

nlohmann::json PluginRun::reply() const {
  nlohmann::json last = nullptr;
  for (const auto& e : effects) {
    const std::string kind = e.value("kind", "");
    if (kind == "interaction.reply" || kind == "interaction.update_message") last = e["message"];
  }
  return last;
}

PluginBench::PluginBench(const std::string& plugin_name) : PluginBench(plugin_name, ARRAKIS_PLUGIN_BUILD_DIR) {}

PluginBench::PluginBench(const std::string& plugin_name, const std::string& plugin_dir) {
  const std::string admin_url = database_admin_url();
  const std::string app_url = database_url();
  if (admin_url.empty() || app_url.empty()) throw std::runtime_error("PostgreSQL URLs are not set");
  migrations::apply_migrations(admin_url, ARRAKIS_MIGRATIONS_DIR);
  admin_pool_ = std::make_unique<db::Pool>(admin_url, 1);
  app_pool_ = std::make_unique<db::Pool>(app_url, 2);
  // A guild id no other test uses: each bench is its own tenant.
  std::mt19937_64 rng(std::random_device{}());
  guild_id_ = std::to_string(100000000000000000ull + rng() % 800000000000000000ull);
  community_id_ = plugin_host::PostgresSql::community_for_guild(*admin_pool_, guild_id_);  // the app role creates none
  sql_ = std::make_unique<plugin_host::PostgresSql>(*app_pool_);
  sql_router_ = std::make_unique<SqlRouter>(*sql_, jobs_sql_);
  recorder_ = std::make_unique<plugin_host::EffectRecorder>(sql_router_.get());
  // Successive interactions of a test see each other's sessions and state, as in the worker.
  recorder_->keep_state_across_runs();
  plugin_ = plugin_host::LoadedPlugin::load(plugin_dir + "/lib" + plugin_name + ".so",
                                            *recorder_);
}

PluginBench::~PluginBench() = default;

void PluginBench::advance_clock(std::int64_t ms) {
  clock_ms_ += ms;
  recorder_->set_clock(clock_ms_);
}

void PluginBench::restart_plugin() {
  const auto path = plugin_->path();
  plugin_.reset();
  plugin_ = plugin_host::LoadedPlugin::load(path, *recorder_);
}

pqxx::result PluginBench::admin_exec(const std::string& sql, const std::vector<std::string>& params) {
  std::vector<const char*> ptrs;
  for (const auto& p : params) ptrs.push_back(p.c_str());
  return admin_pool_->transaction(
      [&](pqxx::work& tx) { return tx.exec_params(sql, pqxx::prepare::make_dynamic_params(ptrs)); });
}

PluginRun PluginBench::command(const std::string& name, const nlohmann::json& options, const std::string& user_id,
                               const std::string& subcommand) {
  nlohmann::json data = {{"type", 2}, {"commandName", name}, {"options", options}, {"memberPermissions", "0"}};
  if (!subcommand.empty()) data["subcommand"] = subcommand;
  return interaction("interaction.command." + name, user_id, std::move(data));
}

PluginRun PluginBench::interaction(const std::string& event_type, const std::string& user_id, nlohmann::json data) {
  return run({{"eventId", "00000000-0000-4000-8000-000000000001"},
              {"eventType", event_type},
              {"timestamp", 1764000000000},
              {"shardId", 0},
              {"userId", user_id},
              {"channelId", "300000000000000001"},
              {"interactionId", "400000000000000001"},
              {"data", std::move(data)}});
}

PluginRun PluginBench::run(nlohmann::json payload, const std::string& idempotency_key) {
  if (!payload.contains("guildId")) payload["guildId"] = guild_id_;
  plugin_host::Invocation inv = plugin_host::invocation_from_payload(payload);
  inv.community_id = community_id_;
  inv.idempotency_key = idempotency_key;
  return call(std::move(inv));
}

PluginRun PluginBench::job(const std::string& schedule, std::int64_t attempt, std::uint32_t statement_timeout_ms) {
  const nlohmann::json item = {{"schedule", schedule},
                               {"eventType", "schedule." + schedule},
                               {"scope", "per-community"},
                               {"communityId", community_id_},
                               {"guildId", guild_id_}};
  return call(plugin_host::schedule_invocation(item, attempt, statement_timeout_ms));
}

PluginRun PluginBench::global_job(const std::string& schedule, std::int64_t fence, std::int64_t attempt) {
  if (!jobs_sql_) {
    jobs_pool_ = std::make_unique<db::Pool>(database_jobs_url(), 1);
    jobs_sql_ = std::make_unique<plugin_host::PostgresSql>(*jobs_pool_);
  }
  const nlohmann::json item = {{"schedule", schedule},
                               {"eventType", "schedule." + schedule},
                               {"eventId", "job:bench:" + schedule + ":" + std::to_string(clock_ms_)},
                               {"scope", "global"},
                               {"communityId", ""},
                               {"firedAt", clock_ms_},
                               {"fence", fence}};
  return call(plugin_host::schedule_invocation(item, attempt, 0));
}

PluginRun PluginBench::http(plugin_host::HttpRequestIn request) {
  request.community_id = community_id_;
  request.guild_id = guild_id_;
  return call(plugin_host::http_invocation(request));
}

PluginRun PluginBench::call(plugin_host::Invocation inv) {
  auto r = plugin_host::run_once(*plugin_, inv, *recorder_, plugin_host::CallOptions{.record = recorder_.get()});
  PluginRun out;
  out.status = r.status;
  out.error = std::move(r.error);
  out.duplicate = r.duplicate;
  out.effects = std::move(r.effects);
  return out;
}

}  // namespace arrakis::testing
