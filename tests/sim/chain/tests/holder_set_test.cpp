// The generated holder set must exercise every eligibility rule of domain spec 3.1/3.3, the same
// way for the same seed, with a Transfer history that adds up to the balances.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "arrakis/chain_sim/holder_set.hpp"

namespace cs = arrakis::chain_sim;

namespace {

constexpr cs::Wei bgt(std::uint64_t whole) { return static_cast<cs::Wei>(whole) * cs::kWeiPerToken; }

struct Ranked {
  std::map<int, cs::Wei> balance_at_rank;
  std::map<std::string, int> tiers;
  std::vector<std::size_t> burners, zero_balance_non_burners;
};

Ranked rank(const cs::HolderSet& set) {
  Ranked r;
  const auto standings = cs::assess(set);
  for (std::size_t i = 0; i < set.holders.size(); ++i) {
    const auto& s = standings[i];
    if (s.rank) {
      r.balance_at_rank[*s.rank] = set.holders[i].balance;
      ++r.tiers[s.tier];
    }
    if (s.burned) r.burners.push_back(i);
    if (!s.burned && set.holders[i].balance == 0) r.zero_balance_non_burners.push_back(i);
  }
  return r;
}

}  // namespace

TEST(ChainSimHolderSet, SameSeedSameSetOtherSeedOtherSet) {
  const auto a = cs::to_json(cs::generate_holder_set({7, 160, cs::kDefaultHeadBlock}));
  const auto b = cs::to_json(cs::generate_holder_set({7, 160, cs::kDefaultHeadBlock}));
  const auto c = cs::to_json(cs::generate_holder_set({8, 160, cs::kDefaultHeadBlock}));
  EXPECT_EQ(a.dump(), b.dump());
  EXPECT_NE(a.dump(), c.dump());
}

TEST(ChainSimHolderSet, TooFewWalletsIsRefused) {
  EXPECT_THROW(cs::generate_holder_set({1, 149, cs::kDefaultHeadBlock}), cs::HolderSetError);
}

class ChainSimGeneratedSet : public ::testing::TestWithParam<std::pair<std::uint64_t, std::size_t>> {};

TEST_P(ChainSimGeneratedSet, SpansEveryTierWithTiesBurnersAndZeroBalances) {
  const auto [seed, wallets] = GetParam();
  const auto set = cs::generate_holder_set({seed, wallets, cs::kDefaultHeadBlock});
  ASSERT_EQ(set.holders.size(), wallets);
  ASSERT_GE(set.holders.size(), 150u);
  std::set<std::string> unique;
  for (const auto& h : set.holders) unique.insert(h.address);
  EXPECT_EQ(unique.size(), wallets);
  EXPECT_FALSE(unique.count(cs::kZeroAddress));

  const auto r = rank(set);
  // Every tier of 3.3 is held by some eligible wallet.
  for (const char* tier : {"naib", "fedaykin", "usul", "sayyadina", "mushtamal", "sihaya", "qanat", "ichwan", "hajra"}) {
    EXPECT_GT(r.tiers.count(tier) ? r.tiers.at(tier) : 0, 0) << tier;
  }
  EXPECT_EQ(r.tiers.at("naib"), 7);
  EXPECT_EQ(r.tiers.at("fedaykin"), 62);
  // Ranks 70-100 (the waitlist) and beyond exist; some ranked wallets hold more than 1111 BGT beyond 69.
  ASSERT_GT(r.balance_at_rank.size(), 100u);
  EXPECT_GE(r.balance_at_rank.at(75), bgt(1111));
  // Exact ties across the naib line, the entry threshold and the waitlist end.
  EXPECT_EQ(r.balance_at_rank.at(7), r.balance_at_rank.at(8));
  EXPECT_EQ(r.balance_at_rank.at(69), r.balance_at_rank.at(70));
  EXPECT_EQ(r.balance_at_rank.at(100), r.balance_at_rank.at(101));
  // Balances exactly on every BGT threshold, and dust below hajra (still eligible).
  std::set<cs::Wei> balances;
  for (const auto& [rank_, balance] : r.balance_at_rank) balances.insert(balance);
  for (cs::Wei threshold : {bgt(1111), bgt(888), bgt(690), bgt(420), bgt(222), bgt(69), bgt(69) / 10}) {
    EXPECT_TRUE(balances.count(threshold)) << cs::format_tokens(threshold);
  }
  EXPECT_LT(*balances.begin(), bgt(69) / 10);

  // Burners: ineligible whatever they hold; some would otherwise sit in the top 7; some hold 0.
  ASSERT_GE(r.burners.size(), 5u);
  bool burner_would_be_naib = false, emptied_burner = false;
  for (auto i : r.burners) {
    burner_would_be_naib |= set.holders[i].balance > r.balance_at_rank.at(7);
    emptied_burner |= set.holders[i].balance == 0;
  }
  EXPECT_TRUE(burner_would_be_naib);
  EXPECT_TRUE(emptied_burner);
  EXPECT_GE(r.zero_balance_non_burners.size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Seeds, ChainSimGeneratedSet,
                         ::testing::Values(std::pair<std::uint64_t, std::size_t>{69, 160},
                                           std::pair<std::uint64_t, std::size_t>{1, 150},
                                           std::pair<std::uint64_t, std::size_t>{424242, 400}));

TEST(ChainSimHolderSet, HistoryAddsUpToTheBalancesInsideTheScannedWindow) {
  const auto set = cs::generate_holder_set({69, 160, cs::kDefaultHeadBlock});
  std::map<std::string, cs::Wei> in, out;
  std::set<std::string> recipients;
  std::uint64_t previous_block = 0;
  for (const auto& t : set.transfers) {
    EXPECT_GE(t.block, previous_block) << "transfers are in block order";
    previous_block = t.block;
    // A sync scanning the last 50,000 blocks sees the whole history.
    EXPECT_GT(t.block, set.head_block - 50'000);
    EXPECT_LT(t.block, set.head_block);
    EXPECT_EQ(t.tx_hash.size(), 66u);
    in[t.to] += t.amount;
    out[t.from] += t.amount;
    recipients.insert(t.to);
  }
  for (const auto& h : set.holders) {
    EXPECT_EQ(in[h.address] - out[h.address], h.balance) << h.address;
    // Every holder of BGT appears as a recipient, so a sync discovers it from the logs.
    if (h.balance > 0) {
      EXPECT_TRUE(recipients.count(h.address)) << h.address;
    }
  }
}

TEST(ChainSimHolderSet, JsonRoundTripKeepsTheSetAndStatesTheExpectedStanding) {
  const auto set = cs::generate_holder_set({3, 150, 9'000'000});
  const auto json = cs::to_json(set);
  EXPECT_EQ(json.at("chain_id"), 80094);
  EXPECT_EQ(json.at("head_block"), 9'000'000);
  EXPECT_EQ(cs::to_json(cs::holder_set_from_json(json)).dump(), json.dump());
  const auto& first = json.at("holders").at(0);
  EXPECT_TRUE(first.at("balance").is_string());
  EXPECT_TRUE(first.contains("rank") && first.contains("tier") && first.contains("eligible"));
}

TEST(ChainSimHolderSet, LoadedSetWithoutHistoryGetsMintsAndBurns) {
  const auto set = cs::holder_set_from_json(nlohmann::json::parse(R"({
    "head_block": 100000,
    "holders": [
      {"address": "0x00000000000000000000000000000000000000A1", "balance": "5000000000000000000000"},
      {"address": "0x00000000000000000000000000000000000000a2", "balance": "7000000000000000000000", "burned_wei": "1"},
      {"address": "0x00000000000000000000000000000000000000a3", "balance": "0"}
    ]})"));
  ASSERT_EQ(set.holders.size(), 3u);
  EXPECT_EQ(set.holders[0].address, "0x00000000000000000000000000000000000000a1");
  ASSERT_EQ(set.transfers.size(), 3u);  // two mints and one burn
  const auto standings = cs::assess(set);
  EXPECT_TRUE(standings[0].eligible);
  EXPECT_EQ(standings[0].rank, 1);
  EXPECT_EQ(standings[0].tier, "naib");
  EXPECT_TRUE(standings[1].burned);
  EXPECT_FALSE(standings[1].eligible);
  EXPECT_FALSE(standings[2].eligible);
  EXPECT_FALSE(standings[2].burned);
}

TEST(ChainSimHolderSet, MalformedFilesNameTheBadField) {
  auto error_of = [](const char* text) {
    try {
      cs::holder_set_from_json(nlohmann::json::parse(text));
    } catch (const cs::HolderSetError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of(R"({"holders": [{"address": "0x12", "balance": "1"}]})").find("holders[0]: \"address\""),
            std::string::npos);
  EXPECT_NE(error_of(R"({"holders": [{"address": "0x00000000000000000000000000000000000000a1"}]})").find("balance"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"holders": [{"address": "0x00000000000000000000000000000000000000a1", "balance": "1.5"}]})")
                .find("decimal wei"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"holders": [{"address": "0x00000000000000000000000000000000000000a1", "balance": "1"},
                                      {"address": "0x00000000000000000000000000000000000000A1", "balance": "2"}]})")
                .find("duplicate"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"nope": 1})").find("holders"), std::string::npos);
}

TEST(ChainSimTiers, RankComesFirstThenBgtThresholds) {
  EXPECT_EQ(cs::tier_for(1, 0), "naib");
  EXPECT_EQ(cs::tier_for(7, 0), "naib");
  EXPECT_EQ(cs::tier_for(8, bgt(100'000)), "fedaykin");
  EXPECT_EQ(cs::tier_for(69, 1), "fedaykin");
  EXPECT_EQ(cs::tier_for(70, bgt(1111)), "usul");
  EXPECT_EQ(cs::tier_for(70, bgt(1111) - 1), "sayyadina");
  EXPECT_EQ(cs::tier_for(80, bgt(69)), "ichwan");
  EXPECT_EQ(cs::tier_for(80, bgt(69) / 10), "hajra");
  EXPECT_EQ(cs::tier_for(80, 1), "hajra");  // the default below 6.9
}
