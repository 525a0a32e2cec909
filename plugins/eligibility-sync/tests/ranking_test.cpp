// The ranking rules of arrakis/sietch/ranking.hpp, without a database: exact wei comparison, tiers
// exactly at their thresholds, ties, zero balances, admin additions, the limit, and the diff's
// four lists (each wallet in at most one).
#include <gtest/gtest.h>

#include <arrakis/sietch/ranking.hpp>

namespace sietch = arrakis::sietch;

namespace {

std::string bgt(const std::string& whole) { return whole + "000000000000000000"; }
std::string address(int n) {
  std::string hex = std::to_string(n);
  return "0x" + std::string(40 - hex.size(), '0') + hex;
}
std::vector<std::string> addresses(const std::vector<sietch::RankChange>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(c.address);
  return out;
}

}  // namespace

TEST(Ranking, ComparesWeiExactlyBeyondWhatADoubleHolds) {
  EXPECT_EQ(sietch::compare_wei("1000000000000000000001", "1000000000000000000000"), 1);
  EXPECT_EQ(sietch::compare_wei("0009", "9"), 0);
  EXPECT_EQ(sietch::compare_wei("99", "100"), -1);
  EXPECT_EQ(sietch::canonical_wei("000"), "0");
  EXPECT_EQ(sietch::wei_hundredths("6899999999999999999"), 689);
  EXPECT_EQ(sietch::wei_hundredths("6900000000000000000"), 690);
}

TEST(Ranking, TiersAtTheirExactThresholds) {
  EXPECT_EQ(sietch::kTiers[sietch::tier_index_wei(0, "6899999999999999999")].name, "hajra");
  EXPECT_EQ(sietch::kTiers[sietch::tier_index_wei(0, "6900000000000000000")].name, "hajra");
  EXPECT_EQ(sietch::kTiers[sietch::tier_index_wei(0, bgt("69"))].name, "ichwan");
  EXPECT_EQ(sietch::kTiers[sietch::tier_index_wei(0, "1110999999999999999999")].name, "sayyadina");
  EXPECT_EQ(sietch::kTiers[sietch::tier_index_wei(0, bgt("1111"))].name, "usul");
  EXPECT_EQ(sietch::kTiers[sietch::tier_index_wei(70, bgt("5000"))].name, "usul");
  EXPECT_EQ(sietch::kTiers[sietch::tier_index_wei(69, "0")].name, "fedaykin");
  EXPECT_EQ(sietch::kTiers[sietch::tier_index_wei(7, "0")].name, "naib");
  EXPECT_STREQ(sietch::rank_role(7), "naib");
  EXPECT_STREQ(sietch::rank_role(8), "fedaykin");
  EXPECT_STREQ(sietch::rank_role(70), "none");
}

TEST(Ranking, BalanceDescendingTiesByAddressZerosDroppedAdditionsLastUpToTheLimit) {
  const auto ranking = sietch::rank_wallets({{address(3), bgt("5")},
                                             {address(1), bgt("5")},
                                             {address(2), bgt("9")},
                                             {address(4), "0"},
                                             {address(5), bgt("1")}},
                                            {address(9), address(2), address(8)}, 5);
  ASSERT_EQ(ranking.size(), 5u);
  EXPECT_EQ(ranking[0].address, address(2));
  EXPECT_EQ(ranking[1].address, address(1)) << "a tie goes to the lower address";
  EXPECT_EQ(ranking[2].address, address(3));
  EXPECT_EQ(ranking[3].address, address(5));
  EXPECT_EQ(ranking[4].address, address(8)) << "additions rank last at 0, by address, up to the limit";
  EXPECT_EQ(ranking[4].wei, "0");
  EXPECT_EQ(ranking[4].rank, 5);
}

TEST(Ranking, DiffPutsEachWalletInOneList) {
  // Before: 1..70 ranked by number. After: 70 and 3 swap (70 enters at #3), 8 and 7 swap.
  std::vector<sietch::RankedWallet> before, after;
  for (int n = 1; n <= 70; ++n) before.push_back({address(n), n, bgt("1")});
  after = before;
  std::swap(after[2].address, after[69].address);
  std::swap(after[6].address, after[7].address);
  const auto diff = sietch::diff_rankings(before, after);
  EXPECT_EQ(addresses(diff.promoted), (std::vector<std::string>{address(70), address(8)}));
  EXPECT_EQ(addresses(diff.demoted), std::vector<std::string>{address(7)});
  EXPECT_EQ(addresses(diff.removed), std::vector<std::string>{address(3)});
  EXPECT_TRUE(diff.added.empty()) << "a wallet entering straight into 1-7 is promoted, not added";
  EXPECT_EQ(diff.removed[0].previous_rank, 3);
  EXPECT_EQ(diff.removed[0].rank, 70);
  EXPECT_TRUE(sietch::diff_rankings(after, after).empty());

  const auto from_nothing = sietch::diff_rankings({}, before);
  EXPECT_EQ(from_nothing.promoted.size(), 7u);
  EXPECT_EQ(from_nothing.added.size(), 62u);
}
