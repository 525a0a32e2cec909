// Finding migration files: order, naming rules, fingerprints. No database.
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

#include "arrakis/migrations.hpp"

namespace fs = std::filesystem;
using arrakis::migrations::list_migrations;
using arrakis::migrations::MigrationError;

namespace {

class MigrationFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("arrakis-migration-files-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& content) { std::ofstream(dir_ / name) << content; }
  fs::path dir_;
};

TEST_F(MigrationFiles, OrderedByVersionWhateverTheDirectoryOrder) {
  write("0010_later.sql", "SELECT 10;");
  write("0002_second.sql", "SELECT 2;");
  write("0001_first.sql", "SELECT 1;");
  write("README.md", "not a migration");
  auto files = list_migrations(dir_);
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].name, "0001_first.sql");
  EXPECT_EQ(files[1].name, "0002_second.sql");
  EXPECT_EQ(files[2].name, "0010_later.sql");
  EXPECT_EQ(files[2].version, "0010");
  EXPECT_EQ(files[0].sql, "SELECT 1;");
}

TEST_F(MigrationFiles, ChecksumIsSha256OfTheBytes) {
  EXPECT_EQ(arrakis::migrations::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  write("0001_a.sql", "SELECT 1;");
  const auto before = list_migrations(dir_)[0].checksum;
  write("0001_a.sql", "SELECT 1; ");  // one byte more
  EXPECT_NE(list_migrations(dir_)[0].checksum, before);
}

TEST_F(MigrationFiles, MisnamedFileIsRefusedByName) {
  write("0001_ok.sql", "");
  write("2_bad-name.sql", "");
  try {
    list_migrations(dir_);
    FAIL() << "a misnamed migration was accepted";
  } catch (const MigrationError& e) {
    EXPECT_NE(std::string(e.what()).find("2_bad-name.sql"), std::string::npos) << e.what();
  }
}

TEST_F(MigrationFiles, NamesMustBeFourDigitsUnderscoreLowerCaseWords) {
  for (const std::string bad : {"001_short.sql", "0001-dash.sql", "0001_Upper.sql", "0001_.sql", "abcd_x.sql",
                                "0001_with space.sql"}) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    write(bad, "");
    EXPECT_THROW(list_migrations(dir_), MigrationError) << bad;
  }
  fs::remove_all(dir_);
  fs::create_directories(dir_);
  write("0042_add_thing_2.sql", "");
  write("0042_add_thing_2.sql.orig", "");  // not .sql: ignored
  ASSERT_EQ(list_migrations(dir_).size(), 1u);
  EXPECT_EQ(list_migrations(dir_)[0].version, "0042");
}

TEST_F(MigrationFiles, DuplicateVersionIsRefused) {
  write("0003_one.sql", "");
  write("0003_other.sql", "");
  EXPECT_THROW(list_migrations(dir_), MigrationError);
}

TEST_F(MigrationFiles, MissingDirectoryIsAClearError) {
  EXPECT_THROW(list_migrations(dir_ / "nope"), MigrationError);
}

}  // namespace
