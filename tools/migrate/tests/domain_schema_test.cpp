// The domain schema as the application role uses it: the typed community configuration, the
// member role diff, badge provenance (a cascading revoke takes exactly its own badges; a re-award
// restores), and the one wallet source with its single write path.
#include <gtest/gtest.h>

#include <unistd.h>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "arrakis/migrations.hpp"
#include "arrakis/testing/servers.hpp"

namespace {

const std::string kDirectory = ARRAKIS_SOURCE_ROOT "/infrastructure/postgres/migrations";

class DomainSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    arrakis::migrations::apply_migrations(arrakis::testing::database_admin_url(), kDirectory);
    pqxx::connection host(arrakis::testing::database_host_url());
    pqxx::work tx(host);
    tag_ = std::to_string(::getpid()) + std::to_string(std::rand() % 100000);
    community_ = tx.exec_params1("INSERT INTO communities (discord_guild_id) VALUES ($1) RETURNING id::text", "94" + tag_)[0]
                     .as<std::string>();
    other_ = tx.exec_params1("INSERT INTO communities (discord_guild_id) VALUES ($1) RETURNING id::text", "95" + tag_)[0]
                 .as<std::string>();
    tx.commit();
    app_ = std::make_unique<pqxx::connection>(arrakis::testing::database_url());
  }

  // One transaction as the application role with this test's community as the tenant.
  template <typename Fn>
  auto as_tenant(Fn&& work, const std::string& community = "") {
    pqxx::work tx(*app_);
    tx.exec_params("SELECT set_config('app.community_id', $1, true)", community.empty() ? community_ : community);
    if constexpr (std::is_void_v<decltype(work(tx))>) {
      work(tx);
      tx.commit();
    } else {
      auto result = work(tx);
      tx.commit();
      return result;
    }
  }

  std::string profile(pqxx::work& tx, const std::string& discord_id) {
    return tx.exec_params1("INSERT INTO profiles (community_id, discord_id, nym) VALUES (app.current_community_id(), $1, $2) "
                           "RETURNING id::text",
                           discord_id, "n" + discord_id)[0]
        .as<std::string>();
  }

  std::string tag_, community_, other_;
  std::unique_ptr<pqxx::connection> app_;
};

TEST_F(DomainSchema, EveryCommunityHasOneTypedConfigurationRow) {
  as_tenant([&](pqxx::work& tx) {
    EXPECT_EQ(tx.exec("SELECT count(*) FROM community_config")[0][0].as<int>(), 1) << "created with the community";
    tx.exec("UPDATE community_config SET naib_role_id = '111', fedaykin_role_id = '112', the_door_channel_id = '211', "
            "census_channel_id = '212', activity_channel_ids = '{301,302}', launch_date = '2025-02-01'");
    EXPECT_TRUE(tx.exec("SELECT complete FROM community_config")[0][0].as<bool>());
    const auto roles = tx.exec("SELECT role_key, role_id FROM community_role_ids ORDER BY role_key");
    ASSERT_EQ(roles.size(), 2u);
    EXPECT_EQ(roles[0][0].as<std::string>(), "fedaykin");
  });
  // Not a Discord id: refused by the type, not stored.
  EXPECT_THROW(as_tenant([&](pqxx::work& tx) { tx.exec("UPDATE community_config SET naib_role_id = '@Naib'"); }), pqxx::sql_error);
  EXPECT_THROW(as_tenant([&](pqxx::work& tx) { tx.exec("UPDATE community_config SET activity_channel_ids = '{general}'"); }),
               pqxx::sql_error);
}

TEST_F(DomainSchema, MemberRoleSyncReturnsTheDiffAgainstTheLastRecord) {
  auto sync = [&](const std::string& roles) {
    return as_tenant([&](pqxx::work& tx) {
      const auto row = tx.exec_params1("SELECT added::text, removed::text, first_seen FROM app.sync_member_roles('501', $1::jsonb)", roles);
      return row[0].as<std::string>() + " " + row[1].as<std::string>() + (row[2].as<bool>() ? " first" : "");
    });
  };
  EXPECT_EQ(sync(R"(["10", "20"])"), R"(["10", "20"] [] first)");
  EXPECT_EQ(sync(R"(["20", "30", "30"])"), R"(["30"] ["10"])");
  EXPECT_EQ(sync(R"(["30", "20"])"), "[] []");
  EXPECT_EQ(sync("[]"), R"([] ["20", "30"])");
  // Another community's record of the same user is separate.
  const auto other = as_tenant(
      [&](pqxx::work& tx) {
        return tx.exec1("SELECT first_seen FROM app.sync_member_roles('501', '[\"10\"]')")[0].as<bool>();
      },
      other_);
  EXPECT_TRUE(other);
}

TEST_F(DomainSchema, RevokingAGrantCascadesToExactlyTheBadgesItsGrantsGave) {
  as_tenant([&](pqxx::work& tx) {
    const auto a = profile(tx, "601"), b = profile(tx, "602"), c = profile(tx, "603");
    EXPECT_EQ(tx.exec_params1("SELECT app.award_badge($1::uuid, 'water-sharer', 'admin', 'admin1', 'founder')", a)[0].as<std::string>(),
              "awarded");
    const auto g1 = tx.exec_params1("INSERT INTO water_sharer_grants (community_id, granter_profile_id, recipient_profile_id) "
                                    "VALUES (app.current_community_id(), $1, $2) RETURNING id::text", a, b)[0].as<std::string>();
    tx.exec_params("SELECT app.award_badge($1::uuid, 'water-sharer', 'water_sharer', '601', 'Shared', $2::uuid)", b, g1);
    const auto g2 = tx.exec_params1("INSERT INTO water_sharer_grants (community_id, granter_profile_id, recipient_profile_id) "
                                    "VALUES (app.current_community_id(), $1, $2) RETURNING id::text", b, c)[0].as<std::string>();
    tx.exec_params("SELECT app.award_badge($1::uuid, 'water-sharer', 'water_sharer', '602', 'Shared', $2::uuid)", c, g2);
    // c also holds an admin-awarded helper badge: not the grant's to take.
    tx.exec_params("SELECT app.award_badge($1::uuid, 'helper', 'admin', 'admin1')", c);

    const auto revoked = tx.exec_params1("SELECT grants_revoked, badges_revoked FROM app.revoke_water_sharer_grant($1::uuid, 'admin1')", g1);
    EXPECT_EQ(revoked[0].as<int>(), 2) << "the grant and the one downstream";
    EXPECT_EQ(revoked[1].as<int>(), 2) << "b's and c's shared badges";
    const auto held = tx.exec("SELECT p.discord_id || ':' || b.badge_id FROM member_badges b JOIN profiles p ON p.id = b.profile_id "
                              "WHERE NOT b.revoked ORDER BY 1");
    ASSERT_EQ(held.size(), 2u);
    EXPECT_EQ(held[0][0].as<std::string>(), "601:water-sharer") << "the admin award at the root stays";
    EXPECT_EQ(held[1][0].as<std::string>(), "603:helper");

    // A re-award un-revokes the row and records the new provenance.
    EXPECT_EQ(tx.exec_params1("SELECT app.award_badge($1::uuid, 'water-sharer', 'admin', 'admin1', 'restored')", c)[0].as<std::string>(),
              "restored");
    EXPECT_EQ(tx.exec_params1("SELECT app.award_badge($1::uuid, 'water-sharer', 'admin', 'admin1')", c)[0].as<std::string>(), "held");
    const auto row = tx.exec_params1("SELECT revoked, source, grant_id IS NULL FROM member_badges WHERE profile_id = $1 AND badge_id = 'water-sharer'", c);
    EXPECT_FALSE(row[0].as<bool>());
    EXPECT_EQ(row[1].as<std::string>(), "admin");
    EXPECT_TRUE(row[2].as<bool>());
  });
  // A shared badge must name its grant.
  EXPECT_THROW(as_tenant([&](pqxx::work& tx) {
                 tx.exec_params("SELECT app.award_badge($1::uuid, 'teacher', 'water_sharer')", profile(tx, "604"));
               }),
               pqxx::sql_error);
}

TEST_F(DomainSchema, WalletsHaveOneSourceAndOneWritePath) {
  const std::string wallet = "0x" + std::string(36, 'a') + tag_.substr(0, 4);
  const std::string user = "7" + tag_;
  const auto session = as_tenant([&](pqxx::work& tx) {
    profile(tx, user);
    return tx.exec_params1("INSERT INTO wallet_verification_sessions (community_id, discord_user_id, discord_guild_id, discord_username) "
                           "VALUES (app.current_community_id(), $1, 'g', 'name') RETURNING id::text", user)[0].as<std::string>();
  });
  // Another community cannot complete this community's session.
  EXPECT_THROW(as_tenant([&](pqxx::work& tx) {
                 tx.exec_params("SELECT app.complete_wallet_verification($1::uuid, $2, 'sig', 'msg')", session, wallet);
               }, other_),
               pqxx::sql_error);
  const auto owner = as_tenant([&](pqxx::work& tx) {
    return tx.exec_params1("SELECT app.complete_wallet_verification($1::uuid, $2, 'sig', 'msg')", session, wallet)[0].as<std::string>();
  });
  EXPECT_EQ(owner, user);
  as_tenant([&](pqxx::work& tx) {
    const auto row = tx.exec_params1("SELECT wallet_address, method FROM member_wallets WHERE discord_id = $1", user);
    EXPECT_EQ(row[0].as<std::string>(), wallet);
    EXPECT_EQ(row[1].as<std::string>(), "eip191");
    EXPECT_EQ(tx.exec_params1("SELECT status FROM wallet_verification_sessions WHERE id = $1", session)[0].as<std::string>(), "completed");
  });
  // The other community sees no wallet of a user who is not its member.
  as_tenant([&](pqxx::work& tx) {
    EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM member_wallets WHERE discord_id = $1", user)[0].as<int>(), 0);
  }, other_);
  // A completed session cannot be completed again.
  EXPECT_THROW(as_tenant([&](pqxx::work& tx) {
                 tx.exec_params("SELECT app.complete_wallet_verification($1::uuid, $2, 'sig', 'msg')", session, wallet);
               }),
               pqxx::sql_error);
}

}  // namespace
