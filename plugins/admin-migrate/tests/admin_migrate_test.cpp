// /admin-migrate on the seeded Sietch (real PostgreSQL, row-level security on), Discord effects
// recorded. The coexistence state (migration_states, incumbent_configs, shadow_member_states) is
// inserted as the admin role; commands and clicks are sent as full payloads so the member's
// permission bits can be chosen ("8" = Administrator). The recorder's clock is fixed, so dates,
// times and the 60-second confirmation window are exact.
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
const std::string kRefusal = "🔒 You need the Administrator permission to use /admin-migrate.";
const std::string kNotReadyText =
    "⏳ Not ready yet. Requirements:\n• Shadow mode for at least **14 days**\n• Accuracy at least **95%**\n"
    "• Incumbent bot configured\n• Currently in shadow or parallel mode";

class AdminMigrate : public ::testing::Test {
 protected:
  void SetUp() override {
    seed_sietch(bench);
    bench.recorder().set_clock(kNow);
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
  PluginRun command(const std::string& sub, const json& options = json::object(), const std::string& permissions = "8",
                    const std::string& user = kAdmin) {
    return bench.run(payload("interaction.command.admin-migrate",
                             {{"type", 2}, {"commandName", "admin-migrate"}, {"subcommand", sub}, {"options", options}},
                             user, permissions));
  }
  PluginRun click(const std::string& custom_id, const std::string& user = kAdmin, const std::string& permissions = "8") {
    return bench.run(payload("interaction.button",
                             {{"type", 3}, {"customId", custom_id}, {"componentType", 2},
                              {"messageId", "500000000000000001"}},
                             user, permissions));
  }

  // The community's coexistence state: a migration_states row, optionally an incumbent and
  // `compared` members compared by the shadow run.
  void state(const std::string& mode, int shadow_days, int accuracy_x100, bool incumbent = true, int compared = 0) {
    bench.admin_exec(
        "INSERT INTO migration_states (community_id, current_mode, shadow_days, accuracy_percent) "
        "VALUES ($1::uuid, $2, $3::integer, $4::integer)",
        {bench.community_id(), mode, std::to_string(shadow_days), std::to_string(accuracy_x100)});
    if (incumbent) {
      bench.admin_exec("INSERT INTO incumbent_configs (community_id, provider, bot_id) VALUES ($1::uuid, 'collabland', "
                       "'704521096837464076')",
                       {bench.community_id()});
    }
    if (compared > 0) {
      bench.admin_exec("INSERT INTO shadow_member_states (community_id, discord_user_id, agrees) "
                       "SELECT $1::uuid, (700000000000000000 + n)::text, n % 50 <> 0 FROM generate_series(1, $2::integer) n",
                       {bench.community_id(), std::to_string(compared)});
    }
  }
  void ready_state(int compared = 250) { state("shadow", 21, 9712, true, compared); }
  std::string column(const std::string& name) {
    const auto rows = bench.admin_exec("SELECT COALESCE(" + name + "::text, '-') FROM migration_states WHERE community_id = $1::uuid",
                                       {bench.community_id()});
    return rows.empty() ? "none" : rows[0][0].c_str();
  }
  long long audits(const std::string& type = "migration_executed") {
    return bench.admin_exec("SELECT count(*) FROM audit_log WHERE community_id = $1::uuid AND event_type = $2",
                            {bench.community_id(), type})[0][0].as<long long>();
  }

  static json embed_of(const PluginRun& run) {
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    const auto reply = run.reply();
    EXPECT_TRUE(reply.is_object() && reply.contains("embeds")) << run.effects.dump(2);
    if (!reply.is_object() || !reply.contains("embeds")) return json::object();
    return reply["embeds"][0];
  }
  static json ephemeral_embed(const PluginRun& run) {
    EXPECT_EQ(run.reply().value("flags", 0u) & kEphemeral, kEphemeral) << run.reply().dump();
    return embed_of(run);
  }
  static std::string ephemeral_text(const PluginRun& run) {
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    const auto reply = run.reply();
    EXPECT_TRUE(reply.is_object()) << run.effects.dump(2);
    if (!reply.is_object()) return "";
    EXPECT_EQ(reply.value("flags", 0u) & kEphemeral, kEphemeral) << reply.dump();
    return reply.value("content", "");
  }
  // The message a click put in place of the confirmation (an update, never a new message).
  static json updated(const PluginRun& run) {
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    json last = nullptr;
    for (const auto& e : run.effects) {
      EXPECT_NE(e.value("kind", ""), "interaction.reply") << "a click on the confirmation updates it: " << e.dump();
      if (e.value("kind", "") == "interaction.update_message") last = e["message"];
    }
    EXPECT_TRUE(last.is_object()) << run.effects.dump(2);
    if (!last.is_object()) return json::object();
    EXPECT_EQ(last["components"], json::array()) << "the buttons are gone";
    return last["embeds"][0];
  }
  static json effects(const PluginRun& run, const std::string& kind) {
    json out = json::array();
    for (const auto& e : run.effects) {
      if (e.value("kind", "") == kind) out.push_back(e);
    }
    return out;
  }
  static bool updates(const PluginRun& run) {
    for (const auto& e : run.effects) {
      if (e.value("kind", "") == "interaction.update_message") return true;
    }
    return false;
  }
  static std::vector<std::string> field_values(const json& embed) {
    std::vector<std::string> out;
    for (const auto& f : embed.value("fields", json::array())) out.push_back(f["name"].get<std::string>() + "=" + f["value"].get<std::string>());
    return out;
  }
  // The custom ids of the confirmation's buttons.
  static std::pair<std::string, std::string> buttons(const PluginRun& run) {
    const auto reply = run.reply();
    const auto& row = reply["components"][0]["components"];
    return {row[0]["custom_id"], row[1]["custom_id"]};
  }

  PluginBench bench{"admin-migrate"};
  int events = 0;
};

}  // namespace

// ---------------------------------------------------------------- check

TEST_F(AdminMigrate, CheckWithoutCoexistenceStateFailsEveryCriterion) {
  const auto embed = ephemeral_embed(command("check"));
  EXPECT_EQ(embed["title"], "❌ Migration Readiness Check");
  EXPECT_EQ(embed["color"], 0xE74C3C);
  EXPECT_EQ(embed["description"], kNotReadyText);
  EXPECT_EQ(field_values(embed), (std::vector<std::string>{"Shadow Days=0 / 14 ❌", "Accuracy=0.00% / 95% ❌",
                                                           "Incumbent Configured=❌ No",
                                                           "Current Mode=❌ Not started (no shadow run yet)"}));
}

TEST_F(AdminMigrate, CheckIsReadyWhenEveryCriterionIsMetAtItsLimit) {
  state("shadow", 14, 9500);
  const auto embed = ephemeral_embed(command("check"));
  EXPECT_EQ(embed["title"], "✅ Migration Readiness Check");
  EXPECT_EQ(embed["color"], 0x27AE60);
  EXPECT_EQ(embed["description"], "✅ Community is ready for migration!");
  EXPECT_EQ(field_values(embed), (std::vector<std::string>{"Shadow Days=14 / 14 ✅", "Accuracy=95.00% / 95% ✅",
                                                           "Incumbent Configured=✅ Yes (Collab.Land)",
                                                           "Current Mode=✅ shadow"}));
}

TEST_F(AdminMigrate, CheckAcceptsParallelMode) {
  state("parallel", 30, 10000);
  const auto embed = ephemeral_embed(command("check"));
  EXPECT_EQ(embed["title"], "✅ Migration Readiness Check");
  EXPECT_EQ(field_values(embed)[1], "Accuracy=100.00% / 95% ✅");
  EXPECT_EQ(field_values(embed)[3], "Current Mode=✅ parallel");
}

TEST_F(AdminMigrate, CheckFailsOnShadowDaysAlone) {
  state("shadow", 13, 9900);
  const auto embed = ephemeral_embed(command("check"));
  EXPECT_EQ(embed["title"], "❌ Migration Readiness Check");
  EXPECT_EQ(embed["description"], kNotReadyText);
  EXPECT_EQ(field_values(embed), (std::vector<std::string>{"Shadow Days=13 / 14 ❌", "Accuracy=99.00% / 95% ✅",
                                                           "Incumbent Configured=✅ Yes (Collab.Land)",
                                                           "Current Mode=✅ shadow"}));
}

TEST_F(AdminMigrate, CheckFailsOnAccuracyAlone) {
  state("shadow", 20, 9499);
  const auto embed = ephemeral_embed(command("check"));
  EXPECT_EQ(embed["title"], "❌ Migration Readiness Check");
  EXPECT_EQ(field_values(embed), (std::vector<std::string>{"Shadow Days=20 / 14 ✅", "Accuracy=94.99% / 95% ❌",
                                                           "Incumbent Configured=✅ Yes (Collab.Land)",
                                                           "Current Mode=✅ shadow"}));
}

TEST_F(AdminMigrate, CheckFailsWithoutAnIncumbentBot) {
  state("shadow", 20, 9900, false);
  const auto embed = ephemeral_embed(command("check"));
  EXPECT_EQ(embed["title"], "❌ Migration Readiness Check");
  EXPECT_EQ(field_values(embed)[2], "Incumbent Configured=❌ No");
}

TEST_F(AdminMigrate, CheckFailsInPrimaryAndExclusiveMode) {
  state("primary", 20, 9900);
  auto embed = ephemeral_embed(command("check"));
  EXPECT_EQ(embed["title"], "❌ Migration Readiness Check");
  EXPECT_EQ(field_values(embed)[3], "Current Mode=❌ primary (needs shadow or parallel)");
  bench.admin_exec("UPDATE migration_states SET current_mode = 'exclusive' WHERE community_id = $1::uuid",
                   {bench.community_id()});
  embed = ephemeral_embed(command("check"));
  EXPECT_EQ(field_values(embed)[3], "Current Mode=❌ exclusive (needs shadow or parallel)");
}

// ---------------------------------------------------------------- plan

TEST_F(AdminMigrate, PlanInstantIsADryRunToParallel) {
  ready_state();
  const auto embed = ephemeral_embed(command("plan", {{"strategy", "instant"}}));
  EXPECT_EQ(embed["title"], "⚡ Migration Plan: instant");
  EXPECT_EQ(embed["color"], 0x3498DB);
  EXPECT_EQ(embed["description"], "Immediately transition to parallel mode. All members get Arrakis roles instantly.");
  EXPECT_EQ(field_values(embed),
            (std::vector<std::string>{"Source Mode=shadow", "Target Mode=parallel", "Readiness=✅ Ready"}));
  EXPECT_EQ(embed["footer"]["text"], "Dry run - no changes made");
  EXPECT_EQ(column("current_mode"), "shadow");
  EXPECT_EQ(column("strategy"), "-");
  EXPECT_EQ(audits(), 0);
}

TEST_F(AdminMigrate, PlanGradualWithDefaultsShowsBatchesDurationAndCompletion) {
  ready_state(250);
  const auto embed = ephemeral_embed(command("plan", {{"strategy", "gradual"}}));
  EXPECT_EQ(embed["title"], "📈 Migration Plan: gradual");
  EXPECT_EQ(field_values(embed),
            (std::vector<std::string>{"Source Mode=shadow", "Target Mode=primary", "Readiness=✅ Ready",
                                      "Total Members=250", "Batch Size=100", "Duration=7 days",
                                      "Estimated Completion=2025-12-10"}));
  EXPECT_EQ(embed["footer"]["text"], "Dry run - no changes made");
  EXPECT_EQ(column("batch_size"), "-");
}

TEST_F(AdminMigrate, PlanGradualAcceptsTheBoundsOfBatchSizeAndDuration) {
  ready_state();
  auto values = field_values(ephemeral_embed(command("plan", {{"strategy", "gradual"}, {"batch_size", 10}, {"duration_days", 1}})));
  EXPECT_EQ(values[4], "Batch Size=10");
  EXPECT_EQ(values[5], "Duration=1 day");
  EXPECT_EQ(values[6], "Estimated Completion=2025-12-04");
  values = field_values(ephemeral_embed(command("plan", {{"strategy", "gradual"}, {"batch_size", 1000}, {"duration_days", 30}})));
  EXPECT_EQ(values[4], "Batch Size=1000");
  EXPECT_EQ(values[5], "Duration=30 days");
  EXPECT_EQ(values[6], "Estimated Completion=2026-01-02");
}

TEST_F(AdminMigrate, PlanRefusesOptionsOutsideTheirBounds) {
  ready_state();
  const std::string batch = "❌ `batch_size` must be a whole number from 10 to 1000 (default 100).";
  const std::string days = "❌ `duration_days` must be a whole number from 1 to 30 (default 7).";
  EXPECT_EQ(ephemeral_text(command("plan", {{"strategy", "gradual"}, {"batch_size", 9}})), batch);
  EXPECT_EQ(ephemeral_text(command("plan", {{"strategy", "gradual"}, {"batch_size", 1001}})), batch);
  EXPECT_EQ(ephemeral_text(command("plan", {{"strategy", "gradual"}, {"batch_size", "50"}})), batch);
  EXPECT_EQ(ephemeral_text(command("plan", {{"strategy", "gradual"}, {"duration_days", 0}})), days);
  EXPECT_EQ(ephemeral_text(command("plan", {{"strategy", "gradual"}, {"duration_days", 31}})), days);
  EXPECT_EQ(ephemeral_text(command("execute", {{"strategy", "gradual"}, {"duration_days", 2.5}})), days);
  const std::string strategy = "❌ Choose a strategy: `instant`, `gradual`, `parallel_forever` or `arrakis_primary`.";
  EXPECT_EQ(ephemeral_text(command("plan")), strategy);
  EXPECT_EQ(ephemeral_text(command("plan", {{"strategy", "sideways"}})), strategy);
  EXPECT_EQ(ephemeral_text(command("execute", {{"strategy", "sideways"}})), strategy);
}

TEST_F(AdminMigrate, PlanParallelForeverAndArrakisPrimary) {
  ready_state();
  auto embed = ephemeral_embed(command("plan", {{"strategy", "parallel_forever"}, {"batch_size", 500}}));
  EXPECT_EQ(embed["title"], "🔄 Migration Plan: parallel_forever");
  EXPECT_EQ(field_values(embed),
            (std::vector<std::string>{"Source Mode=shadow", "Target Mode=parallel", "Readiness=✅ Ready"}))
      << "batch options describe a gradual migration only";
  embed = ephemeral_embed(command("plan", {{"strategy", "arrakis_primary"}}));
  EXPECT_EQ(embed["title"], "👑 Migration Plan: arrakis_primary");
  EXPECT_EQ(embed["description"], "Make Arrakis the primary gate. Incumbent remains as backup.");
  EXPECT_EQ(field_values(embed),
            (std::vector<std::string>{"Source Mode=shadow", "Target Mode=primary", "Readiness=✅ Ready"}));
}

TEST_F(AdminMigrate, PlanShowsWhenNotReadyAndWhenAStrategyWouldNotMoveForward) {
  state("parallel", 3, 9000);
  const auto embed = ephemeral_embed(command("plan", {{"strategy", "instant"}}));
  EXPECT_EQ(field_values(embed),
            (std::vector<std::string>{
                "Source Mode=parallel", "Target Mode=parallel", "Readiness=❌ Not Ready (see /admin-migrate check)",
                "⚠️ Nothing to Do=The community is already in **parallel** mode and `instant` leads to **parallel**: "
                "modes only move forward (shadow → parallel → primary → exclusive)."}));
  EXPECT_EQ(embed["footer"]["text"], "Dry run - no changes made");
}

// ---------------------------------------------------------------- execute

TEST_F(AdminMigrate, ExecuteWhenNotReadyIsBlocked) {
  state("shadow", 10, 9900);
  const auto run = command("execute", {{"strategy", "instant"}});
  const auto embed = ephemeral_embed(run);
  EXPECT_EQ(embed["title"], "⛔ Migration Blocked - Not Ready");
  EXPECT_EQ(embed["color"], 0xE74C3C);
  EXPECT_EQ(field_values(embed)[0], "Shadow Days=10 / 14 ❌");
  EXPECT_FALSE(run.reply().contains("components"));
  EXPECT_EQ(effects(run, "session.put").size(), 0u);
  EXPECT_EQ(column("current_mode"), "shadow");
}

TEST_F(AdminMigrate, ExecuteThatWouldNotMoveForwardIsBlocked) {
  state("parallel", 20, 9900);
  const auto embed = ephemeral_embed(command("execute", {{"strategy", "parallel_forever"}}));
  EXPECT_EQ(embed["title"], "⛔ Migration Blocked");
  EXPECT_EQ(embed["description"],
            "The community is already in **parallel** mode and `parallel_forever` leads to **parallel**. Modes only "
            "move forward (shadow → parallel → primary → exclusive): from parallel, use `arrakis_primary` or "
            "`gradual`. Nothing was changed.");
}

TEST_F(AdminMigrate, ExecuteAsksForConfirmationThenConfirmWritesTheNewModeAndAudits) {
  ready_state();
  const auto run = command("execute", {{"strategy", "instant"}});
  const auto embed = ephemeral_embed(run);
  EXPECT_EQ(embed["title"], "⚡ Confirm Migration: instant");
  EXPECT_EQ(embed["color"], 0xF39C12);
  EXPECT_EQ(embed["description"],
            "**⚠️ This action will modify your community's token-gating configuration.**\n\n**Strategy:** instant\n"
            "**Description:** Immediately transition to parallel mode. All members get Arrakis roles instantly.\n"
            "**Mode:** shadow → parallel\n\nAre you sure you want to proceed? This confirmation expires in 60 seconds.");
  const auto row = run.reply()["components"][0]["components"];
  ASSERT_EQ(row.size(), 2u);
  EXPECT_EQ(row[0]["style"], 4) << "Danger";
  EXPECT_EQ(row[0]["label"], "Confirm Migration");
  EXPECT_EQ(row[0]["custom_id"], "migrate_confirm:" + kAdmin + ":" + std::to_string(400000000000000000 + events));
  EXPECT_EQ(row[1]["style"], 2);
  EXPECT_EQ(row[1]["label"], "Cancel");
  EXPECT_EQ(row[1]["custom_id"], "migrate_cancel:" + kAdmin + ":" + std::to_string(400000000000000000 + events));
  // The pending confirmation is a 60-second session, not process memory.
  const auto puts = effects(run, "session.put");
  ASSERT_EQ(puts.size(), 1u) << puts.dump();
  EXPECT_EQ(puts[0]["ttlMs"], 60000) << puts.dump();
  EXPECT_EQ(column("current_mode"), "shadow") << "nothing changes before the confirmation";

  bench.recorder().set_clock(kNow + 59'000);
  const auto result = updated(click(buttons(run).first));
  EXPECT_EQ(result["title"], "⚡ Migration Executed Successfully");
  EXPECT_EQ(result["color"], 0x27AE60);
  EXPECT_EQ(field_values(result), (std::vector<std::string>{"Strategy=instant", "New Mode=parallel",
                                                            "Executed At=2025-12-03T12:00:59.000Z"}));
  EXPECT_EQ(column("current_mode"), "parallel");
  EXPECT_EQ(column("target_mode"), "parallel");
  EXPECT_EQ(column("strategy"), "instant");
  EXPECT_EQ(column("batch_size"), "-");
  EXPECT_NE(column("last_transition_at"), "-");
  const auto audit = bench.admin_exec("SELECT actor, event_data::text FROM audit_log WHERE community_id = $1::uuid "
                                      "AND event_type = 'migration_executed'",
                                      {bench.community_id()});
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(std::string(audit[0][0].c_str()), kAdmin);
  EXPECT_EQ(json::parse(audit[0][1].c_str()),
            (json{{"strategy", "instant"}, {"fromMode", "shadow"}, {"toMode", "parallel"}, {"targetMode", "parallel"}}));

  // Answered once: a second click finds nothing pending and changes nothing.
  EXPECT_EQ(updated(click(buttons(run).first))["title"], "Migration Timed Out");
  EXPECT_EQ(audits(), 1);
}

TEST_F(AdminMigrate, ExecuteGradualStaysParallelTowardsPrimaryWithItsBatches) {
  ready_state(250);
  const auto run = command("execute", {{"strategy", "gradual"}});
  EXPECT_EQ(ephemeral_embed(run)["description"],
            "**⚠️ This action will modify your community's token-gating configuration.**\n\n**Strategy:** gradual\n"
            "**Description:** Migrate new members immediately, existing members over N days in batches.\n"
            "**Mode:** shadow → parallel (target: primary)\n**Batch Size:** 100\n**Duration:** 7 days\n\n"
            "Are you sure you want to proceed? This confirmation expires in 60 seconds.");
  const auto result = updated(click(buttons(run).first));
  EXPECT_EQ(result["title"], "📈 Migration Executed Successfully");
  EXPECT_EQ(field_values(result),
            (std::vector<std::string>{"Strategy=gradual", "New Mode=parallel", "Executed At=2025-12-03T12:00:00.000Z",
                                      "Initial Batch=100", "Remaining Batches=2"}));
  EXPECT_EQ(column("current_mode"), "parallel");
  EXPECT_EQ(column("target_mode"), "primary");
  EXPECT_EQ(column("batch_size"), "100");
  EXPECT_EQ(column("duration_days"), "7");
  EXPECT_EQ(column("batches_remaining"), "2");
}

TEST_F(AdminMigrate, ExecuteGradualWithFewerMembersThanABatch) {
  ready_state(40);
  const auto run = command("execute", {{"strategy", "gradual"}, {"batch_size", 50}, {"duration_days", 3}});
  const auto values = field_values(updated(click(buttons(run).first)));
  EXPECT_EQ(values[3], "Initial Batch=40");
  EXPECT_EQ(values[4], "Remaining Batches=0");
  EXPECT_EQ(column("batch_size"), "50");
  EXPECT_EQ(column("duration_days"), "3");
}

TEST_F(AdminMigrate, ExecuteArrakisPrimaryFromParallelWritesPrimary) {
  state("parallel", 20, 9600);
  const auto run = command("execute", {{"strategy", "arrakis_primary"}});
  const auto result = updated(click(buttons(run).first));
  EXPECT_EQ(result["title"], "👑 Migration Executed Successfully");
  EXPECT_EQ(field_values(result)[1], "New Mode=primary");
  EXPECT_EQ(column("current_mode"), "primary");
  EXPECT_EQ(column("target_mode"), "primary");
  EXPECT_EQ(column("strategy"), "arrakis_primary");
}

TEST_F(AdminMigrate, ParallelForeverWritesParallel) {
  ready_state();
  const auto run = command("execute", {{"strategy", "parallel_forever"}});
  EXPECT_EQ(field_values(updated(click(buttons(run).first)))[1], "New Mode=parallel");
  EXPECT_EQ(column("current_mode"), "parallel");
  EXPECT_EQ(column("strategy"), "parallel_forever");
}

TEST_F(AdminMigrate, CancelChangesNothing) {
  ready_state();
  const auto run = command("execute", {{"strategy", "instant"}});
  const auto result = updated(click(buttons(run).second));
  EXPECT_EQ(result["title"], "Migration Cancelled");
  EXPECT_EQ(result["color"], 0x95A5A6);
  EXPECT_EQ(result["description"], "Migration was cancelled. No changes were made.");
  EXPECT_EQ(column("current_mode"), "shadow");
  EXPECT_EQ(audits(), 0);
  EXPECT_EQ(updated(click(buttons(run).first))["title"], "Migration Timed Out") << "a cancelled confirmation is over";
  EXPECT_EQ(column("current_mode"), "shadow");
}

TEST_F(AdminMigrate, AnotherAdministratorsClickIsRefusedAndTheConfirmationStays) {
  ready_state();
  const auto run = command("execute", {{"strategy", "instant"}});
  const auto other = click(buttons(run).first, kOtherAdmin);
  EXPECT_EQ(ephemeral_text(other),
            "❌ Only the administrator who ran `/admin-migrate execute` can answer this confirmation.");
  EXPECT_FALSE(updates(other)) << "the admin's confirmation is left as it is";
  EXPECT_EQ(column("current_mode"), "shadow");
  EXPECT_EQ(updated(click(buttons(run).first))["title"], "⚡ Migration Executed Successfully");
}

TEST_F(AdminMigrate, AClickAfterSixtySecondsTimesOut) {
  ready_state();
  const auto run = command("execute", {{"strategy", "instant"}});
  bench.recorder().set_clock(kNow + 60'001);
  const auto result = updated(click(buttons(run).first));
  EXPECT_EQ(result["title"], "Migration Timed Out");
  EXPECT_EQ(result["color"], 0x95A5A6);
  EXPECT_EQ(result["description"],
            "Confirmation timed out after 60 seconds. No changes were made: run `/admin-migrate execute` again.");
  EXPECT_EQ(column("current_mode"), "shadow");
  EXPECT_EQ(audits(), 0);
}

TEST_F(AdminMigrate, ANewerConfirmationReplacesTheOlderOne) {
  ready_state();
  const auto first = command("execute", {{"strategy", "instant"}});
  const auto second = command("execute", {{"strategy", "arrakis_primary"}});
  const auto stale = updated(click(buttons(first).first));
  EXPECT_EQ(stale["title"], "Migration Timed Out");
  EXPECT_EQ(stale["description"], "A newer `/admin-migrate execute` replaced this confirmation. No changes were made.");
  EXPECT_EQ(column("current_mode"), "shadow");
  // The newer one has its own fresh 60 seconds.
  bench.recorder().set_clock(kNow + 30'000);
  const auto third = command("execute", {{"strategy", "arrakis_primary"}});
  bench.recorder().set_clock(kNow + 80'000);
  EXPECT_EQ(updated(click(buttons(third).first))["title"], "👑 Migration Executed Successfully");
  EXPECT_EQ(column("current_mode"), "primary");
  (void)second;
}

TEST_F(AdminMigrate, AModeChangedWhileTheConfirmationWasOpenBlocksIt) {
  ready_state();
  const auto run = command("execute", {{"strategy", "instant"}});
  bench.admin_exec("UPDATE migration_states SET current_mode = 'parallel' WHERE community_id = $1::uuid",
                   {bench.community_id()});
  const auto result = updated(click(buttons(run).first));
  EXPECT_EQ(result["title"], "⛔ Migration Blocked");
  EXPECT_EQ(result["description"],
            "The community's mode changed from **shadow** to **parallel** while this confirmation was open. Nothing "
            "was changed: run `/admin-migrate check` and `/admin-migrate execute` again.");
  EXPECT_EQ(audits(), 0);
}

TEST_F(AdminMigrate, ReadinessLostWhileTheConfirmationWasOpenBlocksIt) {
  ready_state();
  const auto run = command("execute", {{"strategy", "instant"}});
  bench.admin_exec("DELETE FROM incumbent_configs WHERE community_id = $1::uuid", {bench.community_id()});
  const auto result = updated(click(buttons(run).first));
  EXPECT_EQ(result["title"], "⛔ Migration Blocked - Not Ready");
  EXPECT_EQ(column("current_mode"), "shadow");
}

TEST_F(AdminMigrate, ForgedButtonsGetAHelpfulMessage) {
  ready_state();
  const std::string text = "❌ This button is not one of /admin-migrate's. Run `/admin-migrate execute` again.";
  EXPECT_EQ(ephemeral_text(click("migrate_confirm")), text);
  EXPECT_EQ(ephemeral_text(click("migrate_confirm:" + kAdmin)), text);
  EXPECT_EQ(ephemeral_text(click("migrate_explode:" + kAdmin + ":1")), text);
  EXPECT_EQ(column("current_mode"), "shadow");
}

// ---------------------------------------------------------------- the Administrator bit

TEST_F(AdminMigrate, RefusesMembersWithoutTheAdministratorPermission) {
  ready_state();
  EXPECT_EQ(ephemeral_text(command("check", json::object(), "0")), kRefusal);
  const auto refused_execute = command("execute", {{"strategy", "instant"}}, "2048");
  EXPECT_EQ(ephemeral_text(refused_execute), kRefusal);
  EXPECT_EQ(effects(refused_execute, "session.put").size(), 0u);
  // A click carrying the admin's own id but sent without the Administrator bit.
  const auto run = command("execute", {{"strategy", "instant"}});
  const auto refused = click(buttons(run).first, kAdmin, "0");
  EXPECT_EQ(ephemeral_text(refused), "🔒 You need the Administrator permission to do this.");
  EXPECT_FALSE(updates(refused));
  EXPECT_EQ(column("current_mode"), "shadow");
  EXPECT_EQ(updated(click(buttons(run).first, kAdmin, "8"))["title"], "⚡ Migration Executed Successfully");
}
