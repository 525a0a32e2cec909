// Loading, routing and refusing plugins through the PluginManager.
#include <gtest/gtest.h>

#include "workspace.hpp"

using namespace arrakis::testing;

TEST(PluginManager, DiscoversLoadsAndDispatchesACommand) {
  Workspace ws;
  ws.drop_in("echo-v1", "libecho.so");
  auto report = ws.manager->discover();
  ASSERT_EQ(report.loaded.size(), 1u);
  EXPECT_TRUE(report.refused.empty());
  EXPECT_EQ(report.loaded[0].name, "echo");
  EXPECT_EQ(report.loaded[0].version, "1.0.0");
  // Stored under <store>/<name>/<version>-<sha256 prefix>.so and loaded from there.
  EXPECT_EQ(report.loaded[0].stored_path.parent_path(), ws.store / "echo");
  EXPECT_EQ(report.loaded[0].stored_path.filename().string().rfind("1.0.0-", 0), 0u);

  EffectRecorder services;
  auto result = ws.manager->dispatch(command("echo", {{"text", "hi"}}), services);
  ASSERT_TRUE(result.found);
  EXPECT_EQ(result.status, ARRAKIS_OK) << result.error;
  EXPECT_EQ(result.plugin, "echo");
  EXPECT_EQ(last_reply(services), "echo 1.0.0: hi");
  EXPECT_EQ(services.effects("interaction.reply")[0]["message"]["flags"], 64);

  auto cmd = ws.manager->command("echo");
  ASSERT_TRUE(cmd);
  EXPECT_TRUE(cmd->flags & ARRAKIS_COMMAND_EPHEMERAL);
}

TEST(PluginManager, UnknownCommandIsNotFound) {
  Workspace ws;
  ws.manager->load_file(ws.drop_in("echo-v1"));
  EffectRecorder services;
  auto result = ws.manager->dispatch(command("nope"), services);
  EXPECT_FALSE(result.found);
  EXPECT_TRUE(services.effects().empty());
}

TEST(PluginManager, RoutesComponentsHttpAndEvents) {
  Workspace ws;
  ws.manager->load_file(ws.drop_in("echo-v1"));
  EffectRecorder services;

  Invocation click;
  click.kind = ARRAKIS_EVENT_COMPONENT;
  click.type = "interaction.button";
  click.custom_id = "echo_again";
  click.payload_json = R"({"data":{"customId":"echo_again"}})";
  auto r = ws.manager->dispatch(click, services);
  ASSERT_TRUE(r.found);
  EXPECT_EQ(services.effects("interaction.update_message")[0]["message"]["content"], "clicked echo_again");

  click.custom_id = "other_x";
  EXPECT_FALSE(ws.manager->dispatch(click, services).found);

  Invocation http;
  http.kind = ARRAKIS_EVENT_HTTP;
  http.type = "http.request";
  http.http_method = "GET";
  http.http_path = "/echo/abc";
  http.payload_json = R"({"method":"GET","path":"/echo/abc"})";
  r = ws.manager->dispatch(http, services);
  ASSERT_TRUE(r.found);
  EXPECT_EQ(services.effects("http.respond")[0]["body"], "echo 1.0.0 /echo/abc");
  http.http_path = "/echo/abc/extra";
  EXPECT_FALSE(ws.manager->dispatch(http, services).found);

  Invocation join;
  join.kind = ARRAKIS_EVENT_GUILD;
  join.type = "member.join";
  join.payload_json = R"({"eventType":"member.join","userId":"77"})";
  auto owners = ws.manager->owners(join);
  ASSERT_EQ(owners, std::vector<std::string>{"echo"});
  r = ws.manager->dispatch_to("echo", join, services);
  EXPECT_EQ(r.status, ARRAKIS_OK) << r.error;
  EXPECT_EQ(services.effects("state.increment")[0]["key"], "seen:77");
}

TEST(PluginManager, SecondClaimOfACommandIsRefusedAndTheFirstKeepsWorking) {
  Workspace ws;
  ws.manager->load_file(ws.drop_in("echo-v1"));
  try {
    ws.manager->load_file(ws.drop_in("echo-dup"));
    FAIL() << "a duplicate command must be refused";
  } catch (const PluginError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("claims command /echo"), std::string::npos) << what;
    EXPECT_NE(what.find("'echo' already handles"), std::string::npos) << what;
  }
  EffectRecorder services;
  EXPECT_EQ(ws.manager->dispatch(command("echo", {{"text", "still"}}), services).status, ARRAKIS_OK);
  EXPECT_EQ(last_reply(services), "echo 1.0.0: still");
  EXPECT_EQ(ws.manager->list().size(), 1u);
}

TEST(PluginManager, ThrowingHandleBecomesAStatusAndTheHostKeepsServing) {
  Workspace ws;
  ws.manager->load_file(ws.drop_in("echo-v1"));
  EffectRecorder services;
  auto r = ws.manager->dispatch(command("echo", {{"mode", "throw"}}), services);
  EXPECT_TRUE(r.found);
  EXPECT_EQ(r.status, ARRAKIS_PERMANENT);
  EXPECT_EQ(r.error, "the echo plugin was asked to throw");
  EXPECT_EQ(ws.manager->dispatch(command("echo", {{"text", "after"}}), services).status, ARRAKIS_OK);
  EXPECT_EQ(last_reply(services), "echo 1.0.0: after");
  EXPECT_EQ(ws.manager->status("echo")->failures, 1u);
}

TEST(PluginManager, DiscoverReportsRefusedFilesWithoutStopping) {
  Workspace ws;
  ws.drop_in("echo-v1");
  ws.drop_in("not-a-plugin");
  ws.drop_in("c99-wrong-abi");
  auto report = ws.manager->discover();
  EXPECT_EQ(report.loaded.size(), 1u);
  EXPECT_EQ(report.refused.size(), 2u);
  EXPECT_EQ(ws.manager->list().size(), 1u);
}

TEST(PluginManager, FailingSelfTestOrInitLeavesTheActiveVersion) {
  Workspace ws;
  ws.manager->load_file(ws.drop_in("echo-v1"));
  try {
    ws.manager->load_file(ws.drop_in("echo-bad-self-test"));
    FAIL();
  } catch (const PluginError& e) {
    EXPECT_NE(std::string(e.what()).find("failed its self-test: self-test says no"), std::string::npos) << e.what();
  }
  try {
    ws.manager->load_file(ws.drop_in("echo-bad-init"));
    FAIL();
  } catch (const PluginError& e) {
    EXPECT_NE(std::string(e.what()).find("failed to initialise: init cannot reach its dependency"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(ws.manager->status("echo")->info.version, "1.0.0");
}

TEST(PluginManager, SameFileTwiceIsANoOp) {
  Workspace ws;
  auto first = ws.manager->load_file(ws.drop_in("echo-v1"));
  auto second = ws.manager->load_file(ws.drop_in("echo-v1"));
  EXPECT_TRUE(first.changed);
  EXPECT_FALSE(second.changed);
  EXPECT_EQ(ws.manager->store().versions("echo").size(), 1u);
}

TEST(PluginManager, C99PluginLoadsAndAnswers) {
  Workspace ws;
  auto outcome = ws.manager->load_file(ws.drop_in("c99-hello"));
  EXPECT_EQ(outcome.name, "c99-hello");
  EffectRecorder services;
  auto r = ws.manager->dispatch(command("hello"), services);
  EXPECT_EQ(r.status, ARRAKIS_OK) << r.error;
  EXPECT_EQ(last_reply(services), "hello from C99");
  // Its error path works through the C ABI too.
  Invocation typing;
  typing.kind = ARRAKIS_EVENT_AUTOCOMPLETE;
  typing.command = "hello";
  typing.type = "interaction.autocomplete";
  r = ws.manager->dispatch(typing, services);
  EXPECT_EQ(r.status, ARRAKIS_BAD_INPUT);
  EXPECT_EQ(r.error, "c99-hello only handles /hello");
}

TEST(RouteMatching, PatternsMatchOneSegmentPerParameter) {
  EXPECT_TRUE(route_matches("/verify/{id}", "/verify/abc"));
  EXPECT_TRUE(route_matches("/verify/{id}/status", "/verify/abc/status"));
  EXPECT_FALSE(route_matches("/verify/{id}", "/verify/"));
  EXPECT_FALSE(route_matches("/verify/{id}", "/verify/a/b"));
  EXPECT_FALSE(route_matches("/verify/{id}/status", "/verify/abc"));
  EXPECT_TRUE(route_matches("/health", "/health"));
}
