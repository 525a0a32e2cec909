// weekly-digest on the standard seeded Sietch (community.hpp), against the real database, the
// post recorded. The seed's own timestamps are moved three years back so that only what a test
// puts into the last complete ISO week (its Monday is `kLastMonday`) shows in the digest.
#include <gtest/gtest.h>

#include "arrakis/database.hpp"
#include "arrakis/plugin_host/invocation.hpp"
#include "arrakis/plugin_host/plugin_call.hpp"
#include "arrakis/plugin_host/postgres_sql.hpp"
#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"
#include "arrakis/testing/servers.hpp"

using arrakis::testing::PluginBench;
using namespace arrakis::sietch::testing;
using nlohmann::json;
namespace plugin_host = arrakis::plugin_host;

namespace {

const std::string kChannel = "300000000000000777";
// Monday 00:00 UTC of the last complete week, as timestamptz SQL.
const std::string kLastMonday =
    "((date_trunc('week', now() AT TIME ZONE 'UTC') - interval '7 days') AT TIME ZONE 'UTC')";

json posts(const json& effects) {
  json out = json::array();
  for (const auto& e : effects) {
    if (e["kind"] == "guild.post_message") out.push_back(e);
  }
  return out;
}

std::string field(const json& embed, const std::string& name) {
  for (const auto& f : embed.value("fields", json::array())) {
    if (f["name"] == name) return f["value"];
  }
  return "";
}

// Discord refusing channel posts (the bot lost access to the channel), SQL on the real database.
class RefusedPosts : public plugin_host::EffectRecorder {
 public:
  using EffectRecorder::EffectRecorder;
  arrakis_status guild_post_message(plugin_host::Call& c, std::string_view, std::string_view, std::string&) override {
    return failed(c, ARRAKIS_PERMANENT, "Discord answered 403: Missing Access (50001)");
  }
};

class WeeklyDigestJob : public ::testing::Test {
 protected:
  void SetUp() override {
    sietch = seed_sietch(bench);
    const std::vector<std::string> c = {bench.community_id()};
    bench.admin_exec("UPDATE profiles SET joined_at = joined_at - interval '3 years' WHERE community_id = $1::uuid", c);
    bench.admin_exec("UPDATE member_badges SET awarded_at = awarded_at - interval '3 years' WHERE community_id = $1::uuid", c);
    bench.admin_exec("UPDATE naib_seats SET seated_at = seated_at - interval '3 years', "
                     "unseated_at = unseated_at - interval '3 years' WHERE community_id = $1::uuid", c);
    bench.admin_exec("UPDATE member_activity SET last_active_at = last_active_at - interval '3 years' "
                     "WHERE community_id = $1::uuid", c);
    set_channel(kChannel);
  }
  void TearDown() override { clear_ranking(bench); }

  const std::string& id(int n) const { return sietch.profile_id(n); }
  void set_channel(const std::string& channel) {
    bench.admin_exec("UPDATE community_config SET announcements_channel_id = NULLIF($2, '') WHERE community_id = $1::uuid",
                     {bench.community_id(), channel});
  }
  // `offset` is an interval after last week's Monday ("1 day 2 hours"; negative for the week before).
  std::string at(const std::string& offset) { return "(" + kLastMonday + " + interval '" + offset + "')"; }

  // A week with something of everything.
  void add_week_events() {
    bench.admin_exec("UPDATE profiles SET joined_at = " + at("1 day") + " WHERE id = $1::uuid", {id(61)});
    bench.admin_exec("UPDATE profiles SET joined_at = " + at("2 days") + " WHERE id = $1::uuid", {id(60)});
    bench.admin_exec("UPDATE profiles SET joined_at = " + at("6 days 23 hours") + " WHERE id = $1::uuid", {id(62)});
    bench.admin_exec("UPDATE profiles SET joined_at = " + at("-1 hour") + " WHERE id = $1::uuid", {id(63)});  // before
    bench.admin_exec("UPDATE profiles SET joined_at = " + at("7 days") + " WHERE id = $1::uuid", {id(64)});  // after
    bench.admin_exec("UPDATE profiles SET joined_at = " + at("1 day") + " WHERE id = $1::uuid", {id(43)});   // departed
    // Member 7 bumped from seat 7 by member 8.
    bench.admin_exec("UPDATE naib_seats SET unseated_at = " + at("3 days") +
                         ", unseat_reason = 'bumped' WHERE profile_id = $1::uuid AND unseated_at IS NULL",
                     {id(7)});
    bench.admin_exec("INSERT INTO naib_seats (community_id, seat_number, profile_id, seated_at) "
                     "VALUES ($1::uuid, 7, $2::uuid, " + at("3 days") + ")",
                     {bench.community_id(), id(8)});
    // Active this week: 21 (250), 20 (120), 22 (0.2: nothing to show); 23 holds 299 but was last
    // active three years ago.
    for (const auto& [n, balance] : {std::pair{21, 250.0}, std::pair{20, 120.0}, std::pair{22, 0.2}}) {
      bench.admin_exec("UPDATE member_activity SET activity_balance = $2::float8, last_decay_at = now(), "
                       "last_active_at = " + at("4 days") + " WHERE profile_id = $1::uuid",
                       {id(n), std::to_string(balance)});
    }
    // Badges: two awards in the week, one revoked award in the week, one the week before.
    bench.admin_exec("INSERT INTO member_badges (community_id, profile_id, badge_id, awarded_at) VALUES "
                     "($1::uuid, $2::uuid, 'og', " + at("4 days") + "), ($1::uuid, $3::uuid, 'elder', " +
                         at("5 days") + ")",
                     {bench.community_id(), id(30), id(31)});
    bench.admin_exec("INSERT INTO member_badges (community_id, profile_id, badge_id, awarded_at, revoked) VALUES "
                     "($1::uuid, $2::uuid, 'og', " + at("4 days") + ", true), ($1::uuid, $3::uuid, 'og', " +
                         at("-2 days") + ", false)",
                     {bench.community_id(), id(32), id(33)});
    // Tiers: one promotion, one demotion, one first tier.
    bench.admin_exec("INSERT INTO tier_history (community_id, profile_id, old_tier, new_tier, changed_at) VALUES "
                     "($1::uuid, $2::uuid, 'hajra', 'ichwan', " + at("1 day") + "), "
                     "($1::uuid, $3::uuid, 'ichwan', 'hajra', " + at("1 day") + "), "
                     "($1::uuid, $4::uuid, NULL, 'hajra', " + at("1 day") + ")",
                     {bench.community_id(), id(40), id(39), id(38)});
  }

  std::string last_week_id() {
    return bench
        .admin_exec("SELECT to_char(date_trunc('week', now() AT TIME ZONE 'UTC') - interval '7 days', "
                    "'IYYY-\"W\"IW')")[0][0]
        .as<std::string>();
  }
  // weekly_digests rows: "week:channel:message".
  std::vector<std::string> digests() {
    std::vector<std::string> out;
    for (const auto& r : bench.admin_exec("SELECT week_identifier || ':' || COALESCE(channel_id, '') || ':' || "
                                          "COALESCE(message_id, '') FROM weekly_digests WHERE community_id = $1::uuid "
                                          "ORDER BY week_identifier",
                                          {bench.community_id()})) {
      out.push_back(r[0].as<std::string>());
    }
    return out;
  }
  // A firing at `at_ms` (the bench's own job items carry no firing time).
  plugin_host::DispatchResult fire_at(std::int64_t at_ms) {
    const json item = {{"schedule", "weekly-digest"}, {"eventType", "schedule.weekly-digest"},
                       {"scope", "per-community"},    {"communityId", bench.community_id()},
                       {"guildId", bench.guild_id()}, {"firedAt", at_ms}};
    return plugin_host::run_once(bench.plugin(), plugin_host::schedule_invocation(item, 1, 0), bench.recorder(),
                                 plugin_host::CallOptions{.record = &bench.recorder()});
  }
  std::int64_t now_ms() {
    return bench.admin_exec("SELECT (extract(epoch FROM now()) * 1000)::bigint")[0][0].as<std::int64_t>();
  }

  PluginBench bench{"weekly-digest"};
  SeededSietch sietch;
};

}  // namespace

TEST_F(WeeklyDigestJob, DeclaresAPerCommunityMondaySchedule) {
  const auto& schedules = bench.plugin().info().schedules;
  ASSERT_EQ(schedules.size(), 1u);
  EXPECT_EQ(schedules[0].name, "weekly-digest");
  EXPECT_EQ(schedules[0].cron, "0 0 * * 1");
  EXPECT_EQ(schedules[0].scope, static_cast<std::uint32_t>(ARRAKIS_SCHEDULE_PER_COMMUNITY));
}

TEST_F(WeeklyDigestJob, PostsTheLastWeeksDigestToTheAnnouncementsChannel) {
  add_week_events();
  const auto run = bench.job("weekly-digest");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto sent = posts(run.effects);
  ASSERT_EQ(sent.size(), 1u) << run.effects.dump(1);
  EXPECT_EQ(sent[0]["channel"], kChannel);
  const auto embed = sent[0]["message"]["embeds"][0];
  EXPECT_EQ(embed["title"], "📜 Weekly Pulse of the Sietch");
  EXPECT_EQ(embed["description"].get<std::string>().rfind("**Week of ", 0), 0u) << embed["description"];
  EXPECT_EQ(embed["footer"]["text"], "The spice flows… • " + last_week_id());
  EXPECT_EQ(field(embed, "📊 Community"), "Members: **72** (+3 new)");
  EXPECT_EQ(field(embed, "🎖️ New Members"), "3 members joined this week: **" + nym(61) + "**, **" + nym(60) +
                                                 "**, **" + nym(62) + "**.");
  EXPECT_EQ(field(embed, "👑 Naib Council"), "• **" + nym(8) + "** took seat #7\n• **" + nym(7) +
                                                 "** left seat #7 (bumped by a member holding more BGT)");
  EXPECT_EQ(field(embed, "🔥 Most Active"), "1. **" + nym(21) + "**: 250 points\n2. **" + nym(20) + "**: 120 points");
  EXPECT_EQ(field(embed, "🏅 Badges"), "2 badges awarded this week:\n• **" + nym(31) + "**: ✨ Elder\n• **" + nym(30) +
                                           "**: 👑 OG");
  EXPECT_EQ(field(embed, "⬆️ Tier Promotions"), "1 member rose to a higher tier.");
  EXPECT_EQ(sent[0]["message"]["allowed_mentions"]["parse"], json::array());

  // One row for the week, with the posted message and the totals.
  EXPECT_EQ(digests(), (std::vector<std::string>{last_week_id() + ":" + kChannel + ":1"}));
  const auto totals = json::parse(bench.admin_exec("SELECT totals::text FROM weekly_digests WHERE community_id = $1::uuid",
                                                   {bench.community_id()})[0][0]
                                      .as<std::string>());
  EXPECT_EQ(totals["newMembers"], 3);
  EXPECT_EQ(totals["badgesAwarded"], 2);
  EXPECT_EQ(totals["promotions"], 1);
}

TEST_F(WeeklyDigestJob, ASecondRunOfTheSameWeekPostsNothing) {
  ASSERT_EQ(posts(bench.job("weekly-digest").effects).size(), 1u);
  const auto again = bench.job("weekly-digest", 2);
  ASSERT_EQ(again.status, ARRAKIS_OK) << again.error;
  EXPECT_TRUE(posts(again.effects).empty());
  // A firing a week later summarises the next week: a second row.
  const auto next = fire_at(now_ms() + 7LL * 24 * 3600 * 1000);
  ASSERT_EQ(next.status, ARRAKIS_OK) << next.error;
  EXPECT_EQ(posts(next.effects).size(), 1u);
  EXPECT_EQ(digests().size(), 2u);
  EXPECT_EQ(digests()[0].rfind(last_week_id() + ":", 0), 0u);
}

TEST_F(WeeklyDigestJob, AQuietWeekWithoutAChannelPostsNothingUntilOneIsSet) {
  set_channel("");
  const auto none = bench.job("weekly-digest");
  ASSERT_EQ(none.status, ARRAKIS_OK) << none.error;
  EXPECT_TRUE(posts(none.effects).empty());
  EXPECT_TRUE(digests().empty()) << "no row: the week can still be posted";

  set_channel(kChannel);
  const auto run = bench.job("weekly-digest", 2);
  ASSERT_EQ(posts(run.effects).size(), 1u);
  const auto embed = posts(run.effects)[0]["message"]["embeds"][0];
  EXPECT_NE(embed["description"].get<std::string>().find("A quiet week in the deep desert."), std::string::npos);
  ASSERT_EQ(embed["fields"].size(), 1u) << embed.dump(1);
  EXPECT_EQ(field(embed, "📊 Community"), "Members: **72**");
}

TEST_F(WeeklyDigestJob, ARefusedPostFailsTheItemAndKeepsTheWeekOpen) {
  arrakis::db::Pool pool(arrakis::testing::database_url(), 1);
  plugin_host::PostgresSql sql(pool);
  RefusedPosts refused(&sql);
  bench.recorder().forward_to(&refused);
  const auto run = bench.job("weekly-digest");
  bench.recorder().forward_to(nullptr);
  EXPECT_EQ(run.status, ARRAKIS_PERMANENT);
  EXPECT_NE(run.error.find("50001"), std::string::npos) << run.error;
  EXPECT_TRUE(digests().empty());

  const auto retry = bench.job("weekly-digest", 2);
  ASSERT_EQ(retry.status, ARRAKIS_OK) << retry.error;
  EXPECT_EQ(posts(retry.effects).size(), 1u);
  EXPECT_EQ(digests().size(), 1u);
}
