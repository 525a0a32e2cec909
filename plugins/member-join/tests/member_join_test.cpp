// member-join on the standard seeded Sietch (community.hpp: members 1-40 onboarded, 41-42 not
// onboarded, 43 departed), with the community's naib and fedaykin roles configured, against the real
// database (RLS on); published events and Discord calls recorded.
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
const std::string kOther = "710000000000000099";  // a role the Sietch does not configure
const std::string kNewcomer = "830000000000000001";  // a Discord user with no profile

class MemberJoinPlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    sietch = seed_sietch(bench);
    bench.admin_exec("UPDATE community_config SET naib_role_id = $2, fedaykin_role_id = $3 WHERE community_id = $1::uuid",
                     {bench.community_id(), kNaib, kFedaykin});
  }
  void TearDown() override { clear_ranking(bench); }

  PluginRun join(const std::string& user, const std::vector<std::string>& roles, const std::string& key = "") {
    return bench.run(member_join(bench, user, roles, ++events), key);
  }
  // member_role_state of the user: "<in_guild>|<role ids>", "" when there is no row.
  std::string role_state(const std::string& user) {
    const auto r = bench.admin_exec(
        "SELECT in_guild::text || '|' || array_to_string(role_ids, ',') FROM member_role_state "
        "WHERE community_id = $1::uuid AND discord_user_id = $2",
        {bench.community_id(), user});
    return r.empty() ? "" : r[0][0].as<std::string>();
  }
  json onboarding_requests(const PluginRun& run) {
    json out = json::array();
    for (const auto& e : effects_of(run, "event.publish")) {
      EXPECT_EQ(e["type"], "internal.sietch.onboarding.start");
      out.push_back(e["data"]);
    }
    return out;
  }

  PluginBench bench{"member-join"};
  SeededSietch sietch;
  int events = 0;
};

}  // namespace

TEST_F(MemberJoinPlugin, ANewcomerHoldingFedaykinIsRecordedAndHandedToOnboarding) {
  const auto run = join(kNewcomer, {kOther, kFedaykin});
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(role_state(kNewcomer), "true|" + kFedaykin + "," + kOther) << "roles stored sorted";
  EXPECT_EQ(onboarding_requests(run), json::array({{{"discordId", kNewcomer}, {"reason", "join"}}}));
  EXPECT_TRUE(discord_effects(run).empty()) << run.effects.dump(1);
  EXPECT_EQ(bench.admin_exec("SELECT 1 FROM profiles WHERE discord_id = $1", {kNewcomer}).size(), 0u)
      << "the profile is created by onboarding, not on joining";
  // The naib role is an eligibility role too; a member who never finished onboarding (41) is asked again.
  EXPECT_EQ(onboarding_requests(join(member_discord_id(41), {kNaib})),
            json::array({{{"discordId", member_discord_id(41)}, {"reason", "join"}}}));
}

TEST_F(MemberJoinPlugin, NoOnboardingWithoutAnEligibilityRoleOrWithAFinishedProfile) {
  const auto plain = join(kNewcomer, {kOther});
  ASSERT_EQ(plain.status, ARRAKIS_OK) << plain.error;
  EXPECT_EQ(role_state(kNewcomer), "true|" + kOther);
  EXPECT_TRUE(onboarding_requests(plain).empty());
  EXPECT_TRUE(onboarding_requests(join("830000000000000002", {})).empty());
  EXPECT_EQ(role_state("830000000000000002"), "true|");
  // Member 12 finished onboarding (a rejoin after a missed leave): nothing to ask.
  EXPECT_TRUE(onboarding_requests(join(member_discord_id(12), {kFedaykin})).empty());
  // No eligibility role configured: nobody is handed to onboarding.
  bench.admin_exec("UPDATE community_config SET naib_role_id = NULL, fedaykin_role_id = NULL WHERE community_id = $1::uuid",
                   {bench.community_id()});
  EXPECT_TRUE(onboarding_requests(join("830000000000000003", {kFedaykin})).empty());
}

TEST_F(MemberJoinPlugin, ADepartedMemberComesBackWithTheirProfileKept) {
  const auto before = bench.admin_exec("SELECT nym, joined_at::text, onboarding_complete FROM profiles WHERE id = $1::uuid",
                                       {sietch.profile_id(43)});
  const auto run = join(member_discord_id(43), {kFedaykin});
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto after = bench.admin_exec(
      "SELECT nym, joined_at::text, onboarding_complete, departed_at IS NULL FROM profiles WHERE id = $1::uuid",
      {sietch.profile_id(43)});
  ASSERT_EQ(after.size(), 1u);
  EXPECT_TRUE(after[0][3].as<bool>()) << "present again";
  EXPECT_EQ(after[0][0].as<std::string>(), before[0][0].as<std::string>());
  EXPECT_EQ(after[0][1].as<std::string>(), before[0][1].as<std::string>()) << "tenure kept";
  EXPECT_TRUE(after[0][2].as<bool>());
  EXPECT_TRUE(onboarding_requests(run).empty()) << "their finished profile is back: no onboarding";
}

TEST_F(MemberJoinPlugin, TheSameJoinTwiceLeavesTheSameRowsAndARedeliveryIsADuplicate) {
  const auto payload = member_join(bench, kNewcomer, {kFedaykin}, 900);
  const std::string key = bench.community_id() + ":member-join";  // eventId:plugin, unique to this test
  const auto first = bench.run(payload, key);
  ASSERT_EQ(first.status, ARRAKIS_OK) << first.error;
  EXPECT_EQ(onboarding_requests(first).size(), 1u);
  // The worker's redelivery: the call's SQL (and, in the worker, the outbox row of its request) rolls
  // back as a duplicate, so the request is not published twice.
  const auto redelivered = bench.run(payload, key);
  ASSERT_EQ(redelivered.status, ARRAKIS_OK) << redelivered.error;
  EXPECT_TRUE(redelivered.duplicate);
  // Run again outright (no idempotency key): the rows stay what they were.
  const auto again = bench.run(payload);
  ASSERT_EQ(again.status, ARRAKIS_OK) << again.error;
  EXPECT_EQ(role_state(kNewcomer), "true|" + kFedaykin);
  EXPECT_EQ(bench.admin_exec("SELECT count(*) FROM member_role_state WHERE community_id = $1::uuid",
                             {bench.community_id()})[0][0].as<int>(),
            1);
}

TEST_F(MemberJoinPlugin, AJoinNamingNoUserIsRefusedAndChangesNothing) {
  const auto run = bench.run(guild_event(bench, "member.join", "", {{"username", "ghost"}, {"roles", {kFedaykin}}}));
  EXPECT_EQ(run.status, ARRAKIS_BAD_INPUT);
  EXPECT_NE(run.error.find("without a Discord user id"), std::string::npos) << run.error;
  EXPECT_TRUE(effects_of(run, "event.publish").empty());
}
