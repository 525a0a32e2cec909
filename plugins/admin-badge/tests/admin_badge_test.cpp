// /admin-badge on the standard seeded Sietch (community.hpp: member n holds the first n % 5 of
// helper, builder, teacher, consistent, dedicated, and n % 7 == 0 a revoked devoted), against the
// real database (migrated, RLS on) with Discord effects recorded.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

const std::string kAdmin = "900000000000000042";
const std::string kRefusal = "🔒 You need the Administrator permission to use /admin-badge.";

json interaction_data(const std::string& subcommand, const json& options, const std::string& permissions) {
  return {{"type", 2},
          {"commandName", "admin-badge"},
          {"subcommand", subcommand},
          {"options", options},
          {"memberPermissions", permissions},
          {"memberRoles", json::array()},
          {"userName", "admin"}};
}

json envelope(const std::string& event_type, json data) {
  return {{"eventId", "00000000-0000-4000-8000-000000000003"},
          {"eventType", event_type},
          {"timestamp", 1764000000000},
          {"userId", kAdmin},
          {"channelId", "300000000000000001"},
          {"interactionId", "400000000000000003"},
          {"data", std::move(data)}};
}

// The command as the worker delivers it; permissions "8" = Administrator.
PluginRun command(PluginBench& bench, const std::string& subcommand, const json& options,
                  const std::string& permissions = "8") {
  return bench.run(envelope("interaction.command.admin-badge", interaction_data(subcommand, options, permissions)));
}

// An autocomplete of `focused` (its value typed so far in `options` too, as Discord sends it).
PluginRun autocomplete(PluginBench& bench, const std::string& subcommand, json options, const std::string& focused,
                       const std::string& permissions = "8") {
  auto data = interaction_data(subcommand, options, permissions);
  data["type"] = 4;
  data["focusedOption"] = focused;
  data["focusedValue"] = options.value(focused, "");
  return bench.run(envelope("interaction.autocomplete", data));
}

json effects_of(const PluginRun& run, const std::string& kind) {
  json out = json::array();
  for (const auto& e : run.effects) {
    if (e["kind"] == kind) out.push_back(e);
  }
  return out;
}

json choices_of(const PluginRun& run) {
  const auto answers = effects_of(run, "interaction.autocomplete");
  if (answers.size() == 1) return answers[0]["choices"];
  std::string count = "<";  // built by append: "literal" + std::string&& trips g++ 12's -Wrestrict at -O3
  count.append(std::to_string(answers.size())).append(" answers>");
  return count;
}

std::vector<std::string> values(const json& choices) {
  std::vector<std::string> out;
  for (const auto& c : choices) out.push_back(c["value"]);
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class AdminBadgePlugin : public ::testing::Test {
 protected:
  void SetUp() override { sietch = seed_sietch(bench); }
  void TearDown() override { clear_ranking(bench); }

  // member_badges row of member n and badge, as text columns ("" when absent).
  json badge_row(int n, const std::string& badge) {
    const auto rows = bench.admin_exec(
        "SELECT revoked::text, COALESCE(revoked_at::text, ''), COALESCE(revoked_by, ''), COALESCE(awarded_by, ''), "
        "  COALESCE(award_reason, ''), source, (awarded_at > now() - interval '1 minute')::text "
        "FROM member_badges WHERE profile_id = $1::uuid AND badge_id = $2",
        {sietch.profile_id(n), badge});
    if (rows.empty()) return json();
    const auto& r = rows[0];
    return {{"revoked", r[0].as<std::string>()}, {"revoked_at", r[1].as<std::string>()},
            {"revoked_by", r[2].as<std::string>()}, {"awarded_by", r[3].as<std::string>()},
            {"reason", r[4].as<std::string>()},  {"source", r[5].as<std::string>()},
            {"just_now", r[6].as<std::string>()}};
  }
  long long count(const std::string& sql) {
    return bench.admin_exec(sql, {bench.community_id()})[0][0].as<long long>();
  }
  long long audit_rows(const std::string& type) {
    return bench.admin_exec("SELECT count(*) FROM audit_log WHERE community_id = $1::uuid AND event_type = $2",
                            {bench.community_id(), type})[0][0]
        .as<long long>();
  }
  json resync_event(int n, const std::string& reason) {
    return {{"discordId", member_discord_id(n)}, {"profileId", sietch.profile_id(n)}, {"reason", reason}};
  }

  PluginBench bench{"admin-badge"};
  SeededSietch sietch;
};

}  // namespace

TEST_F(AdminBadgePlugin, AwardWritesTheBadgeAuditAlertDmAndRequestsARoleResync) {
  // Member 2 holds helper and builder.
  auto run = command(bench, "award", {{"nym", nym(2)}, {"badge", "teacher"}, {"reason", "Runs the newcomer sessions"}});
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto reply = run.reply();
  EXPECT_EQ(reply["content"], "✅ Awarded **Teacher** badge to **" + nym(2) + "**. *Runs the newcomer sessions*");
  EXPECT_EQ(reply.value("flags", 0), 64);

  const auto row = badge_row(2, "teacher");
  EXPECT_EQ(row["revoked"], "false");
  EXPECT_EQ(row["source"], "admin");
  EXPECT_EQ(row["awarded_by"], kAdmin);
  EXPECT_EQ(row["reason"], "Runs the newcomer sessions");
  EXPECT_EQ(row["just_now"], "true");

  const auto audit = bench.admin_exec(
      "SELECT actor, event_data FROM audit_log WHERE community_id = $1::uuid AND event_type = 'badge_award'",
      {bench.community_id()});
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0][0].as<std::string>(), kAdmin);
  EXPECT_EQ(json::parse(audit[0][1].as<std::string>()),
            (json{{"profileId", sietch.profile_id(2)}, {"nym", nym(2)}, {"badgeId", "teacher"},
                  {"reason", "Runs the newcomer sessions"}, {"outcome", "awarded"}}));

  const auto published = effects_of(run, "event.publish");
  ASSERT_EQ(published.size(), 1u) << run.effects.dump(1);
  EXPECT_EQ(published[0]["type"], "internal.sietch.roles.resync");
  EXPECT_EQ(published[0]["data"], resync_event(2, "badge_award"));

  const auto dms = effects_of(run, "guild.send_dm");
  ASSERT_EQ(dms.size(), 1u);
  EXPECT_EQ(dms[0]["user"], member_discord_id(2));
  const auto& embed = dms[0]["message"]["embeds"][0];
  EXPECT_EQ(embed["title"], "📚 Badge Awarded!");
  EXPECT_EQ(embed["color"], 0x00D4FF);
  EXPECT_EQ(embed["description"],
            "**You have been awarded a badge!**\n\nIt recognises what you bring to the Sietch.");
  ASSERT_EQ(embed["fields"].size(), 3u) << embed.dump(1);
  EXPECT_EQ(embed["fields"][0], (json{{"name", "📚 Badge"}, {"value", "**Teacher**"}, {"inline", true}}));
  EXPECT_EQ(embed["fields"][1]["name"], "📝 Description");
  EXPECT_EQ(embed["fields"][1]["value"], "Teaches others, awarded by an admin");
  EXPECT_EQ(embed["fields"][2], (json{{"name", "💬 Award Reason"}, {"value", "Runs the newcomer sessions"},
                                      {"inline", false}}));
  EXPECT_EQ(embed["footer"]["text"], "See your badges with /badges • The Sietch remembers");

  const auto alerts = bench.admin_exec(
      "SELECT recipient_id, recipient_type, delivered::text, alert_data->>'badgeId' FROM alert_history "
      "WHERE community_id = $1::uuid AND alert_type = 'badge_award'",
      {bench.community_id()});
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0][0].as<std::string>(), sietch.profile_id(2));
  EXPECT_EQ(alerts[0][1].as<std::string>(), "member");
  EXPECT_EQ(alerts[0][2].as<std::string>(), "true");
  EXPECT_EQ(alerts[0][3].as<std::string>(), "teacher");
}

TEST_F(AdminBadgePlugin, WaterSharerDmAddsTheOasisAndSharingFields) {
  // Member 5 holds no badge; the nym is matched in any case; the badge by its name too.
  auto run = command(bench, "award", {{"nym", lower(nym(5))}, {"badge", "Water Sharer"}, {"reason", "Keeper of the well"}});
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(run.reply()["content"], "✅ Awarded **Water Sharer** badge to **" + nym(5) + "**. *Keeper of the well*");
  const auto dms = effects_of(run, "guild.send_dm");
  ASSERT_EQ(dms.size(), 1u);
  const auto& embed = dms[0]["message"]["embeds"][0];
  EXPECT_EQ(embed["title"], "💧 Badge Awarded!");
  EXPECT_EQ(embed["description"],
            "**You have received the Water Sharer badge!**\n\nIt marks you as a trusted member of the Sietch, and "
            "you may share it once with another member.");
  ASSERT_EQ(embed["fields"].size(), 5u) << embed.dump(1);
  EXPECT_EQ(embed["fields"][0]["value"], "**Water Sharer**");
  EXPECT_EQ(embed["fields"][3]["name"], "🏝️ The Oasis Access");
  EXPECT_EQ(embed["fields"][3]["value"], "You can now enter **The Oasis**, the channel of the Water Sharers.");
  EXPECT_EQ(embed["fields"][4]["name"], "💧 Water Sharing");
  EXPECT_EQ(embed["fields"][4]["value"],
            "Share your badge with one member: `/water-share share`.\nSee your sharing: `/water-share status`.");
  EXPECT_EQ(badge_row(5, "water-sharer")["source"], "admin");
}

TEST_F(AdminBadgePlugin, AlreadyHeldIsRefusedAndChangesNothing) {
  // Member 1 holds helper.
  auto run = command(bench, "award", {{"nym", nym(1)}, {"badge", "helper"}, {"reason", "Again"}});
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(run.reply()["content"], "❌ **" + nym(1) + "** already has the **Helper** badge. Nothing was changed.");
  EXPECT_EQ(run.reply().value("flags", 0), 64);
  EXPECT_EQ(badge_row(1, "helper")["awarded_by"], "1") << "the seeded award is untouched";
  EXPECT_TRUE(effects_of(run, "event.publish").empty());
  EXPECT_TRUE(effects_of(run, "guild.send_dm").empty());
  EXPECT_EQ(audit_rows("badge_award"), 0);
}

TEST_F(AdminBadgePlugin, OnlyContributionAndSpecialBadgesCanBeAwarded) {
  // Member 4 holds consistent: still "not awardable", not "already has".
  for (const auto& [badge, name, category] : {std::tuple{"og", "OG", "tenure"}, std::tuple{"consistent", "Consistent", "engagement"},
                                              std::tuple{"devoted", "Devoted", "engagement"}}) {
    auto run = command(bench, "award", {{"nym", nym(4)}, {"badge", badge}, {"reason", "Because"}});
    ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
    EXPECT_EQ(run.reply()["content"], std::string("❌ **") + name + "** is a " + category +
                                          " badge, earned automatically: only contribution or special badges can be "
                                          "awarded.");
    EXPECT_TRUE(effects_of(run, "event.publish").empty());
  }
  EXPECT_TRUE(badge_row(4, "og").is_null());
  // Special badges can.
  auto run = command(bench, "award", {{"nym", nym(4)}, {"badge", "founding-fedaykin"}, {"reason", "Was there"}});
  EXPECT_EQ(run.reply()["content"], "✅ Awarded **Founding Fedaykin** badge to **" + nym(4) + "**. *Was there*");
}

TEST_F(AdminBadgePlugin, RevokeThenAwardAgainRestoresTheRow) {
  auto revoke = command(bench, "revoke", {{"nym", nym(1)}, {"badge", "helper"}});
  ASSERT_EQ(revoke.status, ARRAKIS_OK) << revoke.error;
  EXPECT_EQ(revoke.reply()["content"], "✅ Revoked **Helper** badge from **" + nym(1) + "**.");
  EXPECT_EQ(revoke.reply().value("flags", 0), 64);
  auto row = badge_row(1, "helper");
  EXPECT_EQ(row["revoked"], "true");
  EXPECT_NE(row["revoked_at"], "");
  EXPECT_EQ(row["revoked_by"], kAdmin);
  EXPECT_EQ(audit_rows("badge_revoke"), 1);
  const auto published = effects_of(revoke, "event.publish");
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0]["type"], "internal.sietch.roles.resync");
  EXPECT_EQ(published[0]["data"], resync_event(1, "badge_revoke"));
  EXPECT_TRUE(effects_of(revoke, "guild.send_dm").empty()) << "a revocation sends no DM";

  // Nothing left to revoke.
  auto again = command(bench, "revoke", {{"nym", nym(1)}, {"badge", "helper"}});
  EXPECT_EQ(again.reply()["content"], "❌ Nothing to revoke: **" + nym(1) + "** may not have the **Helper** badge.");
  EXPECT_TRUE(effects_of(again, "event.publish").empty());
  // Never held.
  auto never = command(bench, "revoke", {{"nym", nym(5)}, {"badge", "water-sharer"}});
  EXPECT_EQ(never.reply()["content"], "❌ Nothing to revoke: **" + nym(5) + "** may not have the **Water Sharer** badge.");
  EXPECT_EQ(audit_rows("badge_revoke"), 1);

  auto award = command(bench, "award", {{"nym", nym(1)}, {"badge", "helper"}, {"reason", "Welcome back"}});
  ASSERT_EQ(award.status, ARRAKIS_OK) << award.error;
  EXPECT_EQ(award.reply()["content"], "✅ Awarded **Helper** badge to **" + nym(1) +
                                          "**. *Welcome back*\n↩️ The badge had been revoked; this award restores it.");
  row = badge_row(1, "helper");
  EXPECT_EQ(row["revoked"], "false");
  EXPECT_EQ(row["revoked_at"], "");
  EXPECT_EQ(row["revoked_by"], "");
  EXPECT_EQ(row["awarded_by"], kAdmin);
  EXPECT_EQ(row["reason"], "Welcome back");
  EXPECT_EQ(row["source"], "admin");
  EXPECT_EQ(count("SELECT count(*) FROM member_badges WHERE community_id = $1::uuid AND badge_id = 'helper' "
                  "AND profile_id = '" + sietch.profile_id(1) + "'"),
            1);
  const auto audit = bench.admin_exec(
      "SELECT event_data->>'outcome' FROM audit_log WHERE community_id = $1::uuid AND event_type = 'badge_award'",
      {bench.community_id()});
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0][0].as<std::string>(), "restored");
  EXPECT_EQ(effects_of(award, "guild.send_dm").size(), 1u);
  EXPECT_EQ(effects_of(award, "event.publish").size(), 1u);
}

TEST_F(AdminBadgePlugin, UnknownMemberBadgeAndMissingOptionsAreExplained) {
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"nym", "Nobody-999"}, {"badge", "helper"}, {"reason", "x"}},
       "No member found with nym `Nobody-999`."},
      {{{"nym", nym(43)}, {"badge", "helper"}, {"reason", "x"}},  // departed
       "No member found with nym `" + nym(43) + "`."},
      {{{"nym", nym(41)}, {"badge", "helper"}, {"reason", "x"}},  // never finished onboarding
       "No member found with nym `" + nym(41) + "`."},
      {{{"nym", "a_b*c"}, {"badge", "helper"}, {"reason", "x"}}, "No member found with nym `a_b*c`."},
      {{{"nym", std::string(3000, 'n')}, {"badge", "helper"}, {"reason", "x"}},  // forged: cut in the echo
       "No member found with nym `" + std::string(32, 'n') + "…`."},
      {{{"nym", nym(5)}, {"badge", std::string(3000, 'b')}, {"reason", "x"}},
       "❌ There is no badge **" + std::string(100, 'b') + "…**. Pick a badge from the list."},
      {{{"nym", nym(5)}, {"badge", "sandworm"}, {"reason", "x"}},
       "❌ There is no badge **sandworm**. Pick a badge from the list."},
      {{{"badge", "helper"}, {"reason", "x"}}, "❌ The `nym` option is required."},
      {{{"nym", nym(5)}, {"reason", "x"}}, "❌ The `badge` option is required."},
      {{{"nym", nym(5)}, {"badge", "helper"}, {"reason", "   "}}, "❌ The `reason` option is required."},
      {{{"nym", nym(5)}, {"badge", "helper"}, {"reason", std::string(501, 'x')}},
       "❌ The reason can be at most 500 characters."},
  };
  for (const auto& [options, message] : cases) {
    auto run = command(bench, "award", options);
    ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
    EXPECT_EQ(run.reply()["content"], message) << options.dump();
    EXPECT_EQ(run.reply().value("flags", 0), 64);
    EXPECT_TRUE(effects_of(run, "event.publish").empty());
  }
  EXPECT_TRUE(badge_row(5, "helper").is_null());
  auto unknown_sub = command(bench, "polish", {{"nym", nym(5)}});
  EXPECT_EQ(unknown_sub.reply()["content"], "❌ Use `/admin-badge award` or `/admin-badge revoke`.");
}

TEST_F(AdminBadgePlugin, ReasonMarkdownIsEscaped) {
  auto run = command(bench, "award", {{"nym", nym(5)}, {"badge", "builder"}, {"reason", "Built *the* wiki_page"}});
  EXPECT_EQ(run.reply()["content"], "✅ Awarded **Builder** badge to **" + nym(5) + "**. *Built \\*the\\* wiki\\_page*");
  EXPECT_EQ(badge_row(5, "builder")["reason"], "Built *the* wiki_page") << "stored as typed";
}

TEST_F(AdminBadgePlugin, NonAdministratorsAreRefusedForEveryInteraction) {
  for (const std::string permissions : {"0", "2048", "", "not-a-number"}) {
    auto award = command(bench, "award", {{"nym", nym(5)}, {"badge", "helper"}, {"reason", "Forged"}}, permissions);
    ASSERT_EQ(award.status, ARRAKIS_OK) << award.error;
    EXPECT_EQ(award.reply()["content"], kRefusal) << permissions;
    EXPECT_EQ(award.reply().value("flags", 0), 64);
    EXPECT_TRUE(effects_of(award, "event.publish").empty());
    EXPECT_TRUE(effects_of(award, "guild.send_dm").empty());

    auto revoke = command(bench, "revoke", {{"nym", nym(1)}, {"badge", "helper"}}, permissions);
    EXPECT_EQ(revoke.reply()["content"], kRefusal);

    for (const std::string focused : {"nym", "badge"}) {
      auto ac = autocomplete(bench, "award", {{"nym", "cha"}, {"badge", ""}}, focused, permissions);
      ASSERT_EQ(ac.status, ARRAKIS_OK) << ac.error;
      EXPECT_EQ(choices_of(ac), (json::array({{{"name", kRefusal}, {"value", "-"}}}))) << focused;
    }
  }
  EXPECT_TRUE(badge_row(5, "helper").is_null());
  EXPECT_EQ(badge_row(1, "helper")["revoked"], "false");
  EXPECT_EQ(audit_rows("badge_award") + audit_rows("badge_revoke"), 0);
  // The Administrator bit among others is enough.
  auto award = command(bench, "award", {{"nym", nym(5)}, {"badge", "helper"}, {"reason", "Real"}}, "2147483656");
  EXPECT_EQ(award.reply()["content"], "✅ Awarded **Helper** badge to **" + nym(5) + "**. *Real*");
}

TEST_F(AdminBadgePlugin, NymAutocompleteListsOnboardedMembers) {
  auto run = autocomplete(bench, "award", {{"nym", "CHANI"}}, "nym");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  std::vector<std::string> expected;
  for (int n : onboarded_members()) {
    if (lower(nym(n)).find("chani") != std::string::npos) expected.push_back(nym(n));
  }
  std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) { return lower(a) < lower(b); });
  const auto choices = choices_of(run);
  EXPECT_EQ(values(choices), expected);
  EXPECT_EQ(expected.front(), "chani-1");
  EXPECT_EQ(choices[0]["name"], "chani-1 (👑)") << "the library's label: nym (tier emoji)";
  // At most 25 of the 72.
  EXPECT_EQ(choices_of(autocomplete(bench, "revoke", {{"nym", ""}}, "nym")).size(), 25u);
}

TEST_F(AdminBadgePlugin, AwardBadgeAutocompleteListsContributionAndSpecialBadges) {
  auto all = choices_of(autocomplete(bench, "award", {{"nym", nym(4)}, {"badge", ""}}, "badge"));
  EXPECT_EQ(all, (json::array({{{"name", "🤝 Helper (contribution)"}, {"value", "helper"}},
                               {{"name", "🛠️ Builder (contribution)"}, {"value", "builder"}},
                               {{"name", "📚 Teacher (contribution)"}, {"value", "teacher"}},
                               {{"name", "💧 Water Sharer (contribution)"}, {"value", "water-sharer"}},
                               {{"name", "🗡️ Founding Fedaykin (special)"}, {"value", "founding-fedaykin"}},
                               {{"name", "🏜️ Usul Ascended (special)"}, {"value", "usul-ascended"}}})));
  EXPECT_EQ(values(choices_of(autocomplete(bench, "award", {{"badge", "er"}}, "badge"))),
            (std::vector<std::string>{"helper", "builder", "teacher", "water-sharer"}));
  EXPECT_EQ(values(choices_of(autocomplete(bench, "award", {{"badge", "FED"}}, "badge"))),
            (std::vector<std::string>{"founding-fedaykin"}));
  EXPECT_EQ(values(choices_of(autocomplete(bench, "award", {{"badge", "-asc"}}, "badge"))),
            (std::vector<std::string>{"usul-ascended"})) << "matches the id too";
  EXPECT_TRUE(choices_of(autocomplete(bench, "award", {{"badge", "%"}}, "badge")).empty()) << "% is literal";
  EXPECT_TRUE(choices_of(autocomplete(bench, "award", {{"badge", "veteran"}}, "badge")).empty()) << "tenure";
}

TEST_F(AdminBadgePlugin, RevokeBadgeAutocompleteListsTheTypedMembersBadges) {
  // Member 4: helper, builder, teacher, consistent, listed in catalogue order.
  EXPECT_EQ(choices_of(autocomplete(bench, "revoke", {{"nym", nym(4)}, {"badge", ""}}, "badge")),
            (json::array({{{"name", "🔥 Consistent (engagement)"}, {"value", "consistent"}},
                          {{"name", "🤝 Helper (contribution)"}, {"value", "helper"}},
                          {{"name", "🛠️ Builder (contribution)"}, {"value", "builder"}},
                          {{"name", "📚 Teacher (contribution)"}, {"value", "teacher"}}})));
  EXPECT_EQ(values(choices_of(autocomplete(bench, "revoke", {{"nym", lower(nym(4))}, {"badge", "t"}}, "badge"))),
            (std::vector<std::string>{"consistent", "teacher"}));
  // Member 7 holds helper and builder; its revoked devoted is not offered.
  EXPECT_EQ(values(choices_of(autocomplete(bench, "revoke", {{"nym", nym(7)}, {"badge", ""}}, "badge"))),
            (std::vector<std::string>{"helper", "builder"}));
  // No member typed yet, or an unknown one: nothing to offer.
  EXPECT_TRUE(choices_of(autocomplete(bench, "revoke", {{"badge", ""}}, "badge")).empty());
  EXPECT_TRUE(choices_of(autocomplete(bench, "revoke", {{"nym", "chan"}, {"badge", ""}}, "badge")).empty());
}

TEST_F(AdminBadgePlugin, ARedeliveredAwardCommitsAndPublishesOnce) {
  // The worker's idempotency key (eventId:plugin): the second delivery of the same interaction is
  // recognised as committed, and neither the award, the DM nor the re-sync request happens again.
  const auto payload = envelope("interaction.command.admin-badge",
                                interaction_data("award", {{"nym", nym(5)}, {"badge", "helper"}, {"reason", "Once"}}, "8"));
  // A key of this test's own (processed keys outlive the test), as eventId:plugin.
  const std::string key = bench.community_id() + ":admin-badge";
  auto first = bench.run(payload, key);
  ASSERT_EQ(first.status, ARRAKIS_OK) << first.error;
  EXPECT_FALSE(first.duplicate);
  EXPECT_EQ(effects_of(first, "event.publish").size(), 1u);
  auto again = bench.run(payload, key);
  ASSERT_EQ(again.status, ARRAKIS_OK) << again.error;
  EXPECT_TRUE(again.duplicate);
  EXPECT_TRUE(effects_of(again, "event.publish").empty());
  EXPECT_TRUE(effects_of(again, "guild.send_dm").empty());
  EXPECT_EQ(audit_rows("badge_award"), 1);
}

TEST(AdminBadgeDeclaration, AdministratorOnlyPrivateWithAutocompleteAndTheRepositoryDefinition) {
  PluginBench bench("admin-badge");
  const auto& info = bench.plugin().info();
  EXPECT_EQ(info.version, "1.0.0");
  ASSERT_EQ(info.commands.size(), 1u);
  const auto& command = info.commands[0];
  EXPECT_EQ(command.name, "admin-badge");
  EXPECT_EQ(command.flags, ARRAKIS_COMMAND_EPHEMERAL | ARRAKIS_COMMAND_ADMIN | ARRAKIS_COMMAND_AUTOCOMPLETE);
  const auto definition = json::parse(command.definition_json);
  EXPECT_EQ(definition["default_member_permissions"], "8");
  EXPECT_EQ(definition["options"][0]["name"], "award");
  EXPECT_EQ(definition["options"][1]["name"], "revoke");
}
