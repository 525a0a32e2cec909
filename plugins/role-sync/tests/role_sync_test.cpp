// role-sync on the standard seeded Sietch (community.hpp: member n holds rank n and the first n % 5 of
// helper, builder, teacher, consistent, dedicated; activity (n * 13) % 300, undecayed; joined
// joined_days_ago(n) days ago; members 1-7 hold seats 1-7; 3, 8, 9, 10 are former Naib; 41, 42 not
// onboarded; 43 departed), against the real database (migrated, RLS on), with the members' Discord
// roles answered by the recorder and the role calls recorded.
#include <gtest/gtest.h>

#include <algorithm>
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
const std::string kOnboarded = "700000000000000010";
const std::string kNaib = "700000000000000011";
const std::string kFedaykin = "700000000000000012";
const std::string kFormerNaib = "700000000000000013";
const std::string kTaqwa = "700000000000000014";  // configured, but the waitlist commands own it
// The BGT tier roles hajra .. usul.
const std::vector<std::string> kTierRoles = {"700000000000000020", "700000000000000021", "700000000000000022",
                                             "700000000000000023", "700000000000000024", "700000000000000025",
                                             "700000000000000026"};
enum TierRole { kHajra, kIchwan, kQanat, kSihaya, kMushtamal, kSayyadina, kUsul };
const std::vector<std::string> kTierNames = {"hajra", "ichwan", "qanat", "sihaya", "mushtamal", "sayyadina", "usul"};

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
      read_log.push_back(user);
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
  // Exactly these managed roles configured (column -> role id); every other one unset.
  void configure_only(const std::map<std::string, std::string>& roles) {
    std::string sql = "UPDATE community_config SET naib_role_id = NULL, fedaykin_role_id = NULL, "
                      "onboarded_role_id = NULL, engaged_role_id = NULL, veteran_role_id = NULL, trusted_role_id = NULL, "
                      "former_naib_role_id = NULL, taqwa_role_id = NULL";
    for (const auto& tier : kTierNames) sql += ", " + tier + "_role_id = NULL";
    bench.admin_exec(sql + " WHERE community_id = $1::uuid", {bench.community_id()});
    for (const auto& [column, role] : roles) {
      bench.admin_exec("UPDATE community_config SET " + column + " = $2 WHERE community_id = $1::uuid",
                       {bench.community_id(), role});
    }
  }
  void configure_gate() { configure_only({{"naib_role_id", kNaib}, {"fedaykin_role_id", kFedaykin}}); }
  void configure_everything() {
    std::map<std::string, std::string> roles = {
        {"naib_role_id", kNaib},         {"fedaykin_role_id", kFedaykin}, {"onboarded_role_id", kOnboarded},
        {"engaged_role_id", kEngaged},   {"veteran_role_id", kVeteran},   {"trusted_role_id", kTrusted},
        {"former_naib_role_id", kFormerNaib}, {"taqwa_role_id", kTaqwa}};
    for (std::size_t i = 0; i < kTierNames.size(); ++i) roles[kTierNames[i] + "_role_id"] = kTierRoles[i];
    configure_only(roles);
  }
  // Member n's seat closes (as a bump, or another reason), and the profile becomes a former Naib on a bump.
  void unseat(int n, const std::string& reason) {
    bench.admin_exec("UPDATE naib_seats SET unseated_at = now(), unseat_reason = $2 WHERE profile_id = $1::uuid "
                     "AND unseated_at IS NULL",
                     {sietch.profile_id(n), reason});
    if (reason == "bumped") {
      bench.admin_exec("UPDATE profiles SET is_former_naib = true WHERE id = $1::uuid", {sietch.profile_id(n)});
    }
  }
  void set_tier(int n, const std::string& tier) {
    bench.admin_exec("UPDATE profiles SET tier = $2 WHERE id = $1::uuid", {sietch.profile_id(n), tier});
  }
  // Discord applies a run's role calls to the members' roles.
  void apply(const PluginRun& run) {
    for (const auto& e : run.effects) {
      const std::string kind = e["kind"];
      if (kind != "guild.add_role" && kind != "guild.remove_role") continue;
      auto& roles = guild[e["user"].get<std::string>()];
      const std::string role = e["role"];
      roles.erase(std::remove(roles.begin(), roles.end(), role), roles.end());
      if (kind == "guild.add_role") roles.push_back(role);
    }
  }
  bool holds(int n, const std::string& role) {
    const auto& roles = guild[member_discord_id(n)];
    return std::find(roles.begin(), roles.end(), role) != roles.end();
  }
  // The members read from Discord since read_log position `from`.
  std::vector<std::string> reads_since(std::size_t from) const {
    return std::vector<std::string>(read_log.begin() + static_cast<std::ptrdiff_t>(from), read_log.end());
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
  std::vector<std::string> read_log;
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

// --- onboarded, Naib / Fedaykin / Former Naib, tiers (managed_roles.hpp)

TEST_F(RoleSyncPlugin, AFinishedProfileGetsTheOnboardedRoleAndKeepsIt) {
  configure_only({{"onboarded_role_id", kOnboarded}});
  in_guild(15, {kOther});
  const auto run = resync(15, "onboarding_complete");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(role_calls(run), (std::vector<std::string>{"+" + kOnboarded}));
  EXPECT_EQ(effects_of(run, "guild.add_role")[0]["reason"], "Sietch role sync (onboarding_complete)");
  in_guild(15, {kOnboarded});
  EXPECT_TRUE(role_calls(resync(15)).empty());
  in_guild(41);
  EXPECT_TRUE(role_calls(resync(41)).empty()) << "a profile that never finished onboarding gets nothing";
}

TEST_F(RoleSyncPlugin, ASeatGivesNaibAndTakesFedaykin) {
  configure_gate();
  in_guild(5, {kFedaykin, kOther});  // member 5 holds seat 5
  EXPECT_EQ(role_calls(resync(5, "naib_seated")), (std::vector<std::string>{"+" + kNaib, "-" + kFedaykin}));
  in_guild(5, {kNaib, kOther});
  EXPECT_TRUE(role_calls(resync(5)).empty());
  in_guild(3, {});  // a former Naib seated again
  EXPECT_EQ(role_calls(resync(3)), (std::vector<std::string>{"+" + kNaib}));
}

TEST_F(RoleSyncPlugin, EligibleWithoutASeatGivesFedaykinAndTakesNaib) {
  configure_gate();
  in_guild(15, {kNaib});  // rank 15, never seated
  EXPECT_EQ(role_calls(resync(15, "eligibility_sync")), (std::vector<std::string>{"+" + kFedaykin, "-" + kNaib}));
  unseat(2, "manual");  // rank 2 without a seat is Fedaykin too
  in_guild(2, {kNaib});
  EXPECT_EQ(role_calls(resync(2, "member_update")), (std::vector<std::string>{"+" + kFedaykin, "-" + kNaib}));
}

TEST_F(RoleSyncPlugin, ABumpedNaibGetsFedaykinAndFormerNaibWhenConfigured) {
  configure_only({{"naib_role_id", kNaib}, {"fedaykin_role_id", kFedaykin}, {"former_naib_role_id", kFormerNaib}});
  unseat(5, "bumped");
  in_guild(5, {kNaib});
  EXPECT_EQ(role_calls(resync(5, "naib_bumped")),
            (std::vector<std::string>{"+" + kFedaykin, "+" + kFormerNaib, "-" + kNaib}));
  // Seeded former Naib: 8 (closed terms), 10 (only the flag); 3 sits again, so no Former Naib for now.
  in_guild(8, {kFedaykin});
  EXPECT_EQ(role_calls(resync(8)), (std::vector<std::string>{"+" + kFormerNaib}));
  in_guild(10, {kFedaykin});
  EXPECT_EQ(role_calls(resync(10)), (std::vector<std::string>{"+" + kFormerNaib}));
  in_guild(3, {kNaib});
  EXPECT_TRUE(role_calls(resync(3)).empty());
  // Not configured: a bumped member still swaps Naib for Fedaykin, and nothing else.
  configure_gate();
  unseat(4, "bumped");
  in_guild(4, {kNaib});
  EXPECT_EQ(role_calls(resync(4, "naib_bumped")), (std::vector<std::string>{"+" + kFedaykin, "-" + kNaib}));
}

TEST_F(RoleSyncPlugin, AMemberNoLongerEligibleLosesNaibAndFedaykinButKeepsTaqwa) {
  configure_only({{"naib_role_id", kNaib}, {"fedaykin_role_id", kFedaykin}, {"taqwa_role_id", kTaqwa}});
  // 71 is ranked 71 (and on the waitlist), 501's wallet is unranked, 502 has no wallet.
  for (int n : {71, kUnrankedWallet, kNoWalletMember}) {
    in_guild(n, {kNaib, kFedaykin, kTaqwa});
    EXPECT_EQ(role_calls(resync(n)), (std::vector<std::string>{"-" + kNaib, "-" + kFedaykin})) << n;
  }
  in_guild(71, {kTaqwa});
  EXPECT_TRUE(role_calls(resync(71)).empty()) << "Taqwa is never taken by the sync";
}

TEST_F(RoleSyncPlugin, InShadowModeTheIncumbentBotKeepsNaibAndFedaykin) {
  configure_only({{"naib_role_id", kNaib}, {"fedaykin_role_id", kFedaykin}, {"onboarded_role_id", kOnboarded}});
  bench.admin_exec("INSERT INTO incumbent_configs (community_id, provider) VALUES ($1::uuid, 'collabland')",
                   {bench.community_id()});
  in_guild(71, {kNaib, kFedaykin});
  EXPECT_EQ(role_calls(resync(71)), (std::vector<std::string>{"+" + kOnboarded}))
      << "an incumbent configured, no migration started: its gate roles are left alone";
  in_guild(71, {kNaib, kFedaykin, kOnboarded});
  bench.admin_exec("INSERT INTO migration_states (community_id, current_mode) VALUES ($1::uuid, 'shadow')",
                   {bench.community_id()});
  EXPECT_TRUE(role_calls(resync(71)).empty()) << "shadow mode";
  bench.admin_exec("UPDATE migration_states SET current_mode = 'parallel' WHERE community_id = $1::uuid",
                   {bench.community_id()});
  EXPECT_EQ(role_calls(resync(71)), (std::vector<std::string>{"-" + kNaib, "-" + kFedaykin}))
      << "from parallel mode on the Sietch gives and takes its own gate roles";
}

TEST_F(RoleSyncPlugin, WithoutAnyRankingNaibAndFedaykinAreLeftAlone) {
  configure_gate();
  clear_ranking(bench);  // the eligibility sync never ran: nobody can be judged ineligible
  in_guild(15, {kNaib});
  EXPECT_TRUE(role_calls(resync(15)).empty());
}

TEST_F(RoleSyncPlugin, TheTierRoleIsHeldAndEveryHigherTierRoleGoesOnADemotion) {
  std::map<std::string, std::string> tiers;
  for (std::size_t i = 0; i < kTierNames.size(); ++i) tiers[kTierNames[i] + "_role_id"] = kTierRoles[i];
  configure_only(tiers);
  // Member 95 (rank 95, 550 BGT) is sihaya.
  in_guild(95, {kTierRoles[kHajra], kTierRoles[kMushtamal], kTierRoles[kUsul]});
  EXPECT_EQ(role_calls(resync(95, "eligibility_sync")),
            (std::vector<std::string>{"+" + kTierRoles[kSihaya], "-" + kTierRoles[kMushtamal], "-" + kTierRoles[kUsul]}))
      << "hajra, below sihaya, stays";
  // Demoted to qanat: sihaya goes, qanat comes.
  set_tier(95, "qanat");
  in_guild(95, {kTierRoles[kHajra], kTierRoles[kSihaya]});
  EXPECT_EQ(role_calls(resync(95, "eligibility_sync")),
            (std::vector<std::string>{"+" + kTierRoles[kQanat], "-" + kTierRoles[kSihaya]}));
  // Promoted to usul: the lower roles held stay.
  set_tier(95, "usul");
  in_guild(95, {kTierRoles[kHajra], kTierRoles[kQanat]});
  EXPECT_EQ(role_calls(resync(95)), (std::vector<std::string>{"+" + kTierRoles[kUsul]}));
  // Member 15 is of the fedaykin tier, which has no tier role: its BGT tier roles are left alone.
  in_guild(15, {kTierRoles[kUsul]});
  EXPECT_TRUE(role_calls(resync(15)).empty());
}

TEST_F(RoleSyncPlugin, EveryManagedRoleConvergesAndASecondRunChangesNothing) {
  configure_everything();
  // Member 22: rank 22 (fedaykin tier), helper and builder, balance 286, joined 15 days ago, no seat.
  in_guild(22, {kVeteran, kNaib, kTaqwa, kTierRoles[kHajra], kTierRoles[kUsul], kOther});
  const auto first = resync(22);
  EXPECT_EQ(role_calls(first), (std::vector<std::string>{"+" + kEngaged, "+" + kTrusted, "+" + kOnboarded,
                                                          "+" + kFedaykin, "-" + kNaib}))
      << "veteran (unearned), Taqwa and the tier roles are not taken";
  apply(first);
  EXPECT_TRUE(role_calls(resync(22)).empty());
  EXPECT_TRUE(holds(22, kVeteran));
}

// --- the hourly schedule

TEST_F(RoleSyncPlugin, TheScheduleConvergesEveryOnboardedMemberAPageARunAndASecondPassChangesNothing) {
  configure_everything();
  // Everyone with a profile is in the guild holding the wrong gate roles and a high tier role,
  // except member 30, who left Discord without the Sietch knowing yet.
  for (int n : onboarded_members()) {
    if (n != 30) in_guild(n, {kNaib, kFedaykin, kVeteran, kTierRoles[kUsul]});
  }
  for (int n : {41, 42, 43}) in_guild(n, {kNaib});

  std::set<std::string> first_pass;
  std::vector<std::string> first_page;
  for (std::size_t page = 0; page < 2; ++page) {
    const std::size_t from = read_log.size();
    const auto run = bench.job("sync-roles");
    ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
    EXPECT_FALSE(role_calls(run).empty());
    for (const auto& e : effects_of(run, "guild.add_role")) EXPECT_EQ(e["reason"], "Sietch role sync (scheduled)");
    apply(run);
    const auto reads = reads_since(from);
    EXPECT_EQ(reads.size(), page == 0 ? 50u : 22u) << "a run reads at most 50 members";
    if (page == 0) first_page = reads;
    for (const auto& user : reads) EXPECT_TRUE(first_pass.insert(user).second) << user << " read twice in a pass";
  }
  std::set<std::string> onboarded;
  for (int n : onboarded_members()) onboarded.insert(member_discord_id(n));
  EXPECT_EQ(first_pass, onboarded) << "two runs cover every onboarded member";
  for (int n : {41, 42, 43}) EXPECT_EQ(member_reads[member_discord_id(n)], 0) << n;

  // What the pass left: seats hold Naib, the other eligible Fedaykin, the rest neither; veteran and
  // the lower tier roles stay.
  for (int n : {1, 3, 7}) EXPECT_TRUE(holds(n, kNaib) && !holds(n, kFedaykin)) << n;
  for (int n : {8, 22, 69}) EXPECT_TRUE(!holds(n, kNaib) && holds(n, kFedaykin)) << n;
  for (int n : {71, 100, kUnrankedWallet}) EXPECT_TRUE(!holds(n, kNaib) && !holds(n, kFedaykin)) << n;
  for (int n : {8, 9, 10}) EXPECT_TRUE(holds(n, kFormerNaib)) << n;
  EXPECT_FALSE(holds(3, kFormerNaib)) << "seated again";
  EXPECT_TRUE(holds(100, kTierRoles[kSihaya]) && !holds(100, kTierRoles[kUsul])) << "rank 100, 480 BGT: sihaya";
  EXPECT_TRUE(holds(22, kTierRoles[kUsul])) << "the fedaykin tier's BGT roles are left alone";
  for (int n : onboarded_members()) {
    if (n != 30) {
      EXPECT_TRUE(holds(n, kOnboarded) && holds(n, kVeteran)) << n;
    }
  }

  // A new pass starts where the first did, and finds nothing to change.
  for (std::size_t page = 0; page < 2; ++page) {
    const std::size_t from = read_log.size();
    const auto run = bench.job("sync-roles");
    ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
    EXPECT_TRUE(role_calls(run).empty()) << "page " << page << " of the second pass";
    if (page == 0) {
      EXPECT_EQ(reads_since(from), first_page);
    }
  }
}

TEST_F(RoleSyncPlugin, TheScheduleDoesNothingWhenNoRoleIsConfigured) {
  configure_only({});
  in_guild(4);
  const auto run = bench.job("sync-roles");
  EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_TRUE(role_calls(run).empty());
  EXPECT_TRUE(read_log.empty());
}
