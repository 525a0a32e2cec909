// member-update on the standard seeded Sietch (community.hpp: members 1-40 onboarded, 41-42 not
// onboarded), with naib, fedaykin and trusted configured in community_config, against the real
// database (RLS on); the roles recorded before each update are the test's, published events recorded.
#include <gtest/gtest.h>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/sietch/testing/guild_events.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

const std::string kNaib = "710000000000000001";
const std::string kFedaykin = "710000000000000002";
const std::string kTrusted = "710000000000000003";
const std::string kOther = "710000000000000099";  // a role the Sietch does not configure
const std::string kNewcomer = "830000000000000001";  // a Discord user with no profile

class MemberUpdatePlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    sietch = seed_sietch(bench);
    bench.admin_exec("UPDATE community_config SET naib_role_id = $2, fedaykin_role_id = $3, trusted_role_id = $4 "
                     "WHERE community_id = $1::uuid",
                     {bench.community_id(), kNaib, kFedaykin, kTrusted});
  }
  void TearDown() override { clear_ranking(bench); }

  // The roles recorded for `user` before the update (as a join or an earlier update left them).
  void recorded(const std::string& user, const std::string& roles_array) {
    bench.admin_exec("INSERT INTO member_role_state (community_id, discord_user_id, role_ids) "
                     "VALUES ($1::uuid, $2, $3::app.snowflake[])",
                     {bench.community_id(), user, roles_array});
  }
  PluginRun update(const std::string& user, const std::vector<std::string>& roles, const std::string& key = "") {
    return bench.run(member_update(bench, user, roles, ++events), key);
  }
  std::string stored_roles(const std::string& user) {
    const auto r = bench.admin_exec("SELECT array_to_string(role_ids, ',') FROM member_role_state "
                                    "WHERE community_id = $1::uuid AND discord_user_id = $2",
                                    {bench.community_id(), user});
    return r.empty() ? "<none>" : r[0][0].as<std::string>();
  }
  json resync(int n) {
    return {{"type", "internal.sietch.roles.resync"},
            {"data", {{"discordId", member_discord_id(n)}, {"profileId", sietch.profile_id(n)}, {"reason", "member_update"}}}};
  }
  static json published(const PluginRun& run) {
    json out = json::array();
    for (const auto& e : effects_of(run, "event.publish")) out.push_back({{"type", e["type"]}, {"data", e["data"]}});
    return out;
  }

  PluginBench bench{"member-update"};
  SeededSietch sietch;
  int events = 0;
};

}  // namespace

TEST_F(MemberUpdatePlugin, GainingFedaykinOrNaibWithoutAFinishedProfileStartsOnboarding) {
  recorded(kNewcomer, "{" + kOther + "}");
  const auto run = update(kNewcomer, {kOther, kFedaykin});
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(published(run), json::array({{{"type", "internal.sietch.onboarding.start"},
                                          {"data", {{"discordId", kNewcomer}, {"reason", "role_gained"}}}}}));
  EXPECT_EQ(stored_roles(kNewcomer), kFedaykin + "," + kOther);
  EXPECT_TRUE(discord_effects(run).empty()) << run.effects.dump(1);
  // Member 41 has a profile that never finished onboarding: gaining naib asks for onboarding too.
  recorded(member_discord_id(41), "{}");
  EXPECT_EQ(published(update(member_discord_id(41), {kNaib}))[0]["data"],
            (json{{"discordId", member_discord_id(41)}, {"reason", "role_gained"}}));
  // Losing it, or gaining a role that is no eligibility role, asks for nothing.
  EXPECT_TRUE(published(update(member_discord_id(41), {})).empty());
  EXPECT_TRUE(published(update(kNewcomer, {kOther, kFedaykin, kTrusted})).empty()) << "no profile to re-sync";
}

TEST_F(MemberUpdatePlugin, AnOnboardedMembersSietchRoleChangeRequestsOneResync) {
  recorded(member_discord_id(5), "{" + kFedaykin + "}");
  // role-sync gave trusted: the update it causes asks for one re-sync...
  const auto gained = update(member_discord_id(5), {kFedaykin, kTrusted});
  ASSERT_EQ(gained.status, ARRAKIS_OK) << gained.error;
  EXPECT_EQ(published(gained), json::array({resync(5)}));
  // ...and the same roles again (role-sync found them in sync and changed nothing) ask for none: no loop.
  EXPECT_TRUE(published(update(member_discord_id(5), {kFedaykin, kTrusted})).empty());
  // Losing a managed role asks for a re-sync too (role-sync puts back what the member qualifies for).
  EXPECT_EQ(published(update(member_discord_id(5), {kFedaykin})), json::array({resync(5)}));
  // An onboarded member gaining fedaykin is re-synced, not onboarded again.
  recorded(member_discord_id(6), "{}");
  EXPECT_EQ(published(update(member_discord_id(6), {kFedaykin})), json::array({resync(6)}));
}

TEST_F(MemberUpdatePlugin, ANoOpDiffOrARoleTheSietchDoesNotManagePublishesNothing) {
  recorded(member_discord_id(5), "{" + kFedaykin + "}");
  // A nickname change: the same roles, in another order and repeated.
  const auto nickname = update(member_discord_id(5), {kFedaykin, kFedaykin});
  ASSERT_EQ(nickname.status, ARRAKIS_OK) << nickname.error;
  EXPECT_TRUE(published(nickname).empty());
  EXPECT_TRUE(published(update(member_discord_id(5), {kOther, kFedaykin})).empty()) << "an unmanaged role";
  EXPECT_TRUE(published(update(member_discord_id(5), {kFedaykin})).empty()) << "an unmanaged role removed";
  EXPECT_EQ(stored_roles(member_discord_id(5)), kFedaykin);
}

TEST_F(MemberUpdatePlugin, AMemberSeenForTheFirstTimeCountsEveryRoleAsGained) {
  // Nothing recorded for member 7 (on the council before the bot tracked roles).
  const auto run = update(member_discord_id(7), {kNaib, kOther});
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(published(run), json::array({resync(7)}));
  EXPECT_EQ(stored_roles(member_discord_id(7)), kNaib + "," + kOther);
}

TEST_F(MemberUpdatePlugin, ARedeliveredUpdatePublishesOnceAndLeavesTheSameRows) {
  recorded(kNewcomer, "{}");
  const auto payload = member_update(bench, kNewcomer, {kNaib}, 900);
  const std::string key = bench.community_id() + ":member-update";  // eventId:plugin, unique to this test
  const auto first = bench.run(payload, key);
  ASSERT_EQ(first.status, ARRAKIS_OK) << first.error;
  EXPECT_EQ(published(first).size(), 1u);
  const auto redelivered = bench.run(payload, key);
  EXPECT_TRUE(redelivered.duplicate);
  EXPECT_TRUE(published(redelivered).empty());
  // Run again outright: the diff against the recorded roles is empty, so nothing is published.
  const auto again = bench.run(payload);
  ASSERT_EQ(again.status, ARRAKIS_OK) << again.error;
  EXPECT_TRUE(published(again).empty());
  EXPECT_EQ(stored_roles(kNewcomer), kNaib);
}

TEST_F(MemberUpdatePlugin, AnUpdateNamingNoUserIsRefused) {
  const auto run = bench.run(guild_event(bench, "member.update", "", {{"currentRoles", {kNaib}}}));
  EXPECT_EQ(run.status, ARRAKIS_BAD_INPUT);
  EXPECT_TRUE(published(run).empty());
}
