// /position against the real database (migrated, RLS on) on the standard seeded Sietch
// (arrakis/sietch/testing/community.hpp), with Discord effects recorded. The ranking there:
// #r holds 2000 - 15r BGT up to #69 (#65 ties #64 at 1040), then 900 - 14(r - 70) (#101 ties #100
// at 480) down to #130.
#include <gtest/gtest.h>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using namespace arrakis::sietch::testing;

namespace {

constexpr unsigned kEphemeral = 64;
constexpr std::uint32_t kGold = 0xFFD700, kOrange = 0xFF8C00, kBlue = 0x4169E1, kBrown = 0x8B4513;
const char* const kNaib = "👑 Naib – Top 7 seat holder";
const char* const kAtRisk = "⚠️ At Risk – Bottom 10% of eligible";
const char* const kFedaykin = "⚔️ Fedaykin – Eligible member";
const char* const kWaiting = "⏳ Waiting Pool – Not yet eligible";
const char* const kNotAMember =
    "❌ You are not a member of the Sietch. Once your wallet is eligible, the Sietch bot will DM you to "
    "complete onboarding.";

// The fields of an embed as "name: value" lines, so one comparison shows the whole embed.
std::string fields(const nlohmann::json& embed) {
  std::string text;
  for (const auto& f : embed["fields"]) {
    text += f["name"].get<std::string>() + ": " + f["value"].get<std::string>() + (f["inline"].get<bool>() ? "" : " (block)") + "\n";
  }
  return text;
}

std::string standing(const std::string& position, const std::string& bgt, const std::string& up,
                     const std::string& buffer, const std::string& entry = "") {
  return "📊 Position: " + position + "\n💰 BGT Holdings: " + bgt + "\n\u200b: \u200b\n⬆️ To Move Up: " + up +
         "\n⬇️ Buffer: " + buffer + "\n" + (entry.empty() ? "" : "🚪 To Entry: " + entry + "\n");
}

class PositionPlugin : public ::testing::Test {
 protected:
  void SetUp() override { seeded = seed_sietch(bench); }
  void TearDown() override { clear_ranking(bench); }

  nlohmann::json reply_to(const std::string& discord_id) {
    auto run = bench.command("position", nlohmann::json::object(), discord_id);
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    const auto reply = run.reply();
    EXPECT_TRUE(reply.is_object()) << run.effects.dump(2);
    EXPECT_EQ(reply.value("flags", 0u) & kEphemeral, kEphemeral) << "/position is private: " << reply.dump();
    return reply;
  }
  nlohmann::json embed_of(int member) {
    const auto reply = reply_to(member_discord_id(member));
    EXPECT_TRUE(reply.contains("embeds")) << reply.dump(2);
    if (!reply.contains("embeds")) return nlohmann::json::object();
    const auto& embed = reply["embeds"][0];
    EXPECT_EQ(embed["title"], "📍 Your Position");
    EXPECT_EQ(embed["footer"]["text"], "Use /alerts to manage your position notifications");
    return embed;
  }
  void expect(int member, std::uint32_t color, const char* status, const std::string& standing_text) {
    SCOPED_TRACE("member " + std::to_string(member));
    const auto embed = embed_of(member);
    EXPECT_EQ(embed["color"], color);
    EXPECT_EQ(embed["description"], status);
    EXPECT_EQ(fields(embed), standing_text);
  }

  PluginBench bench{"position"};
  SeededSietch seeded;
};

}  // namespace

TEST_F(PositionPlugin, NaibAtTheTopHasNoOneAbove) {
  expect(1, kGold, kNaib, standing("**#1**", "**1985** BGT", "🏆 You hold the top position", "**15** BGT"));
}

TEST_F(PositionPlugin, FedaykinWithGapsBothWays) {
  expect(20, kBlue, kFedaykin, standing("**#20**", "**1700** BGT", "+**15** BGT", "**15** BGT"));
  // Rank 8 is a former Naib without a seat: Fedaykin, whatever the rank.
  expect(8, kBlue, kFedaykin, standing("**#8**", "**1880** BGT", "+**15** BGT", "**15** BGT"));
}

TEST_F(PositionPlugin, AtRiskFromRank63To69WithTiesShownAsZero) {
  expect(63, kOrange, kAtRisk, standing("**#63**", "**1055** BGT", "+**15** BGT", "**15** BGT"));
  expect(64, kOrange, kAtRisk, standing("**#64**", "**1040** BGT", "+**15** BGT", "**0** BGT (tied with #65)"));
  expect(65, kOrange, kAtRisk, standing("**#65**", "**1040** BGT", "**0** BGT (tied with #64)", "**30** BGT"));
  expect(69, kOrange, kAtRisk, standing("**#69**", "**965** BGT", "+**15** BGT", "**65** BGT"));
  expect(40, kBlue, kFedaykin, standing("**#40**", "**1400** BGT", "+**15** BGT", "**15** BGT"));
}

TEST_F(PositionPlugin, WaitingPoolShowsTheDistanceToEntry) {
  expect(70, kBrown, kWaiting, standing("**#70**", "**900** BGT", "+**65** BGT", "**14** BGT", "+**65** BGT"));
  expect(100, kBrown, kWaiting,
         standing("**#100**", "**480** BGT", "+**14** BGT", "**0** BGT (tied with #101)", "+**485** BGT"));
  expect(101, kBrown, kWaiting,
         standing("**#101**", "**480** BGT", "**0** BGT (tied with #100)", "**28** BGT", "+**485** BGT"));
}

TEST_F(PositionPlugin, TheLastRankHasNoOneBelow) {
  add_member(bench, {"830000000000000130", "lastone", 130});
  const auto reply = reply_to("830000000000000130");
  ASSERT_TRUE(reply.contains("embeds")) << reply.dump(2);
  EXPECT_EQ(fields(reply["embeds"][0]),
            standing("**#130**", "**60** BGT", "+**14** BGT", "No one is ranked below you", "+**905** BGT"));
}

TEST_F(PositionPlugin, SeatHolderIsNaibWhateverTheRankAndALostSeatIsNot) {
  bench.admin_exec("UPDATE naib_seats SET unseated_at = now(), unseat_reason = 'manual' "
                   "WHERE profile_id = $1::uuid AND unseated_at IS NULL",
                   {seeded.profile_id(7)});
  bench.admin_exec("INSERT INTO naib_seats (community_id, seat_number, profile_id) VALUES ($1::uuid, 7, $2::uuid)",
                   {bench.community_id(), seeded.profile_id(66)});
  expect(66, kGold, kNaib, standing("**#66**", "**1010** BGT", "+**30** BGT", "**15** BGT"));
  expect(7, kBlue, kFedaykin, standing("**#7**", "**1895** BGT", "+**15** BGT", "**15** BGT"));
}

TEST_F(PositionPlugin, FractionalBgtKeepsTwoDecimals) {
  bench.admin_exec("UPDATE eligibility_current SET bgt_held = 1690250000000000000000 WHERE rank = 21");
  expect(20, kBlue, kFedaykin, standing("**#20**", "**1700** BGT", "+**15** BGT", "**9.75** BGT"));
}

TEST_F(PositionPlugin, AProfileIsEnoughOnboardingIsNotRequired) {
  const auto reply = reply_to(member_discord_id(41));
  ASSERT_TRUE(reply.contains("embeds")) << reply.dump(2);
  EXPECT_EQ(reply["embeds"][0]["description"], kFedaykin);
}

TEST_F(PositionPlugin, ErrorsForNoProfileNoWalletAndAnUnrankedWallet) {
  EXPECT_EQ(reply_to("999999999999999999")["content"], kNotAMember);
  EXPECT_EQ(reply_to(member_discord_id(43))["content"], kNotAMember) << "a departed member is no member";
  EXPECT_EQ(reply_to(member_discord_id(kNoWalletMember))["content"],
            "❌ Your profile does not have a wallet address linked. Use `/verify start` to link your wallet.");
  EXPECT_EQ(reply_to(member_discord_id(kUnrankedWallet))["content"],
            "❌ Could not find your wallet in the eligibility rankings. Your BGT holdings may be too low to rank.");
}

TEST_F(PositionPlugin, AnotherCommunitysProfileIsNotFound) {
  PluginBench other("position");
  const auto run = other.command("position", nlohmann::json::object(), member_discord_id(20));
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(run.reply()["content"], kNotAMember);
}
