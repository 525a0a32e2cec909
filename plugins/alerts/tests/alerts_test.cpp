// /alerts on the seeded Sietch (real PostgreSQL under RLS, Discord effects recorded): the panel and
// its defaults, every component, the owner check, and the rules of arrakis/sietch/alerts.hpp.
#include <gtest/gtest.h>

#include "arrakis/sietch/alerts.hpp"
#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
namespace sietch = arrakis::sietch;
using nlohmann::json;

namespace {

const char* const kNotYours = "❌ You cannot modify these preferences.";

const json& field(const json& embed, const std::string& name) {
  for (const auto& f : embed["fields"]) {
    if (f["name"] == name) return f["value"];
  }
  static const json missing = "<missing field " + name + ">";
  return missing;
}

class Alerts : public ::testing::Test {
 protected:
  void SetUp() override { seeded_ = seed_sietch(bench_); }
  void TearDown() override { clear_ranking(bench_); }

  std::string id(int member) const { return seeded_.profile_id(member); }
  PluginRun panel(const std::string& user) { return bench_.command("alerts", json::object(), user); }
  PluginRun click(const std::string& user, const std::string& custom_id, const json& values = nullptr) {
    json data = {{"type", 3}, {"customId", custom_id}, {"componentType", values.is_null() ? 2 : 3},
                 {"messageId", "500000000000000001"}, {"memberPermissions", "0"}};
    if (!values.is_null()) data["values"] = values;
    return bench_.interaction(values.is_null() ? "interaction.button" : "interaction.select", user, data);
  }
  // position_updates, at_risk_warnings, naib_alerts, frequency of a member, or "none".
  std::string prefs(int member) {
    const auto r = bench_.admin_exec(
        "SELECT position_updates::text || ',' || at_risk_warnings::text || ',' || naib_alerts::text || ',' || frequency "
        "FROM notification_preferences WHERE community_id = $1::uuid AND profile_id = $2::uuid",
        {bench_.community_id(), id(member)});
    return r.empty() ? "none" : r[0][0].as<std::string>();
  }
  // The ephemeral refusal the run answered, checking nothing else was changed on Discord.
  std::string refusal(const PluginRun& r) {
    EXPECT_EQ(r.status, ARRAKIS_OK) << r.error;
    for (const auto& e : r.effects) EXPECT_NE(e["kind"], "interaction.update_message") << r.effects.dump(1);
    const auto reply = r.reply();
    if (!reply.is_object()) return "<no reply>";
    EXPECT_EQ(reply.value("flags", 0), 64);
    return reply.value("content", "");
  }
  // The description of the message a click left (components removed).
  std::string updated(const PluginRun& r) {
    EXPECT_EQ(r.status, ARRAKIS_OK) << r.error;
    json update;
    for (const auto& e : r.effects) {
      if (e["kind"] == "interaction.update_message") update = e["message"];
    }
    if (!update.is_object()) return "<no update: " + r.effects.dump() + ">";
    EXPECT_EQ(update["components"], json::array()) << "the components are removed";
    EXPECT_FALSE(update.contains("flags"));
    return update["embeds"][0].value("description", "");
  }

  PluginBench bench_{"alerts"};
  SeededSietch seeded_;
};

}  // namespace

TEST_F(Alerts, RefusesWhoHasNotOnboarded) {
  for (const auto& user : {member_discord_id(41), std::string("830000000000000001")}) {
    const auto r = panel(user);
    ASSERT_EQ(r.status, ARRAKIS_OK) << r.error;
    EXPECT_EQ(r.reply()["flags"], 64);
    EXPECT_EQ(r.reply()["content"],
              "You need to complete onboarding before using this command. Check your DMs from the Sietch bot to finish "
              "setting up your profile.");
  }
  EXPECT_EQ(prefs(41), "none");
}

TEST_F(Alerts, CreatesTheDefaultsOnceAndShowsThePanel) {
  EXPECT_EQ(prefs(20), "none");
  const auto r = panel(member_discord_id(20));
  ASSERT_EQ(r.status, ARRAKIS_OK) << r.error;
  EXPECT_EQ(prefs(20), "true,true,true,3_per_week");
  const auto reply = r.reply();
  EXPECT_EQ(reply["flags"], 64);
  const auto& e = reply["embeds"][0];
  EXPECT_EQ(e["title"], "🔔 Alert Preferences");
  EXPECT_EQ(e["color"], 0x4169E1);
  EXPECT_EQ(field(e, "Position Updates"), "✅ Enabled");
  EXPECT_EQ(field(e, "At-Risk Warnings"), "✅ Enabled");
  EXPECT_EQ(field(e, "Naib Alerts"), "<missing field Naib Alerts>") << "member 20 holds no seat";
  EXPECT_EQ(field(e, "Frequency"), "**3 per week**\n0/3 alerts sent this week");
  EXPECT_EQ(e["footer"]["text"],
            "Critical alerts (Naib bumps, new seats, waitlist eligibility, tier promotions, badge awards) are always sent");

  const auto& rows = reply["components"];
  ASSERT_EQ(rows.size(), 3u);
  ASSERT_EQ(rows[0]["components"].size(), 2u);
  EXPECT_EQ(rows[0]["components"][0]["custom_id"], "alerts_toggle_position_" + id(20));
  EXPECT_EQ(rows[0]["components"][0]["label"], "Disable Position Updates");
  EXPECT_EQ(rows[0]["components"][0]["style"], 2);
  EXPECT_EQ(rows[0]["components"][1]["custom_id"], "alerts_toggle_atrisk_" + id(20));
  EXPECT_EQ(rows[0]["components"][1]["label"], "Disable At-Risk Warnings");
  const auto& select = rows[1]["components"][0];
  EXPECT_EQ(select["type"], 3);
  EXPECT_EQ(select["custom_id"], "alerts_frequency_" + id(20));
  ASSERT_EQ(select["options"].size(), 4u);
  EXPECT_EQ(select["options"][0]["value"], "1_per_week");
  EXPECT_EQ(select["options"][1]["value"], "2_per_week");
  EXPECT_EQ(select["options"][2]["value"], "3_per_week");
  EXPECT_EQ(select["options"][2]["default"], true);
  EXPECT_EQ(select["options"][3]["value"], "daily");
  EXPECT_EQ(select["options"][3]["label"], "Daily");
  const auto& off = rows[2]["components"][0];
  EXPECT_EQ(off["custom_id"], "alerts_disable_all_" + id(20));
  EXPECT_EQ(off["style"], 4);
  EXPECT_EQ(off["emoji"]["name"], "🔕");

  // Changed preferences are kept by a second /alerts (no second row, no reset).
  bench_.admin_exec("UPDATE notification_preferences SET position_updates = false WHERE profile_id = $1::uuid", {id(20)});
  const auto again = panel(member_discord_id(20));
  EXPECT_EQ(field(again.reply()["embeds"][0], "Position Updates"), "❌ Disabled");
  EXPECT_EQ(bench_.admin_exec("SELECT count(*) FROM notification_preferences WHERE profile_id = $1::uuid", {id(20)})[0][0]
                .as<int>(),
            1);
}

TEST_F(Alerts, NaibSeeTheirToggleAndDisabledTogglesOfferEnable) {
  bench_.admin_exec(
      "INSERT INTO notification_preferences (community_id, profile_id, position_updates, naib_alerts, frequency, "
      "alerts_sent_this_week) VALUES ($1::uuid, $2::uuid, false, false, 'daily', 4)",
      {bench_.community_id(), id(1)});
  const auto reply = panel(member_discord_id(1)).reply();
  const auto& e = reply["embeds"][0];
  EXPECT_EQ(field(e, "Naib Alerts"), "❌ Disabled");
  EXPECT_EQ(field(e, "Frequency"), "**Daily**\n4/7 alerts sent this week");
  const auto& toggles = reply["components"][0]["components"];
  ASSERT_EQ(toggles.size(), 3u);
  EXPECT_EQ(toggles[0]["label"], "Enable Position Updates");
  EXPECT_EQ(toggles[0]["style"], 3);
  EXPECT_EQ(toggles[1]["label"], "Disable At-Risk Warnings");
  EXPECT_EQ(toggles[2]["custom_id"], "alerts_toggle_naib_" + id(1));
  EXPECT_EQ(toggles[2]["label"], "Enable Naib Alerts");
  EXPECT_EQ(toggles[2]["style"], 3);
  EXPECT_EQ(reply["components"][1]["components"][0]["options"][3]["default"], true);

  // A former Naib without a seat now has no Naib toggle.
  EXPECT_EQ(panel(member_discord_id(8)).reply()["components"][0]["components"].size(), 2u);
}

TEST_F(Alerts, ACounterOfAnEarlierWeekReadsZero) {
  bench_.admin_exec(
      "INSERT INTO notification_preferences (community_id, profile_id, frequency, alerts_sent_this_week, "
      "week_start_timestamp) VALUES ($1::uuid, $2::uuid, '1_per_week', 1, now() - interval '14 days')",
      {bench_.community_id(), id(20)});
  EXPECT_EQ(field(panel(member_discord_id(20)).reply()["embeds"][0], "Frequency"),
            "**1 per week**\n0/1 alerts sent this week");
}

TEST_F(Alerts, TogglesFlipAndReplaceThePanel) {
  const auto user = member_discord_id(20);
  panel(user);
  EXPECT_EQ(updated(click(user, "alerts_toggle_position_" + id(20))),
            "✅ Position Updates **disabled**.\nUse /alerts to see or change all your preferences.");
  EXPECT_EQ(prefs(20), "false,true,true,3_per_week");
  EXPECT_EQ(updated(click(user, "alerts_toggle_position_" + id(20))),
            "✅ Position Updates **enabled**.\nUse /alerts to see or change all your preferences.");
  EXPECT_EQ(updated(click(user, "alerts_toggle_atrisk_" + id(20))),
            "✅ At-Risk Warnings **disabled**.\nUse /alerts to see or change all your preferences.");
  EXPECT_EQ(prefs(20), "true,false,true,3_per_week");
}

TEST_F(Alerts, AClickBeforeAnyPanelStartsFromTheDefaults) {
  EXPECT_EQ(updated(click(member_discord_id(20), "alerts_toggle_atrisk_" + id(20))),
            "✅ At-Risk Warnings **disabled**.\nUse /alerts to see or change all your preferences.");
  EXPECT_EQ(prefs(20), "true,false,true,3_per_week");
}

TEST_F(Alerts, TheNaibToggleIsForSeatHoldersOnly) {
  EXPECT_EQ(updated(click(member_discord_id(1), "alerts_toggle_naib_" + id(1))),
            "✅ Naib Alerts **disabled**.\nUse /alerts to see or change all your preferences.");
  EXPECT_EQ(prefs(1), "true,true,false,3_per_week");
  EXPECT_EQ(refusal(click(member_discord_id(20), "alerts_toggle_naib_" + id(20))),
            "Naib Alerts are only for members holding a Naib seat. Use /alerts to see your preferences.");
  EXPECT_EQ(prefs(20), "true,true,true,3_per_week");
}

TEST_F(Alerts, FrequencySelect) {
  const auto user = member_discord_id(20);
  EXPECT_EQ(updated(click(user, "alerts_frequency_" + id(20), json::array({"1_per_week"}))),
            "✅ Alert frequency updated to **1 per week**.\nUse /alerts to see or change all your preferences.");
  EXPECT_EQ(prefs(20), "true,true,true,1_per_week");
  EXPECT_EQ(updated(click(user, "alerts_frequency_" + id(20), json::array({"daily"}))),
            "✅ Alert frequency updated to **Daily**.\nUse /alerts to see or change all your preferences.");
  EXPECT_EQ(prefs(20), "true,true,true,daily");
  const std::string bad = "That alert frequency is not available. Use /alerts and pick 1, 2 or 3 per week, or daily.";
  EXPECT_EQ(refusal(click(user, "alerts_frequency_" + id(20), json::array({"hourly"}))), bad);
  EXPECT_EQ(refusal(click(user, "alerts_frequency_" + id(20), json::array())), bad);
  EXPECT_EQ(prefs(20), "true,true,true,daily");
}

TEST_F(Alerts, DisableAllKeepsCriticalAlerts) {
  const auto r = click(member_discord_id(1), "alerts_disable_all_" + id(1));
  updated(r);
  json message;
  for (const auto& e : r.effects) {
    if (e["kind"] == "interaction.update_message") message = e["message"];
  }
  EXPECT_EQ(message["embeds"][0]["title"], "🔕 All Alerts Disabled");
  EXPECT_EQ(message["embeds"][0]["description"],
            "Position updates, at-risk warnings and Naib alerts are off.\n\nCritical messages are still sent: Naib "
            "bumps, new Naib seats, waitlist eligibility, tier promotions and badge awards.\n\nUse /alerts to turn "
            "alerts back on.");
  EXPECT_EQ(prefs(1), "false,false,false,3_per_week");
}

TEST_F(Alerts, SomeoneElsesOrForgedComponentsAreRefused) {
  panel(member_discord_id(20));
  const auto other = member_discord_id(21);
  for (const std::string prefix : {"alerts_toggle_position_", "alerts_toggle_atrisk_", "alerts_toggle_naib_",
                                   "alerts_disable_all_"}) {
    EXPECT_EQ(refusal(click(other, prefix + id(20))), kNotYours) << prefix;
  }
  EXPECT_EQ(refusal(click(other, "alerts_frequency_" + id(20), json::array({"daily"}))), kNotYours);
  // No profile at all, a member still onboarding, malformed and unknown ids.
  EXPECT_EQ(refusal(click("830000000000000001", "alerts_toggle_position_" + id(20))), kNotYours);
  EXPECT_EQ(refusal(click(member_discord_id(41), "alerts_toggle_position_" + id(41))), kNotYours);
  EXPECT_EQ(refusal(click(member_discord_id(20), "alerts_toggle_position_nope")), kNotYours);
  EXPECT_EQ(refusal(click(member_discord_id(20), "alerts_toggle_position_" + id(20) + "x")), kNotYours);
  EXPECT_EQ(refusal(click(member_discord_id(20), "alerts_bogus_" + id(20))), kNotYours);
  // A modal submit under the prefix (the panel opens none).
  const auto modal = bench_.run({{"eventId", "00000000-0000-4000-8000-000000000003"},
                                 {"eventType", "interaction.modal"},
                                 {"timestamp", 1764000000000},
                                 {"userId", member_discord_id(20)},
                                 {"interactionId", "400000000000000003"},
                                 {"data", {{"type", 5}, {"customId", "alerts_toggle_position_" + id(20)},
                                           {"fields", json::object()}, {"memberPermissions", "0"}}}});
  EXPECT_EQ(refusal(modal), kNotYours);
  EXPECT_EQ(prefs(20), "true,true,true,3_per_week") << "nothing changed";
}

TEST(AlertRules, CriticalAlertsIgnoreTogglesAndTheCap) {
  sietch::AlertPreferences off;
  off.position_updates = off.at_risk_warnings = off.naib_alerts = false;
  off.frequency = "1_per_week";
  off.sent_this_week = 5;
  for (const char* type : {"naib_bump", "naib_seated", "waitlist_eligible", "tier_promotion", "badge_award"}) {
    EXPECT_TRUE(sietch::alert_allowed(off, type)) << type;
  }
  for (const char* type : {"position_update", "at_risk_warning", "naib_threat"}) {
    EXPECT_FALSE(sietch::alert_allowed(off, type)) << type;
  }
  sietch::AlertPreferences on;
  on.frequency = "2_per_week";
  on.sent_this_week = 1;
  EXPECT_TRUE(sietch::alert_allowed(on, "position_update"));
  EXPECT_TRUE(sietch::alert_allowed(on, "naib_threat"));
  on.sent_this_week = 2;
  EXPECT_FALSE(sietch::alert_allowed(on, "position_update")) << "the weekly cap is reached";
  EXPECT_FALSE(sietch::alert_allowed(on, "something_else"));
  EXPECT_EQ(sietch::AlertPreferences{}.weekly_cap(), 3);
  on.frequency = "daily";
  EXPECT_EQ(on.weekly_cap(), 7);
}
