// What each database role may do, on the real PostgreSQL (docs/database.md "Privileges"): the
// application role cannot write global tables, the fleet, idempotency keys or another community's
// row; the jobs role writes chain-wide tables and every tenant but cannot touch a policy; the host
// role runs the fleet and the community lookup; no application role has TEMP.
#include <gtest/gtest.h>

#include <unistd.h>

#include <pqxx/pqxx>

#include "arrakis/migrations.hpp"
#include "arrakis/testing/servers.hpp"

namespace {

const std::string kDirectory = ARRAKIS_SOURCE_ROOT "/infrastructure/postgres/migrations";

// The SQLSTATE a statement fails with as `url`'s role (with tenant `community` set when given),
// or "" when it succeeds. Always rolled back.
std::string failure(const std::string& url, const std::string& sql, const std::string& community = "") {
  pqxx::connection conn(url);
  pqxx::work tx(conn);
  try {
    if (!community.empty()) tx.exec_params("SELECT set_config('app.community_id', $1, true)", community);
    tx.exec(sql);
    return "";
  } catch (const pqxx::sql_error& e) {
    // libpqxx 6.4 does not always carry the SQLSTATE: fall back on the server's wording.
    const std::string what = e.what();
    if (!e.sqlstate().empty()) return e.sqlstate();
    if (what.find("permission denied") != std::string::npos || what.find("must be owner") != std::string::npos) return "42501";
    return "error: " + what.substr(0, 200);
  }
}

constexpr const char* kDenied = "42501";  // insufficient_privilege
constexpr const char* kNotOwner = "42501";

class Privileges : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = arrakis::testing::database_admin_url();
    app_ = arrakis::testing::database_url();
    jobs_ = arrakis::testing::database_jobs_url();
    host_ = arrakis::testing::database_host_url();
    arrakis::migrations::apply_migrations(admin_, kDirectory);
    pqxx::connection conn(admin_);
    pqxx::work tx(conn);
    const std::string tag = std::to_string(::getpid()) + std::to_string(std::rand());
    a_ = tx.exec_params1("INSERT INTO communities (discord_guild_id, name) VALUES ($1, 'A') RETURNING id::text", "91" + tag)[0]
             .as<std::string>();
    b_ = tx.exec_params1("INSERT INTO communities (discord_guild_id, name) VALUES ($1, 'B') RETURNING id::text", "92" + tag)[0]
             .as<std::string>();
    tx.commit();
  }

  std::string admin_, app_, jobs_, host_, a_, b_;
};

TEST_F(Privileges, AppCannotWriteTheFleetOrIdempotencyKeys) {
  EXPECT_EQ(failure(app_, "INSERT INTO plugin_deployments (plugin_name, desired_version) VALUES ('evil', '6.6.6')"), kDenied);
  EXPECT_EQ(failure(app_, "UPDATE plugin_deployments SET desired_version = '6.6.6'"), kDenied);
  EXPECT_EQ(failure(app_, "DELETE FROM plugin_replicas"), kDenied);
  EXPECT_EQ(failure(app_, "INSERT INTO processed_events (key) VALUES ('forged')"), kDenied);
  EXPECT_EQ(failure(app_, "DELETE FROM processed_events"), kDenied);
  // The host role runs the fleet.
  EXPECT_EQ(failure(host_, "UPDATE plugin_deployments SET updated_by = updated_by"), "");
  EXPECT_EQ(failure(host_, "DELETE FROM processed_events WHERE key = 'none'"), "");
}

TEST_F(Privileges, AppCannotWriteWalletsOrTheRankingButReadsTheRanking) {
  EXPECT_EQ(failure(app_, "INSERT INTO wallet_verifications (discord_user_id, wallet_address, method) "
                          "VALUES ('1', '0x" + std::string(40, 'e') + "', 'migrated')",
                    a_),
            kDenied);
  EXPECT_EQ(failure(app_, "UPDATE wallet_verifications SET wallet_address = wallet_address", a_), kDenied);
  EXPECT_EQ(failure(app_, "SELECT * FROM wallet_verifications", a_), kDenied) << "wallets are read through member_wallets";
  EXPECT_EQ(failure(app_, "DELETE FROM eligibility_current"), kDenied);
  EXPECT_EQ(failure(app_, "UPDATE eligibility_health_status SET consecutive_failures = 0"), kDenied);
  EXPECT_EQ(failure(app_, "UPDATE badges SET name = 'x'"), kDenied);
  EXPECT_EQ(failure(app_, "SELECT count(*) FROM eligibility_current"), "");
  EXPECT_EQ(failure(app_, "SELECT count(*) FROM member_wallets", a_), "");
  // The chain-wide sync is the jobs role's.
  EXPECT_EQ(failure(jobs_, "UPDATE eligibility_health_status SET consecutive_failures = consecutive_failures"), "");
  EXPECT_EQ(failure(jobs_, "UPDATE wallet_verifications SET verified_at = verified_at"), kDenied);
}

TEST_F(Privileges, AppChangesOnlyItsOwnCommunityRowAndCreatesNone) {
  pqxx::connection conn(app_);
  {
    pqxx::work tx(conn);
    tx.exec_params("SELECT set_config('app.community_id', $1, true)", a_);
    EXPECT_EQ(tx.exec_params("UPDATE communities SET name = 'pwned' WHERE id = $1", b_).affected_rows(), 0u);
    EXPECT_EQ(tx.exec_params("UPDATE communities SET is_active = false WHERE id = $1", a_).affected_rows(), 1u);
    tx.commit();
  }
  pqxx::connection admin(admin_);
  pqxx::nontransaction check(admin);
  EXPECT_EQ(check.exec_params1("SELECT name FROM communities WHERE id = $1", b_)[0].as<std::string>(), "B");
  EXPECT_EQ(failure(app_, "UPDATE communities SET settings = '{\"x\":1}'", a_), kDenied) << "only name and is_active";
  EXPECT_EQ(failure(app_, "INSERT INTO communities (discord_guild_id) VALUES ('123')", a_), kDenied);
  EXPECT_EQ(failure(app_, "DELETE FROM communities", a_), kDenied);
  EXPECT_EQ(failure(app_, "UPDATE community_config SET naib_role_id = '1' WHERE community_id = '" + b_ + "'", a_), "");
  EXPECT_TRUE(check.exec_params1("SELECT naib_role_id IS NULL FROM community_config WHERE community_id = $1", b_)[0].as<bool>())
      << "tenant A changed tenant B's configuration";
  // The host creates communities.
  EXPECT_EQ(failure(host_, "INSERT INTO communities (discord_guild_id) VALUES ('93" + std::to_string(::getpid()) + "')"), "");
}

TEST_F(Privileges, JobsRoleWritesEveryTenantButCannotTouchAPolicy) {
  pqxx::connection conn(jobs_);
  pqxx::work tx(conn);
  EXPECT_EQ(tx.exec_params("SELECT count(*) FROM community_config WHERE community_id IN ($1, $2)", a_, b_)[0][0].as<int>(), 2)
      << "the jobs role sees every tenant";
  tx.abort();
  for (const std::string ddl :
       {"ALTER POLICY tenant_isolation ON profiles USING (true)", "DROP POLICY tenant_isolation ON profiles",
        "CREATE POLICY sneak ON profiles FOR ALL TO arrakis_app USING (true)",
        "ALTER TABLE profiles DISABLE ROW LEVEL SECURITY", "ALTER TABLE profiles NO FORCE ROW LEVEL SECURITY",
        "DROP TABLE audit_log", "TRUNCATE profiles", "CREATE TABLE jobs_table (x int)"}) {
    EXPECT_EQ(failure(jobs_, ddl), kNotOwner) << ddl;
    EXPECT_EQ(failure(app_, ddl, a_), kNotOwner) << ddl;
    EXPECT_EQ(failure(host_, ddl), kNotOwner) << ddl;
  }
}

TEST_F(Privileges, NoApplicationRoleCreatesTemporaryTablesOrOwnsAnything) {
  for (const auto& url : {app_, jobs_, host_}) {
    EXPECT_EQ(failure(url, "CREATE TEMP TABLE profiles (id uuid)"), kDenied) << url.substr(0, 30);
  }
  pqxx::connection conn(admin_);
  pqxx::nontransaction tx(conn);
  const auto owned = tx.exec(
      "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
      "WHERE r.rolname IN ('arrakis_app', 'arrakis_jobs', 'arrakis_host')")[0][0].as<int>();
  EXPECT_EQ(owned, 0);
  const auto special = tx.exec(
      "SELECT count(*) FROM pg_roles WHERE rolname IN ('arrakis_app', 'arrakis_jobs', 'arrakis_host') "
      "AND (rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb)")[0][0].as<int>();
  EXPECT_EQ(special, 0);
}

TEST_F(Privileges, EveryTenantTableGivesTheJobsRoleItsPolicyAndBindsOnlyTheAppToTheTenant) {
  pqxx::connection conn(admin_);
  pqxx::nontransaction tx(conn);
  const auto rows = tx.exec(
      "SELECT c.relname,"
      "  EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'jobs_all_tenants'),"
      "  (SELECT array_agg(r.rolname ORDER BY r.rolname)::text FROM pg_policy p, unnest(p.polroles) pr"
      "     JOIN pg_roles r ON r.oid = pr WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation')"
      "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
      "  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'community_id' AND NOT a.attisdropped"
      " WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity"
      // Host-only tables name a community but plugins never reach them (own policy, 0029).
      "   AND c.relname NOT IN ('dm_bindings', 'route_tenants')");
  EXPECT_GE(rows.size(), 18u);
  for (const auto& row : rows) {
    EXPECT_TRUE(row[1].as<bool>()) << row[0].c_str();
    EXPECT_EQ(row[2].as<std::string>(""), "{arrakis_app}") << row[0].c_str();
  }
}

}  // namespace
