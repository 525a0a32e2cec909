// arrakisctl against real workers (broker, Redis, PostgreSQL, discord-sim): plugin operations,
// the dead-letter queue, and two replicas converging on a fleet change.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "arrakis/database.hpp"
#include "arrakis/discord_sim/command_registry.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/testing/servers.hpp"
#include "ctl_runner.hpp"
#include "fixtures/command_definitions.hpp"
#include "worker_harness.hpp"

using namespace arrakis;
using namespace arrakis::testing;
using namespace std::chrono_literals;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string dump(const CtlResult& r) { return "exit " + std::to_string(r.code) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err; }

// arrakisctl aimed at one harness's worker.
CtlResult ctl(WorkerHarness& h, std::vector<std::string> args) {
  std::vector<std::string> full = {"--url", "http://127.0.0.1:" + std::to_string(h.http_port()), "--token-file",
                                   h.admin_token_file().string()};
  full.insert(full.end(), args.begin(), args.end());
  return run_ctl(full);
}

json ctl_json(WorkerHarness& h, std::vector<std::string> args) {
  args.insert(args.begin(), {"-o", "json"});
  const auto r = ctl(h, args);
  EXPECT_EQ(r.code, 0) << dump(r);
  return json::parse(r.out, nullptr, false);
}

void start(WorkerHarness& h) {
  h.start_worker();
  ASSERT_TRUE(h.wait_for_health(200, 30s)) << h.worker().log();
}

void drop(WorkerHarness& h, const std::string& fixture) {
  fs::copy_file(fs::path(ARRAKIS_TEST_PLUGINS) / ("lib" + fixture + ".so"), h.root() / "plugins" / "libecho.so",
                fs::copy_options::overwrite_existing);
}

void forget_fleet_state() {
  db::Pool admin(database_admin_url(), 1);
  admin.transaction([](pqxx::work& tx) { tx.exec("DELETE FROM plugin_deployments WHERE plugin_name = 'echo'"); });
}

// What discord-sim holds for a guild, without the fields Discord assigns: what the plugins defined.
json registered_definitions(WorkerHarness& h, std::uint64_t guild) {
  json out = json::array();
  for (auto c : h.sim().commands().list(guild)) {
    for (const char* assigned : {"id", "application_id", "version", "guild_id"}) c.erase(assigned);
    out.push_back(c);
  }
  return out;
}

}  // namespace

TEST(Arrakisctl, PluginListGetReloadRollbackPinPrune) {
  WorkerHarness h;  // applies the migrations
  forget_fleet_state();
  start(h);

  auto list = ctl_json(h, {"plugin", "list"});
  ASSERT_EQ(list.size(), 1u) << list;
  EXPECT_EQ(list[0]["name"], "echo");
  EXPECT_EQ(list[0]["version"], "1.0.0");
  auto table = ctl(h, {"plugin", "list"});
  ASSERT_EQ(table.code, 0) << dump(table);
  EXPECT_EQ(table.out.rfind("NAME", 0), 0u) << table.out;

  drop(h, "echo-v2");
  auto r = ctl(h, {"plugin", "reload", "echo"});
  ASSERT_EQ(r.code, 0) << dump(r);
  EXPECT_EQ(r.out, "echo 2.0.0 is active (was 1.0.0)\n");
  // The next command is served by the new version.
  h.command("echo", json::array({{{"name", "text"}, {"type", 3}, {"value", "after reload"}}}));
  ASSERT_TRUE(h.wait_for_calls("/callback", 1, 10s)) << h.worker().log();

  auto got = ctl_json(h, {"plugin", "get", "echo"});
  EXPECT_EQ(got["active"], "2.0.0");
  ASSERT_EQ(got["versions"].size(), 2u) << got;
  EXPECT_EQ(got["versions"][1]["role"], "active");

  r = ctl(h, {"plugin", "rollback", "echo"});
  ASSERT_EQ(r.code, 0) << dump(r);
  EXPECT_EQ(r.out, "echo 1.0.0 is active (was 2.0.0)\n");

  r = ctl(h, {"plugin", "rollback", "echo", "--to", "9.9.9"});
  EXPECT_EQ(r.code, 1) << dump(r);
  EXPECT_NE(r.err.find("no version 9.9.9"), std::string::npos) << dump(r);

  r = ctl(h, {"plugin", "pin", "echo", "2.0.0"});
  ASSERT_EQ(r.code, 0) << dump(r);
  r = ctl(h, {"plugin", "reload", "echo"});
  EXPECT_EQ(r.code, 1) << dump(r);
  EXPECT_NE(r.err.find("pinned to 2.0.0"), std::string::npos) << dump(r);
  ASSERT_EQ(ctl(h, {"plugin", "pin", "echo", "--release"}).code, 0);

  r = ctl(h, {"plugin", "prune", "echo", "--keep", "1"});
  ASSERT_EQ(r.code, 0) << dump(r);
  EXPECT_EQ(r.out, "echo: removed 1.0.0; kept 2.0.0\n");
  EXPECT_EQ(ctl_json(h, {"plugin", "get", "echo"})["versions"].size(), 1u);

  r = ctl(h, {"plugin", "get", "nope"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("arrakisctl plugin list"), std::string::npos) << dump(r);

  r = ctl(h, {"health"});
  EXPECT_EQ(r.code, 0) << dump(r);
  EXPECT_NE(r.out.find("status: healthy"), std::string::npos) << dump(r);
}

TEST(Arrakisctl, ExitCodesForScripts) {
  WorkerHarness h;
  start(h);
  // Wrong token: refused (1) with a hint.
  const auto bad_token = h.root() / "wrong-token";
  {
    std::ofstream(bad_token) << "not-the-token-not-the-token\n";
  }
  auto r = run_ctl({"--url", "http://127.0.0.1:" + std::to_string(h.http_port()), "--token-file", bad_token.string(),
                    "plugin", "list"});
  EXPECT_EQ(r.code, 1) << dump(r);
  EXPECT_NE(r.err.find("--token-file"), std::string::npos) << dump(r);
  // Nobody listening: 3.
  r = run_ctl({"--url", "http://127.0.0.1:" + std::to_string(free_port()), "--token-file",
               h.admin_token_file().string(), "plugin", "list"});
  EXPECT_EQ(r.code, 3) << dump(r);
  EXPECT_NE(r.err.find("cannot reach the worker"), std::string::npos) << dump(r);
  // Usage: 2.
  EXPECT_EQ(ctl(h, {"plugin", "canary", "echo", "250"}).code, 2);
  EXPECT_EQ(run_ctl({"plugin", "list"}).code, 2) << "no token file given";
}

TEST(Arrakisctl, DeadLetterListShowReplay) {
  WorkerHarness h;
  start(h);
  const std::string id = "ctl-malformed-" + std::to_string(::getpid());
  h.publish("member.join", "{this is not json", 5, id);

  json listed;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    listed = ctl_json(h, {"dlq", "list"});
    if (listed.value("depth", 0) >= 1) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(listed["depth"], 1) << listed << h.worker().log();
  EXPECT_EQ(listed["messages"][0]["messageId"], id);
  EXPECT_EQ(listed["messages"][0]["routingKey"], "member.join");
  // Listing does not consume.
  EXPECT_EQ(ctl_json(h, {"dlq", "list"})["depth"], 1);

  auto shown = ctl(h, {"dlq", "show", id});
  ASSERT_EQ(shown.code, 0) << dump(shown);
  EXPECT_NE(shown.out.find("malformed JSON"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("{this is not json"), std::string::npos) << shown.out;
  EXPECT_EQ(ctl(h, {"dlq", "show", "no-such-message"}).code, 1);

  auto replayed = ctl(h, {"dlq", "replay", id});
  ASSERT_EQ(replayed.code, 0) << dump(replayed);
  EXPECT_EQ(replayed.out, "replayed 1 message(s): " + id + "\n");
  // It went back through arrakis.events to the worker, which dead-letters it again: the new copy
  // carries the replay mark.
  json again;
  const auto deadline2 = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline2) {
    const auto r = ctl(h, {"-o", "json", "dlq", "show", id});
    if (r.code == 0) {
      again = json::parse(r.out);
      if (again["headers"].value("x-arrakis-replayed", false)) break;
    }
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(again["headers"].value("x-arrakis-replayed", false), true) << again;
  EXPECT_EQ(again["routingKey"], "member.join");
  h.drain_dlq();
}

TEST(Arrakisctl, TwoReplicasConvergeOnAFleetChange) {
  WorkerHarness a, b;
  forget_fleet_state();
  const std::string tag = std::to_string(::getpid());
  a.extra_env["ARRAKIS_REPLICA_ID"] = "ctl-a-" + tag;
  b.extra_env["ARRAKIS_REPLICA_ID"] = "ctl-b-" + tag;
  start(a);
  start(b);

  // Both replicas report `version` for echo, without drift, within 2 s of the change.
  auto converged = [&](const std::string& version, const std::string& shadow) -> ::testing::AssertionResult {
    const auto deadline = std::chrono::steady_clock::now() + 2s;
    json last;
    while (std::chrono::steady_clock::now() < deadline) {
      last = ctl_json(a, {"plugin", "list", "--fleet"});
      int good = 0;
      for (const auto& p : last["plugins"]) {
        if (p["plugin"] != "echo") continue;
        for (const auto& r : p["replicas"]) {
          const std::string id = r["replica"];
          if ((id == "ctl-a-" + tag || id == "ctl-b-" + tag) && r["version"] == version && !r["drift"].get<bool>() &&
              r["shadowVersion"] == shadow) {
            ++good;
          }
        }
      }
      if (good == 2) return ::testing::AssertionSuccess();
      std::this_thread::sleep_for(50ms);
    }
    return ::testing::AssertionFailure() << "no convergence on " << version << " within 2 s: " << last.dump();
  };

  // Every host gets the new build in its plugin directory; one command moves the fleet.
  drop(a, "echo-v2");
  drop(b, "echo-v2");
  auto r = ctl(a, {"--fleet", "plugin", "reload", "echo"});
  ASSERT_EQ(r.code, 0) << dump(r);
  EXPECT_NE(r.out.find("desired 2.0.0"), std::string::npos) << r.out;
  EXPECT_TRUE(converged("2.0.0", ""));

  r = ctl(b, {"plugin", "list", "--fleet"});  // any replica answers for the fleet
  EXPECT_EQ(r.code, 0) << dump(r);
  EXPECT_NE(r.out.find("ctl-a-" + tag), std::string::npos) << r.out;

  r = ctl(a, {"--fleet", "plugin", "rollback", "echo", "--to", "1.0.0"});
  ASSERT_EQ(r.code, 0) << dump(r);
  EXPECT_TRUE(converged("1.0.0", ""));

  r = ctl(a, {"--fleet", "plugin", "shadow", "echo", "2.0.0"});
  ASSERT_EQ(r.code, 0) << dump(r);
  EXPECT_TRUE(converged("1.0.0", "2.0.0"));
  r = ctl(a, {"--fleet", "plugin", "discard", "echo"});
  ASSERT_EQ(r.code, 0) << dump(r);
  EXPECT_TRUE(converged("1.0.0", ""));

  // A replica changed by hand drifts, and the fleet view says so.
  ASSERT_EQ(ctl(b, {"plugin", "rollback", "echo", "--to", "2.0.0"}).code, 0);
  // (the replica reports on its next resync or fleet change; a fleet no-op change makes it report)
  r = ctl(a, {"--fleet", "plugin", "pin", "echo", "1.0.0"});
  ASSERT_EQ(r.code, 0) << dump(r);
  EXPECT_TRUE(converged("1.0.0", "")) << "a newer revision brings the hand-changed replica back";

  // A replica that starts later applies the desired version at start, whatever its plugin
  // directory holds (b's holds 2.0.0).
  b.stop_worker();
  start(b);
  EXPECT_TRUE(converged("1.0.0", ""));
  EXPECT_EQ(ctl_json(b, {"plugin", "list"})[0]["version"], "1.0.0");
  forget_fleet_state();
}

TEST(Arrakisctl, WatchModeLoadsDroppedFilesByItself) {
  WorkerHarness h;
  forget_fleet_state();
  h.extra_env["ARRAKIS_PLUGIN_WATCH"] = "1";
  start(h);
  // A file that is not a plugin is refused; the active version keeps serving.
  fs::copy_file(fs::path(ARRAKIS_TEST_PLUGINS) / "libnot-a-plugin.so", h.root() / "plugins" / "libbroken.so");
  drop(h, "echo-v2");
  std::string version;
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (std::chrono::steady_clock::now() < deadline && version != "2.0.0") {
    const auto list = ctl_json(h, {"plugin", "list"});
    version = list.size() == 1 ? list[0].value("version", "") : "";
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(version, "2.0.0") << h.worker().log();
  EXPECT_NE(h.worker().log().find("watch mode: " + (h.root() / "plugins" / "libbroken.so").string() + " refused"),
            std::string::npos)
      << h.worker().log();
}

TEST(Arrakisctl, ShadowDiffPromoteAndCanaryOnALiveWorker) {
  WorkerHarness h;
  forget_fleet_state();
  start(h);
  const auto v2 = (fs::path(ARRAKIS_TEST_PLUGINS) / "libecho-v2.so").string();
  auto r = ctl(h, {"plugin", "shadow", "echo", v2});
  ASSERT_EQ(r.code, 0) << dump(r);
  EXPECT_EQ(r.out.rfind("echo: shadowing with 2.0.0", 0), 0u) << r.out;

  for (int i = 0; i < 3; ++i) h.command("echo", {{"text", "hi " + std::to_string(i)}});
  ASSERT_TRUE(h.wait_for_calls("/callback", 3, 10s)) << h.worker().log();
  json diff;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    diff = ctl_json(h, {"plugin", "diff", "echo"});
    if (diff["shadow"].value("compared", 0) >= 3) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_GE(diff["shadow"].value("compared", 0), 3) << diff;
  EXPECT_EQ(diff["shadow"]["mismatched"], diff["shadow"]["compared"]) << "v2 changes every reply's text: " << diff;
  ASSERT_FALSE(diff["mismatches"].empty());
  bool content_differs = false;
  for (const auto& p : diff["mismatches"][0]["differingPaths"]) {
    content_differs |= p.get<std::string>().find("content") != std::string::npos;
  }
  EXPECT_TRUE(content_differs) << diff["mismatches"][0];
  r = ctl(h, {"plugin", "diff", "echo"});
  EXPECT_NE(r.out.find("candidate \"echo 2.0.0"), std::string::npos) << r.out;

  r = ctl(h, {"plugin", "promote", "echo"});
  ASSERT_EQ(r.code, 0) << dump(r);
  EXPECT_EQ(r.out, "echo 2.0.0 is active (was 1.0.0)\n");
  EXPECT_EQ(ctl(h, {"plugin", "diff", "echo"}).code, 1) << "no shadow after promote";

  r = ctl(h, {"plugin", "canary", "echo", "25%", "--candidate", "1.0.0"});
  ASSERT_EQ(r.code, 0) << dump(r);
  auto list = ctl_json(h, {"plugin", "list"});
  EXPECT_EQ(list[0]["state"], "canary") << list;
  EXPECT_EQ(list[0]["canary"]["percent"], 25);
  ASSERT_EQ(ctl(h, {"plugin", "discard", "echo"}).code, 0);
  EXPECT_EQ(ctl_json(h, {"plugin", "list"})[0]["state"], "active");
}

TEST(Arrakisctl, CommandsSyncRegistersTheLoadedPluginsDefinitions) {
  WorkerHarness h;
  h.add_plugin("libcmds-alpha.so");  // alpha and beta defined, gamma routed only; echo defines none
  start(h);
  const auto guild = h.sim().model().guild_ids()[0];
  const auto g = std::to_string(guild);

  // A dry run tells what would change and sends nothing.
  auto r = ctl(h, {"commands", "sync", "--guild", g, "--dry-run"});
  ASSERT_EQ(r.code, 0) << dump(r);
  EXPECT_EQ(r.out, "guild " + g + ": 2 to add, 0 to change, 0 to remove, 0 unchanged (dry run: nothing was sent to Discord)\n"
                   "  + alpha\n  + beta\n");
  EXPECT_EQ(h.sim().commands().list(guild), json::array());

  r = ctl(h, {"commands", "sync", "--guild", g});
  ASSERT_EQ(r.code, 0) << dump(r) << h.worker().log();
  EXPECT_EQ(r.out, "guild " + g + ": 2 added, 0 changed, 0 removed, 0 unchanged\n  + alpha\n  + beta\n");
  // Exactly the plugins' definitions, as parsed JSON; the global commands untouched.
  EXPECT_EQ(registered_definitions(h, guild),
            json::array({json::parse(fixtures::kAlphaDefinition), json::parse(fixtures::kBetaDefinition)}));
  EXPECT_EQ(h.sim().commands().list(0), json::array());

  r = ctl(h, {"commands", "sync", "--guild", g});
  ASSERT_EQ(r.code, 0) << dump(r);
  EXPECT_EQ(r.out, "guild " + g + ": no change (2 command(s) registered)\n");
  EXPECT_EQ(h.rest_calls("/guilds/" + g + "/commands").size(), 4u) << "three reads, one overwrite (none for no change)";

  // A plugin with a definition Discord refuses: the operator sees Discord's error path and which
  // plugin it comes from; what was registered stays.
  r = ctl(h, {"plugin", "load", (fs::path(ARRAKIS_TEST_PLUGINS) / "libcmds-broken.so").string()});
  ASSERT_EQ(r.code, 0) << dump(r);
  r = ctl(h, {"commands", "sync", "--guild", g});
  EXPECT_EQ(r.code, 1) << dump(r);
  EXPECT_NE(r.err.find("commands.2.options.0.name: Command name is invalid"), std::string::npos) << dump(r);
  EXPECT_NE(r.err.find("command 'broken' of plugin 'cmds-broken'"), std::string::npos) << dump(r);
  EXPECT_EQ(registered_definitions(h, guild).size(), 2u);
  auto j = ctl(h, {"-o", "json", "commands", "sync", "--guild", g, "--dry-run"});
  ASSERT_EQ(j.code, 0) << dump(j);
  EXPECT_EQ(json::parse(j.out)["added"], json::array({"broken"}));

  EXPECT_EQ(ctl(h, {"commands", "sync", "--guild", "12ab"}).code, 2);
}

TEST(Arrakisctl, CommandsSyncAtStartAndAFailureDoesNotStopTheWorker) {
  WorkerHarness h;
  h.add_plugin("libcmds-alpha.so");
  h.add_plugin("libcmds-broken.so");
  const auto guild = h.sim().model().guild_ids()[0];
  h.extra_env["ARRAKIS_COMMANDS_SYNC"] = "guild:" + std::to_string(guild);
  start(h);  // healthy although Discord refused a definition
  EXPECT_TRUE(h.wait_for_calls("/guilds/" + std::to_string(guild) + "/commands", 2, 10s));
  EXPECT_EQ(h.sim().commands().list(guild), json::array());
  ASSERT_EQ(h.stop_worker(), 0);
  EXPECT_NE(h.worker().log().find("commands.2.options.0.name: Command name is invalid"), std::string::npos)
      << h.worker().log();

  fs::remove(h.root() / "plugins" / "libcmds-broken.so");
  h.extra_env["ARRAKIS_COMMANDS_SYNC"] = "global";
  start(h);
  EXPECT_EQ(registered_definitions(h, 0),
            json::array({json::parse(fixtures::kAlphaDefinition), json::parse(fixtures::kBetaDefinition)}))
      << h.worker().log();
  EXPECT_EQ(h.sim().commands().list(guild), json::array());
}

TEST(Arrakisctl, CommandsSyncRegistersTheSietchDefinitionsOfTheLoadedPlugins) {
  WorkerHarness h;
  fs::remove(h.root() / "plugins" / "libecho.so");
  for (const char* plugin : {"naib", "threshold"}) {
    fs::copy_file(fs::path(ARRAKIS_PLUGIN_BUILD_DIR) / ("lib" + std::string(plugin) + ".so"),
                  h.root() / "plugins" / ("lib" + std::string(plugin) + ".so"));
  }
  start(h);
  const auto guild = h.sim().model().guild_ids()[0];
  const auto g = std::to_string(guild);
  auto r = ctl(h, {"commands", "sync", "--guild", g});
  ASSERT_EQ(r.code, 0) << dump(r) << h.worker().log();

  // plugins/sietch/commands.json, the one copy of the definitions: the loaded plugins' entries.
  std::ifstream in(std::string(ARRAKIS_SOURCE_ROOT) + "/plugins/sietch/commands.json");
  const json spec = json::parse(in);
  const json& all = spec.is_array() ? spec : spec.at("commands");
  json expected = json::array();
  for (const auto& c : all) {
    if (c["name"] != "naib" && c["name"] != "threshold") continue;
    json e = c;
    if (!e.contains("type")) e["type"] = 1;  // what Discord reports for fields left out
    if (!e.contains("default_member_permissions")) e["default_member_permissions"] = nullptr;
    expected.push_back(e);
  }
  ASSERT_EQ(expected.size(), 2u);
  auto by_name = [](json list) {
    std::sort(list.begin(), list.end(), [](const json& a, const json& b) { return a["name"] < b["name"]; });
    return list;
  };
  EXPECT_EQ(by_name(registered_definitions(h, guild)), by_name(expected));

  r = ctl(h, {"commands", "sync", "--guild", g});
  ASSERT_EQ(r.code, 0) << dump(r);
  EXPECT_EQ(r.out, "guild " + g + ": no change (2 command(s) registered)\n");
}
