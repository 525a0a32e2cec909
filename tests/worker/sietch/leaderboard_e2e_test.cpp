// /leaderboard through the full path on the seeded Sietch: the boards are public, a refusal is seen
// by the caller alone and never preceded by a public placeholder.
#include "sietch_full_path.hpp"

using nlohmann::json;

namespace {

}  // namespace

TEST_F(SietchFullPath, LeaderboardBadgesIsPublicWithTheCallersPosition) {
  const auto user = user_as_member(1);
  const auto i = stack().command("leaderboard", user, subcommand("badges"));
  const auto first = stack().first_response(i);
  EXPECT_EQ(first.value("type", 0), 5) << first.dump();
  EXPECT_FALSE(first.contains("data") && first["data"].contains("flags")) << "deferred publicly: " << first.dump();
  const auto message = stack().original_message(i);
  ASSERT_TRUE(message.contains("embeds")) << message.dump() << stack().harness().rest_calls(i.token).dump(1);
  EXPECT_EQ(message["embeds"][0]["title"], "🏆 Engagement Leaderboard");
  EXPECT_EQ(std::string(message["embeds"][0]["description"]).rfind("🥇 ⚔️ **Otheym-64** ✨ — 4 badges\n", 0), 0u)
      << message.dump();
  EXPECT_EQ(message["embeds"][0]["footer"]["text"],
            "Rankings based on badge count • 72 total members • Your Position: #55 of 72");
}

TEST_F(SietchFullPath, LeaderboardTiersIsPublic) {
  const auto user = user_as_member(71);
  const auto i = stack().command("leaderboard", user, subcommand("tiers"));
  EXPECT_FALSE(stack().first_response(i).contains("data"));
  const auto message = stack().original_message(i);
  ASSERT_TRUE(message.contains("embeds")) << message.dump() << stack().harness().rest_calls(i.token).dump(1);
  const auto& embed = message["embeds"][0];
  EXPECT_EQ(embed["title"], "🏆 Tier Progression Leaderboard");
  EXPECT_EQ(embed["fields"][0]["name"], "Top Progressors");
  EXPECT_EQ(std::string(embed["fields"][0]["value"]).rfind("🥇 🌿 **ramallo-71** — 886 BGT • 2 BGT to 🔮 Sayyadina", 0),
            0u);
  EXPECT_EQ(embed["fields"][1]["value"], "#1 of 20 • 🌿 Mushtamal • 886 BGT • 2 BGT to 🔮 Sayyadina");
}

TEST_F(SietchFullPath, LeaderboardRefusesAMemberWhoHasNotOnboardedPrivately) {
  const auto user = user_as_member(41);
  const auto i = stack().command("leaderboard", user, subcommand("badges"));
  const auto first = stack().first_response(i);
  EXPECT_EQ(first.value("type", 0), 4) << "answered at once, never deferred publicly: " << first.dump();
  ASSERT_TRUE(first.contains("data")) << first.dump();
  EXPECT_EQ(first["data"]["flags"], 64);
  EXPECT_EQ(first["data"]["content"],
            "You need to complete onboarding before using this command. "
            "Check your DMs from the Sietch bot to finish setting up your profile.");
}
