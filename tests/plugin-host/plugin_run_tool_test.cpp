// arrakis-plugin-run: one plugin, one event file, the recorded effects printed as JSON.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "arrakis/testing/child_process.hpp"

using arrakis::testing::ChildProcess;

namespace {

std::string write_event(const std::string& name, const nlohmann::json& payload) {
  const std::string path = ::testing::TempDir() + "/" + name + "-" + std::to_string(::getpid()) + ".json";
  std::ofstream(path) << payload.dump();
  return path;
}

nlohmann::json last_json_object(const std::string& output) {
  const auto start = output.find('{');
  return start == std::string::npos ? nlohmann::json() : nlohmann::json::parse(output.substr(start), nullptr, false);
}

}  // namespace

TEST(PluginRunTool, PrintsTheEffectsOfOneEvent) {
  const auto event = write_event("hello", {{"eventType", "interaction.command.hello"},
                                           {"guildId", "1"},
                                           {"userId", "2"},
                                           {"interactionToken", "secret-token-value"},
                                           {"data", {{"commandName", "hello"}}}});
  ChildProcess tool(ARRAKIS_PLUGIN_RUN, {std::string(ARRAKIS_TEST_PLUGINS) + "/libc99-hello.so", event}, {},
                    ::testing::TempDir() + "/plugin-run.log");
  EXPECT_EQ(tool.wait(), 0) << tool.log();
  auto out = last_json_object(tool.log());
  ASSERT_TRUE(out.is_object()) << tool.log();
  EXPECT_EQ(out["plugin"], "c99-hello");
  EXPECT_EQ(out["status"], "ok");
  ASSERT_EQ(out["effects"].size(), 1u);
  EXPECT_EQ(out["effects"][0]["kind"], "interaction.reply");
  EXPECT_EQ(out["effects"][0]["message"]["content"], "hello from C99");
}

TEST(PluginRunTool, MalformedEventIsAClearError) {
  const auto event = write_event("bad", {{"eventType", "nonsense.thing"}});
  ChildProcess tool(ARRAKIS_PLUGIN_RUN, {std::string(ARRAKIS_TEST_PLUGINS) + "/libc99-hello.so", event}, {},
                    ::testing::TempDir() + "/plugin-run-bad.log");
  EXPECT_EQ(tool.wait(), 2);
  EXPECT_NE(tool.log().find("unknown eventType 'nonsense.thing'"), std::string::npos) << tool.log();
}

// Jobs and HTTP requests go through the worker's builders: the plugin sees its route, decoded
// parameters and schedule fields exactly as the worker would hand them over.
TEST(PluginRunTool, RunsAnHttpRequestThroughTheRouteBuilder) {
  const auto event = write_event("http", {{"eventType", "http.request"},
                                          {"method", "GET"},
                                          {"path", "/fx/echo/one/two"},
                                          {"route", "/fx/echo/{a}/{b}"},
                                          {"params", {{"a", "one"}, {"b", "two"}}},
                                          {"remoteAddress", "127.0.0.1"}});
  ChildProcess tool(ARRAKIS_PLUGIN_RUN, {std::string(ARRAKIS_ROUTES_FIXTURE), event}, {},
                    ::testing::TempDir() + "/plugin-run-http.log");
  EXPECT_EQ(tool.wait(), 0) << tool.log();
  auto out = last_json_object(tool.log());
  ASSERT_TRUE(out.is_object()) << tool.log();
  ASSERT_EQ(out["effects"].size(), 1u) << out.dump();
  EXPECT_EQ(out["effects"][0]["kind"], "http.respond");
  const auto seen = nlohmann::json::parse(out["effects"][0]["body"].get<std::string>());
  EXPECT_EQ(seen["route"], "/fx/echo/{a}/{b}");
  EXPECT_EQ(seen["params"]["b"], "two");
  EXPECT_EQ(seen["remoteAddress"], "127.0.0.1");
}

TEST(PluginRunTool, AJobItemWithoutAScheduleIsAClearError) {
  const auto event = write_event("job", {{"eventType", "schedule.nightly"}});
  ChildProcess tool(ARRAKIS_PLUGIN_RUN, {std::string(ARRAKIS_ROUTES_FIXTURE), event}, {},
                    ::testing::TempDir() + "/plugin-run-job.log");
  EXPECT_EQ(tool.wait(), 2);
  EXPECT_NE(tool.log().find("job item without a schedule"), std::string::npos) << tool.log();
}
