// member-leave on the standard seeded Sietch (community.hpp: members 1-7 hold Naib seats 1-7,
// member 2 at rank 2 with 1970 BGT; member 71 and the non-member waitlist_discord_id(75) are
// registered on the waitlist), against the real database (RLS on); Discord calls recorded.
#include <gtest/gtest.h>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/sietch/testing/guild_events.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

class MemberLeavePlugin : public ::testing::Test {
 protected:
  void SetUp() override { sietch = seed_sietch(bench); }
  void TearDown() override { clear_ranking(bench); }

  PluginRun leave(const std::string& user, const std::string& key = "") {
    return bench.run(member_leave(bench, user, ++events), key);
  }
  pqxx::result sql(const std::string& query, std::vector<std::string> params = {}) {
    params.insert(params.begin(), bench.community_id());
    return bench.admin_exec(query, params);
  }
  // Every naib_seats row of the community as "seat:member-profile:reason:bgt", oldest first.
  std::vector<std::string> seats() {
    std::vector<std::string> out;
    for (const auto& r : sql("SELECT seat_number || ':' || profile_id || ':' || COALESCE(unseat_reason, 'seated') || ':' || "
                             "COALESCE(trunc(bgt_at_unseating / 1e18)::text, '-') || ':' || "
                             "COALESCE(unseated_at::text, '-') FROM naib_seats WHERE community_id = $1::uuid "
                             "ORDER BY id")) {
      out.push_back(r[0].as<std::string>());
    }
    return out;
  }
  bool waitlist_active(const std::string& user) {
    const auto r = sql("SELECT bool_or(active), count(*) FROM waitlist_registrations WHERE community_id = $1::uuid "
                       "AND discord_user_id = $2",
                       {user});
    EXPECT_EQ(r[0][1].as<int>(), 1) << "the registration row is kept";
    return r[0][0].as<bool>();
  }

  PluginBench bench{"member-leave"};
  SeededSietch sietch;
  int events = 0;
};

}  // namespace

TEST_F(MemberLeavePlugin, ASeatedNaibLeavingIsUnseatedLeftServerAndTheProfileDeparts) {
  bench.admin_exec("INSERT INTO member_role_state (community_id, discord_user_id, role_ids) VALUES ($1::uuid, $2, "
                   "'{710000000000000001}')",
                   {bench.community_id(), member_discord_id(2)});
  const auto run = leave(member_discord_id(2));
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_TRUE(discord_effects(run).empty()) << "nothing is done in Discord: " << run.effects.dump(1);
  EXPECT_TRUE(effects_of(run, "event.publish").empty());

  const auto seat = sql("SELECT unseat_reason, trunc(bgt_at_unseating / 1e18)::int, unseated_at <= now() "
                        "FROM naib_seats WHERE community_id = $1::uuid AND profile_id = $2::uuid",
                        {sietch.profile_id(2)});
  ASSERT_EQ(seat.size(), 1u);
  EXPECT_EQ(seat[0][0].as<std::string>(), "left_server");
  EXPECT_EQ(seat[0][1].as<int>(), 1970) << "the BGT held when leaving";
  // As /naib reads the council: six current seats, member 2 a former Naib with a closed term.
  EXPECT_EQ(sql("SELECT count(*) FROM naib_seats WHERE community_id = $1::uuid AND unseated_at IS NULL")[0][0].as<int>(), 6);
  const auto profile = sql("SELECT departed_at IS NOT NULL, is_former_naib, nym, onboarding_complete FROM profiles "
                           "WHERE community_id = $1::uuid AND id = $2::uuid",
                           {sietch.profile_id(2)});
  EXPECT_TRUE(profile[0][0].as<bool>()) << "departed";
  EXPECT_TRUE(profile[0][1].as<bool>()) << "a former Naib";
  EXPECT_EQ(profile[0][2].as<std::string>(), nym(2)) << "the profile's data is kept";
  EXPECT_TRUE(profile[0][3].as<bool>());
  EXPECT_EQ(sql("SELECT count(*) FROM member_badges WHERE community_id = $1::uuid AND profile_id = $2::uuid",
                {sietch.profile_id(2)})[0][0].as<int>(),
            2)
      << "badges kept";
  const auto state = sql("SELECT in_guild, array_to_string(role_ids, ',') FROM member_role_state "
                         "WHERE community_id = $1::uuid AND discord_user_id = $2",
                         {member_discord_id(2)});
  EXPECT_FALSE(state[0][0].as<bool>());
  EXPECT_EQ(state[0][1].as<std::string>(), "710000000000000001") << "the roles last seen are kept";
  // The other seats are untouched.
  EXPECT_EQ(sql("SELECT count(*) FROM naib_seats WHERE community_id = $1::uuid AND unseat_reason = 'left_server'")[0][0]
                .as<int>(),
            1);
}

TEST_F(MemberLeavePlugin, AWaitlistedUserLeavingIsDeactivatedWithOrWithoutAProfile) {
  ASSERT_EQ(leave(member_discord_id(71)).status, ARRAKIS_OK);
  EXPECT_FALSE(waitlist_active(member_discord_id(71)));
  EXPECT_TRUE(sql("SELECT departed_at IS NOT NULL FROM profiles WHERE community_id = $1::uuid AND id = $2::uuid",
                  {sietch.profile_id(71)})[0][0]
                  .as<bool>());
  // A registered user with no profile (waitlist_discord_id(75)).
  ASSERT_EQ(leave(waitlist_discord_id(75)).status, ARRAKIS_OK);
  EXPECT_FALSE(waitlist_active(waitlist_discord_id(75)));
  // Member 12: no seat, no registration, nothing else changes.
  const auto before = seats();
  ASSERT_EQ(leave(member_discord_id(12)).status, ARRAKIS_OK);
  EXPECT_EQ(seats(), before);
  // Someone the Sietch never knew: nothing to do, no error.
  const auto stranger = leave("830000000000000001");
  EXPECT_EQ(stranger.status, ARRAKIS_OK) << stranger.error;
}

TEST_F(MemberLeavePlugin, LeavingTwiceLeavesTheSameRows) {
  const std::string key = bench.community_id() + ":member-leave";  // eventId:plugin, unique to this test
  const auto payload = member_leave(bench, member_discord_id(3), 900);
  ASSERT_EQ(bench.run(payload, key).status, ARRAKIS_OK);
  const auto seats_after = seats();
  const auto departed = sql("SELECT departed_at::text FROM profiles WHERE community_id = $1::uuid AND id = $2::uuid",
                            {sietch.profile_id(3)})[0][0]
                            .as<std::string>();
  // Redelivered (the same key), then run again outright: no open seat, no active registration, a
  // departed profile, so nothing is written (and the host has nothing to deduplicate).
  const auto redelivered = bench.run(payload, key);
  ASSERT_EQ(redelivered.status, ARRAKIS_OK) << redelivered.error;
  const auto again = bench.run(payload);
  ASSERT_EQ(again.status, ARRAKIS_OK) << again.error;
  EXPECT_EQ(seats(), seats_after);
  EXPECT_EQ(sql("SELECT departed_at::text FROM profiles WHERE community_id = $1::uuid AND id = $2::uuid",
                {sietch.profile_id(3)})[0][0]
                .as<std::string>(),
            departed)
      << "the first departure's time is kept";
  // Member 3 had a closed term before this one: both are history now.
  EXPECT_EQ(sql("SELECT count(*) FROM naib_seats WHERE community_id = $1::uuid AND profile_id = $2::uuid "
                "AND unseated_at IS NOT NULL",
                {sietch.profile_id(3)})[0][0]
                .as<int>(),
            2);
}

TEST_F(MemberLeavePlugin, ALeaveNamingNoUserIsRefused) {
  const auto run = bench.run(guild_event(bench, "member.leave", "", {{"username", "ghost"}}));
  EXPECT_EQ(run.status, ARRAKIS_BAD_INPUT);
}
