// /threshold against the real database (migrated, RLS on) on the standard seeded Sietch
// (plugins/sietch/testing/.../community.hpp): rank 69 holds 965 BGT, rank 70 900, ranks 70-100 wait,
// member 71 registered its own wallet for alerts.
#include <gtest/gtest.h>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using namespace arrakis::sietch::testing;

namespace {

const nlohmann::json& field(const nlohmann::json& embed, const std::string& name) {
  for (const auto& f : embed["fields"]) {
    if (f["name"] == name) return f;
  }
  static const nlohmann::json missing = {{"value", "<missing field>"}, {"inline", "<missing field>"}};
  return missing;
}

std::string wei(const std::string& bgt_times_1000) { return bgt_times_1000 + "000000000000000"; }

class ThresholdPlugin : public ::testing::Test {
 protected:
  void SetUp() override { seed_sietch(bench); }
  void TearDown() override { clear_ranking(bench); }

  nlohmann::json embed() {
    auto run = bench.command("threshold", nlohmann::json::object(), member_discord_id(20));
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    const auto reply = run.reply();
    EXPECT_TRUE(reply.is_object()) << run.effects.dump(2);
    EXPECT_FALSE(reply.contains("flags")) << "/threshold is public";
    return reply.is_object() ? reply["embeds"][0] : nlohmann::json::object();
  }

  PluginBench bench{"threshold"};
};

}  // namespace

TEST_F(ThresholdPlugin, ShowsEntryStatisticsGapWaitingPoolAndFooter) {
  auto e = embed();
  EXPECT_EQ(e["title"], "⛩️ The Threshold");
  EXPECT_EQ(e["color"], 0x8B4513);
  ASSERT_EQ(e["fields"].size(), 4u) << e.dump(1);
  EXPECT_EQ(e["fields"][0]["name"], "🚪 Entry Requirement");
  EXPECT_EQ(e["fields"][0]["value"], "**965 BGT**\nPosition #69 threshold");
  EXPECT_EQ(e["fields"][0]["inline"], true);
  EXPECT_EQ(e["fields"][1]["name"], "📊 Statistics");
  EXPECT_EQ(e["fields"][1]["value"], "Eligible: **69** members\nWaiting: **31** positions");
  EXPECT_EQ(e["fields"][1]["inline"], true);
  EXPECT_EQ(e["fields"][2]["name"], "📏 Gap to Entry");
  EXPECT_EQ(e["fields"][2]["value"], "**65 BGT**\nDistance from #70 to entry");
  EXPECT_EQ(e["fields"][2]["inline"], true);
  EXPECT_EQ(e["fields"][3]["name"], "⏳ Waiting Pool (Top 5)");
  EXPECT_EQ(e["fields"][3]["value"],
            "**#70** 0x0000...0046\n└ 900 BGT • +65 to entry\n\n"
            "**#71** 0x0000...0047 📬\n└ 886 BGT • +79 to entry\n\n"
            "**#72** 0x0000...0048\n└ 872 BGT • +93 to entry\n\n"
            "**#73** 0x0000...0049\n└ 858 BGT • +107 to entry\n\n"
            "**#74** 0x0000...004a\n└ 844 BGT • +121 to entry");
  EXPECT_EQ(e["fields"][3]["inline"], false);
  EXPECT_EQ(e["footer"]["text"], "📬 = Registered for alerts • Use /register-waitlist to sign up");
}

TEST_F(ThresholdPlugin, AnotherCommunitysRegistrationNeverShows) {
  PluginBench other("threshold");
  other.admin_exec(
      "INSERT INTO waitlist_registrations (community_id, discord_user_id, wallet_address, position_at_registration, "
      "bgt_at_registration) VALUES ($1::uuid, $2, $3, 72, 872000000000000000000)",
      {other.community_id(), waitlist_discord_id(72), wallet_address(72)});
  const std::string pool = field(embed(), "⏳ Waiting Pool (Top 5)")["value"];
  EXPECT_NE(pool.find("**#71** 0x0000...0047 📬\n"), std::string::npos) << pool;
  EXPECT_NE(pool.find("**#72** 0x0000...0048\n"), std::string::npos) << "another community's registration leaked: "
                                                                     << pool;
}

TEST_F(ThresholdPlugin, EveryRankUpTo69IsEligibleEvenWithAZeroBalance) {
  // Admin overrides add wallets with BGT 0, ranked last: here at #61 and #62 of a short ranking.
  bench.admin_exec("DELETE FROM eligibility_current WHERE rank > 60");
  bench.admin_exec("INSERT INTO eligibility_current (address, rank, bgt_held, role) VALUES "
                   "($1, 61, 0, 'fedaykin'), ($2, 62, 0, 'fedaykin')",
                   {wallet_address(61), wallet_address(62)});
  auto e = embed();
  EXPECT_EQ(field(e, "📊 Statistics")["value"], "Eligible: **62** members\nWaiting: **0** positions");
  EXPECT_EQ(field(e, "🚪 Entry Requirement")["value"],
            "**Open**\nFewer than 69 wallets are ranked: any eligible balance enters");
  EXPECT_EQ(field(e, "📏 Gap to Entry")["value"], "<missing field>");
  EXPECT_EQ(field(e, "⏳ Waiting Pool")["value"], "No wallets currently in positions 70-100");
  EXPECT_EQ(field(e, "⏳ Waiting Pool (Top 5)")["value"], "<missing field>");
}

TEST_F(ThresholdPlugin, AmountsHaveThousandsSeparatorsAndATinyGapNeverReadsAsZero) {
  bench.admin_exec("UPDATE eligibility_current SET bgt_held = $1::numeric WHERE rank = 69", {wei("1234500")});
  bench.admin_exec("UPDATE eligibility_current SET bgt_held = $1::numeric WHERE rank = 70", {wei("1234499")});
  auto e = embed();
  EXPECT_EQ(field(e, "🚪 Entry Requirement")["value"], "**1,234.5 BGT**\nPosition #69 threshold");
  EXPECT_EQ(field(e, "📏 Gap to Entry")["value"], "**<0.01 BGT**\nDistance from #70 to entry");
  const std::string pool = field(e, "⏳ Waiting Pool (Top 5)")["value"];
  EXPECT_EQ(pool.rfind("**#70** 0x0000...0046\n└ 1,234.5 BGT • +<0.01 to entry\n\n", 0), 0u) << pool;
  EXPECT_NE(pool.find("**#71** 0x0000...0047 📬\n└ 886 BGT • +348.5 to entry\n\n"), std::string::npos) << pool;
}

TEST_F(ThresholdPlugin, NoGapFieldWhenRank70HoldsAsMuchAs69) {
  bench.admin_exec("UPDATE eligibility_current SET bgt_held = $1::numeric WHERE rank = 70", {wei("965000")});
  auto e = embed();
  EXPECT_EQ(field(e, "📏 Gap to Entry")["value"], "<missing field>");
  EXPECT_EQ(field(e, "⏳ Waiting Pool (Top 5)")["value"].get<std::string>().rfind(
                "**#70** 0x0000...0046\n└ 965 BGT • +0 to entry\n\n", 0),
            0u);
}
