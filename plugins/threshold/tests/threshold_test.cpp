// /threshold against the real database (migrated, RLS on) with Discord effects recorded.
#include <gtest/gtest.h>

#include "arrakis/sietch/testing/seed.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using namespace arrakis::sietch::testing;

namespace {

const nlohmann::json& field(const nlohmann::json& embed, const std::string& name) {
  for (const auto& f : embed["fields"]) {
    if (f["name"] == name) return f;
  }
  static const nlohmann::json missing = {{"value", "<missing field " + name + ">"}};
  return missing;
}

}  // namespace

TEST(ThresholdPlugin, ShowsEntryStatisticsGapAndWaitingPool) {
  PluginBench bench("threshold");
  seed_ranking(bench, 75);
  // Rank 71 registered in this community; rank 72 registered in another community only.
  bench.admin_exec(
      "INSERT INTO waitlist_registrations (community_id, discord_user_id, wallet_address, position_at_registration, "
      "bgt_at_registration) VALUES ($1::uuid, '5', $2, 71, 129000000000000000000)",
      {bench.community_id(), wallet_address(71)});
  PluginBench other("threshold");
  other.admin_exec(
      "INSERT INTO waitlist_registrations (community_id, discord_user_id, wallet_address, position_at_registration, "
      "bgt_at_registration) VALUES ($1::uuid, '6', $2, 72, 128000000000000000000)",
      {other.community_id(), wallet_address(72)});

  auto run = bench.command("threshold");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto reply = run.reply();
  ASSERT_TRUE(reply.is_object()) << run.effects.dump(2);
  EXPECT_FALSE(reply.contains("flags")) << "/threshold is public";
  const auto& embed = reply["embeds"][0];
  EXPECT_EQ(embed["title"], "⛩️ The Threshold");
  EXPECT_EQ(embed["color"], 0x8B4513);
  EXPECT_EQ(field(embed, "🚪 Entry Requirement")["value"], "**131 BGT**\nPosition #69 threshold");
  EXPECT_EQ(field(embed, "📊 Statistics")["value"], "Eligible: **69**\nWaiting: **6**");
  EXPECT_EQ(field(embed, "📏 Gap to Entry")["value"], "1.5 BGT between #69 and #70");
  const std::string pool = field(embed, "⏳ Waiting Pool (Top 5)")["value"];
  EXPECT_EQ(pool.rfind("#70 `0x0000...0046`\n└ 129.5 BGT • +1.5 to entry\n", 0), 0u) << pool;
  EXPECT_NE(pool.find("#71 `0x0000...0047` 📬"), std::string::npos) << pool;
  EXPECT_EQ(pool.find("#72 `0x0000...0048` 📬"), std::string::npos) << "another community's registration leaked";
  EXPECT_NE(pool.find("#74 "), std::string::npos);
  EXPECT_EQ(pool.find("#75 "), std::string::npos) << "only the top 5";
  EXPECT_NE(std::string(embed["footer"]["text"]).find("/register-waitlist"), std::string::npos);
  clear_ranking(bench);
}

TEST(ThresholdPlugin, EmptyWaitingPoolAndNoGap) {
  PluginBench bench("threshold");
  seed_ranking(bench, 69);
  auto run = bench.command("threshold");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto embed = run.reply()["embeds"][0];
  EXPECT_EQ(field(embed, "⏳ Waiting Pool (Top 5)")["value"], "No wallets currently in positions 70-100");
  EXPECT_EQ(field(embed, "📏 Gap to Entry")["value"], "<missing field 📏 Gap to Entry>");
  EXPECT_EQ(field(embed, "📊 Statistics")["value"], "Eligible: **69**\nWaiting: **0**");
  clear_ranking(bench);
}
