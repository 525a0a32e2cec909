// /badges against the real database on the standard seeded Sietch (plugins/sietch/testing/.../
// community.hpp), Discord effects recorded.
#include <gtest/gtest.h>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

PluginRun badges(PluginBench& bench, const std::string& user, const std::string& nym = "") {
  json options = json::object();
  if (!nym.empty()) options["nym"] = nym;
  return bench.command("badges", options, user);
}

PluginRun autocomplete(PluginBench& bench, const std::string& typed) {
  return bench.run({{"eventId", "00000000-0000-4000-8000-000000000003"},
                    {"eventType", "interaction.autocomplete"},
                    {"timestamp", 1764000000000},
                    {"userId", member_discord_id(1)},
                    {"interactionId", "400000000000000003"},
                    {"data",
                     {{"type", 4},
                      {"commandName", "badges"},
                      {"options", {{"nym", typed}}},
                      {"focusedOption", "nym"},
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

json defers(const PluginRun& run) {
  json out = json::array();
  for (const auto& e : run.effects) {
    if (e["kind"] == "interaction.defer") out.push_back(e["ephemeral"]);
  }
  return out;
}

// The embed's fields as [name, value, inline] triples.
json fields(const json& embed) {
  json out = json::array();
  for (const auto& f : embed["fields"]) out.push_back({f["name"], f["value"], f["inline"]});
  return out;
}

const std::string kOnboardingRequired =
    "You need to complete onboarding before using this command. Check your DMs from the Sietch bot to finish "
    "setting up your profile.";

}  // namespace

TEST(BadgesPlugin, OwnBadgesAreEphemeralAndGroupedByCategory) {
  PluginBench bench("badges");
  seed_sietch(bench);
  // Member 4 holds helper, builder, teacher and consistent.
  const auto run = badges(bench, member_discord_id(4));
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(defers(run), json::array({true})) << "your own badges are deferred ephemerally";
  const auto reply = run.reply();
  EXPECT_EQ(reply["flags"], 64);
  const auto& embed = reply["embeds"][0];
  EXPECT_EQ(embed["title"], "Otheym-4's Badges");
  EXPECT_EQ(embed["color"], 0xFFD700);
  EXPECT_EQ(fields(embed),
            json::parse(R"([["🔥 Engagement", "**🔥 Consistent**: Reached an activity balance of 100", false],
                            ["🤝 Contribution", "**🤝 Helper**: Helps other members, awarded by an admin\n**🛠️ Builder**: Builds for the community, awarded by an admin\n**📚 Teacher**: Teaches others, awarded by an admin", false]])"));
  EXPECT_EQ(embed["footer"]["text"], "Total: 4 badges");
  clear_ranking(bench);
}

TEST(BadgesPlugin, OwnBadgesShowEveryCategoryInCatalogueOrder) {
  PluginBench bench("badges");
  const auto s = seed_sietch(bench);
  bench.admin_exec("INSERT INTO member_badges (community_id, profile_id, badge_id, source) VALUES "
                   "($1::uuid, $2::uuid, 'founding-fedaykin', 'automatic'), ($1::uuid, $2::uuid, 'og', 'automatic')",
                   {bench.community_id(), s.profile_id(1)});
  const auto embed = badges(bench, member_discord_id(1)).reply()["embeds"][0];
  EXPECT_EQ(embed["title"], "chani-1's Badges");
  json names = json::array();
  for (const auto& f : embed["fields"]) names.push_back(f["name"]);
  EXPECT_EQ(names, json::array({"⏳ Tenure", "🤝 Contribution", "✨ Special"}));
  EXPECT_EQ(embed["fields"][0]["value"], "**👑 OG**: Joined within 30 days of the launch");
  EXPECT_EQ(embed["footer"]["text"], "Total: 3 badges");
  // One badge is "1 badge"; a revoked badge never counts (member 14 also has a revoked Devoted).
  bench.admin_exec("DELETE FROM member_badges WHERE profile_id = $1::uuid AND badge_id <> 'helper'", {s.profile_id(1)});
  EXPECT_EQ(badges(bench, member_discord_id(1)).reply()["embeds"][0]["footer"]["text"], "Total: 1 badge");
  const auto fourteen = badges(bench, member_discord_id(14)).reply()["embeds"][0];
  EXPECT_EQ(fourteen["footer"]["text"], "Total: 4 badges");
  EXPECT_EQ(fourteen.dump().find("Devoted"), std::string::npos);
  clear_ranking(bench);
}

TEST(BadgesPlugin, OwnBadgesNeedAFinishedOnboarding) {
  PluginBench bench("badges");
  seed_sietch(bench);
  // 41: still onboarding; 43: left the server; the last: no profile at all.
  for (const auto& user : {member_discord_id(41), member_discord_id(43), std::string("999000000000000001")}) {
    const auto run = badges(bench, user);
    ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
    EXPECT_EQ(run.reply()["content"], kOnboardingRequired) << user;
    EXPECT_EQ(run.reply()["flags"], 64) << user;
  }
  clear_ranking(bench);
}

TEST(BadgesPlugin, NoBadgesIsAFriendlyLine) {
  PluginBench bench("badges");
  seed_sietch(bench);
  // Member 35 holds only a revoked Devoted: no badges.
  auto run = badges(bench, member_discord_id(35));
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(run.reply()["content"],
            "You haven't earned any badges yet. Badges come with time in the Sietch, activity, and contributions to "
            "the community. Keep going!");
  EXPECT_EQ(run.reply()["flags"], 64);
  run = badges(bench, member_discord_id(1), "RAMALLO-35");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(defers(run), json::array({false}));
  EXPECT_EQ(run.reply()["content"], "**ramallo-35** hasn't earned any badges yet.");
  EXPECT_FALSE(run.reply().contains("flags"));
  clear_ranking(bench);
}

TEST(BadgesPlugin, AnotherMembersBadgesArePublicInTwoColumns) {
  PluginBench bench("badges");
  seed_sietch(bench);
  // Anyone may look: the caller (member 41) has not finished onboarding.
  auto run = badges(bench, member_discord_id(41), "otheym-4");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(defers(run), json::array({false})) << "someone else's badges are shown to the channel";
  auto reply = run.reply();
  EXPECT_FALSE(reply.contains("flags")) << reply.dump();
  EXPECT_EQ(reply["embeds"][0]["title"], "👑 Otheym-4's Badges");
  EXPECT_EQ(reply["embeds"][0]["color"], 0xFFD700);
  EXPECT_EQ(fields(reply["embeds"][0]),
            json::parse(R"([["Badges", "🔥 Consistent\n🤝 Helper", true], ["\u200b", "🛠️ Builder\n📚 Teacher", true]])"));
  EXPECT_EQ(reply["embeds"][0]["footer"]["text"], "Total: 4 badges");
  // An odd count: the left column takes the extra badge (member 13: helper, builder, teacher; Fedaykin).
  reply = badges(bench, member_discord_id(1), "Chani-13").reply();
  EXPECT_EQ(reply["embeds"][0]["title"], "⚔️ chani-13's Badges");
  EXPECT_EQ(fields(reply["embeds"][0]),
            json::parse(R"([["Badges", "🤝 Helper\n🛠️ Builder", true], ["\u200b", "📚 Teacher", true]])"));
  // One badge: one column. Member 121 is Ichwan (rank 121, 186 BGT).
  reply = badges(bench, member_discord_id(1), "chani-121").reply();
  EXPECT_EQ(reply["embeds"][0]["title"], "🤝 chani-121's Badges");
  EXPECT_EQ(fields(reply["embeds"][0]), json::parse(R"([["Badges", "🤝 Helper", true]])"));
  EXPECT_EQ(reply["embeds"][0]["footer"]["text"], "Total: 1 badge");
  clear_ranking(bench);
}

TEST(BadgesPlugin, UnknownNotOnboardedOrDepartedNymIsAnEphemeralNotFound) {
  PluginBench bench("badges");
  seed_sietch(bench);
  for (const std::string nym : {"nobody", "liet-41", "tharthar-43"}) {
    const auto run = badges(bench, member_discord_id(1), nym);
    ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
    EXPECT_EQ(defers(run), json::array());
    EXPECT_EQ(run.reply()["content"], "No member found with nym `" + nym + "`.");
    EXPECT_EQ(run.reply()["flags"], 64);
  }
  clear_ranking(bench);
}

TEST(BadgesPlugin, AutocompleteLabelsNymWithTierEmoji) {
  PluginBench bench("badges");
  seed_sietch(bench);
  auto run = autocomplete(bench, "Chani");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(labels(run), (std::vector<std::string>{"chani-1 (👑)", "chani-121 (🤝)", "chani-13 (⚔️)", "chani-25 (⚔️)",
                                                   "chani-37 (⚔️)", "chani-61 (⚔️)", "chani-97 (🌸)"}));
  EXPECT_EQ(run.effects.back()["choices"][1]["value"], "chani-121");
  EXPECT_EQ(labels(autocomplete(bench, "-4")), (std::vector<std::string>{"Otheym-4 (👑)", "Otheym-40 (⚔️)"}));
  EXPECT_EQ(labels(autocomplete(bench, "")).size(), 25u);
  EXPECT_EQ(labels(autocomplete(bench, "_")), std::vector<std::string>{});
  clear_ranking(bench);
}
