// /profile against the real database on the standard seeded Sietch (plugins/sietch/testing/.../
// community.hpp), Discord effects recorded.
#include <gtest/gtest.h>

#include "arrakis/database.hpp"
#include "arrakis/plugin_host/postgres_sql.hpp"
#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"
#include "arrakis/testing/servers.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

const json& field(const json& embed, const std::string& name) {
  for (const auto& f : embed["fields"]) {
    if (f["name"] == name) return f;
  }
  static const json missing = {{"value", "<missing field>"}, {"inline", false}};
  return missing;
}

PluginRun view(PluginBench& bench, const std::string& user, const std::string& nym = "") {
  json options = json::object();
  if (!nym.empty()) options["nym"] = nym;
  return bench.command("profile", options, user, "view");
}

PluginRun autocomplete(PluginBench& bench, const std::string& typed, const std::string& focused = "nym") {
  return bench.run({{"eventId", "00000000-0000-4000-8000-000000000002"},
                    {"eventType", "interaction.autocomplete"},
                    {"timestamp", 1764000000000},
                    {"userId", member_discord_id(1)},
                    {"interactionId", "400000000000000002"},
                    {"data",
                     {{"type", 4},
                      {"commandName", "profile"},
                      {"subcommand", "view"},
                      {"options", {{"nym", typed}}},
                      {"focusedOption", focused},
                      {"focusedValue", typed}}}});
}

std::vector<std::string> labels(const PluginRun& run) {
  std::vector<std::string> out;
  for (const auto& e : run.effects) {
    if (e["kind"] != "interaction.autocomplete") continue;
    for (const auto& c : e["choices"]) out.push_back(c["name"]);
  }
  return out;
}

// The defer effects of a run: [] when it answered directly.
json defers(const PluginRun& run) {
  json out = json::array();
  for (const auto& e : run.effects) {
    if (e["kind"] == "interaction.defer") out.push_back(e["ephemeral"]);
  }
  return out;
}

json kinds(const PluginRun& run) {
  json out = json::array();
  for (const auto& e : run.effects) {
    if (e["kind"] != "sql.exec") out.push_back(e["kind"]);
  }
  return out;
}

// Member n's joined_at as the embed shows it (whole seconds since the epoch).
std::string joined_unix(PluginBench& bench, const SeededSietch& s, int n) {
  return bench
      .admin_exec("SELECT floor(extract(epoch FROM joined_at))::bigint::text FROM profiles WHERE id = $1::uuid",
                  {s.profile_id(n)})[0][0]
      .as<std::string>();
}

}  // namespace

TEST(ProfilePlugin, OwnProfileIsEphemeralWithTierMemberSinceOnboardingAndNymChanged) {
  PluginBench bench("profile");
  seed_sietch(bench);
  // Member 20 (rank 20, Fedaykin) joined in the OG window: 2025-01-10 00:20 UTC.
  const auto run = view(bench, member_discord_id(20));
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(defers(run), json::array({true})) << "your own profile is deferred ephemerally";
  const auto reply = run.reply();
  EXPECT_EQ(reply["flags"], 64);
  const auto& embed = reply["embeds"][0];
  EXPECT_EQ(embed["title"], "⚔️ Farok-20");
  EXPECT_EQ(embed["color"], 0x4169E1);
  EXPECT_EQ(embed["description"], "*No bio yet. Use /profile edit to add one.*");
  EXPECT_EQ(field(embed, "Tier")["value"], "⚔️ Fedaykin");
  EXPECT_EQ(field(embed, "Member Since")["value"], "<t:1736468400:D>");
  EXPECT_EQ(field(embed, "Onboarding")["value"], "✅ Complete");
  EXPECT_EQ(field(embed, "Nym Changed")["value"], "Never");
  EXPECT_EQ(embed["fields"].size(), 4u);
  EXPECT_EQ(embed["footer"]["text"], "Only you can see this • Use /profile edit to change your profile");
  EXPECT_FALSE(embed.contains("thumbnail"));
  clear_ranking(bench);
}

TEST(ProfilePlugin, OwnProfileShowsBioPictureAndTheNymCooldown) {
  PluginBench bench("profile");
  const auto s = seed_sietch(bench);
  bench.recorder().set_clock(1768435200000);  // 2026-01-15 00:00 UTC
  bench.admin_exec("UPDATE profiles SET bio = 'Water is life.', pfp_url = 'https://cdn.discordapp.com/a.png', "
                   "nym_last_changed = '2026-01-01 00:00:00+00' WHERE id = $1::uuid",
                   {s.profile_id(4)});
  auto run = view(bench, member_discord_id(4));
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  auto embed = run.reply()["embeds"][0];
  EXPECT_EQ(embed["title"], "👑 Otheym-4");
  EXPECT_EQ(embed["color"], 0xFFD700);
  EXPECT_EQ(embed["description"], "Water is life.");
  EXPECT_EQ(embed["thumbnail"]["url"], "https://cdn.discordapp.com/a.png");
  EXPECT_EQ(field(embed, "Tier")["value"], "👑 Naib");
  EXPECT_EQ(field(embed, "Member Since")["value"], "<t:" + joined_unix(bench, s, 4) + ":D>");
  // Changed on 2026-01-01: the next change is possible 30 days later, 2026-01-31.
  EXPECT_EQ(field(embed, "Nym Changed")["value"], "<t:1767225600:D>\nNext change possible <t:1769817600:R>");

  // Past the cooldown, a generated picture (a data URL Discord would refuse) is left out.
  bench.admin_exec("UPDATE profiles SET nym_last_changed = '2025-11-01 00:00:00+00', "
                   "pfp_url = 'data:image/png;base64,AAAA' WHERE id = $1::uuid",
                   {s.profile_id(4)});
  run = view(bench, member_discord_id(4));
  embed = run.reply()["embeds"][0];
  EXPECT_EQ(field(embed, "Nym Changed")["value"], "<t:1761955200:D>");
  EXPECT_FALSE(embed.contains("thumbnail"));
  clear_ranking(bench);
}

TEST(ProfilePlugin, OwnProfileOfAMemberStillOnboarding) {
  PluginBench bench("profile");
  seed_sietch(bench);
  const auto run = view(bench, member_discord_id(41));
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto reply = run.reply();
  EXPECT_EQ(reply["flags"], 64);
  EXPECT_EQ(reply["embeds"][0]["title"], "⚔️ liet-41");
  EXPECT_EQ(field(reply["embeds"][0], "Onboarding")["value"], "⏳ Not finished: check your DMs from the Sietch bot");
  clear_ranking(bench);
}

TEST(ProfilePlugin, NoProfileDepartedOrNoNymYetGetsTheOnboardingMessage) {
  PluginBench bench("profile");
  const auto s = seed_sietch(bench);
  bench.admin_exec("UPDATE profiles SET nym = NULL WHERE id = $1::uuid", {s.profile_id(42)});
  const std::string expected =
      "You haven't completed onboarding yet. When you gain access to Sietch, you'll receive a DM to set up your "
      "profile.";
  for (const auto& user : {std::string("999000000000000001"), member_discord_id(43), member_discord_id(42)}) {
    const auto run = view(bench, user);
    ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
    EXPECT_EQ(run.reply()["content"], expected) << user;
    EXPECT_EQ(run.reply()["flags"], 64) << user;
    EXPECT_EQ(defers(run), json::array({true})) << user;
  }
  clear_ranking(bench);
}

TEST(ProfilePlugin, AnotherMembersProfileIsPublicWithTierTenureAndBadges) {
  PluginBench bench("profile");
  const auto s = seed_sietch(bench);
  bench.admin_exec("UPDATE profiles SET bio = 'Fremen of Sietch Tabr' WHERE id = $1::uuid", {s.profile_id(4)});
  // Typed in another case: nyms match case-insensitively; the title keeps the member's spelling.
  const auto run = view(bench, member_discord_id(20), "  oTHEYM-4 ");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(defers(run), json::array({false})) << "someone else's profile is shown to the channel";
  const auto reply = run.reply();
  EXPECT_FALSE(reply.contains("flags")) << reply.dump();
  const auto& embed = reply["embeds"][0];
  EXPECT_EQ(embed["title"], "👑 Otheym-4");
  EXPECT_EQ(embed["color"], 0xFFD700);
  EXPECT_EQ(embed["description"], "Fremen of Sietch Tabr");
  EXPECT_EQ(field(embed, "Tier")["value"], "👑 Naib");
  EXPECT_EQ(field(embed, "Tenure")["value"], "⭐ Veteran") << "joined 149 days ago";
  EXPECT_EQ(field(embed, "Badges")["value"], "4");
  // Newest first: helper was awarded 20 h ago, builder 21 h, teacher 22 h, consistent 23 h.
  EXPECT_EQ(field(embed, "Recent Badges")["value"], "🤝 Helper, 🛠️ Builder, 📚 Teacher +1 more");
  EXPECT_EQ(embed["footer"]["text"], "Sietch member profile • No wallet addresses shown");
  const std::string shown = reply.dump();
  EXPECT_EQ(shown.find(wallet_address(4).substr(2)), std::string::npos) << "no wallet address";
  EXPECT_EQ(shown.find(member_discord_id(4)), std::string::npos) << "no Discord id";
  EXPECT_EQ(shown.find("Member Since"), std::string::npos) << "the own-profile fields stay private";
  clear_ranking(bench);
}

TEST(ProfilePlugin, PublicProfileTenureAndBadgeEdges) {
  PluginBench bench("profile");
  seed_sietch(bench);
  // Member 14: four held badges and a revoked Devoted that never counts; joined 119 days ago.
  auto embed = view(bench, member_discord_id(1), "Jamis-14").reply()["embeds"][0];
  EXPECT_EQ(field(embed, "Badges")["value"], "4");
  EXPECT_EQ(field(embed, "Tenure")["value"], "⭐ Veteran");
  EXPECT_EQ(field(embed, "Recent Badges")["value"].get<std::string>().find("Devoted"), std::string::npos);
  // Member 20: OG, no badges, no bio (no description at all).
  embed = view(bench, member_discord_id(1), "farok-20").reply()["embeds"][0];
  EXPECT_EQ(field(embed, "Tenure")["value"], "👑 OG");
  EXPECT_EQ(field(embed, "Badges")["value"], "0");
  EXPECT_EQ(field(embed, "Recent Badges")["value"], "None yet");
  EXPECT_FALSE(embed.contains("description"));
  // Member 42 joined 355 days ago: Elder. The unranked member 501 is Hajra.
  bench.admin_exec("UPDATE profiles SET onboarding_complete = true WHERE discord_id = $1", {member_discord_id(42)});
  embed = view(bench, member_discord_id(1), "korba-42").reply()["embeds"][0];
  EXPECT_EQ(field(embed, "Tenure")["value"], "✨ Elder");
  embed = view(bench, member_discord_id(1), "shishakli-501").reply()["embeds"][0];
  EXPECT_EQ(embed["title"], "🌱 shishakli-501");
  EXPECT_EQ(field(embed, "Tier")["value"], "🌱 Hajra");
  EXPECT_EQ(field(embed, "Tenure")["value"], "⭐ Veteran") << "joined 138 days ago";
  clear_ranking(bench);
}

TEST(ProfilePlugin, UnknownNotOnboardedOrDepartedNymIsAnEphemeralNotFound) {
  PluginBench bench("profile");
  seed_sietch(bench);
  // liet-41 never finished onboarding; tharthar-43 left the server.
  for (const std::string nym : {"nobody", "liet-41", "tharthar-43"}) {
    const auto run = view(bench, member_discord_id(1), nym);
    ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
    EXPECT_EQ(defers(run), json::array()) << "answered directly, never deferred publicly";
    EXPECT_EQ(run.reply()["content"], "No member found with nym `" + nym + "`.");
    EXPECT_EQ(run.reply()["flags"], 64);
  }
  // What was typed cannot break out of the code span, and long input is cut.
  EXPECT_EQ(view(bench, member_discord_id(1), "a`b").reply()["content"], "No member found with nym `ab`.");
  EXPECT_EQ(view(bench, member_discord_id(1), std::string(40, 'x')).reply()["content"],
            "No member found with nym `" + std::string(32, 'x') + "…`.");
  clear_ranking(bench);
}

TEST(ProfilePlugin, AutocompleteMatchesAnyCaseOrderedByNym) {
  PluginBench bench("profile");
  seed_sietch(bench);
  // chani-n for n % 12 == 1 among the onboarded: 1, 13, 25, 37, 61, 97, 121 (in nym order).
  auto run = autocomplete(bench, "CHANI");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(labels(run), (std::vector<std::string>{"chani-1 (👑)", "chani-121 (🤝)", "chani-13 (⚔️)", "chani-25 (⚔️)",
                                                   "chani-37 (⚔️)", "chani-61 (⚔️)", "chani-97 (🌸)"}));
  const auto choice = run.effects.back()["choices"][0];
  EXPECT_EQ(choice["value"], "chani-1");
  // "-4": members 4 and 40; liet-41 and Korba-42 are still onboarding, tharthar-43 left.
  EXPECT_EQ(labels(autocomplete(bench, "-4")), (std::vector<std::string>{"Otheym-4 (👑)", "Otheym-40 (⚔️)"}));
  clear_ranking(bench);
}

TEST(ProfilePlugin, AutocompleteIsCappedAt25AndTakesWildcardsLiterally) {
  PluginBench bench("profile");
  seed_sietch(bench);
  auto all = labels(autocomplete(bench, ""));
  EXPECT_EQ(all.size(), 25u) << "72 onboarded members, at most 25 choices";
  EXPECT_EQ(all.front(), "chani-1 (👑)");
  EXPECT_EQ(labels(autocomplete(bench, "%")), std::vector<std::string>{});
  EXPECT_EQ(labels(autocomplete(bench, "r_1")), std::vector<std::string>{}) << "_ is no wildcard";
  EXPECT_FALSE(labels(autocomplete(bench, "r-1")).empty()) << "Stilgar-12 contains r-1";
  // Another option being typed gets no nym choices.
  const auto other = autocomplete(bench, "chani", "something");
  ASSERT_EQ(other.status, ARRAKIS_OK) << other.error;
  EXPECT_EQ(other.effects.back()["kind"], "interaction.autocomplete");
  EXPECT_EQ(labels(other), std::vector<std::string>{});
  clear_ranking(bench);
}

TEST(ProfilePlugin, EditSendsTheWizardEntryByDmThenSaysCheckYourDms) {
  PluginBench bench("profile");
  const auto s = seed_sietch(bench);
  bench.recorder().set_clock(1768435200000);  // 2026-01-15 00:00 UTC
  bench.admin_exec("UPDATE profiles SET nym_last_changed = '2026-01-01 00:00:00+00' WHERE id = $1::uuid",
                   {s.profile_id(4)});
  const auto run = bench.command("profile", json::object(), member_discord_id(4), "edit");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(kinds(run), json::array({"interaction.defer", "guild.send_dm", "interaction.reply"})) << run.effects.dump(1);
  EXPECT_EQ(defers(run), json::array({true}));
  const auto dm = bench.recorder().effects("guild.send_dm").back();
  EXPECT_EQ(dm["user"], member_discord_id(4));
  const auto& embed = dm["message"]["embeds"][0];
  EXPECT_EQ(embed["title"], "✏️ Edit Your Profile");
  EXPECT_EQ(field(embed, "Nym")["value"],
            "Currently **Otheym-4**. 3-20 characters: letters, numbers, `_` and `-`, starting and ending with a letter "
            "or number. It can be changed once every 30 days.\nYour next nym change is possible <t:1769817600:R>.");
  EXPECT_EQ(field(embed, "Bio")["value"], "Up to 160 characters. Links are removed.");
  const auto& button = dm["message"]["components"][0]["components"][0];
  EXPECT_EQ(button["custom_id"], "profile-edit:start");
  EXPECT_EQ(button["label"], "Start editing");
  EXPECT_FALSE(button.value("disabled", false));
  EXPECT_EQ(run.reply()["content"], "📬 Check your DMs! I've sent you a message to edit your profile.");
  EXPECT_EQ(run.reply()["flags"], 64);
  clear_ranking(bench);
}

TEST(ProfilePlugin, EditNeedsAFinishedOnboarding) {
  PluginBench bench("profile");
  seed_sietch(bench);
  for (const auto& user : {member_discord_id(41), member_discord_id(43), std::string("999000000000000001")}) {
    const auto run = bench.command("profile", json::object(), user, "edit");
    ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
    EXPECT_TRUE(bench.recorder().effects("guild.send_dm").empty()) << user;
    EXPECT_EQ(run.reply()["content"],
              "You need to complete onboarding before using this command. Check your DMs from the Sietch bot to "
              "finish setting up your profile.");
    EXPECT_EQ(run.reply()["flags"], 64);
  }
  clear_ranking(bench);
}

namespace {

// Discord refusing the DM, as it does for a member who closed their DMs (403, code 50007): a
// second recorder the bench forwards every call to, with the SQL on the real database.
class ClosedDms : public arrakis::plugin_host::EffectRecorder {
 public:
  using EffectRecorder::EffectRecorder;
  arrakis_status guild_send_dm(arrakis::plugin_host::Call& c, std::string_view, std::string_view) override {
    return failed(c, ARRAKIS_PERMANENT, "Discord answered 403: Cannot send messages to this user (50007)");
  }
};

}  // namespace

TEST(ProfilePlugin, EditWithClosedDmsSaysHowToOpenThem) {
  PluginBench bench("profile");
  seed_sietch(bench);
  arrakis::db::Pool pool(arrakis::testing::database_url(), 1);
  arrakis::plugin_host::PostgresSql sql(pool);
  ClosedDms closed(&sql);
  bench.recorder().forward_to(&closed);
  const auto run = bench.command("profile", json::object(), member_discord_id(4), "edit");
  bench.recorder().forward_to(nullptr);
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error << " (a closed DM is no failure of the command)";
  EXPECT_EQ(kinds(run), json::array({"interaction.defer", "guild.send_dm", "interaction.reply"})) << run.effects.dump(1);
  EXPECT_EQ(run.reply()["content"],
            "❌ I couldn't send you a DM. Please allow direct messages from server members (Server menu → Privacy "
            "Settings → Direct Messages), then run /profile edit again.");
  EXPECT_EQ(run.reply()["flags"], 64);
  EXPECT_EQ(run.effects.dump().find("Check your DMs"), std::string::npos);
  clear_ranking(bench);
}

TEST(ProfilePlugin, UnknownSubcommandIsExplained) {
  PluginBench bench("profile");
  const auto run = bench.command("profile", json::object(), member_discord_id(4), "delete");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(run.reply()["content"], "Use /profile view or /profile edit.");
  EXPECT_EQ(run.reply()["flags"], 64);
}
