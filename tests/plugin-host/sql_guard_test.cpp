// The plugin SQL guard (no database): every refused kind is refused whatever its spelling, and
// what only looks like one (inside comments, literals, dollar quotes, identifiers) is not.
#include <gtest/gtest.h>

#include "sql_guard.hpp"

using arrakis::plugin_host::refuse_plugin_sql;

namespace {

std::string refused_kind(const std::string& sql) {
  const auto refusal = refuse_plugin_sql(sql);
  return refusal ? refusal->kind : std::string();
}

TEST(SqlGuard, TransactionControlIsRefusedNamingTheStatement) {
  for (const char* sql : {"COMMIT", "commit", "  CoMmIt WORK", "END", "BEGIN", "start transaction", "ROLLBACK",
                          "abort", "SAVEPOINT s1", "RELEASE SAVEPOINT s1", "rollback to savepoint s1",
                          "PREPARE TRANSACTION 'x'", "COMMIT PREPARED 'x'"}) {
    EXPECT_NE(refused_kind(sql).find("transaction control"), std::string::npos) << sql;
  }
  EXPECT_EQ(refused_kind("commit"), "transaction control (COMMIT)");
}

TEST(SqlGuard, SessionSettingsAreRefused) {
  EXPECT_EQ(refused_kind("SET search_path = evil"), "SET");
  EXPECT_EQ(refused_kind("set local statement_timeout = 0"), "SET");
  EXPECT_EQ(refused_kind("SET ROLE arrakis_jobs"), "SET");
  EXPECT_EQ(refused_kind("RESET ALL"), "RESET");
  EXPECT_EQ(refused_kind("discard all"), "DISCARD");
  EXPECT_EQ(refused_kind("ALTER ROLE arrakis_app SET search_path = x"), "ALTER ROLE");
  EXPECT_EQ(refused_kind("alter user current_user password 'x'"), "ALTER USER");
}

TEST(SqlGuard, SetConfigIsRefusedInAnySpelling) {
  for (const char* sql : {"SELECT set_config('app.community_id', $1, true)",
                          "select SET_CONFIG ('app.community_id', '1', false)",
                          "SELECT pg_catalog.set_config('app.community_id', '1', true)",
                          "SELECT \"set_config\"('app.x', '1', true)",
                          "SELECT /* hidden */ set_config /* here */ ('search_path', 'x', false)",
                          "SELECT * FROM profiles WHERE id = (SELECT set_config('app.community_id', $1, true))::uuid"}) {
    EXPECT_EQ(refused_kind(sql), "set_config()") << sql;
  }
}

TEST(SqlGuard, DoCopyListenNotifyAndTempTablesAreRefused) {
  EXPECT_EQ(refused_kind("DO $$ BEGIN PERFORM 1; END $$"), "DO");
  EXPECT_EQ(refused_kind("COPY profiles TO STDOUT"), "COPY");
  EXPECT_EQ(refused_kind("LISTEN chan"), "LISTEN");
  EXPECT_EQ(refused_kind("NOTIFY chan, 'x'"), "NOTIFY");
  EXPECT_EQ(refused_kind("UNLISTEN *"), "UNLISTEN");
  EXPECT_EQ(refused_kind("SELECT pg_notify('chan', 'x')"), "NOTIFY (pg_notify)");
  for (const char* sql : {"CREATE TEMP TABLE profiles (id uuid)", "create temporary table t (x int)",
                          "CREATE LOCAL TEMP TABLE t (x int)", "CREATE GLOBAL TEMPORARY TABLE t (x int)",
                          "CREATE OR REPLACE TEMP VIEW profiles AS SELECT 1", "SELECT * INTO TEMP t FROM profiles",
                          "EXPLAIN ANALYZE CREATE TEMP TABLE t AS SELECT 1"}) {
    EXPECT_EQ(refused_kind(sql), "CREATE TEMP") << sql;
  }
}

TEST(SqlGuard, HostOnlyAndDynamicSqlFunctionsAreRefused) {
  EXPECT_EQ(refused_kind("SELECT app.record_processed('k')"), "app.record_processed()");
  EXPECT_EQ(refused_kind("SELECT query_to_xml('COMMIT', true, true, '')"), "query_to_xml()");
  EXPECT_EQ(refused_kind("SELECT * FROM ts_stat('SELECT 1')"), "ts_stat()");
  EXPECT_EQ(refused_kind("SELECT pg_advisory_lock(1)"), "pg_advisory_lock()");
  EXPECT_EQ(refused_kind("PREPARE p AS SELECT 1"), "PREPARE");
  EXPECT_EQ(refused_kind("DEALLOCATE ALL"), "DEALLOCATE");
  EXPECT_EQ(refused_kind("DECLARE c CURSOR WITH HOLD FOR SELECT 1"), "DECLARE");
}

// Each remaining kind docs/database.md lists, so that disabling any one refusal fails a test.
TEST(SqlGuard, EverySessionObjectRoleSettingLockAndDynamicSqlKindIsRefused) {
  EXPECT_EQ(refused_kind("EXECUTE p (1)"), "EXECUTE");
  EXPECT_EQ(refused_kind("CLOSE ALL"), "CLOSE");
  EXPECT_EQ(refused_kind("LOAD 'auto_explain'"), "LOAD");
  EXPECT_EQ(refused_kind("ALTER GROUP staff ADD USER arrakis_app"), "ALTER GROUP");
  EXPECT_EQ(refused_kind("ALTER SYSTEM SET work_mem = '1GB'"), "ALTER SYSTEM");
  for (const char* lock : {"pg_advisory_lock_shared", "pg_try_advisory_lock", "pg_try_advisory_lock_shared"}) {
    EXPECT_EQ(refused_kind(std::string("SELECT ") + lock + "(7)"), std::string(lock) + "()");
  }
  for (const char* dynamic : {"query_to_xmlschema", "query_to_xml_and_xmlschema", "ts_rewrite"}) {
    EXPECT_EQ(refused_kind(std::string("SELECT ") + dynamic + "('SELECT 1', true, true, '')"), std::string(dynamic) + "()");
  }
  EXPECT_EQ(refused_kind("SELECT app.\"record_processed\"('k')"), "app.record_processed()");
  EXPECT_EQ(refused_kind("EXPLAIN (ANALYZE, VERBOSE) SELECT pg_notify('c', 'x')"), "NOTIFY (pg_notify)");
  EXPECT_EQ(refused_kind("EXPLAIN ANALYZE SELECT 1 INTO TEMPORARY t"), "CREATE TEMP");
}

TEST(SqlGuard, MultipleStatementsAreRefusedButATrailingSemicolonIsNot) {
  EXPECT_EQ(refused_kind("SELECT 1; COMMIT"), "multiple statements");
  EXPECT_EQ(refused_kind("SELECT 1; SELECT 2"), "multiple statements");
  EXPECT_EQ(refused_kind("SELECT 1;"), "");
  EXPECT_EQ(refused_kind("SELECT 1; -- done\n"), "");
  EXPECT_EQ(refused_kind("SELECT 1 /* ; COMMIT */"), "");
}

TEST(SqlGuard, LookalikesInsideLiteralsCommentsAndIdentifiersAreAllowed) {
  for (const char* sql : {"SELECT 'COMMIT' AS word",
                          "SELECT 'it''s; COMMIT' AS word",
                          "SELECT E'\\'; COMMIT; --' AS word",
                          "SELECT U&'; COMMIT' AS word",
                          "SELECT $$; COMMIT; SET x = 1$$ AS word",
                          "SELECT $tag$ $$ ; commit $tag$ AS word",
                          "-- COMMIT\nSELECT 1",
                          "/* outer /* SET x */ still comment ; COMMIT */ SELECT 1",
                          "SELECT \"commit\" FROM (SELECT 1 AS \"commit\") t",
                          "SELECT set_config_value FROM (SELECT 1 AS set_config_value) t",
                          "UPDATE profiles SET bio = $1 WHERE id = $2",
                          "INSERT INTO audit_log (community_id, event_type) VALUES (app.current_community_id(), 'set')",
                          "SELECT current_setting('app.community_id')",
                          "SELECT pg_advisory_xact_lock(42)",
                          "WITH x AS (SELECT 1 AS temp) SELECT temp FROM x",
                          "SELECT $1::text AS a, $2 AS b"}) {
    EXPECT_EQ(refused_kind(sql), "") << sql;
  }
}

TEST(SqlGuard, UnterminatedLiteralsAreRefusedNotGuessed) {
  EXPECT_EQ(refused_kind("SELECT 'open"), "malformed SQL");
  EXPECT_EQ(refused_kind("SELECT $q$ open"), "malformed SQL");
  EXPECT_EQ(refused_kind("SELECT 1 /* open"), "malformed SQL");
  EXPECT_EQ(refused_kind("SELECT \"open"), "malformed SQL");
}

}  // namespace
