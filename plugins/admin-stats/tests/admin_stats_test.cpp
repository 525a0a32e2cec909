// /admin-stats on the standard seeded Sietch (community.hpp), against the real database (migrated,
// RLS on) with Discord effects recorded. Every number is computed from the documented fixture.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/sietch/tiers.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

const std::string kAdmin = "900000000000000099";

const json& field(const json& embed, const std::string& name) {
  for (const auto& f : embed["fields"]) {
    if (f["name"] == name) return f;
  }
  static const json missing = {{"value", "<missing field " + name + ">"}};
  return missing;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string with_commas(long long n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// /admin-stats as the worker delivers it, with the member's permission bits.
PluginRun stats(PluginBench& bench, const std::string& permissions) {
  return bench.run({{"eventId", "00000000-0000-4000-8000-000000000002"},
                    {"eventType", "interaction.command.admin-stats"},
                    {"timestamp", 1764000000000},
                    {"userId", kAdmin},
                    {"channelId", "300000000000000001"},
                    {"interactionId", "400000000000000002"},
                    {"data",
                     {{"type", 2},
                      {"commandName", "admin-stats"},
                      {"subcommand", ""},
                      {"options", json::object()},
                      {"memberPermissions", permissions},
                      {"memberRoles", json::array()}}}});
}

class AdminStatsPlugin : public ::testing::Test {
 protected:
  void SetUp() override { sietch = seed_sietch(bench); }
  void TearDown() override { clear_ranking(bench); }

  // A tier_history row of member n, `days` days ago (old tier "" = the initial tier).
  void tier_change(int n, const std::string& old_tier, const std::string& new_tier, int days) {
    bench.admin_exec(
        "INSERT INTO tier_history (community_id, profile_id, old_tier, new_tier, changed_at) "
        "VALUES ($1::uuid, $2::uuid, NULLIF($3, ''), $4, now() - make_interval(days => $5::int))",
        {bench.community_id(), sietch.profile_id(n), old_tier, new_tier, std::to_string(days)});
  }

  PluginBench bench{"admin-stats"};
  SeededSietch sietch;
};

}  // namespace

TEST_F(AdminStatsPlugin, ShowsEveryNumberOfTheSeededSietch) {
  // Member 5 was last active 8 days ago (outside the week), member 6 six days ago (inside).
  bench.admin_exec("UPDATE member_activity SET last_active_at = now() - interval '8 days' WHERE profile_id = $1::uuid",
                   {sietch.profile_id(5)});
  bench.admin_exec("UPDATE member_activity SET last_active_at = now() - interval '6 days' WHERE profile_id = $1::uuid",
                   {sietch.profile_id(6)});
  // Member 12 joined 6 days ago (new); the departed member 43 and the unfinished member 41
  // joined yesterday (neither counts).
  for (const auto& [n, days] : {std::pair{12, 6}, std::pair{43, 1}, std::pair{41, 1}}) {
    bench.admin_exec("UPDATE profiles SET joined_at = now() - make_interval(days => $2::int) WHERE id = $1::uuid",
                     {sietch.profile_id(n), std::to_string(days)});
  }
  // Promotions: two this week; an initial tier and a demotion this week (neither is one); four
  // older ones, of which the latest five promotions show three.
  tier_change(1, "fedaykin", "naib", 0);
  tier_change(20, "sayyadina", "fedaykin", 3);
  tier_change(30, "", "fedaykin", 1);
  tier_change(35, "naib", "fedaykin", 2);
  tier_change(40, "hajra", "ichwan", 10);
  tier_change(60, "ichwan", "qanat", 20);
  tier_change(61, "qanat", "sihaya", 30);
  tier_change(62, "sihaya", "mushtamal", 40);
  // Another community's rows never count.
  PluginBench other("admin-stats");
  const auto stranger = add_member(other, {"77", "feyd", 0xb001});
  other.admin_exec("INSERT INTO tier_history (community_id, profile_id, old_tier, new_tier) "
                   "VALUES ($1::uuid, $2::uuid, 'hajra', 'usul')",
                   {other.community_id(), stranger});

  auto run = stats(bench, "8");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto reply = run.reply();
  ASSERT_TRUE(reply.is_object()) << run.effects.dump(2);
  EXPECT_EQ(reply.value("flags", 0), 64) << "ephemeral";
  const auto& embed = reply["embeds"][0];
  EXPECT_EQ(embed["title"], "📊 Sietch Community Analytics");
  EXPECT_EQ(embed["color"], 0x3498DB);
  EXPECT_EQ(embed["footer"]["text"], "Sietch v3.0 Analytics");

  // Expected values from the fixture's formulas.
  long long bgt = 0, new_members = 0, badges = 0;
  std::vector<std::pair<long long, std::string>> active;  // (balance, nym) of members active this week
  for (int n : onboarded_members()) {
    if (n >= 1 && n <= kRankedWallets) bgt += standard_bgt(n);
    const int joined = n == 12 ? 6 : joined_days_ago(n);
    if (joined >= 0 && joined < 7) ++new_members;
    for (int i = 0; i < n % 5; ++i) badges += n * 5 + i < 168;
    if (n != 5) active.push_back({(n * 13) % 300, nym(n)});
  }
  std::sort(active.begin(), active.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : lower(a.second) < lower(b.second);
  });
  std::string most_active;
  for (std::size_t i = 0; i < 5; ++i) {
    most_active += std::to_string(i + 1) + ". **" + active[i].second + "** - " + std::to_string(active[i].first) +
                   " activity" + (i < 4 ? "\n" : "");
  }

  EXPECT_EQ(field(embed, "👥 Total Members")["value"], "72");
  EXPECT_EQ(field(embed, "💎 Total BGT")["value"], with_commas(bgt) + " BGT");
  EXPECT_EQ(field(embed, "💎 Total BGT")["value"], "86,982 BGT");
  EXPECT_EQ(field(embed, "📈 Weekly Active")["value"], "71");
  EXPECT_EQ(field(embed, "🆕 New This Week")["value"], std::to_string(new_members));
  EXPECT_EQ(field(embed, "🆕 New This Week")["value"], "2") << "member 65 (1 day) and member 12 (6 days)";
  EXPECT_EQ(field(embed, "⬆️ Promotions This Week")["value"], "2");
  EXPECT_EQ(field(embed, "🏅 Badges This Week")["value"], std::to_string(badges));
  EXPECT_EQ(field(embed, "🏅 Badges This Week")["value"], "66") << "members 1-33, awarded 5n+i hours ago";
  EXPECT_EQ(field(embed, "📊 Tier Distribution")["value"],
            "👑 Naib: 7\n⚔️ Fedaykin: 43\n🔮 Sayyadina: 1\n🌿 Mushtamal: 2\n🌸 Sihaya: 10\n💧 Qanat: 1\n🤝 Ichwan: 6\n🌱 Hajra: 2");
  EXPECT_EQ(field(embed, "🔥 Most Active (Past 7 Days)")["value"], most_active);
  EXPECT_EQ(field(embed, "⬆️ Recent Promotions")["value"],
            "**" + nym(1) + "**: Fedaykin → Naib (Today)\n**" + nym(20) + "**: Sayyadina → Fedaykin (3d ago)\n**" +
                nym(40) + "**: Hajra → Ichwan (10d ago)\n**" + nym(60) + "**: Ichwan → Qanat (20d ago)\n**" + nym(61) +
                "**: Qanat → Sihaya (30d ago)");
  for (std::size_t i = 0; i < 6; ++i) EXPECT_TRUE(embed["fields"][i]["inline"].get<bool>()) << i;
  EXPECT_EQ(embed["fields"].size(), 9u);
}

TEST_F(AdminStatsPlugin, BadgesThisWeekCountHeldAwardsOnly) {
  const auto before = stats(bench, "8").reply()["embeds"][0];
  const long long seeded = std::stoll(field(before, "🏅 Badges This Week")["value"].get<std::string>());
  // Member 5 holds no badge: one new award counts, one awarded and revoked this week does not,
  // one awarded 8 days ago does not.
  for (const auto& [badge, revoked, days] :
       {std::tuple{"helper", "false", 0}, std::tuple{"builder", "true", 1}, std::tuple{"teacher", "false", 8}}) {
    bench.admin_exec(
        "INSERT INTO member_badges (community_id, profile_id, badge_id, awarded_at, revoked, source) "
        "VALUES ($1::uuid, $2::uuid, $3, now() - make_interval(days => $5::int), $4::boolean, 'automatic')",
        {bench.community_id(), sietch.profile_id(5), badge, revoked, std::to_string(days)});
  }
  const auto after = stats(bench, "8").reply()["embeds"][0];
  EXPECT_EQ(field(after, "🏅 Badges This Week")["value"], std::to_string(seeded + 1));
}

TEST_F(AdminStatsPlugin, EmptyListsSayWhyAndNothingIsShownWithoutActivity) {
  bench.admin_exec("UPDATE member_activity SET last_active_at = now() - interval '30 days'");
  const auto embed = stats(bench, "8").reply()["embeds"][0];
  EXPECT_EQ(field(embed, "📈 Weekly Active")["value"], "0");
  EXPECT_EQ(field(embed, "🔥 Most Active (Past 7 Days)")["value"], "No activity in the past 7 days");
  EXPECT_EQ(field(embed, "⬆️ Recent Promotions")["value"], "No promotions yet");
  EXPECT_EQ(field(embed, "⬆️ Promotions This Week")["value"], "0");
}

TEST_F(AdminStatsPlugin, RefusesAMemberWithoutTheAdministratorBit) {
  for (const std::string permissions : {"0", "2048", ""}) {
    auto run = stats(bench, permissions);
    ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
    const auto reply = run.reply();
    EXPECT_EQ(reply["content"], "🔒 You need the Administrator permission to use /admin-stats.") << permissions;
    EXPECT_EQ(reply.value("flags", 0), 64);
    EXPECT_FALSE(reply.contains("embeds"));
  }
  // Administrator among other bits.
  auto run = stats(bench, "2147483656");
  EXPECT_EQ(run.reply()["embeds"][0]["title"], "📊 Sietch Community Analytics");
}

TEST(AdminStatsDeclaration, AdministratorOnlyAndPrivate) {
  PluginBench bench("admin-stats");
  const auto& info = bench.plugin().info();
  EXPECT_EQ(info.version, "1.0.0");
  ASSERT_EQ(info.commands.size(), 1u);
  EXPECT_EQ(info.commands[0].name, "admin-stats");
  EXPECT_EQ(info.commands[0].flags, ARRAKIS_COMMAND_EPHEMERAL | ARRAKIS_COMMAND_ADMIN);
  EXPECT_EQ(json::parse(info.commands[0].definition_json)["default_member_permissions"], "8");
}
