// /naib against the real database (migrated, RLS on) on the standard seeded Sietch
// (plugins/sietch/testing/.../community.hpp): members 1-7 hold the seats (1-5 founding, 6 seated
// exactly one hour after the first, 7 ninety days later); former Naib 8 (two closed terms, 15 days),
// 9 (3 days), 3 (seated again) and 10 (the flag but no closed seat).
#include <gtest/gtest.h>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using namespace arrakis::sietch::testing;

namespace {

const std::string kRefusal =
    "You need to complete onboarding before using this command. "
    "Check your DMs from the Sietch bot to finish setting up your profile.";

const std::string kCouncil =
    "1️⃣ **chani-1** 🏛️\n└ Rank #1 • 200d tenure\n"
    "2️⃣ **Jamis-2** 🏛️\n└ Rank #2 • 199d tenure\n"
    "3️⃣ **harah-3** 🏛️\n└ Rank #3 • 199d tenure\n"
    "4️⃣ **Otheym-4** 🏛️\n└ Rank #4 • 199d tenure\n"
    "5️⃣ **liet-5** 🏛️\n└ Rank #5 • 199d tenure\n"
    "6️⃣ **Korba-6**\n└ Rank #6 • 199d tenure\n"
    "7️⃣ **tharthar-7**\n└ Rank #7 • 110d tenure";

const std::string kFooter = "🏛️ = founding member (seated within the council's first hour)";

class NaibPlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    seeded = seed_sietch(bench);
    // Another community's council: seated long before ours and a long-serving former Naib. Neither
    // may ever show here (nor move our founding marks).
    const auto feyd = add_member(other, {member_discord_id(1), "feyd", 1});
    add_seat(other, 1, feyd, "2024-01-01T00:00:00Z");
    const auto rabban = add_member(other, {member_discord_id(2), "rabban", 2, true, true});
    add_seat(other, 2, rabban, "2023-01-01T00:00:00Z", "2023-12-01T00:00:00Z");
  }
  void TearDown() override { clear_ranking(bench); }

  arrakis::testing::PluginRun naib(const std::string& subcommand, int member = 20) {
    return bench.command("naib", nlohmann::json::object(), member_discord_id(member), subcommand);
  }
  static nlohmann::json embed_of(const arrakis::testing::PluginRun& run) {
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    const auto reply = run.reply();
    EXPECT_TRUE(reply.is_object() && reply.contains("embeds")) << run.effects.dump(1);
    EXPECT_FALSE(reply.contains("flags")) << "/naib is public";
    return reply.is_object() && reply.contains("embeds") ? reply["embeds"][0] : nlohmann::json::object();
  }
  void unseat(int member) {
    bench.admin_exec("UPDATE naib_seats SET unseated_at = now(), unseat_reason = 'ineligible' "
                     "WHERE profile_id = $1::uuid AND unseated_at IS NULL",
                     {seeded.profile_id(member)});
  }

  PluginBench bench{"naib"};
  PluginBench other{"naib"};
  SeededSietch seeded;
};

}  // namespace

TEST_F(NaibPlugin, TheCommandChoosesItsVisibilityItself) {
  ASSERT_EQ(bench.plugin().info().commands.size(), 1u);
  EXPECT_EQ(bench.plugin().info().commands[0].name, "naib");
  EXPECT_TRUE(bench.plugin().info().commands[0].flags & ARRAKIS_COMMAND_NO_DEFER)
      << "a refusal must be the first, ephemeral response: the host must not defer publicly first";
}

TEST_F(NaibPlugin, CurrentSeatsOrderedByBgtWithStrictFoundingMarks) {
  auto run = naib("current");
  ASSERT_GE(run.effects.size(), 2u) << run.effects.dump(1);
  EXPECT_EQ(run.effects[0]["kind"], "interaction.defer") << "deferred publicly before reading the council";
  EXPECT_EQ(run.effects[0]["ephemeral"], false);
  auto embed = embed_of(run);
  EXPECT_EQ(embed["title"], "👑 Naib Council");
  EXPECT_EQ(embed["color"], 0xFFD700);
  ASSERT_EQ(embed["fields"].size(), 1u) << "no empty seat: " << embed.dump(1);
  EXPECT_EQ(embed["fields"][0]["name"], "Active Seats (7/7)");
  EXPECT_EQ(embed["fields"][0]["value"], kCouncil);
  EXPECT_EQ(embed["footer"]["text"], kFooter);
  EXPECT_EQ(embed.dump().find("0x"), std::string::npos) << "wallets are never shown";
}

TEST_F(NaibPlugin, SeatsFollowCurrentBgtNotSeatNumbersAndAnUnrankedHolderIsLast) {
  bench.admin_exec("UPDATE eligibility_current SET bgt_held = 5000e18 WHERE rank = 7");
  bench.admin_exec("DELETE FROM eligibility_current WHERE rank = 2");
  const std::string seats = embed_of(naib("current"))["fields"][0]["value"];
  EXPECT_EQ(seats.rfind("1️⃣ **tharthar-7**\n└ Rank #7 • 110d tenure\n2️⃣ **chani-1** 🏛️\n", 0), 0u) << seats;
  EXPECT_NE(seats.find("\n7️⃣ **Jamis-2** 🏛️\n└ Unranked • 199d tenure"), std::string::npos) << seats;
}

TEST_F(NaibPlugin, EmptySeatsSayHowASeatIsTaken) {
  unseat(7);
  unseat(4);
  auto embed = embed_of(naib("current"));
  ASSERT_EQ(embed["fields"].size(), 2u) << embed.dump(1);
  EXPECT_EQ(embed["fields"][0]["name"], "Active Seats (5/7)");
  EXPECT_EQ(embed["fields"][1]["name"], "🪑 Empty Seats");
  EXPECT_EQ(embed["fields"][1]["value"],
            "2 seats open: the next member to complete onboarding while ranked in the top 69 takes one");
  unseat(6);
  unseat(5);
  unseat(3);
  unseat(2);
  unseat(1);
  auto empty = embed_of(naib("current"));
  EXPECT_EQ(empty["fields"][0]["name"], "Active Seats (0/7)");
  EXPECT_EQ(empty["fields"][0]["value"], "No seats are held yet");
  EXPECT_EQ(empty["fields"][1]["value"],
            "7 seats open: the next member to complete onboarding while ranked in the top 69 takes one");
}

TEST_F(NaibPlugin, FormerNaibAreThoseWithAClosedTermWhoDoNotSitNow) {
  auto embed = embed_of(naib("former"));
  EXPECT_EQ(embed["title"], "📜 Former Naib");
  EXPECT_EQ(embed["color"], 0x8B7355);
  EXPECT_EQ(embed["description"], "**Farok-8** • 15d served over 2 terms\n**shishakli-9** • 3d served over 1 term");
}

TEST_F(NaibPlugin, ALongFormerListIsCutVisibly) {
  // Members 11-40 served n days each: 32 former Naib in all, the longest 20 listed.
  for (int n = 11; n <= 40; ++n) {
    bench.admin_exec(
        "INSERT INTO naib_seats (community_id, seat_number, profile_id, seated_at, unseated_at, unseat_reason) "
        "VALUES ($1::uuid, 1, $2::uuid, now() - interval '500 days', now() - interval '500 days' + $3::interval, "
        "'bumped')",
        {bench.community_id(), seeded.profile_id(n), std::to_string(n) + " days"});
    bench.admin_exec("UPDATE profiles SET is_former_naib = true WHERE id = $1::uuid", {seeded.profile_id(n)});
  }
  const std::string text = embed_of(naib("former"))["description"];
  EXPECT_EQ(text.rfind("**Otheym-40** • 40d served over 1 term\n**harah-39** • 39d served over 1 term\n", 0), 0u)
      << text;
  EXPECT_NE(text.find("\n**Turok-22** • 22d served over 1 term\n**shishakli-21** • 21d served over 1 term\n…and 12 more"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.substr(text.size() - std::string("…and 12 more").size()), "…and 12 more") << text;
  EXPECT_EQ(text.find("Farok-8"), std::string::npos) << text;
  auto overview = embed_of(naib("overview"));
  EXPECT_EQ(overview["fields"][2]["value"], "32");
}

TEST_F(NaibPlugin, OverviewListsTheCouncilAndItsCounts) {
  unseat(5);
  for (const char* sub : {"overview", ""}) {
    auto embed = embed_of(naib(sub));
    EXPECT_EQ(embed["title"], "👑 Naib Council Overview") << sub;
    EXPECT_EQ(embed["color"], 0xFFD700);
    EXPECT_EQ(embed["description"],
              "1️⃣ **chani-1**\n2️⃣ **Jamis-2**\n3️⃣ **harah-3**\n4️⃣ **Otheym-4**\n5️⃣ **Korba-6**\n6️⃣ **tharthar-7**");
    ASSERT_EQ(embed["fields"].size(), 3u) << embed.dump(1);
    EXPECT_EQ(embed["fields"][0]["name"], "Current Council");
    EXPECT_EQ(embed["fields"][0]["value"], "6/7");
    EXPECT_EQ(embed["fields"][1]["name"], "Available");
    EXPECT_EQ(embed["fields"][1]["value"], "1");
    EXPECT_EQ(embed["fields"][2]["name"], "Former");
    EXPECT_EQ(embed["fields"][2]["value"], "2") << "members 8 and 9: not 3 (seated again) nor 10 (no closed term)";
    EXPECT_EQ(embed["footer"]["text"], "Use /naib current or /naib former for the details");
  }
}

TEST_F(NaibPlugin, AnUnknownSubcommandShowsTheOverview) {
  auto embed = embed_of(naib("bogus"));
  EXPECT_EQ(embed["title"], "👑 Naib Council Overview");
  EXPECT_EQ(embed["fields"][0]["value"], "7/7");
}

TEST_F(NaibPlugin, AnotherCommunitysCouncilNeverShows) {
  auto current = embed_of(naib("current"));
  EXPECT_EQ(current["fields"][0]["value"], kCouncil) << "feyd leaked, or moved the founding marks";
  auto former = embed_of(naib("former"));
  EXPECT_EQ(former.dump().find("rabban"), std::string::npos);
  auto overview = embed_of(naib("overview"));
  EXPECT_EQ(overview["fields"][0]["value"], "7/7");
  EXPECT_EQ(overview["fields"][2]["value"], "2");
}

TEST_F(NaibPlugin, MembersWhoHaveNotOnboardedAreTurnedAwayPrivatelyWithoutAPublicDefer) {
  // 41: never finished onboarding; 43: departed; a Discord user with no profile at all.
  for (const std::string& user : {member_discord_id(41), member_discord_id(43), waitlist_discord_id(75)}) {
    auto run = bench.command("naib", nlohmann::json::object(), user, "current");
    ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
    ASSERT_EQ(run.effects.size(), 1u) << user << ": " << run.effects.dump(1);
    EXPECT_EQ(run.effects[0]["kind"], "interaction.reply") << "no public defer before the refusal";
    const auto reply = run.reply();
    EXPECT_EQ(reply["flags"], 64);
    EXPECT_EQ(reply["content"], kRefusal);
    EXPECT_FALSE(reply.contains("embeds"));
  }
}

TEST_F(NaibPlugin, OneOpenSeatAndNoFormerNaibReadNaturally) {
  unseat(7);
  auto current = embed_of(naib("current"));
  EXPECT_EQ(current["fields"][1]["value"],
            "1 seat open: the next member to complete onboarding while ranked in the top 69 takes one");
  bench.admin_exec("UPDATE profiles SET is_former_naib = false WHERE community_id = $1::uuid", {bench.community_id()});
  auto former = embed_of(naib("former"));
  EXPECT_EQ(former["description"], "There are no former Naib yet.");
  auto overview = embed_of(naib("overview"));
  EXPECT_EQ(overview["fields"][1]["value"], "1");
  EXPECT_EQ(overview["fields"][2]["value"], "0");
}
