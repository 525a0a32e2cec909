// badge-check on the standard seeded Sietch (community.hpp: member n joined joined_days_ago(n)
// days ago — every tenth inside the OG window of 2025-01-01 —, activity balance (n * 13) % 300
// undecayed, the first n % 5 of helper, builder, teacher, consistent, dedicated held, a revoked
// devoted for n % 7 == 0; 72 onboarded members), against the real database, the published events
// recorded.
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

using Badges = std::set<std::string>;

json published(const PluginRun& run, const std::string& type) {
  json out = json::array();
  for (const auto& e : run.effects) {
    if (e["kind"] == "event.publish" && e["type"] == type) out.push_back(e["data"]);
  }
  return out;
}

class BadgeCheckJob : public ::testing::Test {
 protected:
  void SetUp() override { sietch = seed_sietch(bench); }
  void TearDown() override { clear_ranking(bench); }

  const std::string& id(int n) const { return sietch.profile_id(n); }

  PluginRun check() {
    auto run = bench.job("badge-check");
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    return run;
  }
  // The badges member n holds (not revoked).
  Badges held(int n) {
    Badges out;
    for (const auto& r : bench.admin_exec("SELECT badge_id FROM member_badges WHERE profile_id = $1::uuid AND NOT revoked",
                                          {id(n)})) {
      out.insert(r[0].as<std::string>());
    }
    return out;
  }
  // The badges awarded to member n by this run, from its badge_award alerts.
  static Badges awarded(const PluginRun& run, int n) {
    Badges out;
    for (const auto& alert : published(run, "internal.sietch.alert")) {
      if (alert["discordId"] == member_discord_id(n)) out.insert(alert["data"]["badgeId"].get<std::string>());
    }
    return out;
  }
  void set_balance(int n, double balance, int hours_since_decay = 0) {
    bench.admin_exec("UPDATE member_activity SET activity_balance = $2::float8, "
                     "last_decay_at = now() - make_interval(hours => $3::int) WHERE profile_id = $1::uuid",
                     {id(n), std::to_string(balance), std::to_string(hours_since_decay)});
  }
  void set_departed(int n, bool departed) {
    bench.admin_exec("UPDATE profiles SET departed_at = CASE WHEN $2::boolean THEN now() END WHERE id = $1::uuid",
                     {id(n), departed ? "true" : "false"});
  }

  PluginBench bench{"badge-check"};
  SeededSietch sietch;
};

}  // namespace

TEST_F(BadgeCheckJob, AwardsTenureAndEngagementBadgesByTheRules) {
  set_balance(24, 500);      // devoted at exactly 500
  set_balance(26, 499.99);   // just under
  set_balance(27, 540, 6);   // 540 × 0.9 = 486 once decayed: dedicated, not devoted
  const auto run = check();
  // 10: in the OG window (so also a member for 180+ days), balance 130, no badges held.
  EXPECT_EQ(awarded(run, 10), (Badges{"og", "veteran", "elder", "consistent"}));
  // 3: 112 days; 5: 186 days; 1: 38 days, balance 13.
  EXPECT_EQ(awarded(run, 3), (Badges{"veteran"}));
  EXPECT_EQ(awarded(run, 5), (Badges{"veteran", "elder"}));
  EXPECT_EQ(awarded(run, 1), Badges{});
  // 22: 15 days, balance 286, holds helper and builder.
  EXPECT_EQ(awarded(run, 22), (Badges{"consistent", "dedicated"}));
  EXPECT_EQ(held(22), (Badges{"helper", "builder", "consistent", "dedicated"}));
  // Balance edges (24: 89 days, not yet a veteran, already holds consistent; 26: 163 days; 27: 200
  // days, its 540 decayed by one period).
  EXPECT_EQ(awarded(run, 24), (Badges{"dedicated", "devoted"}));
  EXPECT_EQ(awarded(run, 26), (Badges{"veteran", "consistent", "dedicated"}));
  EXPECT_EQ(awarded(run, 27), (Badges{"veteran", "elder", "consistent", "dedicated"}));
  // 72 onboarded members: nobody is a founding Fedaykin.
  EXPECT_EQ(bench.admin_exec("SELECT count(*) FROM member_badges WHERE community_id = $1::uuid "
                             "AND badge_id = 'founding-fedaykin'",
                             {bench.community_id()})[0][0]
                .as<int>(),
            0);

  // Provenance: automatic, no awarder, the catalogue's description as the reason.
  const auto row = bench.admin_exec(
      "SELECT source, awarded_by IS NULL, award_reason, grant_id IS NULL FROM member_badges "
      "WHERE profile_id = $1::uuid AND badge_id = 'veteran'",
      {id(3)});
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0][0].as<std::string>(), "automatic");
  EXPECT_TRUE(row[0][1].as<bool>());
  EXPECT_EQ(row[0][2].as<std::string>(), "A member for 90 days or more");
  EXPECT_TRUE(row[0][3].as<bool>());
}

TEST_F(BadgeCheckJob, NeverRevokesAndNeverUndoesAnAdminsRevocation) {
  set_balance(28, 600);  // 28 holds helper, builder, teacher and a revoked devoted
  set_balance(4, 0);     // 4 holds consistent from an earlier balance
  const std::string revoked_sql = "SELECT count(*) FROM member_badges WHERE community_id = $1::uuid AND revoked";
  const int revoked = bench.admin_exec(revoked_sql, {bench.community_id()})[0][0].as<int>();
  const auto run = check();
  EXPECT_EQ(awarded(run, 28).count("devoted"), 0u) << "an admin's revocation stands";
  EXPECT_EQ(bench.admin_exec("SELECT revoked FROM member_badges WHERE profile_id = $1::uuid AND badge_id = 'devoted'",
                             {id(28)})[0][0]
                .as<bool>(),
            true);
  EXPECT_TRUE(held(4).count("consistent")) << "an engagement badge stays when the balance falls";
  EXPECT_EQ(bench.admin_exec(revoked_sql, {bench.community_id()})[0][0].as<int>(), revoked) << "nothing revoked";
}

TEST_F(BadgeCheckJob, OnlyOnboardedMembersWhoStayedAreConsidered) {
  const auto run = check();
  // 41 (not onboarded) and 43 (left the server) joined long enough ago for veteran.
  EXPECT_EQ(awarded(run, 41), Badges{});
  EXPECT_EQ(awarded(run, 43), Badges{});
  EXPECT_EQ(held(41), Badges{});
  EXPECT_EQ(held(43), Badges{});
}

TEST_F(BadgeCheckJob, OgFollowsTheCommunitysLaunchDate) {
  // Launch 60 days ago: whoever joined by 30 days after it (about 30 days ago) is OG. Member 1
  // joined 38 days ago, member 22 15 days ago.
  bench.admin_exec("UPDATE community_config SET launch_date = (now() AT TIME ZONE 'UTC')::date - 60 "
                   "WHERE community_id = $1::uuid",
                   {bench.community_id()});
  const auto run = check();
  EXPECT_TRUE(awarded(run, 1).count("og"));
  EXPECT_FALSE(awarded(run, 22).count("og"));
}

TEST_F(BadgeCheckJob, PublishesTheAlertForEachAwardAndOneResyncPerMember) {
  const auto run = check();
  const auto alerts = published(run, "internal.sietch.alert");
  const auto resyncs = published(run, "internal.sietch.roles.resync");
  const int awards = bench.admin_exec("SELECT count(*) FROM member_badges WHERE community_id = $1::uuid "
                                      "AND source = 'automatic' AND award_reason IS NOT NULL",
                                      {bench.community_id()})[0][0]
                         .as<int>();
  EXPECT_EQ(static_cast<int>(alerts.size()), awards);
  std::set<std::string> members;
  for (const auto& a : alerts) {
    EXPECT_EQ(a["type"], "badge_award");
    EXPECT_TRUE(a["data"]["badgeName"].is_string());
    members.insert(a["profileId"].get<std::string>());
  }
  ASSERT_EQ(resyncs.size(), members.size());
  for (const auto& r : resyncs) {
    EXPECT_EQ(r["reason"], "badge_award");
    EXPECT_TRUE(members.count(r["profileId"].get<std::string>()));
  }
  // Member 10's alerts name it and carry the badge facts.
  for (const auto& a : alerts) {
    if (a["profileId"] != id(10) || a["data"]["badgeId"] != "elder") continue;
    EXPECT_EQ(a["discordId"], member_discord_id(10));
    EXPECT_EQ(a["data"]["badgeName"], "Elder");
    EXPECT_FALSE(a["data"].contains("reason")) << "the DM shows the catalogue's description; no reason repeats it";
  }
}

TEST_F(BadgeCheckJob, ASecondRunAwardsAndPublishesNothing) {
  const auto first = check();
  ASSERT_FALSE(published(first, "internal.sietch.alert").empty());
  const auto before = bench.admin_exec("SELECT count(*) FROM member_badges WHERE community_id = $1::uuid",
                                       {bench.community_id()})[0][0]
                          .as<int>();
  const auto second = check();
  EXPECT_TRUE(second.effects.dump().find("event.publish") == std::string::npos) << second.effects.dump(1);
  EXPECT_EQ(bench.admin_exec("SELECT count(*) FROM member_badges WHERE community_id = $1::uuid",
                             {bench.community_id()})[0][0]
                .as<int>(),
            before);
}

TEST_F(BadgeCheckJob, FoundingFedaykinWhileAtMostSixtyNineOnboardedMembers) {
  for (int n : {120, 121, 122}) set_departed(n, true);  // 72 - 3 = 69 onboarded members stay
  const auto run = check();
  int founding = 0;
  for (const auto& a : published(run, "internal.sietch.alert")) founding += a["data"]["badgeId"] == "founding-fedaykin";
  EXPECT_EQ(founding, 69);
  EXPECT_TRUE(held(1).count("founding-fedaykin"));
  EXPECT_FALSE(held(120).count("founding-fedaykin")) << "gone when it was awarded";

  set_departed(122, false);  // back: 70 members
  const auto later = check();
  EXPECT_EQ(awarded(later, 122), (Badges{"veteran"})) << "its other badges, not founding-fedaykin";
  EXPECT_FALSE(held(122).count("founding-fedaykin"));
  EXPECT_TRUE(held(1).count("founding-fedaykin")) << "kept once awarded";
}
