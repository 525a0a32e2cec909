// activity on the standard seeded Sietch (community.hpp: member n has activity_balance and
// peak_balance (n * 13) % 300, total_messages n * 7, no reactions, last decayed when seeded),
// against the real database (migrated, RLS on), with the rate limits on the bench's fixed clock.
#include <gtest/gtest.h>

#include <cstdio>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

const std::string kChannel = "300000000000000001";
const std::string kOtherChannel = "300000000000000002";
const std::string kBot = "900000000000000001";  // a Discord user with no profile

struct Row {
  double balance = 0, peak = 0;
  int messages = 0, given = 0, received = 0;
  bool active_now = false;  // last_active_at within the last minute
};

class ActivityPlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    sietch = seed_sietch(bench);
    bench.advance_clock(0);  // the cooldowns run on the bench's fixed clock
  }
  void TearDown() override { clear_ranking(bench); }

  std::string next_event_id() {
    char id[40];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", ++events);
    return id;
  }
  PluginRun guild_event(PluginBench& b, const std::string& type, const std::string& user, const std::string& channel,
                        json data, const std::string& event_id = "") {
    auto run = b.run({{"eventId", event_id.empty() ? next_event_id() : event_id},
                      {"eventType", type},
                      {"timestamp", 1764000000000},
                      {"shardId", 0},
                      {"userId", user},
                      {"channelId", channel},
                      {"data", std::move(data)}});
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    return run;
  }
  // message.create as the ingestor forwards it (plugin_events.h): metadata only.
  PluginRun message(const std::string& author, const std::string& channel = kChannel, PluginBench* b = nullptr,
                    const std::string& event_id = "") {
    return guild_event(b ? *b : bench, "message.create", author, channel,
                       {{"messageId", "500000000000000001"},
                        {"channelId", channel},
                        {"authorId", author},
                        {"isReply", false},
                        {"attachmentCount", 0},
                        {"length", 12}},
                       event_id);
  }
  PluginRun reaction(const std::string& giver, const std::string& author, const std::string& channel = kChannel,
                     const std::string& type = "reaction.add") {
    json data = {{"messageId", "500000000000000001"}, {"channelId", channel}, {"userId", giver}, {"emoji", "🔥"}};
    if (!author.empty()) data["messageAuthorId"] = author;
    return guild_event(bench, type, giver, channel, std::move(data));
  }
  PluginRun decay_job() {
    auto run = bench.job("activity-decay");
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    return run;
  }

  Row row(int n) { return row_of(sietch.profile_id(n)); }
  Row row_of(const std::string& profile_id) {
    const auto r = bench.admin_exec(
        "SELECT activity_balance, peak_balance, total_messages, total_reactions_given, total_reactions_received, "
        "  COALESCE(last_active_at > now() - interval '1 minute', false) AS active_now "
        "FROM member_activity WHERE profile_id = $1::uuid",
        {profile_id});
    if (r.empty()) return {-1, -1, -1, -1, -1, false};  // no row
    return {r[0][0].as<double>(), r[0][1].as<double>(), r[0][2].as<int>(), r[0][3].as<int>(), r[0][4].as<int>(),
            r[0][5].as<bool>()};
  }
  // Member n's stored balance and peak, last decayed `minutes_ago` minutes ago.
  void set_activity(int n, double balance, double peak, int minutes_ago) {
    bench.admin_exec("UPDATE member_activity SET activity_balance = $2::float8, peak_balance = $3::float8, "
                     "last_decay_at = now() - make_interval(mins => $4::int) WHERE profile_id = $1::uuid",
                     {sietch.profile_id(n), std::to_string(balance), std::to_string(peak), std::to_string(minutes_ago)});
  }
  // Minutes between member n's last_decay_at and now.
  double minutes_since_decay(int n) {
    return bench
        .admin_exec("SELECT extract(epoch FROM now() - last_decay_at) / 60 FROM member_activity WHERE profile_id = $1::uuid",
                    {sietch.profile_id(n)})[0][0]
        .as<double>();
  }
  void allow_channels(const std::string& array_literal) {
    bench.admin_exec("UPDATE community_config SET activity_channel_ids = $2::app.snowflake[] WHERE community_id = $1::uuid",
                     {bench.community_id(), array_literal});
  }

  PluginBench bench{"activity"};
  SeededSietch sietch;
  int events = 0;
};

}  // namespace

TEST_F(ActivityPlugin, AMessageEarnsItsAuthorOnePointAndCountsTheMessage) {
  message(member_discord_id(1));  // member 1: balance 13, 7 messages
  const Row r = row(1);
  EXPECT_DOUBLE_EQ(r.balance, 14);
  EXPECT_DOUBLE_EQ(r.peak, 14);
  EXPECT_EQ(r.messages, 8);
  EXPECT_EQ(r.given, 0);
  EXPECT_EQ(r.received, 0);
  EXPECT_TRUE(r.active_now);
  EXPECT_DOUBLE_EQ(row(2).balance, 26) << "nobody else moves";
}

TEST_F(ActivityPlugin, AMembersFirstActivityCreatesTheirRow) {
  const std::string newcomer = "100000000000000777";
  const auto profile = add_member(bench, {newcomer, "Newcomer", 777});
  ASSERT_EQ(row_of(profile).messages, -1) << "no row before";
  message(newcomer);
  const Row r = row_of(profile);
  EXPECT_DOUBLE_EQ(r.balance, 1);
  EXPECT_DOUBLE_EQ(r.peak, 1);
  EXPECT_EQ(r.messages, 1);
}

TEST_F(ActivityPlugin, MessagesEarnAtMostOncePerSixtySecondsPerMember) {
  message(member_discord_id(1));
  bench.advance_clock(59'999);
  message(member_discord_id(1));
  EXPECT_DOUBLE_EQ(row(1).balance, 14);
  EXPECT_EQ(row(1).messages, 8) << "a message that earned nothing is not counted either";
  message(member_discord_id(2));  // another member's turn is their own
  EXPECT_DOUBLE_EQ(row(2).balance, 27);
  bench.advance_clock(1);
  message(member_discord_id(1));
  EXPECT_DOUBLE_EQ(row(1).balance, 15);
  EXPECT_EQ(row(1).messages, 9);
}

TEST_F(ActivityPlugin, AReactionEarnsTheGiverOneAndTheMessagesAuthorTwo) {
  reaction(member_discord_id(2), member_discord_id(3));  // balances 26 and 39
  const Row giver = row(2), author = row(3);
  EXPECT_DOUBLE_EQ(giver.balance, 27);
  EXPECT_EQ(giver.given, 1);
  EXPECT_EQ(giver.received, 0);
  EXPECT_EQ(giver.messages, 14);
  EXPECT_DOUBLE_EQ(author.balance, 41);
  EXPECT_DOUBLE_EQ(author.peak, 41);
  EXPECT_EQ(author.received, 1);
  EXPECT_EQ(author.given, 0);
}

TEST_F(ActivityPlugin, ReactionsCountAtMostOncePerFiveSecondsPerGiver) {
  reaction(member_discord_id(2), member_discord_id(3));
  bench.advance_clock(4'999);
  reaction(member_discord_id(2), member_discord_id(3));
  reaction(member_discord_id(2), member_discord_id(4));
  EXPECT_DOUBLE_EQ(row(2).balance, 27);
  EXPECT_EQ(row(2).given, 1);
  EXPECT_DOUBLE_EQ(row(3).balance, 41) << "a reaction over the giver's limit earns the author nothing";
  EXPECT_EQ(row(4).received, 0);
  reaction(member_discord_id(4), member_discord_id(3));  // another giver
  EXPECT_DOUBLE_EQ(row(3).balance, 43);
  bench.advance_clock(1);
  reaction(member_discord_id(2), member_discord_id(3));
  EXPECT_DOUBLE_EQ(row(2).balance, 28);
  EXPECT_DOUBLE_EQ(row(3).balance, 45);
  EXPECT_EQ(row(3).received, 3);
}

TEST_F(ActivityPlugin, MessagesAndReactionsHaveSeparateLimits) {
  message(member_discord_id(1));
  reaction(member_discord_id(1), member_discord_id(2));
  EXPECT_DOUBLE_EQ(row(1).balance, 15);
}

TEST_F(ActivityPlugin, OwnMessagesUnknownAuthorsAndBotsEarnNothingReceived) {
  reaction(member_discord_id(2), member_discord_id(2));  // one's own message
  EXPECT_DOUBLE_EQ(row(2).balance, 27);
  EXPECT_EQ(row(2).received, 0);
  bench.advance_clock(5'000);
  reaction(member_discord_id(2), kBot);  // a bot's message: the giver still earns
  EXPECT_DOUBLE_EQ(row(2).balance, 28);
  bench.advance_clock(5'000);
  reaction(member_discord_id(2), "");  // Discord named no author
  EXPECT_DOUBLE_EQ(row(2).balance, 29);
  EXPECT_EQ(row(2).given, 3);
  bench.advance_clock(5'000);
  reaction(member_discord_id(2), member_discord_id(41));  // not onboarded author
  EXPECT_EQ(row(2).given, 4);
  EXPECT_EQ(row_of(sietch.profile_id(41)).messages, -1) << "no row for a member who is not onboarded";
}

TEST_F(ActivityPlugin, RemovingAReactionChangesNothing) {
  const auto before = row(3);
  const auto run = reaction(member_discord_id(2), member_discord_id(3), kChannel, "reaction.remove");
  EXPECT_DOUBLE_EQ(row(2).balance, 26);
  EXPECT_DOUBLE_EQ(row(3).balance, before.balance);
  EXPECT_TRUE(run.effects.empty()) << run.effects.dump(1);
}

TEST_F(ActivityPlugin, OnlyChannelsOfTheAllowListCountWhenItIsSet) {
  allow_channels("{" + kChannel + "}");
  message(member_discord_id(1), kOtherChannel);
  reaction(member_discord_id(2), member_discord_id(3), kOtherChannel);
  EXPECT_DOUBLE_EQ(row(1).balance, 13);
  EXPECT_DOUBLE_EQ(row(2).balance, 26);
  EXPECT_DOUBLE_EQ(row(3).balance, 39);
  // An ignored message took no turn: the next one, in a listed channel, counts at once.
  message(member_discord_id(1), kChannel);
  reaction(member_discord_id(2), member_discord_id(3), kChannel);
  EXPECT_DOUBLE_EQ(row(1).balance, 14);
  EXPECT_DOUBLE_EQ(row(2).balance, 27);
  EXPECT_DOUBLE_EQ(row(3).balance, 41);
  // Emptied again: every channel counts.
  allow_channels("{}");
  bench.advance_clock(60'000);
  message(member_discord_id(1), kOtherChannel);
  EXPECT_DOUBLE_EQ(row(1).balance, 15);
}

TEST_F(ActivityPlugin, BotsStrangersMembersNotOnboardedAndDepartedMembersAreIgnored) {
  // kBot has no profile; member 41 never finished onboarding; member 43 left the server.
  for (const auto& user : {kBot, member_discord_id(41), member_discord_id(43)}) {
    const auto run = message(user);
    for (const auto& e : run.effects) EXPECT_NE(e["kind"], "cooldown.take") << "an ignored message takes no turn";
    reaction(user, member_discord_id(3));
  }
  for (int n : {41, 43}) EXPECT_EQ(row(n).messages, -1) << "no activity row for member " << n;
  EXPECT_DOUBLE_EQ(row(3).balance, 39) << "a reaction by someone ignored earns the author nothing";
  EXPECT_EQ(bench.admin_exec("SELECT count(*) FROM member_activity a JOIN profiles p ON p.id = a.profile_id "
                             "WHERE a.community_id = $1::uuid AND p.discord_id = $2",
                             {bench.community_id(), kBot})[0][0]
                .as<int>(),
            0);
}

TEST_F(ActivityPlugin, AnotherGuildIsAnotherCommunity) {
  // Member 1 of this Sietch writes in another guild the bot serves, where they have no profile.
  PluginBench other{"activity"};
  other.advance_clock(0);
  message(member_discord_id(1), kChannel, &other);
  EXPECT_DOUBLE_EQ(row(1).balance, 13) << "this community's row does not move";
  EXPECT_EQ(other.admin_exec("SELECT count(*) FROM member_activity WHERE community_id = $1::uuid",
                             {other.community_id()})[0][0]
                .as<int>(),
            0);
  message(member_discord_id(1));  // and the other guild took no turn here
  EXPECT_DOUBLE_EQ(row(1).balance, 14);
}

TEST_F(ActivityPlugin, PendingDecayIsAppliedBeforePointsAreAdded) {
  // 100 points last decayed 13 h ago: two whole periods pending (× 0.81), then +1.
  set_activity(5, 100, 120, 13 * 60);
  message(member_discord_id(5));
  const Row r = row(5);
  EXPECT_NEAR(r.balance, 82, 1e-9);
  EXPECT_DOUBLE_EQ(r.peak, 120) << "peak_balance never decays";
  EXPECT_EQ(r.messages, 36) << "lifetime counters never decay";
  // last_decay_at moved on by exactly the two periods: the hour already elapsed still counts.
  EXPECT_NEAR(minutes_since_decay(5), 60, 1);
}

TEST_F(ActivityPlugin, APeakIsRaisedFromTheDecayedBalance) {
  // 100 decayed once (90) + 2 received = 92: above a peak of 91, below the undecayed 102.
  set_activity(6, 100, 91, 6 * 60 + 5);
  reaction(member_discord_id(2), member_discord_id(6));
  EXPECT_NEAR(row(6).balance, 92, 1e-9);
  EXPECT_NEAR(row(6).peak, 92, 1e-9);
}

TEST_F(ActivityPlugin, TheDecayJobDecaysEveryRowByItsWholePeriods) {
  set_activity(1, 100, 150, 6 * 60 + 1);     // one period
  set_activity(2, 100, 100, 25 * 60);        // four periods
  set_activity(3, 100, 100, 5 * 60 + 59);    // none yet
  const auto messages_before = row(2).messages;
  decay_job();
  EXPECT_NEAR(row(1).balance, 90, 1e-9);
  EXPECT_NEAR(row(2).balance, 65.61, 1e-9);
  EXPECT_DOUBLE_EQ(row(3).balance, 100);
  EXPECT_DOUBLE_EQ(row(1).peak, 150);
  EXPECT_DOUBLE_EQ(row(2).peak, 100);
  EXPECT_EQ(row(2).messages, messages_before);
  EXPECT_NEAR(minutes_since_decay(1), 1, 1);
  EXPECT_NEAR(minutes_since_decay(2), 60, 1);
  EXPECT_NEAR(minutes_since_decay(3), 5 * 60 + 59, 1);
  EXPECT_DOUBLE_EQ(row(4).balance, 52) << "a member decayed at seeding has nothing pending";
}

TEST_F(ActivityPlugin, TheDecayJobRunTwiceForOneFiringDecaysOnce) {
  set_activity(1, 100, 100, 12 * 60 + 30);
  decay_job();
  decay_job();  // a retry, or a second delivery of the same firing
  EXPECT_NEAR(row(1).balance, 81, 1e-9);
  // A point earned after the job is not decayed again.
  message(member_discord_id(1));
  EXPECT_NEAR(row(1).balance, 82, 1e-9);
}

TEST_F(ActivityPlugin, ARetryOfTheEventThatTookTheTurnStillEarns) {
  // The first delivery took the message turn, then its call failed: its SQL was rolled back (here
  // the row is put back as it was). The redelivered event still finds the turn its own.
  const std::string event_id = next_event_id();
  message(member_discord_id(1), kChannel, nullptr, event_id);
  set_activity(1, 13, 13, 0);
  bench.advance_clock(1'000);
  message(member_discord_id(1), kChannel, nullptr, event_id);
  EXPECT_DOUBLE_EQ(row(1).balance, 14);
  message(member_discord_id(1));  // a new message inside the minute still earns nothing
  EXPECT_DOUBLE_EQ(row(1).balance, 14);
}

TEST_F(ActivityPlugin, AMessageWithoutAuthorOrChannelIsDeadLettered) {
  const auto run = bench.run({{"eventId", next_event_id()},
                              {"eventType", "message.create"},
                              {"timestamp", 1764000000000},
                              {"data", {{"messageId", "1"}}}});
  EXPECT_EQ(run.status, ARRAKIS_BAD_INPUT);
  EXPECT_NE(run.error.find("no author"), std::string::npos) << run.error;
}
