// The standard seeded Sietch holds what community.hpp promises: the plugins' tests rely on it.
#include <gtest/gtest.h>

#include "arrakis/sietch/testing/community.hpp"

using arrakis::testing::PluginBench;
using namespace arrakis::sietch::testing;

namespace {

long long count(PluginBench& bench, const std::string& sql) {
  return bench.admin_exec(sql, {bench.community_id()})[0][0].as<long long>();
}

}  // namespace

TEST(SeededSietch, RankingMembersSeatsAndBadgesAreAsDocumented) {
  PluginBench bench("threshold");
  const auto sietch = seed_sietch(bench);
  EXPECT_EQ(count(bench, "SELECT count(*) + 0 * length($1) FROM eligibility_current"), kRankedWallets);
  EXPECT_EQ(count(bench, "SELECT count(*) FROM eligibility_current WHERE bgt_held = 1040e18 AND length($1) > 0"), 2)
      << "ranks 64 and 65 tie";
  EXPECT_EQ(count(bench, "SELECT count(*) FROM eligibility_current WHERE bgt_held = 480e18 AND length($1) > 0"), 2)
      << "ranks 100 and 101 tie";
  EXPECT_EQ(count(bench,
                  "SELECT count(*) FROM profiles WHERE community_id = $1::uuid AND onboarding_complete "
                  "AND departed_at IS NULL"),
            kOnboardedMembers);
  EXPECT_EQ(count(bench, "SELECT count(*) FROM naib_seats WHERE community_id = $1::uuid AND unseated_at IS NULL"), 7);
  EXPECT_EQ(count(bench,
                  "SELECT count(*) FROM member_badges WHERE community_id = $1::uuid AND NOT revoked "
                  "AND profile_id = (SELECT id FROM profiles WHERE nym = 'Otheym-4' AND community_id = $1::uuid)"),
            4);
  EXPECT_EQ(count(bench,
                  "SELECT count(*) FROM profiles p JOIN wallet_verifications w ON w.discord_user_id = p.discord_id "
                  "JOIN eligibility_current e ON e.address = w.wallet_address "
                  "WHERE p.community_id = $1::uuid AND e.rank IN (63, 69, 70, 100, 101)"),
            5)
      << "the edge ranks have members";
  EXPECT_EQ(sietch.profile_ids.size(), static_cast<std::size_t>(kOnboardedMembers + 3));
  EXPECT_EQ(nym(1), "chani-1");
  clear_ranking(bench);
}
