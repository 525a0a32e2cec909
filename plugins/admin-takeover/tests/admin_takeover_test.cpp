// /admin-takeover on the seeded Sietch (real PostgreSQL, row-level security on), Discord effects
// recorded. The guild's name and roles are answered by the recorder (answer_reads); the
// coexistence state is inserted as the admin role; the command, buttons and modal submits are sent
// as full payloads so the member's permission bits can be chosen ("8" = Administrator).
#include <gtest/gtest.h>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

constexpr std::uint32_t kEphemeral = 64;
constexpr std::int64_t kNow = 1764763200000;  // 2025-12-03 12:00:00 UTC
const std::string kAdmin = "900000000000000001";
const std::string kOtherAdmin = "900000000000000002";
const std::string kServer = "Sietch Tabr";
const std::string kExpired =
    "⏰ Your takeover confirmation expired (it lasts 5 minutes) or was finished. Nothing was changed; run "
    "`/admin-takeover` to start again.";

class AdminTakeover : public ::testing::Test {
 protected:
  void SetUp() override {
    seed_sietch(bench);
    bench.recorder().set_clock(kNow);
    bench.recorder().answer_reads([this](const std::string& kind, const json&) -> std::optional<std::string> {
      if (kind == "guild.get") return json{{"id", bench.guild_id()}, {"name", server_name}}.dump();
      if (kind == "guild.list_roles") return roles.dump();
      return std::nullopt;
    });
  }
  void TearDown() override { clear_ranking(bench); }

  json payload(const std::string& type, json data, const std::string& user, const std::string& permissions) {
    data["memberPermissions"] = permissions;
    ++events;
    return {{"eventId", "00000000-0000-4000-8000-" + std::to_string(100000000000 + events)},
            {"eventType", type},
            {"timestamp", 1764000000000},
            {"shardId", 0},
            {"userId", user},
            {"channelId", "300000000000000001"},
            {"interactionId", std::to_string(400000000000000000 + events)},
            {"data", data}};
  }
  PluginRun command(const std::string& permissions = "8", const std::string& user = kAdmin) {
    return bench.run(payload("interaction.command.admin-takeover",
                             {{"type", 2}, {"commandName", "admin-takeover"}, {"subcommand", ""}, {"options", json::object()}},
                             user, permissions));
  }
  PluginRun button(const std::string& custom_id, const std::string& permissions = "8", const std::string& user = kAdmin) {
    return bench.run(payload("interaction.button",
                             {{"type", 3}, {"customId", custom_id}, {"componentType", 2}, {"messageId", "500000000000000001"}},
                             user, permissions));
  }
  PluginRun submit(int step, const std::string& field, const std::string& value, const std::string& permissions = "8",
                   const std::string& user = kAdmin, std::string guild = "") {
    if (guild.empty()) guild = bench.guild_id();
    json data = {{"type", 5}, {"customId", "takeover_step" + std::to_string(step) + "_" + guild}, {"fields", {{field, value}}}};
    if (step > 1) data["messageId"] = "500000000000000002";
    return bench.run(payload("interaction.modal", data, user, permissions));
  }
  // The three right answers, stopping after `steps`.
  void answer_right(int steps) {
    ASSERT_EQ(modal(command())["custom_id"], "takeover_step1_" + bench.guild_id());
    ASSERT_EQ(next_button(submit(1, "community_name", kServer)), "takeover_next_2_" + bench.guild_id());
    if (steps == 1) return;
    ASSERT_FALSE(modal(button("takeover_next_2_" + bench.guild_id())).is_null());
    ASSERT_EQ(next_button(submit(2, "acknowledge_risks", "I understand")), "takeover_next_3_" + bench.guild_id());
    if (steps == 2) return;
    ASSERT_FALSE(modal(button("takeover_next_3_" + bench.guild_id())).is_null());
  }

  void mode(const std::string& m) {
    bench.admin_exec("INSERT INTO migration_states (community_id, current_mode, strategy) VALUES ($1::uuid, $2, "
                     "'arrakis_primary') ON CONFLICT (community_id) DO UPDATE SET current_mode = EXCLUDED.current_mode",
                     {bench.community_id(), m});
  }
  std::string current_mode() {
    const auto rows = bench.admin_exec("SELECT current_mode FROM migration_states WHERE community_id = $1::uuid",
                                       {bench.community_id()});
    return rows.empty() ? "none" : rows[0][0].c_str();
  }

  static json effects(const PluginRun& run, const std::string& kind) {
    json out = json::array();
    for (const auto& e : run.effects) {
      if (e.value("kind", "") == kind) out.push_back(e);
    }
    return out;
  }
  // The modal the run opened (null when none).
  static json modal(const PluginRun& run) {
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    const auto shown = effects(run, "interaction.modal");
    EXPECT_EQ(shown.size(), 1u) << run.effects.dump(2);
    return shown.empty() ? json() : shown[0]["modal"];
  }
  static std::string ephemeral_text(const PluginRun& run) {
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    EXPECT_EQ(effects(run, "interaction.modal").size(), 0u) << run.effects.dump(2);
    const auto reply = run.reply();
    EXPECT_TRUE(reply.is_object()) << run.effects.dump(2);
    if (!reply.is_object()) return "";
    EXPECT_EQ(reply.value("flags", 0u) & kEphemeral, kEphemeral) << reply.dump();
    return reply.value("content", "");
  }
  static json ephemeral_embed(const PluginRun& run) {
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    const auto reply = run.reply();
    EXPECT_TRUE(reply.is_object() && reply.contains("embeds")) << run.effects.dump(2);
    if (!reply.is_object() || !reply.contains("embeds")) return json::object();
    EXPECT_EQ(reply.value("flags", 0u) & kEphemeral, kEphemeral) << reply.dump();
    return reply["embeds"][0];
  }
  // The custom id of the button a right answer replied with.
  static std::string next_button(const PluginRun& run) {
    const auto reply = run.reply();
    EXPECT_TRUE(reply.is_object() && reply.contains("components")) << run.effects.dump(2);
    if (!reply.is_object() || !reply.contains("components")) return "";
    EXPECT_EQ(reply.value("flags", 0u) & kEphemeral, kEphemeral);
    return reply["components"][0]["components"][0]["custom_id"];
  }
  static std::vector<std::string> field_values(const json& embed) {
    std::vector<std::string> out;
    for (const auto& f : embed.value("fields", json::array())) out.push_back(f["name"].get<std::string>() + "=" + f["value"].get<std::string>());
    return out;
  }

  PluginBench bench{"admin-takeover"};
  int events = 0;
  std::string server_name = kServer;
  json roles = json::array({{{"id", "800000000000000001"}, {"name", "@everyone"}},
                            {{"id", "800000000000000002"}, {"name", "arrakis-naib"}},
                            {{"id", "800000000000000003"}, {"name", "Naib"}},
                            {{"id", "800000000000000004"}, {"name", "arrakis-fedaykin"}},
                            {{"id", "800000000000000005"}, {"name", "Arrakis-Usul"}},
                            {{"id", "800000000000000006"}, {"name", "arrakis-"}},
                            {{"id", "800000000000000007"}, {"name", "my-arrakis-role"}}});
};

}  // namespace

TEST_F(AdminTakeover, NotAvailableWithoutCoexistenceState) {
  const auto run = command();
  const auto embed = ephemeral_embed(run);
  EXPECT_EQ(embed["title"], "❌ Takeover Not Available");
  EXPECT_EQ(embed["color"], 0xE74C3C);
  EXPECT_EQ(embed["description"],
            "A takeover is only possible from **primary** mode; this server is in **shadow** mode.\n\nMake Arrakis the "
            "primary gate first with `/admin-migrate execute` (strategy `arrakis_primary`); `/admin-migrate check` "
            "shows what is still missing.");
  EXPECT_EQ(field_values(embed), (std::vector<std::string>{"Current Mode=not started", "Required Mode=primary"}));
  EXPECT_EQ(effects(run, "interaction.modal").size(), 0u);
  EXPECT_EQ(effects(run, "session.put").size(), 0u);
}

TEST_F(AdminTakeover, NotAvailableInShadowParallelAndExclusiveMode) {
  for (const std::string m : {"shadow", "parallel"}) {
    mode(m);
    const auto embed = ephemeral_embed(command());
    EXPECT_EQ(embed["title"], "❌ Takeover Not Available") << m;
    EXPECT_EQ(field_values(embed)[0], "Current Mode=" + m);
    EXPECT_NE(embed["description"].get<std::string>().find("this server is in **" + m + "** mode"), std::string::npos);
  }
  mode("exclusive");
  const auto embed = ephemeral_embed(command());
  EXPECT_EQ(embed["title"], "❌ Takeover Not Available");
  EXPECT_EQ(embed["description"],
            "Arrakis is already the exclusive gate of this server: the takeover is done, and it cannot be undone.");
}

TEST_F(AdminTakeover, InPrimaryModeTheCommandOpensTheFirstModalAndStartsAFiveMinuteSession) {
  mode("primary");
  const auto run = command();
  const auto shown = modal(run);
  EXPECT_EQ(shown["custom_id"], "takeover_step1_" + bench.guild_id());
  EXPECT_EQ(shown["title"], "Takeover: Step 1 of 3");
  ASSERT_EQ(shown["components"].size(), 1u);
  EXPECT_EQ(shown["components"][0]["label"], "Type this server's name to confirm");
  EXPECT_EQ(shown["components"][0]["component"]["custom_id"], "community_name");
  EXPECT_EQ(shown["components"][0]["component"]["required"], true);
  const auto puts = effects(run, "session.put");
  ASSERT_EQ(puts.size(), 1u);
  EXPECT_EQ(puts[0]["type"], "takeover");
  EXPECT_EQ(puts[0]["user"], kAdmin);
  EXPECT_EQ(puts[0]["ttlMs"], 300000);
  EXPECT_EQ(puts[0]["data"], (json{{"guild", bench.guild_id()}, {"step", 1}}));
}

TEST_F(AdminTakeover, AWrongServerNameEndsTheTakeover) {
  mode("primary");
  modal(command());
  EXPECT_EQ(ephemeral_text(submit(1, "community_name", "Sietch Tuek")),
            "❌ Takeover cancelled: the name you typed is not this server's name. Nothing was changed; run "
            "`/admin-takeover` to start again.");
  EXPECT_EQ(ephemeral_text(submit(1, "community_name", kServer)), kExpired) << "the takeover ended";
  EXPECT_EQ(current_mode(), "primary");
}

TEST_F(AdminTakeover, TheServerNameIsComparedCaseInsensitivelyWithTheGuildsRealName) {
  mode("primary");
  modal(command());
  const auto run = submit(1, "community_name", "  sIETCH tABR ");
  EXPECT_EQ(next_button(run), "takeover_next_2_" + bench.guild_id());
  const auto reply = run.reply();
  EXPECT_EQ(reply["embeds"][0]["title"], "✅ Step 1 of 3: Server Name Confirmed");
  EXPECT_EQ(reply["components"][0]["components"][0]["label"], "Continue to Step 2 of 3");
  EXPECT_EQ(reply["components"][0]["components"][0]["style"], 4);
  EXPECT_EQ(reply["embeds"][0]["footer"]["text"], "The takeover expires 5 minutes after /admin-takeover");
}

TEST_F(AdminTakeover, AnUnknownServerNameFailsClosed) {
  mode("primary");
  server_name = "";
  modal(command());
  EXPECT_EQ(ephemeral_text(submit(1, "community_name", "")),
            "❌ Takeover cancelled: this server's name could not be read from Discord, so it cannot be confirmed. "
            "Nothing was changed; run `/admin-takeover` again in a minute.");
  EXPECT_EQ(ephemeral_text(submit(1, "community_name", "")), kExpired) << "the takeover ended";
}

TEST_F(AdminTakeover, TheButtonsOpenTheNextModalOnlyInOrder) {
  mode("primary");
  answer_right(1);
  EXPECT_EQ(ephemeral_text(button("takeover_next_3_" + bench.guild_id())),
            "❌ That step is not the one your takeover is waiting for (step 2 of 3). Use the newest message's button, "
            "or run `/admin-takeover` to start again.");
  const auto shown = modal(button("takeover_next_2_" + bench.guild_id()));
  EXPECT_EQ(shown["custom_id"], "takeover_step2_" + bench.guild_id());
  EXPECT_EQ(shown["title"], "Takeover: Step 2 of 3");
  EXPECT_EQ(shown["components"][0]["component"]["custom_id"], "acknowledge_risks");
  EXPECT_EQ(shown["components"][0]["label"], "Type \"I understand\" to accept the risks");
  EXPECT_EQ(ephemeral_text(submit(1, "community_name", kServer)),
            "❌ That step is not the one your takeover is waiting for (step 2 of 3). Use the newest message's button, "
            "or run `/admin-takeover` to start again.")
      << "step 1 cannot be answered twice";
}

TEST_F(AdminTakeover, AWrongRiskAcknowledgementEndsTheTakeover) {
  mode("primary");
  answer_right(1);
  modal(button("takeover_next_2_" + bench.guild_id()));
  EXPECT_EQ(ephemeral_text(submit(2, "acknowledge_risks", "ok")),
            "❌ Takeover cancelled: the risks were not acknowledged (type exactly **I understand**). Nothing was "
            "changed; run `/admin-takeover` to start again.");
  EXPECT_EQ(ephemeral_text(button("takeover_next_2_" + bench.guild_id())), kExpired);
}

TEST_F(AdminTakeover, TheRightRiskAcknowledgementLeadsToTheLastStep) {
  mode("primary");
  answer_right(1);
  modal(button("takeover_next_2_" + bench.guild_id()));
  const auto run = submit(2, "acknowledge_risks", "i UNDERSTAND");
  EXPECT_EQ(next_button(run), "takeover_next_3_" + bench.guild_id());
  EXPECT_EQ(run.reply()["embeds"][0]["title"], "✅ Step 2 of 3: Risks Acknowledged");
  const auto shown = modal(button("takeover_next_3_" + bench.guild_id()));
  EXPECT_EQ(shown["custom_id"], "takeover_step3_" + bench.guild_id());
  EXPECT_EQ(shown["components"][0]["component"]["custom_id"], "rollback_plan");
}

TEST_F(AdminTakeover, AWrongRollbackConfirmationEndsTheTakeoverWithoutChangingAnything) {
  mode("primary");
  answer_right(3);
  const auto run = submit(3, "rollback_plan", "yes");
  EXPECT_EQ(ephemeral_text(run),
            "❌ Takeover cancelled: the rollback plan was not confirmed (type exactly **confirmed**). Nothing was "
            "changed; run `/admin-takeover` to start again.");
  EXPECT_EQ(effects(run, "guild.modify_role").size(), 0u);
  EXPECT_EQ(current_mode(), "primary");
  EXPECT_EQ(ephemeral_text(submit(3, "rollback_plan", "confirmed")), kExpired);
  EXPECT_EQ(current_mode(), "primary");
}

TEST_F(AdminTakeover, TheThirdRightAnswerTakesOverRenamesTheParallelRolesAndAudits) {
  mode("primary");
  answer_right(3);
  const auto run = submit(3, "rollback_plan", "Confirmed");
  const auto renames = effects(run, "guild.modify_role");
  ASSERT_EQ(renames.size(), 2u) << run.effects.dump(2);
  EXPECT_EQ(renames[0]["role"], "800000000000000002");
  EXPECT_EQ(renames[0]["patch"], (json{{"name", "naib"}}));
  EXPECT_EQ(renames[0]["reason"], "Arrakis takeover: exclusive mode");
  EXPECT_EQ(renames[1]["role"], "800000000000000004");
  EXPECT_EQ(renames[1]["patch"], (json{{"name", "fedaykin"}}));
  const auto embed = ephemeral_embed(run);
  EXPECT_EQ(embed["title"], "👑 Takeover Complete");
  EXPECT_EQ(embed["color"], 0xFFD700);
  EXPECT_EQ(embed["description"],
            "Arrakis is now the exclusive gate of **Sietch Tabr**. This is one-way: exclusive mode cannot be rolled back.");
  EXPECT_EQ(field_values(embed), (std::vector<std::string>{
                                     "New Mode=exclusive", "Roles Renamed=2",
                                     "Renamed=`arrakis-naib` → `naib`\n`arrakis-fedaykin` → `fedaykin`",
                                     "Next Steps=Remove the incumbent bot and its roles when you are ready."}));
  EXPECT_EQ(current_mode(), "exclusive");
  const auto audit = bench.admin_exec("SELECT actor, event_data::text FROM audit_log WHERE community_id = $1::uuid "
                                      "AND event_type = 'migration_takeover'",
                                      {bench.community_id()});
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(std::string(audit[0][0].c_str()), kAdmin);
  EXPECT_EQ(json::parse(audit[0][1].c_str()),
            (json{{"fromMode", "primary"},
                  {"toMode", "exclusive"},
                  {"rolesRenamed", {{{"roleId", "800000000000000002"}, {"from", "arrakis-naib"}, {"to", "naib"}},
                                    {{"roleId", "800000000000000004"}, {"from", "arrakis-fedaykin"}, {"to", "fedaykin"}}}}}));
  // One-way: the command now says it is done.
  EXPECT_EQ(ephemeral_embed(command())["title"], "❌ Takeover Not Available");
}

TEST_F(AdminTakeover, AModeChangedDuringTheTakeoverStopsIt) {
  mode("primary");
  answer_right(3);
  mode("parallel");
  const auto run = submit(3, "rollback_plan", "confirmed");
  EXPECT_EQ(ephemeral_embed(run)["title"], "❌ Takeover Not Available");
  EXPECT_EQ(effects(run, "guild.modify_role").size(), 0u);
  EXPECT_EQ(current_mode(), "parallel");
}

TEST_F(AdminTakeover, TheTakeoverExpiresFiveMinutesAfterItStarted) {
  mode("primary");
  answer_right(2);
  bench.recorder().set_clock(kNow + 5 * 60'000 + 1);
  EXPECT_EQ(ephemeral_text(button("takeover_next_3_" + bench.guild_id())), kExpired);
  EXPECT_EQ(ephemeral_text(submit(3, "rollback_plan", "confirmed")), kExpired);
  EXPECT_EQ(current_mode(), "primary");
}

TEST_F(AdminTakeover, TheSessionIsPerAdministrator) {
  mode("primary");
  answer_right(1);
  EXPECT_EQ(ephemeral_text(button("takeover_next_2_" + bench.guild_id(), "8", kOtherAdmin)), kExpired);
  EXPECT_EQ(ephemeral_text(submit(2, "acknowledge_risks", "I understand", "8", kOtherAdmin)), kExpired);
  EXPECT_EQ(modal(button("takeover_next_2_" + bench.guild_id()))["custom_id"], "takeover_step2_" + bench.guild_id());
}

TEST_F(AdminTakeover, ACustomIdOfAnotherServerOrAForgedOneIsRefused) {
  mode("primary");
  answer_right(1);
  EXPECT_EQ(ephemeral_text(button("takeover_next_2_123456789012345678")),
            "❌ This takeover belongs to another server. Run `/admin-takeover` in this one.");
  EXPECT_EQ(ephemeral_text(submit(2, "acknowledge_risks", "I understand", "8", kAdmin, "123456789012345678")),
            "❌ This takeover belongs to another server. Run `/admin-takeover` in this one.");
  EXPECT_EQ(ephemeral_text(button("takeover_next_9_" + bench.guild_id())),
            "❌ This button is not one of /admin-takeover's. Run `/admin-takeover` again.");
  EXPECT_EQ(ephemeral_text(button("takeover_next_2_")), "❌ This button is not one of /admin-takeover's. Run `/admin-takeover` again.");
  EXPECT_EQ(ephemeral_text(submit(4, "x", "y")), "❌ This form is not one of /admin-takeover's. Run `/admin-takeover` again.");
  EXPECT_EQ(modal(button("takeover_next_2_" + bench.guild_id()))["custom_id"], "takeover_step2_" + bench.guild_id())
      << "none of that touched the takeover in progress";
}

TEST_F(AdminTakeover, RefusesMembersWithoutTheAdministratorPermissionOnCommandButtonAndModal) {
  mode("primary");
  const auto refused = command("0");
  EXPECT_EQ(ephemeral_text(refused), "🔒 You need the Administrator permission to use /admin-takeover.");
  EXPECT_EQ(effects(refused, "session.put").size(), 0u);
  answer_right(1);
  EXPECT_EQ(ephemeral_text(button("takeover_next_2_" + bench.guild_id(), "0")),
            "🔒 You need the Administrator permission to do this.");
  modal(button("takeover_next_2_" + bench.guild_id()));
  EXPECT_EQ(ephemeral_text(submit(2, "acknowledge_risks", "I understand", "0")),
            "🔒 You need the Administrator permission to do this.");
  // The refused submit neither advanced nor ended the admin's takeover.
  EXPECT_EQ(next_button(submit(2, "acknowledge_risks", "I understand", "8")), "takeover_next_3_" + bench.guild_id());
  modal(button("takeover_next_3_" + bench.guild_id()));
  const auto last = submit(3, "rollback_plan", "confirmed", "2048");
  EXPECT_EQ(ephemeral_text(last), "🔒 You need the Administrator permission to do this.");
  EXPECT_EQ(effects(last, "guild.modify_role").size(), 0u);
  EXPECT_EQ(current_mode(), "primary");
}
