// The migration runner against the live PostgreSQL: the repository's migrations apply, re-applying
// is a no-op, concurrent runners are safe, and an edited migration is refused.
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <future>
#include <pqxx/pqxx>

#include "arrakis/migrations.hpp"
#include "arrakis/testing/servers.hpp"

namespace fs = std::filesystem;
using namespace arrakis::migrations;

namespace {

const std::string kDirectory = ARRAKIS_SOURCE_ROOT "/infrastructure/postgres/migrations";

TEST(Migrations, ApplyAllThenApplyingAgainIsANoOp) {
  const auto url = arrakis::testing::database_admin_url();
  apply_migrations(url, kDirectory);  // other test programs may have applied some already
  const auto again = apply_migrations(url, kDirectory);
  EXPECT_TRUE(again.applied.empty());
  EXPECT_EQ(again.already_applied.size(), list_migrations(kDirectory).size());
  for (const auto& m : migration_status(url, kDirectory)) EXPECT_TRUE(m.applied) << m.name;

  // Every file is recorded with the checksum of its current content.
  pqxx::connection conn(url);
  pqxx::nontransaction tx(conn);
  for (const auto& file : list_migrations(kDirectory)) {
    auto row = tx.exec_params("SELECT checksum FROM schema_migrations WHERE version = $1", file.version);
    ASSERT_EQ(row.size(), 1u) << file.name;
    EXPECT_EQ(row[0][0].as<std::string>(), file.checksum) << file.name;
  }
}

TEST(Migrations, ConcurrentRunnersDoNotCollide) {
  const auto url = arrakis::testing::database_admin_url();
  std::vector<std::future<MigrationReport>> runners;
  for (int i = 0; i < 4; ++i) {
    runners.push_back(std::async(std::launch::async, [&] { return apply_migrations(url, kDirectory); }));
  }
  for (auto& runner : runners) EXPECT_NO_THROW(runner.get());
}

TEST(Migrations, ATamperedMigrationIsRefusedNamingTheFile) {
  const auto url = arrakis::testing::database_admin_url();
  apply_migrations(url, kDirectory);
  const fs::path copy = fs::temp_directory_path() / ("arrakis-tampered-" + std::to_string(::getpid()));
  fs::remove_all(copy);
  fs::copy(kDirectory, copy);
  const auto victim = list_migrations(copy).at(2);
  std::ofstream(victim.path, std::ios::app) << "\n-- an innocent-looking edit\n";
  try {
    apply_migrations(url, copy.string());
    FAIL() << "an edited, already-applied migration was accepted";
  } catch (const MigrationError& e) {
    EXPECT_NE(std::string(e.what()).find(victim.name), std::string::npos) << e.what();
  }
  EXPECT_THROW(migration_status(url, copy.string()), MigrationError);
  fs::remove_all(copy);
}

TEST(Migrations, AFailingMigrationIsRolledBackAndNotRecorded) {
  const auto url = arrakis::testing::database_admin_url();
  apply_migrations(url, kDirectory);
  const fs::path copy = fs::temp_directory_path() / ("arrakis-failing-" + std::to_string(::getpid()));
  fs::remove_all(copy);
  fs::copy(kDirectory, copy);
  const std::string table = "must_not_exist_" + std::to_string(::getpid());
  // Half of it would succeed; none of it may stay.
  std::ofstream(copy / "9999_broken.sql") << "CREATE TABLE " << table << " (x int);\nSELECT no_such_function();\n";
  try {
    apply_migrations(url, copy.string());
    FAIL() << "a failing migration reported success";
  } catch (const MigrationError& e) {
    EXPECT_NE(std::string(e.what()).find("9999_broken.sql"), std::string::npos) << e.what();
  }
  pqxx::connection conn(url);
  pqxx::nontransaction tx(conn);
  EXPECT_TRUE(tx.exec_params("SELECT to_regclass($1)", table)[0][0].is_null());
  EXPECT_EQ(tx.exec("SELECT count(*) FROM schema_migrations WHERE version = '9999'")[0][0].as<int>(), 0);
  fs::remove_all(copy);
}

TEST(Migrations, UnreachableDatabaseIsAClearErrorWithoutThePassword) {
  try {
    apply_migrations("postgresql://arrakis_admin:s3cret-pw@127.0.0.1:1/arrakis", kDirectory);
    FAIL() << "connected to port 1?";
  } catch (const MigrationError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("127.0.0.1:1"), std::string::npos) << message;
    EXPECT_EQ(message.find("s3cret-pw"), std::string::npos) << message;
  }
}

TEST(Migrations, SeedDataIsPresent) {
  const auto url = arrakis::testing::database_admin_url();
  apply_migrations(url, kDirectory);
  pqxx::connection conn(url);
  pqxx::nontransaction tx(conn);
  std::vector<std::string> ids;
  for (const auto& row : tx.exec("SELECT id FROM badges ORDER BY display_order")) ids.push_back(row[0].as<std::string>());
  const std::vector<std::string> expected{"og",      "veteran", "elder",   "consistent",   "dedicated",         "devoted",
                                          "helper",  "builder", "teacher", "water-sharer", "founding-fedaykin", "usul-ascended"};
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(tx.exec("SELECT count(*) FROM story_fragment_seeds WHERE category = 'fedaykin_join'")[0][0].as<int>(), 5);
  EXPECT_EQ(tx.exec("SELECT count(*) FROM story_fragment_seeds WHERE category = 'naib_join'")[0][0].as<int>(), 3);
}

}  // namespace
