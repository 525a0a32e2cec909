#include "migration_render.hpp"

#include <cstdio>
#include <ctime>

namespace admin_migrate {

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;

namespace {

std::tm utc(std::int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm t{};
  gmtime_r(&seconds, &t);
  return t;
}

const char* mark(bool ok) { return ok ? "✅" : "❌"; }

std::string percent(long long x100) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%lld.%02lld%%", x100 / 100, x100 % 100);
  return buffer;
}

}  // namespace

std::string utc_date(std::int64_t ms) {
  const auto t = utc(ms);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &t);
  return buffer;
}

std::string utc_iso(std::int64_t ms) {
  const auto t = utc(ms);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &t);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buffer, static_cast<int>(ms % 1000));
  return out;
}

sdk::Embed readiness_embed(const sietch::CoexistenceState& state, const Readiness& readiness, bool blocked) {
  sdk::Embed embed;
  const bool ready = readiness.ready();
  if (blocked) {
    embed.title("⛔ Migration Blocked - Not Ready").color(kRed);
  } else {
    embed.title(std::string(mark(ready)) + " Migration Readiness Check").color(ready ? kGreen : kRed);
  }
  embed.description(ready ? "✅ Community is ready for migration!"
                          : "⏳ Not ready yet. Requirements:\n• Shadow mode for at least **14 days**\n"
                            "• Accuracy at least **95%**\n• Incumbent bot configured\n"
                            "• Currently in shadow or parallel mode");
  embed.field("Shadow Days", std::to_string(state.shadow_days) + " / 14 " + mark(readiness.shadow_days), true);
  embed.field("Accuracy", percent(state.accuracy_x100) + " / 95% " + mark(readiness.accuracy), true);
  embed.field("Incumbent Configured",
              readiness.incumbent ? "✅ Yes (" + sietch::incumbent_label(state.incumbent) + ")" : std::string("❌ No"),
              true);
  std::string mode;
  if (!state.started) {
    mode = "❌ Not started (no shadow run yet)";
  } else {
    mode = std::string(mark(readiness.mode)) + " " + state.mode;
    if (!readiness.mode) mode += " (needs shadow or parallel)";
  }
  embed.field("Current Mode", mode, true);
  if (blocked) embed.footer("Run /admin-migrate check once the criteria are met");
  return embed;
}

sdk::Embed plan_embed(const Options& options, const sietch::CoexistenceState& state, const Readiness& readiness,
                      std::int64_t now_ms) {
  const auto& s = options.strategy;
  sdk::Embed embed;
  embed.title(s.emoji + " Migration Plan: " + s.name).color(kBlue).description(s.description);
  embed.field("Source Mode", state.mode, true);
  embed.field("Target Mode", s.target_mode, true);
  embed.field("Readiness", readiness.ready() ? "✅ Ready" : "❌ Not Ready (see /admin-migrate check)", true);
  if (s.name == "gradual") {
    embed.field("Total Members", std::to_string(state.compared_members), true);
    embed.field("Batch Size", std::to_string(options.batch_size), true);
    embed.field("Duration", std::to_string(options.duration_days) + (options.duration_days == 1 ? " day" : " days"),
                true);
    embed.field("Estimated Completion",
                utc_date(now_ms + static_cast<std::int64_t>(options.duration_days) * 86'400'000));
  }
  if (!moves_forward(state.mode, s)) {
    embed.field("⚠️ Nothing to Do", "The community is already in **" + state.mode + "** mode and `" + s.name +
                                       "` leads to **" + s.target_mode +
                                       "**: modes only move forward (shadow → parallel → primary → exclusive).");
  }
  embed.footer("Dry run - no changes made");
  return embed;
}

sdk::Embed wrong_direction_embed(const Options& options, const std::string& mode) {
  sdk::Embed embed;
  embed.title("⛔ Migration Blocked").color(kRed);
  embed.description("The community is already in **" + mode + "** mode and `" + options.strategy.name +
                    "` leads to **" + options.strategy.target_mode +
                    "**. Modes only move forward (shadow → parallel → primary → exclusive): from parallel, use "
                    "`arrakis_primary` or `gradual`. Nothing was changed.");
  return embed;
}

sdk::Message confirm_message(const Options& options, const std::string& mode, const std::string& admin_id,
                             const std::string& nonce) {
  const auto& s = options.strategy;
  std::string text = "**⚠️ This action will modify your community's token-gating configuration.**\n\n**Strategy:** " +
                     s.name + "\n**Description:** " + s.description + "\n**Mode:** " + mode + " → " + s.new_mode;
  if (s.new_mode != s.target_mode) text += " (target: " + s.target_mode + ")";
  if (s.name == "gradual") {
    text += "\n**Batch Size:** " + std::to_string(options.batch_size) + "\n**Duration:** " +
            std::to_string(options.duration_days) + (options.duration_days == 1 ? " day" : " days");
  }
  text += "\n\nAre you sure you want to proceed? This confirmation expires in 60 seconds.";
  sdk::Embed embed;
  embed.title(s.emoji + " Confirm Migration: " + s.name).color(kOrange).description(text);
  const std::string suffix = ":" + admin_id + ":" + nonce;
  return sdk::Message().embed(embed).ephemeral().row(
      sdk::ActionRow()
          .add(sdk::Button(sdk::ButtonStyle::danger, "Confirm Migration", "migrate_confirm" + suffix).emoji("✅"))
          .add(sdk::Button(sdk::ButtonStyle::secondary, "Cancel", "migrate_cancel" + suffix).emoji("❌")));
}

sdk::Embed executed_embed(const Options& options, std::int64_t executed_at_ms, const Batches& batches) {
  const auto& s = options.strategy;
  sdk::Embed embed;
  embed.title(s.emoji + " Migration Executed Successfully").color(kGreen);
  embed.field("Strategy", s.name, true);
  embed.field("New Mode", s.new_mode, true);
  embed.field("Executed At", utc_iso(executed_at_ms));
  if (s.name == "gradual") {
    embed.field("Initial Batch", std::to_string(batches.initial), true);
    embed.field("Remaining Batches", std::to_string(batches.remaining), true);
  }
  return embed;
}

sdk::Embed cancelled_embed() {
  sdk::Embed embed;
  embed.title("Migration Cancelled").color(kGrey).description("Migration was cancelled. No changes were made.");
  return embed;
}

sdk::Embed timed_out_embed(bool replaced) {
  sdk::Embed embed;
  embed.title("Migration Timed Out").color(kGrey);
  embed.description(replaced ? "A newer `/admin-migrate execute` replaced this confirmation. No changes were made."
                             : "Confirmation timed out after 60 seconds. No changes were made: run "
                               "`/admin-migrate execute` again.");
  return embed;
}

sdk::Embed state_changed_embed(const std::string& expected_mode, const std::string& mode) {
  sdk::Embed embed;
  embed.title("⛔ Migration Blocked").color(kRed);
  embed.description("The community's mode changed from **" + expected_mode + "** to **" + mode +
                    "** while this confirmation was open. Nothing was changed: run `/admin-migrate check` and "
                    "`/admin-migrate execute` again.");
  return embed;
}

}  // namespace admin_migrate
