// libpqxx pool against the real PostgreSQL started by `tools/dev services`.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "arrakis/database.hpp"
#include "arrakis/testing/servers.hpp"

using namespace arrakis::db;
using namespace std::chrono_literals;

TEST(Database, ParameterisedQuery) {
  Pool pool(arrakis::testing::database_url(), 2);
  auto sum = pool.transaction([](pqxx::work& tx) { return tx.exec_params("SELECT $1::int + $2::int", 40, 2)[0][0].as<int>(); });
  EXPECT_EQ(sum, 42);
  // A parameter is never interpreted as SQL.
  auto echoed = pool.transaction([](pqxx::work& tx) {
    return tx.exec_params("SELECT $1::text", "'); DROP TABLE x; --")[0][0].as<std::string>();
  });
  EXPECT_EQ(echoed, "'); DROP TABLE x; --");
}

TEST(Database, TransactionCommitsOrRollsBack) {
  Pool pool(arrakis::testing::database_admin_url(), 2);  // creates a table: the admin role owns the schema
  const std::string table = "t_" + std::to_string(::getpid()) + "_" + std::to_string(std::rand());
  pool.transaction([&](pqxx::work& tx) { tx.exec("CREATE TABLE " + table + " (v int)"); });
  EXPECT_THROW(pool.transaction([&](pqxx::work& tx) {
                 tx.exec_params("INSERT INTO " + table + " VALUES ($1)", 1);
                 throw std::runtime_error("abort");
               }),
               std::runtime_error);
  pool.transaction([&](pqxx::work& tx) { tx.exec_params("INSERT INTO " + table + " VALUES ($1)", 2); });
  auto rows = pool.transaction([&](pqxx::work& tx) { return tx.exec("SELECT v FROM " + table); });
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0].as<int>(), 2);
  pool.transaction([&](pqxx::work& tx) { tx.exec("DROP TABLE " + table); });
}

TEST(Database, PoolNeverOpensMoreThanItsSize) {
  Pool pool(arrakis::testing::database_url(), 3);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 5; ++j) pool.transaction([](pqxx::work& tx) { tx.exec("SELECT pg_sleep(0.005)"); });
    });
  }
  for (auto& t : threads) t.join();
  // Every connection ever opened is idle again, and there are exactly `size` of them.
  EXPECT_EQ(pool.idle(), 3u);
}

TEST(Database, LeaseTimesOutWhenExhausted) {
  Pool pool(arrakis::testing::database_url(), 1);
  auto held = pool.lease();
  EXPECT_THROW(pool.lease(100ms), DatabaseError);
}

TEST(Database, BrokenConnectionIsReplaced) {
  Pool pool(arrakis::testing::database_url(), 1);
  int pid = pool.transaction([](pqxx::work& tx) { return tx.exec("SELECT pg_backend_pid()")[0][0].as<int>(); });
  {
    Pool admin(arrakis::testing::database_admin_url(), 1);
    admin.transaction([&](pqxx::work& tx) { tx.exec_params("SELECT pg_terminate_backend($1)", pid); });
  }
  // The first use after the kill fails; the pool must hand out a fresh connection afterwards.
  try {
    pool.transaction([](pqxx::work& tx) { tx.exec("SELECT 1"); });
  } catch (const std::exception&) {
  }
  int pid2 = pool.transaction([](pqxx::work& tx) { return tx.exec("SELECT pg_backend_pid()")[0][0].as<int>(); });
  EXPECT_NE(pid, pid2);
}

TEST(DatabaseUnavailable, ClosedPortIsAClearError) {
  Pool pool("postgresql://u:topsecretpw@127.0.0.1:1/db", 1);
  try {
    pool.lease();
    FAIL();
  } catch (const DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:1/db"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find("topsecretpw"), std::string::npos);
  }
}
