// arrakisctl's command line: each command becomes the admin API call the worker expects, and
// mistakes are usage errors (exit 2) that say what to do.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "ctl_command.hpp"

using namespace arrakis::ctl;
using nlohmann::json;

namespace {

Parsed parse(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  return parse_command_line(args, [env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

}  // namespace

TEST(CtlCommand, DefaultsAndEnvironment) {
  auto p = parse({"plugin", "list"});
  ASSERT_FALSE(p.exit_code) << p.message;
  EXPECT_EQ(p.url, "http://127.0.0.1:8080");
  EXPECT_EQ(p.token_file, "");
  EXPECT_EQ(p.call.method, "GET");
  EXPECT_EQ(p.call.target, "/admin/plugins");
  EXPECT_EQ(p.call.kind, "plugin.list");

  p = parse({"plugin", "list"}, {{"ARRAKIS_ADMIN_URL", "http://10.0.0.1:9000"}, {"ARRAKIS_ADMIN_TOKEN_FILE", "/t"}});
  EXPECT_EQ(p.url, "http://10.0.0.1:9000");
  EXPECT_EQ(p.token_file, "/t");
  // A flag beats the environment.
  p = parse({"--url", "http://h:1", "plugin", "list"}, {{"ARRAKIS_ADMIN_URL", "http://10.0.0.1:9000"}});
  EXPECT_EQ(p.url, "http://h:1");
}

TEST(CtlCommand, PluginActionsMapToAdminCalls) {
  struct Case {
    std::vector<std::string> args;
    std::string method, target;
    json body;
  };
  const std::vector<Case> cases = {
      {{"plugin", "get", "echo"}, "GET", "/admin/plugins/echo", nullptr},
      {{"plugin", "reload", "echo"}, "POST", "/admin/plugins/echo/reload", json::object()},
      {{"plugin", "rollback", "echo"}, "POST", "/admin/plugins/echo/rollback", json::object()},
      {{"plugin", "rollback", "echo", "--to", "1.2.0"}, "POST", "/admin/plugins/echo/rollback", {{"version", "1.2.0"}}},
      {{"plugin", "shadow", "echo", "2.0.0"}, "POST", "/admin/plugins/echo/shadow", {{"candidate", "2.0.0"}}},
      {{"plugin", "diff", "echo"}, "GET", "/admin/plugins/echo/diff", nullptr},
      {{"plugin", "diff", "echo", "--limit", "5"}, "GET", "/admin/plugins/echo/diff?limit=5", nullptr},
      {{"plugin", "promote", "echo"}, "POST", "/admin/plugins/echo/promote", json::object()},
      {{"plugin", "discard", "echo"}, "POST", "/admin/plugins/echo/discard", json::object()},
      {{"plugin", "canary", "echo", "10%", "--candidate", "2.0.0"}, "POST", "/admin/plugins/echo/canary",
       {{"percent", 10}, {"candidate", "2.0.0"}}},
      {{"plugin", "canary", "echo", "0"}, "POST", "/admin/plugins/echo/canary", {{"percent", 0}}},
      {{"plugin", "pin", "echo", "1.0.0"}, "POST", "/admin/plugins/echo/pin", {{"version", "1.0.0"}}},
      {{"plugin", "pin", "echo", "--release"}, "POST", "/admin/plugins/echo/pin", {{"release", true}}},
      {{"plugin", "prune", "echo"}, "POST", "/admin/plugins/echo/prune", {{"keep", 3}}},
      {{"plugin", "prune", "echo", "--keep", "1"}, "POST", "/admin/plugins/echo/prune", {{"keep", 1}}},
      {{"dlq", "list"}, "GET", "/admin/dlq", nullptr},
      {{"dlq", "list", "--limit", "7"}, "GET", "/admin/dlq?limit=7", nullptr},
      {{"dlq", "show", "a b/c"}, "GET", "/admin/dlq/a%20b%2Fc", nullptr},
      {{"dlq", "replay", "m-1"}, "POST", "/admin/dlq/replay", {{"messageId", "m-1"}}},
      {{"dlq", "replay", "--all"}, "POST", "/admin/dlq/replay", {{"all", true}}},
      {{"health"}, "GET", "/admin/health", nullptr},
  };
  for (const auto& c : cases) {
    const auto p = parse(c.args);
    std::string joined;
    for (const auto& a : c.args) joined += a + " ";
    ASSERT_FALSE(p.exit_code) << joined << ": " << p.message;
    EXPECT_EQ(p.call.method, c.method) << joined;
    EXPECT_EQ(p.call.target, c.target) << joined;
    if (c.body.is_null()) {
      EXPECT_FALSE(p.call.body) << joined;
    } else {
      ASSERT_TRUE(p.call.body) << joined;
      EXPECT_EQ(*p.call.body, c.body) << joined;
    }
  }
}

TEST(CtlCommand, LocalFilesAreSentAsAbsolutePaths) {
  const auto dir = std::filesystem::temp_directory_path() / ("ctl-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "libecho.so") << "x";
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  auto load = parse({"plugin", "load", "libecho.so"});
  auto shadow = parse({"plugin", "shadow", "echo", "./libecho.so"});
  std::filesystem::current_path(cwd);
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(load.exit_code) << load.message;
  EXPECT_EQ(load.call.target, "/admin/plugins/load");
  EXPECT_EQ((*load.call.body)["file"], (dir / "libecho.so").string());
  EXPECT_EQ((*shadow.call.body)["candidate"], (dir / "libecho.so").string());
}

TEST(CtlCommand, FleetFlagAppliesToFleetOperationsOnly) {
  auto p = parse({"--fleet", "plugin", "rollback", "echo", "--to", "1.0.0"});
  ASSERT_FALSE(p.exit_code) << p.message;
  EXPECT_EQ(p.call.target, "/admin/plugins/echo/rollback?fleet=1");
  EXPECT_EQ(p.call.kind, "fleet.change");
  // After the sub-command too, as operators type it.
  p = parse({"plugin", "list", "--fleet"});
  ASSERT_FALSE(p.exit_code) << p.message;
  EXPECT_EQ(p.call.target, "/admin/fleet");
  EXPECT_EQ(p.call.kind, "fleet.list");

  p = parse({"--fleet", "plugin", "prune", "echo"});
  ASSERT_TRUE(p.exit_code);
  EXPECT_EQ(*p.exit_code, kExitUsage);
  EXPECT_NE(p.message.find("--fleet applies to"), std::string::npos) << p.message;
}

TEST(CtlCommand, UsageErrorsExitTwoAndSayWhatToDo) {
  const std::vector<std::vector<std::string>> bad = {
      {},                                         // no command
      {"plugin"},                                 // no action
      {"plugin", "get"},                          // no name
      {"plugin", "frobnicate", "echo"},           // unknown action
      {"plugin", "canary", "echo", "150"},        // out of range
      {"plugin", "canary", "echo", "ten"},        // not a number
      {"plugin", "pin", "echo"},                  // neither version nor --release
      {"plugin", "prune", "echo", "--keep", "0"},  // keeps nothing
      {"dlq", "replay"},                          // neither id nor --all
      {"dlq", "replay", "x", "--all"},            // both
      {"-o", "yaml", "plugin", "list"},           // unknown format
  };
  for (const auto& args : bad) {
    const auto p = parse(args);
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    ASSERT_TRUE(p.exit_code) << joined;
    EXPECT_EQ(*p.exit_code, kExitUsage) << joined;
    EXPECT_FALSE(p.message.empty()) << joined;
  }
  EXPECT_NE(parse({"plugin", "canary", "echo", "150"}).message.find("0 to 100"), std::string::npos);
}

TEST(CtlCommand, HelpExitsZeroWithTheSubcommandsHelp) {
  auto p = parse({"--help"});
  ASSERT_TRUE(p.exit_code);
  EXPECT_EQ(*p.exit_code, kExitOk);
  EXPECT_NE(p.message.find("plugin"), std::string::npos);
  p = parse({"plugin", "canary", "--help"});
  ASSERT_TRUE(p.exit_code);
  EXPECT_EQ(*p.exit_code, kExitOk);
  EXPECT_NE(p.message.find("PERCENT"), std::string::npos) << p.message;
}

TEST(CtlCommand, CommandsSyncPostsTheScopeAndDryRun) {
  auto p = parse({"commands", "sync"});
  ASSERT_FALSE(p.exit_code) << p.message;
  EXPECT_EQ(p.call.kind, "commands.sync");
  EXPECT_EQ(p.call.method, "POST");
  EXPECT_EQ(p.call.target, "/admin/commands/sync");
  EXPECT_EQ(*p.call.body, json({{"dry_run", false}}));
  p = parse({"commands", "sync", "--guild", "1180000000000000001", "--dry-run"});
  ASSERT_FALSE(p.exit_code) << p.message;
  EXPECT_EQ(*p.call.body, json({{"dry_run", true}, {"guild", "1180000000000000001"}}));
  p = parse({"commands", "sync", "--guild", "my-guild"});
  ASSERT_TRUE(p.exit_code);
  EXPECT_EQ(*p.exit_code, kExitUsage);
  EXPECT_EQ(*parse({"commands"}).exit_code, kExitUsage);
}
