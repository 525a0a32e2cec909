// alert-delivery on the standard seeded Sietch (community.hpp), against the real database
// (migrated, RLS on), with the DMs recorded: every type reaches the member with its DM and an
// alert_history row; weekly caps by frequency; toggles against critical alerts (D6); the counter;
// waitlist recipients; members who cannot receive; refused DMs recorded once; bad events refused.
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

const char* kThisWeek = "date_trunc('week', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'";

json dms(const PluginRun& run) {
  json out = json::array();
  for (const auto& e : run.effects) {
    if (e["kind"] == "guild.send_dm") out.push_back(e);
  }
  return out;
}

std::string dm_title(const PluginRun& run) {
  const auto sent = dms(run);
  return sent.size() == 1 ? sent[0]["message"]["embeds"][0]["title"].get<std::string>() : std::string();
}

// A recorder the bench forwards every call to, with the SQL on the real database, whose DMs
// Discord refuses with `status` and `error`.
class RefusedDms : public arrakis::plugin_host::EffectRecorder {
 public:
  RefusedDms(arrakis::plugin_host::HostServices* sql, arrakis_status status, std::string error)
      : EffectRecorder(sql), status_(status), error_(std::move(error)) {}
  arrakis_status guild_send_dm(arrakis::plugin_host::Call& c, std::string_view, std::string_view) override {
    return failed(c, status_, error_);
  }

 private:
  arrakis_status status_;
  std::string error_;
};

class AlertDeliveryPlugin : public ::testing::Test {
 protected:
  void SetUp() override { sietch = seed_sietch(bench); }
  void TearDown() override { clear_ranking(bench); }

  const std::string& id(int n) const { return sietch.profile_id(n); }

  PluginRun alert_payload(const json& data, const std::string& idempotency_key = "") {
    ++runs;
    return bench.run({{"eventId", "00000000-0000-4000-8000-" + std::to_string(100000000000 + runs)},
                      {"eventType", "internal.sietch.alert"},
                      {"timestamp", 1764000000000},
                      {"communityId", bench.community_id()},
                      {"source", {{"plugin", "eligibility-sync"}, {"version", "1.0.0"}}},
                      {"data", data}},
                     idempotency_key);
  }
  PluginRun alert(int n, const std::string& type, const json& facts = json::object()) {
    return alert_payload({{"discordId", member_discord_id(n)}, {"profileId", id(n)}, {"type", type}, {"data", facts}});
  }

  // The member's preferences, written as the admin; `week_start` is SQL (this week by default).
  void set_preferences(int n, bool position, bool at_risk, bool naib, const std::string& frequency, int sent,
                       const std::string& week_start = kThisWeek) {
    bench.admin_exec(
        "INSERT INTO notification_preferences (community_id, profile_id, position_updates, at_risk_warnings, "
        "  naib_alerts, frequency, alerts_sent_this_week, week_start_timestamp) "
        "VALUES ($1::uuid, $2::uuid, $3::boolean, $4::boolean, $5::boolean, $6, $7::int, " + week_start + ") "
        "ON CONFLICT (community_id, profile_id) DO UPDATE SET position_updates = EXCLUDED.position_updates, "
        "  at_risk_warnings = EXCLUDED.at_risk_warnings, naib_alerts = EXCLUDED.naib_alerts, "
        "  frequency = EXCLUDED.frequency, alerts_sent_this_week = EXCLUDED.alerts_sent_this_week, "
        "  week_start_timestamp = EXCLUDED.week_start_timestamp",
        {bench.community_id(), id(n), position ? "true" : "false", at_risk ? "true" : "false", naib ? "true" : "false",
         frequency, std::to_string(sent)});
  }
  int sent_this_week(int n) {
    return bench.admin_exec("SELECT alerts_sent_this_week FROM notification_preferences WHERE profile_id = $1::uuid",
                            {id(n)})[0][0]
        .as<int>();
  }
  bool counts_this_week(int n) {
    return bench
        .admin_exec(std::string("SELECT week_start_timestamp = ") + kThisWeek +
                        " FROM notification_preferences WHERE profile_id = $1::uuid",
                    {id(n)})[0][0]
        .as<bool>();
  }
  // alert_history rows of a recipient, oldest first: "type:delivered:error".
  std::vector<std::string> history(const std::string& recipient_id) {
    std::vector<std::string> out;
    for (const auto& r : bench.admin_exec(
             "SELECT alert_type || ':' || delivered::text || ':' || COALESCE(delivery_error, '') || ':' || "
             "  recipient_type FROM alert_history WHERE community_id = $1::uuid AND recipient_id = $2 ORDER BY id",
             {bench.community_id(), recipient_id})) {
      out.push_back(r[0].as<std::string>());
    }
    return out;
  }

  PluginBench bench{"alert-delivery"};
  SeededSietch sietch;
  long runs = 0;
};

}  // namespace

TEST_F(AlertDeliveryPlugin, EveryTypeReachesTheMemberWithItsDmAndAHistoryRow) {
  const std::vector<std::pair<std::string, json>> alerts = {
      {"position_update", {{"position", 30}, {"bgt", "1550000000000000000000"}, {"distanceToAbove", "15000000000000000000"}}},
      {"at_risk_warning", {{"position", 66}, {"bgt", "1010000000000000000000"}, {"positionsAtRisk", 4}}},
      {"naib_threat", {{"seatNumber", 7}, {"bgt", "1895000000000000000000"}, {"challengerBgt", "1900000000000000000000"}}},
      {"naib_bump", {{"seatNumber", 7}, {"bumpedByNym", "Stilgar_1"}}},
      {"naib_seated", {{"seatNumber", 3}, {"bgt", "1955000000000000000000"}}},
      {"waitlist_eligible", {{"position", 69}, {"bgt", "965000000000000000000"}}},
      {"tier_promotion", {{"oldTier", "qanat"}, {"newTier", "sihaya"}, {"bgt", "420000000000000000000"}}},
      {"badge_award", {{"badgeId", "helper"}, {"reason", "Answered *every* question"}}},
  };
  const std::vector<std::string> titles = {"📊 Position Update",
                                           "⚠️ Your Place in the Sietch Is at Risk",
                                           "👑 Your Naib Seat Is Contested",
                                           "👑 Naib Council Update",
                                           "👑 Welcome to the Naib Council!",
                                           "🎉 A Place in the Sietch Is Yours",
                                           "🌸 Tier Promotion!",
                                           "🤝 Badge Awarded!"};
  json all_dms = json::array();
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    const int n = 11 + static_cast<int>(i);
    const auto& [type, facts] = alerts[i];
    const auto run = alert(n, type, facts);
    ASSERT_EQ(run.status, ARRAKIS_OK) << type << ": " << run.error;
    ASSERT_EQ(dms(run).size(), 1u) << type << run.effects.dump(1);
    EXPECT_EQ(dms(run)[0]["user"], member_discord_id(n)) << type;
    EXPECT_EQ(dm_title(run), titles[i]) << type;
    all_dms.push_back(dms(run)[0]);
    if (type == "waitlist_eligible") {
      EXPECT_EQ(history(member_discord_id(n)), (std::vector<std::string>{type + ":true::waitlist"}));
    } else {
      EXPECT_EQ(history(id(n)), (std::vector<std::string>{type + ":true::member"})) << type;
      EXPECT_EQ(sent_this_week(n), 1) << type << ": a delivered member alert counts toward the week";
    }
  }
  // The facts show up in the DM: BGT formatted, nyms and reasons escaped, the catalogue's badge.
  const auto position = alert(30, "position_update", alerts[0].second);
  const auto fields = dms(position)[0]["message"]["embeds"][0]["fields"];
  EXPECT_EQ(fields[0]["value"], "1,550 BGT");
  EXPECT_EQ(fields[1]["name"], "⬆️ To Move Up");
  EXPECT_EQ(fields[1]["value"], "15 BGT");
  EXPECT_NE(all_dms.dump().find("Stilgar\\\\_1"), std::string::npos) << "the nym is markdown-escaped";
  EXPECT_NE(all_dms.dump().find("Answered \\\\*every\\\\* question"), std::string::npos);
  EXPECT_NE(all_dms.dump().find("Helps other members, awarded by an admin"), std::string::npos)
      << "badge_award reads the catalogue entry of badgeId";
}

TEST_F(AlertDeliveryPlugin, WeeklyCapFollowsTheFrequency) {
  const std::vector<std::pair<std::string, int>> caps = {{"1_per_week", 1}, {"2_per_week", 2}, {"3_per_week", 3},
                                                         {"daily", 7}};
  int n = 20;
  for (const auto& [frequency, cap] : caps) {
    ++n;
    set_preferences(n, true, true, true, frequency, 0);
    int delivered = 0;
    for (int i = 0; i < cap + 2; ++i) {
      const auto run = alert(n, i % 2 ? "at_risk_warning" : "position_update", {{"position", 66}});
      ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
      delivered += static_cast<int>(dms(run).size());
    }
    EXPECT_EQ(delivered, cap) << frequency;
    EXPECT_EQ(sent_this_week(n), cap) << frequency;
    EXPECT_EQ(history(id(n)).size(), static_cast<std::size_t>(cap)) << frequency << ": a capped alert leaves no row";
  }
}

TEST_F(AlertDeliveryPlugin, AMemberWithoutPreferencesGetsTheDefaultsThreePerWeek) {
  int delivered = 0;
  for (int i = 0; i < 4; ++i) delivered += static_cast<int>(dms(alert(12, "position_update", {{"position", 12}})).size());
  EXPECT_EQ(delivered, 3);
  const auto prefs = bench.admin_exec(
      "SELECT position_updates AND at_risk_warnings AND naib_alerts, frequency FROM notification_preferences "
      "WHERE profile_id = $1::uuid",
      {id(12)});
  ASSERT_EQ(prefs.size(), 1u);
  EXPECT_TRUE(prefs[0][0].as<bool>());
  EXPECT_EQ(prefs[0][1].as<std::string>(), "3_per_week");
}

TEST_F(AlertDeliveryPlugin, TogglesGateTheirOwnTypes) {
  set_preferences(14, false, true, true, "daily", 0);
  EXPECT_TRUE(dms(alert(14, "position_update")).empty()) << "positionUpdates off";
  EXPECT_EQ(dms(alert(14, "at_risk_warning")).size(), 1u);

  set_preferences(15, true, false, true, "daily", 0);
  EXPECT_TRUE(dms(alert(15, "at_risk_warning")).empty()) << "atRiskWarnings off";
  EXPECT_EQ(dms(alert(15, "position_update")).size(), 1u);

  set_preferences(5, true, true, false, "daily", 0);
  EXPECT_TRUE(dms(alert(5, "naib_threat")).empty()) << "naibAlerts off";
  EXPECT_EQ(dms(alert(5, "position_update")).size(), 1u);
  EXPECT_EQ(history(id(5)), (std::vector<std::string>{"position_update:true::member"}));
}

TEST_F(AlertDeliveryPlugin, CriticalAlertsAreSentWhateverTheTogglesAndTheCap) {
  // Every toggle off and the week's cap of 1 already used.
  set_preferences(6, false, false, false, "1_per_week", 1);
  EXPECT_TRUE(dms(alert(6, "position_update")).empty());
  EXPECT_TRUE(dms(alert(6, "naib_threat")).empty());
  for (const std::string type : {"naib_bump", "naib_seated", "tier_promotion", "badge_award"}) {
    const auto run = alert(6, type, {{"badgeId", "builder"}, {"seatNumber", 6}, {"newTier", "naib"}});
    ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
    EXPECT_EQ(dms(run).size(), 1u) << type << " is critical (D6)";
  }
  EXPECT_EQ(dms(alert(6, "waitlist_eligible", {{"position", 60}})).size(), 1u);
  EXPECT_EQ(sent_this_week(6), 5) << "delivered member alerts count, critical ones too (waitlist ones do not)";
  EXPECT_TRUE(dms(alert(6, "at_risk_warning")).empty()) << "still capped afterwards";
}

TEST_F(AlertDeliveryPlugin, ACounterOfAnEarlierWeekStartsAgain) {
  set_preferences(16, true, true, true, "1_per_week", 1, std::string("(") + kThisWeek + ") - interval '7 days'");
  EXPECT_EQ(dms(alert(16, "position_update")).size(), 1u) << "last week's count does not cap this week";
  EXPECT_EQ(sent_this_week(16), 1);
  EXPECT_TRUE(counts_this_week(16));
  EXPECT_TRUE(dms(alert(16, "position_update")).empty());
}

TEST_F(AlertDeliveryPlugin, WaitlistEligibleReachesAUserWithoutAProfile) {
  const std::string user = waitlist_discord_id(75);
  const auto run = alert_payload({{"discordId", user}, {"type", "waitlist_eligible"}, {"data", {{"position", 69}}}});
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  ASSERT_EQ(dms(run).size(), 1u);
  EXPECT_EQ(dms(run)[0]["user"], user);
  EXPECT_EQ(history(user), (std::vector<std::string>{"waitlist_eligible:true::waitlist"}));
}

TEST_F(AlertDeliveryPlugin, NobodyToDeliverToIsNoFailure) {
  // Not onboarded (41), departed (43), unknown profile: no DM, no row, no retry.
  for (const auto& [who, profile] : {std::pair{member_discord_id(41), id(41)}, std::pair{member_discord_id(43), id(43)},
                                     std::pair{std::string("899999999999999999"),
                                               std::string("00000000-0000-4000-8000-00000000abcd")}}) {
    const auto run = alert_payload({{"discordId", who}, {"profileId", profile}, {"type", "badge_award"},
                                    {"data", {{"badgeId", "helper"}}}});
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    EXPECT_TRUE(dms(run).empty()) << who;
    EXPECT_TRUE(history(profile).empty()) << who;
  }
  // Found by Discord id alone.
  EXPECT_EQ(dms(alert_payload({{"discordId", member_discord_id(17)}, {"type", "tier_promotion"}})).size(), 1u);
}

TEST_F(AlertDeliveryPlugin, ABlockedDmIsRecordedAsAnErrorNotRetried) {
  arrakis::db::Pool pool(arrakis::testing::database_url(), 1);
  arrakis::plugin_host::PostgresSql sql(pool);
  RefusedDms closed(&sql, ARRAKIS_PERMANENT, "Discord answered 403: Cannot send messages to this user (50007)");
  bench.recorder().forward_to(&closed);
  const auto run = alert(18, "badge_award", {{"badgeId", "teacher"}});
  bench.recorder().forward_to(nullptr);
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error << " (a refused DM is recorded, not retried)";
  const auto rows = history(id(18));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].rfind("badge_award:false:", 0), 0u) << rows[0];
  EXPECT_NE(rows[0].find("50007"), std::string::npos) << rows[0];
  EXPECT_EQ(sent_this_week(18), 0) << "only a delivered alert counts";
}

TEST_F(AlertDeliveryPlugin, DiscordUnavailableIsRetriedAndLeavesNothingBehind) {
  arrakis::db::Pool pool(arrakis::testing::database_url(), 1);
  arrakis::plugin_host::PostgresSql sql(pool);
  RefusedDms down(&sql, ARRAKIS_RETRYABLE, "Discord answered 503");
  bench.recorder().forward_to(&down);
  const auto run = alert(19, "position_update");
  bench.recorder().forward_to(nullptr);
  EXPECT_EQ(run.status, ARRAKIS_RETRYABLE);
  EXPECT_TRUE(history(id(19)).empty()) << "rolled back: the retry records it";
  EXPECT_EQ(bench.admin_exec("SELECT count(*) FROM notification_preferences WHERE profile_id = $1::uuid", {id(19)})[0][0]
                .as<int>(),
            0);
}

TEST_F(AlertDeliveryPlugin, ARedeliveredAlertIsSentOnce) {
  const json data = {{"discordId", member_discord_id(20)}, {"profileId", id(20)}, {"type", "naib_seated"}};
  const std::string key = "alert-" + bench.community_id() + ":alert-delivery";  // keys are global
  const auto first = alert_payload(data, key);
  ASSERT_EQ(first.status, ARRAKIS_OK) << first.error;
  ASSERT_FALSE(first.duplicate);
  EXPECT_EQ(dms(first).size(), 1u);
  const auto again = alert_payload(data, key);
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(history(id(20)).size(), 1u);
  EXPECT_EQ(sent_this_week(20), 1);
}

TEST_F(AlertDeliveryPlugin, AnAlertOfNoKnownTypeOrForNobodyIsRefused) {
  const auto unknown = alert(21, "naib_party");
  EXPECT_EQ(unknown.status, ARRAKIS_BAD_INPUT);
  EXPECT_NE(unknown.error.find("unknown alert type 'naib_party'"), std::string::npos) << unknown.error;
  const auto nobody = alert_payload({{"type", "position_update"}});
  EXPECT_EQ(nobody.status, ARRAKIS_BAD_INPUT);
  EXPECT_NE(nobody.error.find("names no recipient"), std::string::npos) << nobody.error;
  EXPECT_TRUE(dms(unknown).empty());
}
