#pragma once
// Shared set-up of the outbox and job tests: the fixture plugins dropped into a WorkerHarness, the
// fixture tables (created fresh as the admin role, tenant tables under row-level security), and
// the environment that gives the worker the jobs and host roles when the test servers have them.
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "arrakis/database.hpp"
#include "arrakis/testing/servers.hpp"
#include "worker_harness.hpp"

namespace arrakis::testing {

inline void add_fixture_plugin(WorkerHarness& h, const std::string& library) {
  std::filesystem::copy_file(std::filesystem::path(ARRAKIS_WORKER_FIXTURES) / library, h.root() / "plugins" / library,
                             std::filesystem::copy_options::overwrite_existing);
}

// DATABASE_JOBS_URL / DATABASE_HOST_URL for the worker, when the test servers define those roles.
inline void use_role_urls(WorkerHarness& h) {
  for (const char* name : {"DATABASE_JOBS_URL", "DATABASE_HOST_URL"}) {
    if (const char* v = std::getenv(name); v && *v) h.extra_env[name] = v;
  }
}

// Runs `sql` statements as the admin role, one transaction.
inline void admin_exec(db::Pool& admin, const std::vector<std::string>& statements) {
  admin.transaction([&](pqxx::work& tx) {
    for (const auto& s : statements) tx.exec(s);
  });
}

// A tenant table: row-level security by community, DML for the application and jobs roles.
inline std::vector<std::string> tenant_table(const std::string& name, const std::string& columns) {
  return {"DROP TABLE IF EXISTS " + name + " CASCADE",
          "CREATE TABLE " + name + " (community_id uuid NOT NULL REFERENCES communities (id), " + columns + ")",
          "SELECT app.isolate_tenant_table('" + name + "')",
          "GRANT SELECT, INSERT, UPDATE, DELETE ON " + name + " TO arrakis_app, arrakis_jobs"};
}

inline std::string community_of(db::Pool& admin, const std::string& guild_id) {
  return admin.transaction([&](pqxx::work& tx) {
    return tx
        .exec_params1("INSERT INTO communities (discord_guild_id) VALUES ($1) ON CONFLICT (discord_guild_id) "
                      "DO UPDATE SET is_active = true RETURNING id::text",
                      guild_id)[0]
        .as<std::string>();
  });
}

}  // namespace arrakis::testing
