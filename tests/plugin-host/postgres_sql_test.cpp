// PostgresSql, the SQL slots of the host table, on the real server under row-level security:
// plugin statements become prepared statements of the pooled connection, and an idempotency key
// is recorded only for calls that wrote something (exactly-once protects effects, and a read-only
// call has none).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "arrakis/database.hpp"
#include "arrakis/migrations.hpp"
#include "arrakis/plugin_host/postgres_sql.hpp"
#include "arrakis/testing/servers.hpp"

using namespace arrakis;
using plugin_host::PostgresSql;

namespace {

class PostgresSqlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    migrations::apply_migrations(arrakis::testing::database_admin_url(), ARRAKIS_MIGRATIONS_DIR);
    pool_ = std::make_unique<db::Pool>(arrakis::testing::database_url(), 1);  // one connection: every call shares it
    admin_ = std::make_unique<db::Pool>(arrakis::testing::database_admin_url(), 1);
    std::mt19937_64 rng(std::random_device{}());
    invocation_.guild_id = std::to_string(200000000000000000ull + rng() % 700000000000000000ull);
    db::Pool host(arrakis::testing::database_host_url(), 1);  // only the host role creates communities
    invocation_.community_id = PostgresSql::community_for_guild(host, invocation_.guild_id);
    key_prefix_ = "sql-test-" + invocation_.guild_id + "-";
  }

  // One plugin call: runs `work` with a fresh arrakis_call, then finishes it as the host does.
  template <typename Fn>
  void call(PostgresSql& sql, const std::string& key, Fn&& work) {
    invocation_.idempotency_key = key.empty() ? std::string() : key_prefix_ + key;
    arrakis_call c;
    c.services = &sql;
    c.invocation = &invocation_;
    work(c);
    if (c.sql) c.sql->finish(true);
  }

  long long key_rows(const std::string& key) {
    return admin_->transaction([&](pqxx::work& tx) {
      return tx.exec_params1("SELECT count(*) FROM processed_events WHERE key = $1", key_prefix_ + key)[0].as<long long>();
    });
  }

  std::unique_ptr<db::Pool> pool_, admin_;
  plugin_host::Invocation invocation_;
  std::string key_prefix_;
};

}  // namespace

TEST_F(PostgresSqlTest, PluginStatementsArePreparedOncePerConnection) {
  PostgresSql sql(*pool_);
  const std::string statement = "SELECT count(*) AS n FROM audit_log WHERE actor = $1";
  for (int n = 0; n < 3; ++n) {
    call(sql, "", [&](arrakis_call& c) {
      std::string rows;
      ASSERT_EQ(sql.sql_query(c, statement, R"(["nobody"])", rows), ARRAKIS_OK) << c.last_error;
      EXPECT_EQ(nlohmann::json::parse(rows)[0]["n"], 0);
    });
  }
  std::string prepared;
  call(sql, "", [&](arrakis_call& c) {
    ASSERT_EQ(sql.sql_query(c, "SELECT statement FROM pg_prepared_statements WHERE statement = $1",
                            nlohmann::json::array({statement}).dump(), prepared),
              ARRAKIS_OK)
        << c.last_error;
  });
  EXPECT_EQ(nlohmann::json::parse(prepared).size(), 1u)
      << "three calls on the one pooled connection share one prepared statement: " << prepared;
}

TEST(PreparedStatements, BudgetFallsBackToUnpreparedSql) {
  plugin_host::PreparedStatements names(2);
  EXPECT_TRUE(names.name_for("SELECT 1").has_value());
  EXPECT_TRUE(names.name_for("SELECT 2").has_value());
  EXPECT_EQ(names.name_for("SELECT 1"), names.name_for("SELECT 1")) << "a known statement keeps its name";
  EXPECT_FALSE(names.name_for("SELECT 3").has_value()) << "past the budget: run unprepared";
  EXPECT_NE(*names.name_for("SELECT 1"), *names.name_for("SELECT 2"));
}

TEST_F(PostgresSqlTest, ReadOnlyCallLeavesNoIdempotencyRowAndWritingCallDoes) {
  PostgresSql sql(*pool_);
  call(sql, "read", [&](arrakis_call& c) {
    std::string rows;
    ASSERT_EQ(sql.sql_query(c, "SELECT count(*) FROM audit_log", "", rows), ARRAKIS_OK) << c.last_error;
  });
  EXPECT_EQ(key_rows("read"), 0);

  const auto write = [&](arrakis_call& c) {
    std::uint64_t affected = 0;
    ASSERT_EQ(sql.sql_exec(c, "INSERT INTO audit_log (community_id, event_type, actor) VALUES (app.current_community_id(), 'sql.test', $1)",
                           nlohmann::json::array({key_prefix_}).dump(), affected),
              ARRAKIS_OK)
        << c.last_error;
  };
  call(sql, "write", write);
  EXPECT_EQ(key_rows("write"), 1);
  // The same key again: the second call's writes are rolled back, the first one's stay.
  EXPECT_THROW(call(sql, "write", write), plugin_host::DuplicateEffects);
  const auto audit = admin_->transaction([&](pqxx::work& tx) {
    return tx.exec_params1("SELECT count(*) FROM audit_log WHERE actor = $1", key_prefix_)[0].as<long long>();
  });
  EXPECT_EQ(audit, 1);
}

TEST_F(PostgresSqlTest, PurgeDeletesOnlyKeysOlderThanTheCutoff) {
  db::Pool host(arrakis::testing::database_host_url(), 1);  // the keys are the host's table
  admin_->transaction([&](pqxx::work& tx) {
    for (int n = 0; n < 7; ++n) {
      tx.exec_params("INSERT INTO processed_events (key, processed_at) VALUES ($1, now() - interval '2 days')",
                     key_prefix_ + "old-" + std::to_string(n));
    }
    tx.exec_params("INSERT INTO processed_events (key) VALUES ($1)", key_prefix_ + "fresh");
  });
  const auto purged =
      PostgresSql::purge_processed_events(host, std::chrono::system_clock::now() - std::chrono::hours(24), 3);
  EXPECT_GE(purged, 7u) << "in batches of 3, until none older is left";
  for (int n = 0; n < 7; ++n) EXPECT_EQ(key_rows("old-" + std::to_string(n)), 0);
  EXPECT_EQ(key_rows("fresh"), 1);
}

TEST_F(PostgresSqlTest, CallNeverFinishedIsRolledBackBeforeItsConnectionIsReused) {
  PostgresSql sql(*pool_);
  const std::string insert =
      "INSERT INTO audit_log (community_id, event_type, actor) VALUES (app.current_community_id(), 'sql.test', $1)";
  {
    invocation_.idempotency_key.clear();
    arrakis_call c;
    c.services = &sql;
    c.invocation = &invocation_;
    std::uint64_t affected = 0;
    ASSERT_EQ(sql.sql_exec(c, insert, nlohmann::json::array({key_prefix_ + "abandoned"}).dump(), affected), ARRAKIS_OK);
  }  // dropped without finish (the host crashed out of the call)
  call(sql, "after", [&](arrakis_call& c) {
    std::uint64_t affected = 0;
    ASSERT_EQ(sql.sql_exec(c, insert, nlohmann::json::array({key_prefix_ + "after"}).dump(), affected), ARRAKIS_OK)
        << c.last_error;
  });
  const auto count = [&](const std::string& actor) {
    return admin_->transaction([&](pqxx::work& tx) {
      return tx.exec_params1("SELECT count(*) FROM audit_log WHERE actor = $1", actor)[0].as<long long>();
    });
  };
  EXPECT_EQ(count(key_prefix_ + "abandoned"), 0) << "an unfinished call's writes are rolled back";
  EXPECT_EQ(count(key_prefix_ + "after"), 1) << "the next call on the same connection commits on its own";
}

namespace {

// What a pooled connection must look like at the start of every call, whatever the previous call
// on it tried: no tenant, the default timeout and search path, no temp table, no LISTEN, no lock.
struct SessionState {
  std::string community, search_path, statement_timeout;
  long long temp_tables = 0, listening = 0, advisory_locks = 0;
};

SessionState session_state(PostgresSql& sql, arrakis_call& c) {
  std::string rows;
  EXPECT_EQ(sql.sql_query(c,
                          "SELECT current_setting('app.community_id', true) AS community, "
                          "current_setting('search_path') AS search_path, "
                          "current_setting('statement_timeout') AS statement_timeout, "
                          "(SELECT count(*) FROM pg_class WHERE relpersistence = 't') AS temp_tables, "
                          "(SELECT count(*) FROM pg_listening_channels()) AS listening, "
                          "(SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()) AS advisory_locks",
                          "", rows),
            ARRAKIS_OK)
      << c.last_error;
  const auto row = nlohmann::json::parse(rows).at(0);
  return {row["community"].is_string() ? row["community"].get<std::string>() : "", row["search_path"], row["statement_timeout"],
          row["temp_tables"], row["listening"], row["advisory_locks"]};
}

}  // namespace

// Item by item: the statement is refused with its kind named, and the next call on the one pooled
// connection sees the same clean session as before it.
TEST_F(PostgresSqlTest, RefusedStatementsNameTheirKindAndTheNextCallSeesACleanSession) {
  PostgresSql sql(*pool_);
  SessionState before;
  call(sql, "", [&](arrakis_call& c) { before = session_state(sql, c); });
  EXPECT_EQ(before.community, invocation_.community_id) << "inside a call, the tenant is the call's";
  const std::vector<std::pair<std::string, std::string>> refused{
      {"COMMIT", "transaction control (COMMIT)"},
      {"BEGIN", "transaction control (BEGIN)"},
      {"ROLLBACK", "transaction control (ROLLBACK)"},
      {"SAVEPOINT mine", "transaction control (SAVEPOINT)"},
      {"SET search_path = pg_catalog", "SET"},
      {"SET SESSION statement_timeout = 0", "SET"},
      {"RESET ALL", "RESET"},
      {"DISCARD ALL", "DISCARD"},
      {"SELECT set_config('app.community_id', '00000000-0000-0000-0000-000000000001', false)", "set_config()"},
      {"DO $$ BEGIN PERFORM set_config('search_path', 'pg_catalog', false); END $$", "DO"},
      {"COPY audit_log TO STDOUT", "COPY"},
      {"LISTEN arrakis_test", "LISTEN"},
      {"NOTIFY arrakis_test", "NOTIFY"},
      {"CREATE TEMP TABLE audit_log (x int)", "CREATE TEMP"},
      {"SELECT 1; COMMIT", "multiple statements"},
  };
  for (const auto& [statement, kind] : refused) {
    call(sql, "", [&](arrakis_call& c) {
      std::uint64_t affected = 0;
      EXPECT_EQ(sql.sql_exec(c, statement, "", affected), ARRAKIS_BAD_INPUT) << statement;
      EXPECT_NE(c.last_error.find("SQL refused: " + kind + " is not allowed"), std::string::npos)
          << statement << ": " << c.last_error;
    });
    call(sql, "", [&](arrakis_call& c) {
      const auto after = session_state(sql, c);
      EXPECT_EQ(after.community, before.community) << "after " << statement;
      EXPECT_EQ(after.search_path, before.search_path) << "after " << statement;
      EXPECT_EQ(after.statement_timeout, before.statement_timeout) << "after " << statement;
      EXPECT_EQ(after.temp_tables, 0) << "after " << statement;
      EXPECT_EQ(after.listening, 0) << "after " << statement;
    });
  }
}

// Defence in depth: whatever session state a connection has picked up (here put there directly,
// as a statement the guard failed to recognise would), it is reset when a call's transaction ends.
TEST_F(PostgresSqlTest, AConnectionIsResetWhenACallOnItEnds) {
  PostgresSql sql(*pool_);
  {
    auto lease = pool_->lease();  // the pool's only connection
    pqxx::nontransaction raw(*lease);
    raw.exec("SELECT set_config('app.community_id', '00000000-0000-0000-0000-000000000001', false), "
             "set_config('search_path', 'pg_catalog', false)");
    raw.exec("LISTEN arrakis_test");
    raw.exec("SELECT pg_advisory_lock(4242)");
    // Last: a 1 ms timeout would otherwise cancel the statements above on a busy machine.
    raw.exec("SELECT set_config('statement_timeout', '1', false)");
  }
  call(sql, "", [&](arrakis_call& c) {
    std::string rows;
    ASSERT_EQ(sql.sql_query(c, "SELECT 1 AS one", "", rows), ARRAKIS_OK) << c.last_error;
  });
  auto lease = pool_->lease();
  pqxx::nontransaction raw(*lease);
  const auto row = raw.exec(
      "SELECT COALESCE(current_setting('app.community_id', true), ''), current_setting('search_path'), "
      "current_setting('statement_timeout'), (SELECT count(*) FROM pg_listening_channels()), "
      "(SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid())")[0];
  EXPECT_EQ(row[0].as<std::string>(), "") << "a tenant outlived the call";
  EXPECT_EQ(row[1].as<std::string>(), "\"$user\", public");
  EXPECT_EQ(row[2].as<std::string>(), "0");
  EXPECT_EQ(row[3].as<int>(), 0) << "still listening";
  EXPECT_EQ(row[4].as<int>(), 0) << "a session-level advisory lock outlived the call";
}

// Shadow runs roll back everything; a COMMIT inside one must not make its writes permanent.
TEST_F(PostgresSqlTest, AShadowCallThatTriesToCommitLeavesNothingBehind) {
  PostgresSql shadow(*pool_, PostgresSql::Options{std::chrono::milliseconds(5000), true});
  const std::string actor = key_prefix_ + "shadow";
  call(shadow, "shadow-commit", [&](arrakis_call& c) {
    std::uint64_t affected = 0;
    ASSERT_EQ(shadow.sql_exec(c, "INSERT INTO audit_log (community_id, event_type, actor) VALUES (app.current_community_id(), 'sql.test', $1)",
                              nlohmann::json::array({actor}).dump(), affected),
              ARRAKIS_OK)
        << c.last_error;
    EXPECT_EQ(shadow.sql_exec(c, "COMMIT", "", affected), ARRAKIS_BAD_INPUT);
    EXPECT_EQ(shadow.sql_exec(c, "END", "", affected), ARRAKIS_BAD_INPUT);
    EXPECT_EQ(shadow.sql_exec(c, "/* sneaky */ commit", "", affected), ARRAKIS_BAD_INPUT);
  });
  const auto rows = admin_->transaction([&](pqxx::work& tx) {
    return tx.exec_params1("SELECT count(*) FROM audit_log WHERE actor = $1", actor)[0].as<long long>();
  });
  EXPECT_EQ(rows, 0) << "the shadow call's write became permanent";
  EXPECT_EQ(key_rows("shadow-commit"), 0) << "no idempotency key outside the transaction either";
}
