// Shadow, canary, promote, discard and prune on the PluginManager with fixture builds.
#include <gtest/gtest.h>

#include "workspace.hpp"

using namespace arrakis::testing;

namespace {

Invocation command_from(const std::string& user, const std::string& text) {
  auto inv = command("echo", {{"text", text}});
  inv.user_id = user;
  return inv;
}

}  // namespace

TEST(PluginShadow, IdenticalBuildMatchesEverythingAndNothingOfItIsPerformed) {
  Workspace ws;
  ws.manager->load_file(ws.drop_in("echo-v1"));
  ws.manager->shadow("echo", ws.drop_in("echo-v1", "copy-of-v1.so").string());
  EffectRecorder real;
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(ws.manager->dispatch(command_from(std::to_string(i), "t" + std::to_string(i)), real).status, ARRAKIS_OK);
  }
  auto stats = ws.manager->shadow_stats("echo");
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->candidate_version, "1.0.0");
  EXPECT_EQ(stats->compared, 20u);
  EXPECT_EQ(stats->matched, 20u);
  EXPECT_EQ(stats->mismatched, 0u);
  EXPECT_EQ(stats->candidate_errors, 0u);
  EXPECT_EQ(real.effects("interaction.reply").size(), 20u) << "only the active version's replies are performed";
  EXPECT_TRUE(ws.manager->shadow_diff("echo").empty());
}

TEST(PluginShadow, ChangedReplyFieldShowsUpInTheDiff) {
  Workspace ws;
  ws.manager->load_file(ws.drop_in("echo-v1"));
  ws.manager->shadow("echo", ws.drop_in("echo-v2").string());
  EffectRecorder real;
  for (int i = 0; i < 5; ++i) ws.manager->dispatch(command_from("u", "same"), real);
  auto stats = ws.manager->shadow_stats("echo");
  EXPECT_EQ(stats->mismatched, 5u);
  EXPECT_EQ(stats->matched, 0u);
  auto diff = ws.manager->shadow_diff("echo");
  ASSERT_EQ(diff.size(), 5u);
  EXPECT_EQ(diff[0].differing_paths, std::vector<std::string>{"/0/message/content"});
  EXPECT_EQ(diff[0].active_effects[0]["message"]["content"], "echo 1.0.0: same");
  EXPECT_EQ(diff[0].candidate_effects[0]["message"]["content"], "echo 2.0.0: same");
  for (const auto& e : real.effects("interaction.reply")) EXPECT_EQ(e["message"]["content"], "echo 1.0.0: same");
}

TEST(PluginShadow, PromoteAndDiscard) {
  Workspace ws;
  ws.manager->load_file(ws.drop_in("echo-v1"));
  ws.manager->shadow("echo", ws.drop_in("echo-v2").string());
  auto promoted = ws.manager->promote("echo");
  EXPECT_EQ(promoted.version, "2.0.0");
  EXPECT_EQ(promoted.previous_version, "1.0.0");
  EXPECT_FALSE(ws.manager->shadow_stats("echo"));
  EffectRecorder real;
  ws.manager->dispatch(command_from("u", "x"), real);
  EXPECT_EQ(last_reply(real), "echo 2.0.0: x");

  ws.manager->shadow("echo", "1.0.0");  // a stored version works as a candidate too
  EXPECT_TRUE(ws.manager->discard("echo"));
  EXPECT_FALSE(ws.manager->discard("echo"));
  EXPECT_THROW(ws.manager->promote("echo"), PluginError);
  EXPECT_THROW(ws.manager->shadow("echo", "9.9.9"), PluginError);
}

TEST(PluginCanary, AStableShareOfUsersIsServedByTheCandidate) {
  Workspace ws;
  ws.manager->load_file(ws.drop_in("echo-v1"));
  ws.manager->canary("echo", 30, ws.drop_in("echo-v2").string());
  int on_candidate = 0;
  for (int u = 0; u < 200; ++u) {
    EffectRecorder real;
    auto r = ws.manager->dispatch(command_from("user-" + std::to_string(u), "x"), real);
    EffectRecorder again;
    auto r2 = ws.manager->dispatch(command_from("user-" + std::to_string(u), "x"), again);
    EXPECT_EQ(r.version, r2.version) << "a user always lands on the same side";
    on_candidate += r.version == "2.0.0";
  }
  EXPECT_GT(on_candidate, 30);   // ~60 of 200 expected
  EXPECT_LT(on_candidate, 100);
  auto state = ws.manager->canary_state("echo");
  ASSERT_TRUE(state);
  EXPECT_FALSE(state->rolled_back);
  EXPECT_EQ(state->candidate_calls, static_cast<std::uint64_t>(on_candidate * 2));
}

TEST(PluginCanary, FailingBuildIsRolledBackAutomatically) {
  Workspace ws;
  ws.manager->load_file(ws.drop_in("echo-v1"));
  ws.manager->canary("echo", 50, ws.drop_in("echo-flaky").string());
  for (int u = 0; u < 300; ++u) {
    EffectRecorder real;
    ws.manager->dispatch(command_from("user-" + std::to_string(u), "x"), real);
  }
  auto state = ws.manager->canary_state("echo");
  ASSERT_TRUE(state);
  EXPECT_TRUE(state->rolled_back);
  EXPECT_NE(state->reason.find("candidate error rate"), std::string::npos) << state->reason;
  EXPECT_EQ(state->candidate_version, "5.0.0");
  // Everyone is back on the active version.
  for (int u = 0; u < 50; ++u) {
    EffectRecorder real;
    auto r = ws.manager->dispatch(command_from("user-" + std::to_string(u), "x"), real);
    EXPECT_EQ(r.version, "1.0.0");
    EXPECT_EQ(r.status, ARRAKIS_OK);
  }
}

TEST(PluginStore, PruneKeepsTheNewestAndNeverTheActive) {
  Workspace ws;
  ws.manager->load_file(ws.drop_in("echo-v2"));
  ws.manager->load_file(ws.drop_in("echo-v1"));  // v1 stored second, active
  ws.manager->load_file(ws.drop_in("echo-flaky"));
  ws.manager->activate("echo", "1.0.0");
  EXPECT_EQ(ws.manager->store().versions("echo").size(), 3u);
  auto removed = ws.manager->prune("echo", 1);
  // Keeps one (the newest, 5.0.0) plus the active 1.0.0, which is never pruned.
  EXPECT_EQ(removed, std::vector<std::string>{"2.0.0"});
  EXPECT_EQ(ws.manager->store().versions("echo").size(), 2u);
  EffectRecorder real;
  EXPECT_EQ(ws.manager->dispatch(command_from("u", "x"), real).version, "1.0.0");
}
