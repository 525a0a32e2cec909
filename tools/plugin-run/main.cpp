// arrakis-plugin-run PLUGIN.so EVENT.json [--answers FILE] [--database-url URL] [--clock MS]
//
// Loads one plugin with the effect recorder as its host, runs it on one event (any kind of
// plugin_events.h: a queue payload, a job item "schedule.{name}", or an "http.request") and prints {"status", "error", "effects"} as JSON. Reads can be answered
// from a file ({"guild.get_member": {...}, "chain.rpc": {...}}) and SQL can run against a real
// database (the event's guild becomes the RLS tenant; the transaction is always rolled back).
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "arrakis/database.hpp"
#include "arrakis/log.hpp"
#include "arrakis/plugin_host/effect_recorder.hpp"
#include "arrakis/plugin_host/invocation.hpp"
#include "arrakis/plugin_host/loaded_plugin.hpp"
#include "arrakis/plugin_host/plugin_call.hpp"
#include "arrakis/plugin_host/postgres_sql.hpp"

using namespace arrakis::plugin_host;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const char* status_name(arrakis_status s) {
  switch (s) {
    case ARRAKIS_OK: return "ok";
    case ARRAKIS_RETRYABLE: return "retryable";
    case ARRAKIS_PERMANENT: return "permanent";
    case ARRAKIS_BAD_INPUT: return "bad_input";
    default: return "other";
  }
}

// The invocation the worker would build for this event, through the same builder as its entry.
Invocation invocation_for(const nlohmann::json& event) {
  const std::string type = event.is_object() ? event.value("eventType", "") : "";
  if (type.rfind("schedule.", 0) == 0) {
    return schedule_invocation(event, event.value("attempt", std::int64_t{1}), 0);
  }
  if (type == "http.request") {
    HttpRequestIn request;
    request.method = event.value("method", "GET");
    request.path = event.value("path", "");
    request.route = event.value("route", "");
    if (event.contains("params")) request.params = event["params"].get<std::map<std::string, std::string>>();
    request.query = event.value("query", nlohmann::json::object());
    request.headers = event.value("headers", nlohmann::json::object());
    request.body = event.value("body", "");
    request.remote_address = event.value("remoteAddress", "");
    request.community_id = event.value("communityId", "");
    request.guild_id = event.value("guildId", "");
    return http_invocation(request);
  }
  return invocation_from_payload(event);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Run one Arrakis plugin on one event and print the effects it asks for"};
  std::string plugin_path, event_path, answers_path, database_url, host_database_url;
  std::int64_t clock = -1;
  app.add_option("plugin", plugin_path, "the plugin .so")->required()->check(CLI::ExistingFile);
  app.add_option("event", event_path, "the event payload JSON file")->required()->check(CLI::ExistingFile);
  app.add_option("--answers", answers_path, "JSON file answering reads by kind")->check(CLI::ExistingFile);
  app.add_option("--database-url", database_url, "PostgreSQL for SQL reads (rolled back)")->envname("DATABASE_URL");
  app.add_option("--host-database-url", host_database_url,
                 "PostgreSQL as the host role, to find or create the event's community (the app role creates none)")
      ->envname("DATABASE_HOST_URL");
  app.add_option("--clock", clock, "fixed clock, ms since the epoch");
  CLI11_PARSE(app, argc, argv);
  arrakis::log::init({"warn", "text", "arrakis-plugin-run", {}, {}});

  try {
    std::unique_ptr<arrakis::db::Pool> pool;
    std::unique_ptr<PostgresSql> sql;
    if (!database_url.empty()) {
      pool = std::make_unique<arrakis::db::Pool>(database_url, 1);
      sql = std::make_unique<PostgresSql>(*pool);  // run_once rolls the call back (a dry run)
    }
    EffectRecorder recorder(sql.get());
    if (clock >= 0) recorder.set_clock(clock);
    if (!answers_path.empty()) {
      auto answers = nlohmann::json::parse(read_file(answers_path));
      recorder.answer_reads([answers](const std::string& kind, const nlohmann::json&) -> std::optional<std::string> {
        if (answers.contains(kind)) return answers.at(kind).dump();
        return std::nullopt;
      });
    }

    Invocation inv = invocation_for(nlohmann::json::parse(read_file(event_path)));
    if (pool && !inv.guild_id.empty()) {
      std::unique_ptr<arrakis::db::Pool> host_pool;
      if (!host_database_url.empty()) host_pool = std::make_unique<arrakis::db::Pool>(host_database_url, 1);
      inv.community_id = PostgresSql::community_for_guild(host_pool ? *host_pool : *pool, inv.guild_id);
    }

    auto plugin = LoadedPlugin::load(plugin_path, recorder);
    // The worker's call path, except that the transaction always rolls back (a dry run).
    const auto r = run_once(*plugin, inv, recorder, CallOptions{.roll_back = true, .record = &recorder});
    nlohmann::json out = {{"plugin", r.plugin},
                          {"version", r.version},
                          {"status", status_name(r.status)},
                          {"effects", r.effects}};
    if (r.status != ARRAKIS_OK) out["error"] = r.error;
    std::cout << out.dump(2) << "\n";
    return r.status == ARRAKIS_OK ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "arrakis-plugin-run: " << e.what() << "\n";
    return 2;
  }
}
