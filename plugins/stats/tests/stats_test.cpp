// /stats against the real database (migrated, RLS on) on the standard seeded Sietch
// (arrakis/sietch/testing/community.hpp), with Discord effects recorded.
#include <gtest/gtest.h>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using namespace arrakis::sietch::testing;

namespace {

constexpr unsigned kEphemeral = 64;
const char* const kNoProfile =
    "❌ You don't have a Sietch profile yet. Once your wallet is eligible, the Sietch bot will DM you to set "
    "one up.";
const char* const kOnboardingRequired =
    "You need to complete onboarding before using this command. Check your DMs from the Sietch bot to finish "
    "setting up your profile.";

const nlohmann::json& field(const nlohmann::json& embed, const std::string& name) {
  for (const auto& f : embed["fields"]) {
    if (f["name"] == name) return f;
  }
  static const nlohmann::json missing = {{"value", "<missing field>"}};
  return missing;
}

std::string value(const nlohmann::json& embed, const std::string& name) { return field(embed, name)["value"]; }

class StatsPlugin : public ::testing::Test {
 protected:
  void SetUp() override { seeded = seed_sietch(bench); }
  void TearDown() override { clear_ranking(bench); }

  // The reply to /stats from seeded member n (or any Discord id), checked to be ephemeral.
  nlohmann::json stats_of(const std::string& discord_id) {
    auto run = bench.command("stats", nlohmann::json::object(), discord_id);
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    const auto reply = run.reply();
    EXPECT_TRUE(reply.is_object()) << run.effects.dump(2);
    EXPECT_EQ(reply.value("flags", 0u) & kEphemeral, kEphemeral) << "/stats is private: " << reply.dump();
    return reply;
  }
  nlohmann::json embed_of(int member) {
    const auto reply = stats_of(member_discord_id(member));
    EXPECT_TRUE(reply.contains("embeds")) << reply.dump(2);
    return reply.contains("embeds") ? reply["embeds"][0] : nlohmann::json::object();
  }
  std::string since(int member) {
    return bench
        .admin_exec("SELECT to_char(joined_at AT TIME ZONE 'UTC', 'Mon FMDD, YYYY') FROM profiles WHERE id = $1::uuid",
                    {seeded.profile_id(member)})[0][0]
        .as<std::string>();
  }

  PluginBench bench{"stats"};
  SeededSietch seeded;
};

}  // namespace

TEST_F(StatsPlugin, NaibWithOneBadgeAtMaximumTier) {
  const auto embed = embed_of(1);
  EXPECT_EQ(embed["title"], "📊 chani-1's Stats");
  EXPECT_EQ(embed["color"], 0x4169E1);
  EXPECT_FALSE(embed.contains("thumbnail")) << "no pfp set";
  EXPECT_EQ(value(embed, "🏔️ Tier"), "👑 **Naib**\nAt maximum tier");
  EXPECT_EQ(value(embed, "⏳ Tenure"), "🆕 **Member**\nSince " + since(1));  // joined 38 days ago
  EXPECT_EQ(value(embed, "🏆 Badges"), "**1** earned");
  EXPECT_EQ(value(embed, "💬 Activity This Week"), "**1** message");  // balance 13
  EXPECT_EQ(value(embed, "🔥 Current Streak"), "**0** days");        // last active a day ago
  EXPECT_EQ(value(embed, "🏅 Longest Streak"), "**0** days");        // 7 messages
  EXPECT_EQ(value(embed, "🎖️ Recent Badges"), "🤝 Helper");
  EXPECT_EQ(embed["footer"]["text"], "Your stats are private • Use /badges to see all your badges");
  EXPECT_EQ(embed["fields"].size(), 7u);
}

TEST_F(StatsPlugin, FedaykinOgWithoutBadges) {
  const auto embed = embed_of(20);
  EXPECT_EQ(embed["title"], "📊 Farok-20's Stats");
  EXPECT_EQ(value(embed, "🏔️ Tier"), "⚔️ **Fedaykin**\nNext: **Naib** (rank-based)");
  EXPECT_EQ(value(embed, "⏳ Tenure"), "👑 **OG**\nSince Jan 10, 2025");
  EXPECT_EQ(value(embed, "🏆 Badges"), "**0** earned");
  EXPECT_EQ(value(embed, "🎖️ Recent Badges"), "None yet");
  EXPECT_EQ(value(embed, "💬 Activity This Week"), "**26** messages");  // balance 260
  EXPECT_EQ(value(embed, "🔥 Current Streak"), "**0** days");           // two days ago
  EXPECT_EQ(value(embed, "🏅 Longest Streak"), "**14** days");          // 140 messages
}

TEST_F(StatsPlugin, ElderActiveTodayWithStreakCappedAndRevokedBadgeNotCounted) {
  const auto embed = embed_of(63);
  EXPECT_EQ(value(embed, "🏔️ Tier"), "⚔️ **Fedaykin**\nNext: **Naib** (rank-based)");
  EXPECT_EQ(value(embed, "⏳ Tenure"), "✨ **Elder**\nSince " + since(63));  // 332 days
  EXPECT_EQ(value(embed, "🏆 Badges"), "**3** earned") << "the revoked 'devoted' never counts";
  EXPECT_EQ(value(embed, "🎖️ Recent Badges"), "🤝 Helper, 🛠️ Builder, 📚 Teacher");
  EXPECT_EQ(value(embed, "💬 Activity This Week"), "**21** messages");  // balance 219
  EXPECT_EQ(value(embed, "🔥 Current Streak"), "**1** day");            // active today
  EXPECT_EQ(value(embed, "🏅 Longest Streak"), "**30** days");          // 441 messages, capped at 30
}

TEST_F(StatsPlugin, VeteranWithMoreThanThreeBadges) {
  const auto embed = embed_of(4);
  EXPECT_EQ(value(embed, "⏳ Tenure"), "⭐ **Veteran**\nSince " + since(4));  // 149 days
  EXPECT_EQ(value(embed, "🏆 Badges"), "**4** earned");
  EXPECT_EQ(value(embed, "🎖️ Recent Badges"), "🤝 Helper, 🛠️ Builder, 📚 Teacher +1 more");
  EXPECT_EQ(value(embed, "💬 Activity This Week"), "**5** messages");  // balance 52
  EXPECT_EQ(value(embed, "🏅 Longest Streak"), "**2** days");          // 28 messages
}

TEST_F(StatsPlugin, BgtTiersShowTheBgtToTheNextTier) {
  EXPECT_EQ(value(embed_of(70), "🏔️ Tier"), "🔮 **Sayyadina**\nNext: **Usul** (211 BGT needed)");    // 900 BGT
  EXPECT_EQ(value(embed_of(72), "🏔️ Tier"), "🌿 **Mushtamal**\nNext: **Sayyadina** (16 BGT needed)");  // 872
  EXPECT_EQ(value(embed_of(100), "🏔️ Tier"), "🌸 **Sihaya**\nNext: **Mushtamal** (210 BGT needed)");  // 480
  EXPECT_EQ(value(embed_of(120), "🏔️ Tier"), "🤝 **Ichwan**\nNext: **Qanat** (22 BGT needed)");      // 200
  // Unranked wallet and no wallet at all: the hajra floor, 69 BGT from ichwan.
  EXPECT_EQ(value(embed_of(kUnrankedWallet), "🏔️ Tier"), "🌱 **Hajra**\nNext: **Ichwan** (69 BGT needed)");
  EXPECT_EQ(value(embed_of(kNoWalletMember), "🏔️ Tier"), "🌱 **Hajra**\nNext: **Ichwan** (69 BGT needed)");
}

TEST_F(StatsPlugin, FractionalGapAndUsulWhoseNextTierIsByRank) {
  bench.admin_exec("UPDATE eligibility_current SET bgt_held = 221500000000000000000 WHERE address = $1",
                   {wallet_address(120)});
  EXPECT_EQ(value(embed_of(120), "🏔️ Tier"), "🤝 **Ichwan**\nNext: **Qanat** (0.5 BGT needed)");
  bench.admin_exec("UPDATE eligibility_current SET bgt_held = 1200000000000000000000 WHERE address = $1",
                   {wallet_address(120)});
  EXPECT_EQ(value(embed_of(120), "🏔️ Tier"), "🏜️ **Usul**\nNext: **Fedaykin** (rank-based)");
}

TEST_F(StatsPlugin, PendingDecayIsAppliedToTheActivityBalanceAndNotWritten) {
  // 13 hours since the last decay: two whole 6-hour periods, 260 x 0.9^2 = 210.6.
  bench.admin_exec("UPDATE member_activity SET last_decay_at = now() - interval '13 hours' WHERE profile_id = $1::uuid",
                   {seeded.profile_id(20)});
  EXPECT_EQ(value(embed_of(20), "💬 Activity This Week"), "**21** messages");
  const auto stored = bench.admin_exec("SELECT activity_balance, last_decay_at < now() - interval '12 hours' "
                                       "FROM member_activity WHERE profile_id = $1::uuid",
                                       {seeded.profile_id(20)});
  EXPECT_EQ(stored[0][0].as<double>(), 260.0) << "/stats only reads";
  EXPECT_TRUE(stored[0][1].as<bool>());
  // Less than one whole period: nothing decays.
  bench.admin_exec("UPDATE member_activity SET last_decay_at = now() - interval '5 hours 59 minutes' "
                   "WHERE profile_id = $1::uuid",
                   {seeded.profile_id(20)});
  EXPECT_EQ(value(embed_of(20), "💬 Activity This Week"), "**26** messages");
  // A last decay in the future (clock skew) decays nothing rather than inflating the balance.
  bench.admin_exec("UPDATE member_activity SET last_decay_at = now() + interval '7 hours' WHERE profile_id = $1::uuid",
                   {seeded.profile_id(20)});
  EXPECT_EQ(value(embed_of(20), "💬 Activity This Week"), "**26** messages");
}

TEST_F(StatsPlugin, NoActivityRowCountsAsNoActivity) {
  bench.admin_exec("DELETE FROM member_activity WHERE profile_id = $1::uuid", {seeded.profile_id(20)});
  const auto embed = embed_of(20);
  EXPECT_EQ(value(embed, "💬 Activity This Week"), "**0** messages");
  EXPECT_EQ(value(embed, "🔥 Current Streak"), "**0** days");
  EXPECT_EQ(value(embed, "🏅 Longest Streak"), "**0** days");
}

TEST_F(StatsPlugin, ThumbnailIsTheProfilePictureWhenDiscordCanShowIt) {
  bench.admin_exec("UPDATE profiles SET pfp_url = 'https://cdn.discordapp.com/attachments/1/2/me.png', "
                   "pfp_type = 'custom' WHERE id = $1::uuid",
                   {seeded.profile_id(20)});
  EXPECT_EQ(embed_of(20)["thumbnail"]["url"], "https://cdn.discordapp.com/attachments/1/2/me.png");
  bench.admin_exec("UPDATE profiles SET pfp_url = 'data:image/svg+xml;base64,PHN2Zz4=', pfp_type = 'generated' "
                   "WHERE id = $1::uuid",
                   {seeded.profile_id(20)});
  EXPECT_FALSE(embed_of(20).contains("thumbnail")) << "Discord cannot show a data URL";
}

TEST_F(StatsPlugin, RefusesCallersWithoutAProfileOrOnboarding) {
  EXPECT_EQ(stats_of("999999999999999999")["content"], kNoProfile);
  EXPECT_EQ(stats_of(member_discord_id(43))["content"], kNoProfile) << "a departed member has no profile here";
  EXPECT_EQ(stats_of(member_discord_id(41))["content"], kOnboardingRequired);
  EXPECT_FALSE(stats_of(member_discord_id(41)).contains("embeds"));
}

TEST_F(StatsPlugin, AnotherCommunitysProfileIsNotFound) {
  PluginBench other("stats");
  const auto run = other.command("stats", nlohmann::json::object(), member_discord_id(20));
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(run.reply()["content"], kNoProfile);
}

TEST_F(StatsPlugin, AnUnexpectedFailureIsAnsweredWithoutATrace) {
  // A balance no message count can hold makes the read fail inside the database.
  bench.admin_exec("UPDATE member_activity SET activity_balance = 'Infinity' WHERE profile_id = $1::uuid",
                   {seeded.profile_id(20)});
  const auto reply = stats_of(member_discord_id(20));
  EXPECT_EQ(reply["content"], "❌ Unable to fetch your stats right now. Please try again in a moment.");
  EXPECT_FALSE(reply.contains("embeds"));
}
