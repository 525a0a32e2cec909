// role-sync on the standard seeded Sietch (community.hpp: member n holds the first n % 5 of helper,
// builder, teacher, consistent, dedicated; activity (n * 13) % 300, undecayed; joined
// joined_days_ago(n) days ago), against the real database (migrated, RLS on), with the member's
// Discord roles answered by the recorder and the role calls recorded.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

const std::string kEngaged = "700000000000000001";
const std::string kVeteran = "700000000000000002";
const std::string kTrusted = "700000000000000003";
const std::string kOther = "700000000000000099";  // a role the sync never touches

json effects_of(const PluginRun& run, const std::string& kind) {
  json out = json::array();
  for (const auto& e : run.effects) {
    if (e["kind"] == kind) out.push_back(e);
  }
  return out;
}

// The role calls of a run as "+role" / "-role", in order.
std::vector<std::string> role_calls(const PluginRun& run) {
  std::vector<std::string> out;
  for (const auto& e : run.effects) {
    if (e["kind"] == "guild.add_role") out.push_back("+" + e["role"].get<std::string>());
    if (e["kind"] == "guild.remove_role") out.push_back("-" + e["role"].get<std::string>());
  }
  return out;
}

class RoleSyncPlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    sietch = seed_sietch(bench);
    configure(kEngaged, kVeteran, kTrusted);
    bench.recorder().answer_reads([this](const std::string& kind, const json& args) -> std::optional<std::string> {
      if (kind != "guild.get_member") return std::nullopt;
      const std::string user = args.value("user", "");
      ++member_reads[user];
      const auto it = guild.find(user);
      if (it == guild.end()) return std::nullopt;  // not in the guild: the recorder answers "not found"
      return json{{"user", {{"id", user}, {"username", "member"}}}, {"roles", it->second}, {"joined_at", "2025-01-01"}}
          .dump();
    });
  }
  void TearDown() override { clear_ranking(bench); }

  void configure(const std::string& engaged, const std::string& veteran, const std::string& trusted) {
    bench.admin_exec("UPDATE community_config SET engaged_role_id = NULLIF($2, ''), veteran_role_id = NULLIF($3, ''), "
                     "trusted_role_id = NULLIF($4, '') WHERE community_id = $1::uuid",
                     {bench.community_id(), engaged, veteran, trusted});
  }
  // Member n is in the guild holding `roles`.
  void in_guild(int n, std::vector<std::string> roles = {}) { guild[member_discord_id(n)] = std::move(roles); }

  // Exactly these held badges for member n (and nothing revoked).
  void set_badges(int n, const std::vector<std::string>& badges) {
    bench.admin_exec("DELETE FROM member_badges WHERE profile_id = $1::uuid", {sietch.profile_id(n)});
    for (const auto& b : badges) {
      bench.admin_exec("INSERT INTO member_badges (community_id, profile_id, badge_id) VALUES ($1::uuid, $2::uuid, $3)",
                       {bench.community_id(), sietch.profile_id(n), b});
    }
  }
  // The stored balance, last decayed `hours_ago` hours ago (the pending decay applies on reading).
  void set_balance(int n, double balance, int hours_ago = 0) {
    bench.admin_exec("UPDATE member_activity SET activity_balance = $2::float8, "
                     "last_decay_at = now() - make_interval(hours => $3::int) WHERE profile_id = $1::uuid",
                     {sietch.profile_id(n), std::to_string(balance), std::to_string(hours_ago)});
  }
  void set_joined_days_ago(int n, int days) {
    bench.admin_exec("UPDATE profiles SET joined_at = now() - make_interval(days => $2::int) WHERE id = $1::uuid",
                     {sietch.profile_id(n), std::to_string(days)});
  }

  PluginRun resync(int n, const std::string& reason = "badge_award") {
    return resync_payload(
        {{"discordId", member_discord_id(n)}, {"profileId", sietch.profile_id(n)}, {"reason", reason}});
  }
  PluginRun resync_payload(const json& data) {
    return bench.run({{"eventId", "00000000-0000-4000-8000-0000000000" + std::to_string(10 + ++runs)},
                      {"eventType", "internal.sietch.roles.resync"},
                      {"timestamp", 1764000000000},
                      {"communityId", bench.community_id()},
                      {"source", {{"plugin", "admin-badge"}, {"version", "1.0.0"}}},
                      {"data", data}});
  }

  PluginBench bench{"role-sync"};
  SeededSietch sietch;
  std::map<std::string, std::vector<std::string>> guild;
  std::map<std::string, int> member_reads;
  int runs = 0;
};

}  // namespace

TEST_F(RoleSyncPlugin, SeededMembersGetTheRolesTheyQualifyForWithTheAuditReason) {
  // Member 4: helper, builder, teacher, consistent (4 badges), balance 52, joined 149 days ago.
  in_guild(4, {kOther});
  const auto four = resync(4);
  ASSERT_EQ(four.status, ARRAKIS_OK) << four.error;
  EXPECT_EQ(role_calls(four), (std::vector<std::string>{"+" + kVeteran, "+" + kTrusted}));
  for (const auto& e : effects_of(four, "guild.add_role")) {
    EXPECT_EQ(e["user"], member_discord_id(4));
    EXPECT_EQ(e["reason"], "Sietch role sync (badge_award)");
  }
  // Member 22: helper, builder, balance 286, joined 15 days ago.
  in_guild(22);
  EXPECT_EQ(role_calls(resync(22, "water_share")), (std::vector<std::string>{"+" + kEngaged, "+" + kTrusted}));
  // Member 15: no badges, balance 195, joined 156 days ago; holds engaged and trusted unearned.
  in_guild(15, {kEngaged, kTrusted, kOther});
  const auto fifteen = resync(15, "badge_revoke");
  EXPECT_EQ(role_calls(fifteen), (std::vector<std::string>{"+" + kVeteran, "-" + kEngaged, "-" + kTrusted}));
  EXPECT_EQ(effects_of(fifteen, "guild.remove_role")[0]["reason"], "Sietch role sync (badge_revoke)");
  EXPECT_TRUE(effects_of(fifteen, "event.publish").empty()) << "the consumer publishes nothing";
}

TEST_F(RoleSyncPlugin, EngagedFromFiveHeldBadgesNotFour) {
  // Member 15: balance 195 (under 200), so only badges can make it engaged.
  in_guild(15, {kVeteran});
  set_badges(15, {"builder", "teacher", "consistent", "dedicated"});
  EXPECT_TRUE(role_calls(resync(15)).empty()) << "4 badges: not engaged";
  set_badges(15, {"builder", "teacher", "consistent", "dedicated", "og"});
  EXPECT_EQ(role_calls(resync(15)), (std::vector<std::string>{"+" + kEngaged}));
  // A revoked badge is not held.
  bench.admin_exec("UPDATE member_badges SET revoked = true, revoked_at = now() WHERE profile_id = $1::uuid "
                   "AND badge_id = 'og'", {sietch.profile_id(15)});
  in_guild(15, {kVeteran, kEngaged});
  EXPECT_EQ(role_calls(resync(15, "badge_revoke")), (std::vector<std::string>{"-" + kEngaged}));
}

TEST_F(RoleSyncPlugin, EngagedFromADecayedBalanceOf200Not199) {
  in_guild(15, {kVeteran});
  set_balance(15, 199);
  EXPECT_TRUE(role_calls(resync(15)).empty()) << "199: not engaged";
  set_balance(15, 200);
  EXPECT_EQ(role_calls(resync(15)), (std::vector<std::string>{"+" + kEngaged}));
  // 230 last decayed 7 hours ago: one pending period, 207 now.
  set_balance(15, 230, 7);
  EXPECT_EQ(role_calls(resync(15)), (std::vector<std::string>{"+" + kEngaged}));
  // 240 last decayed 13 hours ago: two periods, 194.4 now, although 240 is stored.
  in_guild(15, {kVeteran, kEngaged});
  set_balance(15, 240, 13);
  EXPECT_EQ(role_calls(resync(15)), (std::vector<std::string>{"-" + kEngaged}));
}

TEST_F(RoleSyncPlugin, TrustedFromTenHeldBadgesNotNine) {
  const std::vector<std::string> nine = {"og", "veteran", "elder", "consistent", "dedicated", "devoted", "builder",
                                         "teacher", "water-sharer"};
  in_guild(15, {kVeteran, kEngaged});
  set_badges(15, nine);
  EXPECT_TRUE(role_calls(resync(15)).empty()) << "9 badges (no helper): engaged, not trusted";
  auto ten = nine;
  ten.push_back("founding-fedaykin");
  set_badges(15, ten);
  EXPECT_EQ(role_calls(resync(15)), (std::vector<std::string>{"+" + kTrusted}));
}

TEST_F(RoleSyncPlugin, TrustedFromTheHelperBadgeAlone) {
  in_guild(15, {kVeteran});
  set_badges(15, {"helper"});
  EXPECT_EQ(role_calls(resync(15)), (std::vector<std::string>{"+" + kTrusted}));
  in_guild(15, {kVeteran, kTrusted});
  bench.admin_exec("UPDATE member_badges SET revoked = true, revoked_at = now() WHERE profile_id = $1::uuid",
                   {sietch.profile_id(15)});
  EXPECT_EQ(role_calls(resync(15, "badge_revoke")), (std::vector<std::string>{"-" + kTrusted}))
      << "a revoked helper badge does not count";
}

TEST_F(RoleSyncPlugin, VeteranFrom90DaysNot89) {
  in_guild(15);
  set_joined_days_ago(15, 89);
  EXPECT_TRUE(role_calls(resync(15)).empty()) << "89 days: not a veteran";
  set_joined_days_ago(15, 90);
  EXPECT_EQ(role_calls(resync(15)), (std::vector<std::string>{"+" + kVeteran}));
}

TEST_F(RoleSyncPlugin, VeteranIsNeverRemovedOnceHeld) {
  // Member 22 joined 15 days ago, yet holds veteran (and engaged, which it still earns).
  in_guild(22, {kVeteran, kEngaged, kTrusted});
  EXPECT_TRUE(role_calls(resync(22)).empty());
  set_badges(22, {});
  set_balance(22, 0);
  EXPECT_EQ(role_calls(resync(22, "badge_revoke")), (std::vector<std::string>{"-" + kEngaged, "-" + kTrusted}))
      << "veteran stays";
}

TEST_F(RoleSyncPlugin, ARedeliveredRequestChangesNothingTwice) {
  in_guild(4);
  EXPECT_EQ(role_calls(resync(4)), (std::vector<std::string>{"+" + kVeteran, "+" + kTrusted}));
  // Discord applied the calls: the same request again (or a later one) finds nothing to do.
  in_guild(4, {kVeteran, kTrusted});
  const auto again = resync(4);
  EXPECT_EQ(again.status, ARRAKIS_OK);
  EXPECT_TRUE(role_calls(again).empty());
  EXPECT_TRUE(role_calls(resync(4, "water_share")).empty());
}

TEST_F(RoleSyncPlugin, ARoleNotConfiguredIsSkipped) {
  configure("", "", kTrusted);
  in_guild(4, {kEngaged});
  EXPECT_EQ(role_calls(resync(4)), (std::vector<std::string>{"+" + kTrusted}))
      << "engaged and veteran are not configured: neither added nor removed";
}

TEST_F(RoleSyncPlugin, NothingConfiguredChangesNothingAndAsksDiscordNothing) {
  configure("", "", "");
  in_guild(4);
  const auto run = resync(4);
  EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_TRUE(role_calls(run).empty());
  EXPECT_EQ(member_reads[member_discord_id(4)], 0);
}

TEST_F(RoleSyncPlugin, AMemberNotInTheGuildGetsNoRoleChanges) {
  const auto run = resync(4);  // member 4 qualifies for veteran and trusted, but is not in the guild
  EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(member_reads[member_discord_id(4)], 1);
  EXPECT_TRUE(role_calls(run).empty());
}

TEST_F(RoleSyncPlugin, NotOnboardedDepartedAndUnknownMembersGetNoRoleChanges) {
  // 41 never finished onboarding; 43 departed (both joined long enough ago for veteran).
  for (int n : {41, 42, 43}) {
    set_joined_days_ago(n, 200);
    in_guild(n, {kEngaged});
    const auto run = resync(n);
    EXPECT_EQ(run.status, ARRAKIS_OK) << n << ": " << run.error;
    EXPECT_TRUE(role_calls(run).empty()) << n;
    EXPECT_EQ(member_reads[member_discord_id(n)], 0) << n << ": Discord is not even asked";
  }
  const auto unknown = resync_payload({{"discordId", "123456789012345678"},
                                       {"profileId", "00000000-0000-4000-8000-00000000abcd"},
                                       {"reason", "badge_award"}});
  EXPECT_EQ(unknown.status, ARRAKIS_OK) << unknown.error;
  EXPECT_TRUE(role_calls(unknown).empty());
  const auto empty = resync_payload(json::object());
  EXPECT_EQ(empty.status, ARRAKIS_OK) << "a request naming nobody is ignored, never dead-lettered";
  EXPECT_TRUE(role_calls(empty).empty());
}

TEST_F(RoleSyncPlugin, FindsTheMemberByDiscordIdWhenTheProfileIdIsMissing) {
  in_guild(4);
  const auto run = resync_payload({{"discordId", member_discord_id(4)}, {"reason", "water_share_revoke"}});
  EXPECT_EQ(role_calls(run), (std::vector<std::string>{"+" + kVeteran, "+" + kTrusted}));
  EXPECT_EQ(effects_of(run, "guild.add_role")[0]["reason"], "Sietch role sync (water_share_revoke)");
}
