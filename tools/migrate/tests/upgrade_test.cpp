// The migrations on a database that holds the previous schema (0001-0011) with data: they apply,
// reconcile the two wallet sources and the badge provenance, carry communities.settings into
// community_config, and applying them again changes nothing. Also on an empty database.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <pqxx/pqxx>

#include "arrakis/migrations.hpp"
#include "arrakis/testing/servers.hpp"

namespace fs = std::filesystem;
using namespace arrakis::migrations;

namespace {

const std::string kDirectory = ARRAKIS_SOURCE_ROOT "/infrastructure/postgres/migrations";

// A scratch database on the same server (the admin role may create databases in tools/dev).
class ScratchDatabase {
 public:
  explicit ScratchDatabase(const std::string& admin_url)
      : name_("arrakis_upgrade_" + std::to_string(::getpid()) + "_" + std::to_string(std::rand())),
        server_(admin_url.substr(0, admin_url.rfind('/'))) {
    pqxx::connection conn(server_ + "/postgres");
    pqxx::nontransaction(conn).exec("CREATE DATABASE " + name_);
  }
  ~ScratchDatabase() {
    try {
      pqxx::connection conn(server_ + "/postgres");
      pqxx::nontransaction(conn).exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {
    }
  }
  std::string url() const { return server_ + "/" + name_; }

 private:
  std::string name_, server_;
};

// The migrations up to and including `last`, in their own folder.
fs::path migrations_up_to(const std::string& last) {
  const fs::path dir = fs::temp_directory_path() / ("arrakis-upto-" + last + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& file : list_migrations(kDirectory)) {
    if (file.version <= last) fs::copy_file(file.path, dir / file.name);
  }
  return dir;
}

const std::string kW1 = "0x" + std::string(39, '0') + "1", kW2 = "0x" + std::string(39, '0') + "2",
                  kW3 = "0x" + std::string(39, '0') + "3", kW4 = "0x" + std::string(39, '0') + "4";

TEST(Upgrade, EmptyDatabaseGetsEverySchemaAndReapplyingIsANoOp) {
  ScratchDatabase db(arrakis::testing::database_admin_url());
  const auto first = apply_migrations(db.url(), kDirectory);
  EXPECT_EQ(first.applied.size(), list_migrations(kDirectory).size());
  const auto again = apply_migrations(db.url(), kDirectory);
  EXPECT_TRUE(again.applied.empty());
  pqxx::connection conn(db.url());
  pqxx::nontransaction tx(conn);
  EXPECT_FALSE(tx.exec("SELECT to_regclass('community_config')")[0][0].is_null());
  EXPECT_FALSE(tx.exec("SELECT to_regclass('member_role_state')")[0][0].is_null());
  EXPECT_TRUE(tx.exec("SELECT has_database_privilege('arrakis_app', current_database(), 'TEMP')")[0][0].as<bool>() == false);
}

TEST(Upgrade, PreviousSchemaWithDataIsReconciled) {
  ScratchDatabase db(arrakis::testing::database_admin_url());
  const auto previous = migrations_up_to("0011");
  apply_migrations(db.url(), previous.string());
  fs::remove_all(previous);
  {
    pqxx::connection conn(db.url());
    pqxx::work tx(conn);
    const auto a = tx.exec1(
        "INSERT INTO communities (discord_guild_id, settings) VALUES ('1001', "
        "'{\"roles\": {\"naib\": \"111\", \"formerNaib\": \"not-an-id\", \"usul\": \"117\"}, "
        "\"channels\": {\"theDoor\": \"211\", \"census\": \"212\"}, \"activityChannels\": [\"301\", \"302\"], "
        "\"launchDate\": \"2025-03-01\"}') RETURNING id::text")[0].as<std::string>();
    const auto b = tx.exec1("INSERT INTO communities (discord_guild_id) VALUES ('1002') RETURNING id::text")[0].as<std::string>();
    // u1: verified w1, but a profile says w2 (the verified one wins); u2: only a profile copy (w3,
    // in both communities); u3: a profile claiming u1's verified wallet; u4: two communities, two wallets.
    tx.exec_params("INSERT INTO wallet_verifications (discord_user_id, wallet_address, signature, message) VALUES ('u1', $1, 's', 'm')", kW1);
    auto profile = [&](const std::string& community, const std::string& user, const std::string& wallet, const char* updated) {
      return tx.exec_params1("INSERT INTO profiles (community_id, discord_id, wallet_address, updated_at) "
                             "VALUES ($1, $2, $3, $4::timestamptz) RETURNING id::text",
                             community, user, wallet, updated)[0].as<std::string>();
    };
    profile(a, "u1", kW2, "2025-01-01");
    const auto u2a = profile(a, "u2", kW3, "2025-01-01");
    profile(b, "u2", kW3, "2025-01-02");
    profile(a, "u3", kW1, "2025-01-01");
    profile(a, "u4", kW4, "2025-01-05");
    profile(b, "u4", kW2, "2025-01-01");
    // Badges: automatic, admin, and one given by a water-sharer grant from u2 to u3.
    const auto u3 = tx.exec_params1("SELECT id::text FROM profiles WHERE community_id = $1 AND discord_id = 'u3'", a)[0].as<std::string>();
    const auto grant = tx.exec_params1("INSERT INTO water_sharer_grants (community_id, granter_profile_id, recipient_profile_id) "
                                       "VALUES ($1, $2, $3) RETURNING id::text", a, u2a, u3)[0].as<std::string>();
    tx.exec_params("INSERT INTO member_badges (community_id, profile_id, badge_id) VALUES ($1, $2, 'og')", a, u3);
    tx.exec_params("INSERT INTO member_badges (community_id, profile_id, badge_id, awarded_by) VALUES ($1, $2, 'helper', 'admin1')", a, u3);
    tx.exec_params("INSERT INTO member_badges (community_id, profile_id, badge_id, awarded_by, award_reason) "
                   "VALUES ($1, $2, 'water-sharer', 'u2', 'Shared by u2 via Water Sharer badge')", a, u3);
    tx.commit();

    const auto report = apply_migrations(db.url(), kDirectory);
    EXPECT_EQ(report.applied.front(), "0012_roles.sql");

    pqxx::nontransaction check(conn);
    auto wallet_of = [&](const std::string& user) {
      auto r = check.exec_params("SELECT wallet_address || ':' || method FROM wallet_verifications WHERE discord_user_id = $1", user);
      return r.empty() ? std::string("none") : r[0][0].as<std::string>();
    };
    EXPECT_EQ(wallet_of("u1"), kW1 + ":eip191") << "a verified wallet is never replaced by a profile copy";
    EXPECT_EQ(wallet_of("u2"), kW3 + ":migrated");
    EXPECT_EQ(wallet_of("u3"), "none") << "u1 holds that wallet";
    EXPECT_EQ(wallet_of("u4"), kW4 + ":migrated") << "the most recently updated profile's wallet";
    EXPECT_TRUE(check.exec("SELECT to_regclass('profiles') IS NOT NULL AND NOT EXISTS (SELECT FROM pg_attribute "
                           "WHERE attrelid = 'profiles'::regclass AND attname = 'wallet_address' AND NOT attisdropped)")[0][0]
                    .as<bool>())
        << "profiles.wallet_address is gone: one source";
    const auto conflicts = check.exec("SELECT discord_user_id FROM wallet_reconciliation ORDER BY discord_user_id");
    ASSERT_EQ(conflicts.size(), 3u);  // u1 (w2), u3 (w1), u4 (w2)
    EXPECT_EQ(conflicts[0][0].as<std::string>(), "u1");
    EXPECT_EQ(conflicts[1][0].as<std::string>(), "u3");
    EXPECT_EQ(conflicts[2][0].as<std::string>(), "u4");

    const auto sources = check.exec("SELECT badge_id, source, grant_id::text FROM member_badges ORDER BY badge_id");
    ASSERT_EQ(sources.size(), 3u);
    EXPECT_EQ(sources[0][0].as<std::string>() + "/" + sources[0][1].as<std::string>(), "helper/admin");
    EXPECT_EQ(sources[1][0].as<std::string>() + "/" + sources[1][1].as<std::string>(), "og/automatic");
    EXPECT_EQ(sources[2][1].as<std::string>(), "water_sharer");
    EXPECT_EQ(sources[2][2].as<std::string>(), grant);

    const auto config = check.exec_params1(
        "SELECT naib_role_id, former_naib_role_id IS NULL, usul_role_id, the_door_channel_id, census_channel_id, "
        "activity_channel_ids::text, launch_date::text, complete FROM community_config WHERE community_id = $1", a);
    EXPECT_EQ(config[0].as<std::string>(), "111");
    EXPECT_TRUE(config[1].as<bool>()) << "a value that is not an id is dropped";
    EXPECT_EQ(config[2].as<std::string>(), "117");
    EXPECT_EQ(config[3].as<std::string>(), "211");
    EXPECT_EQ(config[4].as<std::string>(), "212");
    EXPECT_EQ(config[5].as<std::string>(), "{301,302}");
    EXPECT_EQ(config[6].as<std::string>(), "2025-03-01");
    EXPECT_FALSE(config[7].as<bool>()) << "no fedaykin role: not complete";
    EXPECT_EQ(check.exec_params1("SELECT launch_date::text FROM community_config WHERE community_id = $1", b)[0].as<std::string>(),
              "2025-01-01");
  }
  const auto again = apply_migrations(db.url(), kDirectory);
  EXPECT_TRUE(again.applied.empty()) << "re-running is a no-op";
}

}  // namespace
