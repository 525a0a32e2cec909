// Row-level security as the application role sees it (decision D1): without a tenant every tenant
// table fails closed; with tenant A set, tenant B's rows cannot be read, changed, deleted or created.
#include <gtest/gtest.h>

#include <unistd.h>

#include <pqxx/pqxx>

#include "arrakis/migrations.hpp"
#include "arrakis/testing/servers.hpp"

namespace {

const std::string kDirectory = ARRAKIS_SOURCE_ROOT "/infrastructure/postgres/migrations";

bool fails_closed(pqxx::connection& conn, const std::string& setting, const std::string& query) {
  try {
    pqxx::work tx(conn);
    tx.exec_params("SELECT set_config('app.community_id', $1, true)", setting);
    tx.exec(query);
    return false;
  } catch (const pqxx::sql_error& e) {
    return std::string(e.what()).find("TENANT_CONTEXT_MISSING") != std::string::npos;
  }
}

class TenantIsolation : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_url_ = arrakis::testing::database_admin_url();
    app_url_ = arrakis::testing::database_url();
    arrakis::migrations::apply_migrations(admin_url_, kDirectory);
    pqxx::connection admin(admin_url_);
    pqxx::work tx(admin);
    const std::string tag = std::to_string(::getpid()) + "-" + std::to_string(std::rand());
    a_ = tx.exec_params("INSERT INTO communities (discord_guild_id, name) VALUES ($1, 'A') RETURNING id", "A-" + tag)[0][0]
             .as<std::string>();
    b_ = tx.exec_params("INSERT INTO communities (discord_guild_id, name) VALUES ($1, 'B') RETURNING id", "B-" + tag)[0][0]
             .as<std::string>();
    a_member_ = tx.exec_params("INSERT INTO profiles (community_id, discord_id, nym) VALUES ($1, 'u-a', 'Stilgar') RETURNING id",
                               a_)[0][0]
                    .as<std::string>();
    b_member_ = tx.exec_params("INSERT INTO profiles (community_id, discord_id, nym) VALUES ($1, 'u-b', 'Chani') RETURNING id",
                               b_)[0][0]
                    .as<std::string>();
    tx.exec_params("INSERT INTO member_badges (community_id, profile_id, badge_id) VALUES ($1, $2, 'helper')", b_, b_member_);
    tx.commit();
  }

  void TearDown() override {
    if (a_.empty()) return;
    pqxx::connection admin(admin_url_);
    pqxx::work tx(admin);
    for (const char* table : {"member_badges", "story_fragments", "community_config", "profiles"}) {
      tx.exec_params(std::string("DELETE FROM ") + table + " WHERE community_id IN ($1, $2)", a_, b_);
    }
    tx.exec_params("DELETE FROM communities WHERE id IN ($1, $2)", a_, b_);
    tx.commit();
  }

  // Runs `work` as the application role with tenant `community` set for the transaction.
  template <typename Fn>
  auto as_tenant(const std::string& community, Fn&& work) {
    pqxx::connection conn(app_url_);
    pqxx::work tx(conn);
    tx.exec_params("SELECT set_config('app.community_id', $1, true)", community);
    return work(tx);
  }

  std::string admin_url_, app_url_, a_, b_, a_member_, b_member_;
};

TEST_F(TenantIsolation, WithoutATenantEveryTenantQueryFailsClosed) {
  pqxx::connection app(app_url_);
  for (const std::string query : {"SELECT count(*) FROM profiles", "SELECT count(*) FROM member_badges",
                                  "UPDATE profiles SET bio = 'x'", "DELETE FROM member_badges"}) {
    // Never set in this session, set to '' and set to the nil UUID: all refused.
    pqxx::connection fresh(app_url_);
    try {
      pqxx::work tx(fresh);
      tx.exec(query);
      ADD_FAILURE() << query << " ran without a tenant";
    } catch (const pqxx::sql_error& e) {
      EXPECT_NE(std::string(e.what()).find("TENANT_CONTEXT_MISSING"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(fails_closed(app, "", query)) << query;
    EXPECT_TRUE(fails_closed(app, "00000000-0000-0000-0000-000000000000", query)) << query;
  }
}

TEST_F(TenantIsolation, ATenantSettingDoesNotOutliveItsTransaction) {
  // A pooled connection must not carry one guild's tenant into the next transaction.
  pqxx::connection app(app_url_);
  {
    pqxx::work tx(app);
    tx.exec_params("SELECT set_config('app.community_id', $1, true)", a_);
    EXPECT_EQ(tx.exec("SELECT count(*) FROM profiles")[0][0].as<int>(), 1);
    tx.commit();
  }
  pqxx::work next(app);
  EXPECT_THROW(next.exec("SELECT count(*) FROM profiles"), pqxx::sql_error);
}

TEST_F(TenantIsolation, TenantACannotReadTenantB) {
  as_tenant(a_, [&](pqxx::work& tx) {
    EXPECT_EQ(tx.exec_params("SELECT count(*) FROM profiles WHERE id = $1", b_member_)[0][0].as<int>(), 0);
    EXPECT_EQ(tx.exec_params("SELECT count(*) FROM profiles WHERE community_id = $1", b_)[0][0].as<int>(), 0);
    EXPECT_EQ(tx.exec("SELECT count(*) FROM member_badges")[0][0].as<int>(), 0);
    auto own = tx.exec("SELECT id FROM profiles");
    ASSERT_EQ(own.size(), 1u);
    EXPECT_EQ(own[0][0].as<std::string>(), a_member_);
  });
}

TEST_F(TenantIsolation, TenantACannotUpdateOrDeleteTenantB) {
  as_tenant(a_, [&](pqxx::work& tx) {
    EXPECT_EQ(tx.exec_params("UPDATE profiles SET bio = 'pwned' WHERE id = $1", b_member_).affected_rows(), 0u);
    EXPECT_EQ(tx.exec_params("DELETE FROM member_badges WHERE community_id = $1", b_).affected_rows(), 0u);
    EXPECT_EQ(tx.exec_params("DELETE FROM profiles WHERE id = $1", b_member_).affected_rows(), 0u);
    tx.commit();
  });
  pqxx::connection admin(admin_url_);
  pqxx::nontransaction check(admin);
  auto row = check.exec_params("SELECT bio FROM profiles WHERE id = $1", b_member_);
  ASSERT_EQ(row.size(), 1u) << "tenant B's member was deleted by tenant A";
  EXPECT_TRUE(row[0][0].is_null());
  EXPECT_EQ(check.exec_params("SELECT count(*) FROM member_badges WHERE community_id = $1", b_)[0][0].as<int>(), 1);
}

TEST_F(TenantIsolation, TenantACannotCreateRowsForTenantBOrMoveRowsThere) {
  EXPECT_THROW(as_tenant(a_,
                         [&](pqxx::work& tx) {
                           return tx.exec_params("INSERT INTO profiles (community_id, discord_id) VALUES ($1, 'intruder')", b_);
                         }),
               pqxx::sql_error);
  EXPECT_THROW(as_tenant(a_,
                         [&](pqxx::work& tx) {
                           return tx.exec_params("UPDATE profiles SET community_id = $1 WHERE id = $2", b_, a_member_);
                         }),
               pqxx::sql_error);
  // Its own rows it can create.
  as_tenant(a_, [&](pqxx::work& tx) {
    tx.exec_params("INSERT INTO profiles (community_id, discord_id) VALUES ($1, 'newcomer')", a_);
    EXPECT_EQ(tx.exec("SELECT count(*) FROM profiles")[0][0].as<int>(), 2);
  });
}

TEST_F(TenantIsolation, EveryTenantTableHasForcedRowLevelSecurity) {
  pqxx::connection admin(admin_url_);
  pqxx::nontransaction tx(admin);
  // Any table with a community_id column is a tenant table, including ones added later.
  auto tables = tx.exec(
      "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,"
      "       EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation'),"
      "       a.attnotnull,"
      "       EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'admin_maintenance')"
      "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
      "  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'community_id' AND NOT a.attisdropped"
      " WHERE n.nspname = 'public' AND c.relkind = 'r'"
      // Host-only tables name a community but plugins never reach them (own policy, 0029).
      "   AND c.relname NOT IN ('dm_bindings', 'route_tenants')");
  EXPECT_GE(tables.size(), 15u);
  for (const auto& row : tables) {
    const auto name = row[0].as<std::string>();
    EXPECT_TRUE(row[1].as<bool>()) << name << ": RLS not enabled";
    EXPECT_TRUE(row[2].as<bool>()) << name << ": RLS not forced";
    EXPECT_TRUE(row[3].as<bool>()) << name << ": no tenant_isolation policy";
    EXPECT_TRUE(row[4].as<bool>()) << name << ": community_id is nullable";
    // Managed PostgreSQL gives the admin role no BYPASSRLS: jobs rely on this policy there.
    EXPECT_TRUE(row[5].as<bool>()) << name << ": no admin_maintenance policy";
  }
}

TEST_F(TenantIsolation, CommunitiesAreTheLookupAndNeedNoTenant) {
  pqxx::connection app(app_url_);
  pqxx::work tx(app);
  EXPECT_EQ(tx.exec_params("SELECT count(*) FROM communities WHERE id IN ($1, $2)", a_, b_)[0][0].as<int>(), 2);
  // And a new community starts with its own copy of the story fragments.
  EXPECT_EQ(tx.exec("SELECT count(*) FROM story_fragment_seeds")[0][0].as<int>(), 8);
}

}  // namespace
