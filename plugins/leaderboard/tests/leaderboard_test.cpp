// /leaderboard against the real database (migrated, RLS on) on the seeded Sietch. Badges: member
// n holds n % 5 badges (a revoked one never counts), so 13 members tie at 4 and the earlier
// profile wins. Tiers: onboarded members ranked 70-130 are in the BGT tiers.
#include <gtest/gtest.h>

#include <map>
#include <optional>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

const std::string kOnboarding =
    "You need to complete onboarding before using this command. "
    "Check your DMs from the Sietch bot to finish setting up your profile.";

const std::string kTopTen =
    "🥇 ⚔️ **Otheym-64** ✨ — 4 badges\n"
    "🥈 ⚔️ **shishakli-9** ✨ — 4 badges\n"
    "🥉 ⚔️ **tharthar-19** ✨ — 4 badges\n"
    "4️⃣ ⚔️ **liet-29** ✨ — 4 badges\n"
    "5️⃣ 🌸 **Farok-104** ✨ — 4 badges\n"
    "6️⃣ ⚔️ **harah-39** ✨ — 4 badges\n"
    "7️⃣ 🤝 **Otheym-124** ✨ — 4 badges\n"
    "8️⃣ ⚔️ **shishakli-69** ⭐ — 4 badges\n"
    "9️⃣ 👑 **Otheym-4** ⭐ — 4 badges\n"
    "🔟 ⚔️ **Jamis-14** ⭐ — 4 badges";

json effects_of(const PluginRun& run, const std::string& kind) {
  json out = json::array();
  for (const auto& e : run.effects) {
    if (e.value("kind", "") == kind) out.push_back(e);
  }
  return out;
}

const json& field(const json& embed, const std::string& name) {
  for (const auto& f : embed["fields"]) {
    if (f["name"] == name) return f;
  }
  static const json missing = {{"value", "<missing field " + name + ">"}};
  return missing;
}

class LeaderboardPlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    bench_.advance_clock(0);  // a fixed clock: sessions and the cache expire when a test moves it on
    seeded_ = seed_sietch(bench_);
  }
  void TearDown() override { clear_ranking(bench_); }

  PluginRun board(const std::string& which, int member) {
    return bench_.command("leaderboard", json::object(), member_discord_id(member), which);
  }
  // A public board: deferred publicly by the plugin once, then answered without the ephemeral flag.
  static json public_reply(const PluginRun& run) {
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    const auto defers = effects_of(run, "interaction.defer");
    EXPECT_EQ(defers.size(), 1u) << run.effects.dump(1);
    if (!defers.empty()) {
      EXPECT_EQ(defers[0]["ephemeral"], false);
    }
    const auto reply = run.reply();
    EXPECT_TRUE(reply.is_object()) << run.effects.dump(1);
    EXPECT_FALSE(reply.contains("flags")) << "/leaderboard is public";
    return reply;
  }
  void give_badges(int member, const std::vector<std::string>& badges) {
    for (const auto& b : badges) {
      bench_.admin_exec(
          "INSERT INTO member_badges (community_id, profile_id, badge_id, awarded_by, source) "
          "VALUES ($1::uuid, $2::uuid, $3, '1', 'admin') "
          "ON CONFLICT (community_id, profile_id, badge_id) DO UPDATE SET revoked = false, revoked_at = NULL",
          {bench_.community_id(), seeded_.profile_id(member), b});
    }
  }

  PluginBench bench_{"leaderboard"};
  SeededSietch seeded_;
};

TEST_F(LeaderboardPlugin, BadgesShowsTheTopTenWithTiesByEarlierProfileAndTheCallersPosition) {
  const auto reply = public_reply(board("badges", 1));
  const auto& embed = reply["embeds"][0];
  EXPECT_EQ(embed["title"], "🏆 Engagement Leaderboard");
  EXPECT_EQ(embed["color"], 0xFFD700);
  EXPECT_EQ(embed["description"], kTopTen);
  EXPECT_EQ(embed["footer"]["text"], "Rankings based on badge count • 72 total members • Your Position: #55 of 72");

  const auto zero = public_reply(board("badges", 20));  // 0 badges, joined in the OG window
  EXPECT_EQ(zero["embeds"][0]["footer"]["text"],
            "Rankings based on badge count • 72 total members • Your Position: #58 of 72");
}

TEST_F(LeaderboardPlugin, BadgesOmitsThePositionOfACallerInTheTopTen) {
  for (int member : {64, 14}) {  // first and tenth
    const auto reply = public_reply(board("badges", member));
    EXPECT_EQ(reply["embeds"][0]["description"], kTopTen);
    EXPECT_EQ(reply["embeds"][0]["footer"]["text"], "Rankings based on badge count • 72 total members") << member;
  }
}

TEST_F(LeaderboardPlugin, BadgesServesTheCachedRankingForSixtySeconds) {
  const auto first = board("badges", 20);
  public_reply(first);
  const auto sets = effects_of(first, "state.set");
  ASSERT_EQ(sets.size(), 1u) << first.effects.dump(1);
  EXPECT_EQ(sets[0]["key"], "leaderboard:top10");
  EXPECT_EQ(sets[0]["ttlMs"], 60000);

  // chani-1 now holds six badges: first place, once the cache has expired.
  give_badges(1, {"builder", "teacher", "consistent", "dedicated", "devoted"});
  const auto second = board("badges", 20);
  EXPECT_EQ(public_reply(second)["embeds"][0]["description"], kTopTen) << "served from the cache";
  EXPECT_TRUE(effects_of(second, "state.set").empty()) << "a hit is not written again";
  EXPECT_EQ(public_reply(second)["embeds"][0]["footer"]["text"],
            "Rankings based on badge count • 72 total members • Your Position: #58 of 72");

  bench_.advance_clock(59 * 1000);
  EXPECT_EQ(public_reply(board("badges", 20))["embeds"][0]["description"], kTopTen) << "59 s: still cached";
  bench_.advance_clock(1000);  // 60 s since the ranking was cached
  const auto third = public_reply(board("badges", 20));
  const std::string top = third["embeds"][0]["description"];
  EXPECT_EQ(top.rfind("🥇 👑 **chani-1** 🆕 — 6 badges\n🥈 ⚔️ **Otheym-64** ✨ — 4 badges\n", 0), 0u) << top;
  EXPECT_EQ(top.find("Jamis-14"), std::string::npos) << "pushed out of the top 10";
}

TEST_F(LeaderboardPlugin, RevokedAndDepartedDoNotCount) {
  // Member 43 left the server: even with every badge they are not ranked.
  give_badges(43, {"helper", "builder", "teacher", "consistent", "dedicated", "devoted"});
  // Member 64's badges are revoked: they drop out of the top 10.
  bench_.admin_exec("UPDATE member_badges SET revoked = true, revoked_at = now() WHERE profile_id = $1::uuid",
                    {seeded_.profile_id(64)});
  const auto reply = public_reply(board("badges", 1));
  const std::string top = reply["embeds"][0]["description"];
  EXPECT_EQ(top.find(nym(43)), std::string::npos);
  EXPECT_EQ(top.find("Otheym-64"), std::string::npos);
  EXPECT_EQ(top.rfind("🥇 ⚔️ **shishakli-9** ✨ — 4 badges\n", 0), 0u) << top;
  EXPECT_NE(top.find("🔟 ⚔️ **Stilgar-24** 🆕 — 4 badges"), std::string::npos) << top;
}

TEST_F(LeaderboardPlugin, TiersListsTheClosestToTheirNextTierAndTheCallersEntry) {
  const auto reply = public_reply(board("tiers", 71));
  const auto& embed = reply["embeds"][0];
  EXPECT_EQ(embed["title"], "🏆 Tier Progression Leaderboard");
  EXPECT_EQ(embed["color"], 0xFFD700);
  EXPECT_EQ(field(embed, "Top Progressors")["value"],
            "🥇 🌿 **ramallo-71** — 886 BGT • 2 BGT to 🔮 Sayyadina\n"
            "🥈 💧 **shishakli-105** — 410 BGT • 10 BGT to 🌸 Sihaya\n"
            "🥉 🌿 **Stilgar-72** — 872 BGT • 16 BGT to 🔮 Sayyadina\n"
            "4️⃣ 🤝 **Stilgar-120** — 200 BGT • 22 BGT to 💧 Qanat\n"
            "5️⃣ 🤝 **chani-121** — 186 BGT • 36 BGT to 💧 Qanat\n"
            "6️⃣ 🤝 **Jamis-122** — 172 BGT • 50 BGT to 💧 Qanat\n"
            "7️⃣ 🤝 **harah-123** — 158 BGT • 64 BGT to 💧 Qanat\n"
            "8️⃣ 🤝 **Otheym-124** — 144 BGT • 78 BGT to 💧 Qanat\n"
            "9️⃣ 🤝 **liet-125** — 130 BGT • 92 BGT to 💧 Qanat\n"
            "🔟 🌸 **ramallo-95** — 550 BGT • 140 BGT to 🌿 Mushtamal");
  EXPECT_EQ(field(embed, "Your Progress")["value"], "#1 of 20 • 🌿 Mushtamal • 886 BGT • 2 BGT to 🔮 Sayyadina");
  EXPECT_EQ(embed["footer"]["text"], "20 members progressing through the BGT tiers • BGT rounded to whole numbers");

  // Outside the top 10: member 101 (liet-101) ties member 100 (Otheym-100) at 480 BGT,
  // 210 BGT to go; the name settles the tie.
  const auto outside = public_reply(board("tiers", 101));
  EXPECT_EQ(field(outside["embeds"][0], "Your Progress")["value"],
            "#15 of 20 • 🌸 Sihaya • 480 BGT • 210 BGT to 🌿 Mushtamal");
  const auto tied = public_reply(board("tiers", 100));
  EXPECT_EQ(field(tied["embeds"][0], "Your Progress")["value"],
            "#16 of 20 • 🌸 Sihaya • 480 BGT • 210 BGT to 🌿 Mushtamal");
}

TEST_F(LeaderboardPlugin, TiersExplainsWhyACallerHasNoBgtProgress) {
  const std::map<int, std::string> expected = {
      {20, "⚔️ Fedaykin (rank #20): beyond the BGT tiers, your progress is by rank."},
      {1, "👑 Naib (rank #1): beyond the BGT tiers, your progress is by rank."},
      {kNoWalletMember, "Your wallet is not ranked, so there is no BGT tier progress to show yet."},
      {kUnrankedWallet, "Your wallet is not ranked, so there is no BGT tier progress to show yet."},
  };
  for (const auto& [member, entry] : expected) {
    const auto reply = public_reply(board("tiers", member));
    EXPECT_EQ(field(reply["embeds"][0], "Your Progress")["value"], entry) << member;
  }
  // An Usul member (1111 BGT or more) has no BGT tier left and is not on the board.
  bench_.admin_exec("UPDATE eligibility_current SET bgt_held = 1200000000000000000000 WHERE rank = 70");
  const auto usul = public_reply(board("tiers", 70));
  EXPECT_EQ(field(usul["embeds"][0], "Your Progress")["value"],
            "🏜️ Usul at 1200 BGT: the highest BGT tier. Fedaykin is reached by rank (top 69).");
  EXPECT_EQ(usul["embeds"][0]["footer"]["text"],
            "19 members progressing through the BGT tiers • BGT rounded to whole numbers");
}

TEST_F(LeaderboardPlugin, TiersWithNobodyInTheBgtTiersIsAPrivateNotice) {
  bench_.admin_exec("DELETE FROM eligibility_current WHERE rank > 69");
  const auto run = board("tiers", 20);
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto reply = run.reply();
  EXPECT_EQ(reply["content"], "No members are in the BGT tiers right now, so there is no tier progression to show.");
  EXPECT_EQ(reply["flags"], 64) << "the public placeholder gives way to a private notice";
  EXPECT_FALSE(reply.contains("embeds"));
}

TEST_F(LeaderboardPlugin, RefusalsReachOnlyTheCallerAndAreNeverDeferredPublicly) {
  for (int member : {41, 43}) {
    for (const char* which : {"badges", "tiers"}) {
      const auto run = board(which, member);
      ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
      EXPECT_TRUE(effects_of(run, "interaction.defer").empty()) << "no public placeholder first";
      EXPECT_EQ(run.reply()["content"], kOnboarding);
      EXPECT_EQ(run.reply()["flags"], 64);
    }
  }
  const auto run = board("weekly", 20);
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_TRUE(effects_of(run, "interaction.defer").empty());
  EXPECT_EQ(run.reply()["content"], "Choose a leaderboard: `/leaderboard badges` or `/leaderboard tiers`.");
  EXPECT_EQ(run.reply()["flags"], 64);
}

TEST_F(LeaderboardPlugin, NoSubcommandShowsTheBadgesBoard) {
  const auto reply = public_reply(board("", 20));
  EXPECT_EQ(reply["embeds"][0]["title"], "🏆 Engagement Leaderboard");
  EXPECT_EQ(reply["embeds"][0]["description"], kTopTen);
}

}  // namespace
