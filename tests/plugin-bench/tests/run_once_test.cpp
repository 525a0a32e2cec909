// run_once (plugin_call.hpp) is the one call path: the bench sees the worker's commit semantics
// (an error leaves no rows; success leaves its rows and its idempotency key; a repeated key is a
// duplicate), and a shadow run rolls back by itself, whatever SQL service it is given.
#include <gtest/gtest.h>

#include <chrono>

#include "arrakis/database.hpp"
#include "arrakis/plugin_host/effect_recorder.hpp"
#include "arrakis/plugin_host/invocation.hpp"
#include "arrakis/plugin_host/postgres_sql.hpp"
#include "arrakis/plugin_host/shadow_runner.hpp"
#include "arrakis/testing/plugin_bench.hpp"
#include "arrakis/testing/servers.hpp"

using arrakis::testing::PluginBench;
namespace host = arrakis::plugin_host;

namespace {

nlohmann::json write_payload(const std::string& guild, const std::string& actor, bool fail) {
  return {{"eventId", "00000000-0000-4000-8000-000000000002"},
          {"eventType", "interaction.command.bench-write"},
          {"timestamp", 1764000000000},
          {"guildId", guild},
          {"userId", "100000000000000001"},
          {"channelId", "300000000000000001"},
          {"interactionId", "400000000000000001"},
          {"data", {{"type", 2}, {"commandName", "bench-write"}, {"options", {{"actor", actor}, {"fail", fail}}}}}};
}

class RunOnceTest : public ::testing::Test {
 protected:
  long long rows(const std::string& actor) {
    return bench_.admin_exec("SELECT count(*) FROM audit_log WHERE actor = $1 AND community_id = $2::uuid",
                             {actor, bench_.community_id()})[0][0]
        .as<long long>();
  }
  long long keys(const std::string& key) {
    return bench_.admin_exec("SELECT count(*) FROM processed_events WHERE key = $1", {key})[0][0].as<long long>();
  }
  std::string unique(const std::string& what) { return what + "-" + bench_.guild_id(); }

  PluginBench bench_{"bench-commit", ARRAKIS_BENCH_FIXTURES};
};

}  // namespace

TEST_F(RunOnceTest, ACallThatFailsLeavesNoRows) {
  const auto actor = unique("fails");
  const auto run = bench_.run(write_payload(bench_.guild_id(), actor, true), unique("key-fails"));
  EXPECT_EQ(run.status, ARRAKIS_RETRYABLE);
  EXPECT_EQ(run.error, "told to fail after writing");
  EXPECT_EQ(rows(actor), 0) << "a failed call's SQL was committed";
  EXPECT_EQ(keys(unique("key-fails")), 0) << "a failed call recorded its idempotency key";
  EXPECT_EQ(run.reply()["content"], "written") << "the effects asked for are still handed back";
}

TEST_F(RunOnceTest, ACallThatSucceedsLeavesItsRowsAndItsIdempotencyKey) {
  const auto actor = unique("succeeds");
  const auto run = bench_.run(write_payload(bench_.guild_id(), actor, false), unique("key-ok"));
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_FALSE(run.duplicate);
  EXPECT_EQ(rows(actor), 1);
  EXPECT_EQ(keys(unique("key-ok")), 1);
}

TEST_F(RunOnceTest, ARepeatedIdempotencyKeyIsReportedAsADuplicateAndNothingIsRepeated) {
  const auto actor = unique("twice");
  ASSERT_EQ(bench_.run(write_payload(bench_.guild_id(), actor, false), unique("key-twice")).status, ARRAKIS_OK);
  const auto again = bench_.run(write_payload(bench_.guild_id(), actor, false), unique("key-twice"));
  EXPECT_EQ(again.status, ARRAKIS_OK) << again.error;
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(rows(actor), 1) << "the redelivery's SQL effects were committed a second time";
}

// The shadow runner is given an ordinary SQL service (one that commits): the rollback is run_once's
// parameter, not a property of the service it happens to be handed.
TEST_F(RunOnceTest, AShadowRunLeavesNothingBehindEvenOnACommittingSqlService) {
  arrakis::db::Pool pool(arrakis::testing::database_url(), 1);
  host::PostgresSql committing_sql(pool);
  host::EffectRecorder lifecycle;
  auto candidate = std::make_shared<host::Candidate>();
  candidate->plugin =
      host::LoadedPlugin::load(std::string(ARRAKIS_BENCH_FIXTURES) + "/libbench-commit.so", lifecycle);

  const auto actor = unique("shadow");
  host::Invocation inv = host::invocation_from_payload(write_payload(bench_.guild_id(), actor, false));
  inv.community_id = bench_.community_id();
  inv.idempotency_key = unique("key-shadow");
  {
    host::ShadowRunner runner(&committing_sql);
    ASSERT_TRUE(runner.submit(host::ShadowJob{candidate, inv, nlohmann::json::array(), std::chrono::nanoseconds(0),
                                              ARRAKIS_OK, nullptr, {}}));
    runner.drain();
  }
  EXPECT_EQ(candidate->shadow.compared, 1u);
  EXPECT_EQ(candidate->shadow.candidate_errors, 0u) << "the candidate itself ran fine";
  EXPECT_EQ(rows(actor), 0) << "the shadow call's SQL was committed";
  EXPECT_EQ(keys(unique("key-shadow")), 0) << "the shadow call recorded an idempotency key";
}

// The bench drives the other entry kinds through the worker's own builders (schedule_invocation,
// http_invocation): the plugin sees its schedule and attempt, or its path parameter, and runs under
// the bench's community like any call.
TEST_F(RunOnceTest, AJobItemRunsUnderTheCommunityWithItsAttempt) {
  const auto run = bench_.job("bench-tick", 3);
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(rows("job:3"), 1) << "written under the bench's community, attempt passed through";
  bench_.admin_exec("DELETE FROM audit_log WHERE actor = 'job:3'");
}

TEST_F(RunOnceTest, AnHttpRequestGetsItsPathParameterAndAnswers) {
  const auto name = unique("req");
  host::HttpRequestIn request;
  request.method = "GET";
  request.path = "/bench/" + name;
  request.route = "/bench/{name}";
  request.params = {{"name", name}};
  const auto run = bench_.http(request);
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(rows("http:" + name), 1);
  bool answered = false;
  for (const auto& effect : run.effects) {
    if (effect.value("kind", "") == "http.respond") answered = effect["body"] == name && effect["status"] == 200;
  }
  EXPECT_TRUE(answered) << run.effects.dump();
}
