// arrakisctl's output: aligned tables, outcomes in one line, JSON passed through, exit codes.
#include <gtest/gtest.h>

#include <sstream>

#include "ctl_command.hpp"
#include "ctl_output.hpp"

using namespace arrakis::ctl;
using nlohmann::json;

namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST(CtlOutput, TableColumnsAlign) {
  const auto text = table({"NAME", "VERSION"}, {{"echo", "1.0.0"}, {"verification", "12.3.4"}});
  const auto l = lines(text);
  ASSERT_EQ(l.size(), 3u);
  // The second column starts at the same offset on every line: widest first cell + 2.
  for (const auto& line : l) EXPECT_EQ(line.find_first_not_of(' ', line.find(' ')), 14u) << line;
  for (const auto& line : l) EXPECT_NE(line.back(), ' ');
}

TEST(CtlOutput, PluginListShowsVersionsStatsShadowAndCanary) {
  const json body = json::array({
      {{"name", "echo"}, {"version", "1.0.0"}, {"state", "shadowing"}, {"calls", 120}, {"errors", 2}, {"inFlight", 0},
       {"p50Ms", 0.5}, {"p99Ms", 3.25}, {"shadow", {{"candidate", "2.0.0"}, {"compared", 100}, {"matchPercent", 97.0}}},
       {"canary", nullptr}, {"pinned", nullptr}},
      {{"name", "verify"}, {"version", "3.1.0"}, {"state", "canary"}, {"calls", 5}, {"errors", 0}, {"inFlight", 1},
       {"p50Ms", 1.0}, {"p99Ms", 2.0}, {"shadow", nullptr}, {"canary", {{"candidate", "3.2.0"}, {"percent", 10}}},
       {"pinned", "3.1.0"}},
  });
  const auto l = lines(render("plugin.list", body, "table"));
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l[0].rfind("NAME", 0), 0u);
  EXPECT_NE(l[1].find("2.0.0 97.0% of 100 match"), std::string::npos) << l[1];
  EXPECT_NE(l[1].find("3.25"), std::string::npos) << l[1];
  EXPECT_NE(l[2].find("3.2.0 10%"), std::string::npos) << l[2];
  EXPECT_EQ(l[1].find("1.0.0"), l[2].find("3.1.0"));  // aligned
}

TEST(CtlOutput, OutcomesReadAsSentences) {
  EXPECT_EQ(render("plugin.outcome", {{"name", "echo"}, {"version", "2.0.0"}, {"previousVersion", "1.0.0"}, {"changed", true}},
                   "table"),
            "echo 2.0.0 is active (was 1.0.0)\n");
  EXPECT_EQ(render("plugin.outcome", {{"name", "echo"}, {"version", "2.0.0"}, {"previousVersion", "2.0.0"}, {"changed", false}},
                   "table"),
            "echo 2.0.0 is already active; nothing changed\n");
  EXPECT_EQ(render("plugin.prune", {{"name", "echo"}, {"removed", {"1.0.0"}}, {"kept", {"2.0.0", "3.0.0"}}}, "table"),
            "echo: removed 1.0.0; kept 2.0.0, 3.0.0\n");
}

TEST(CtlOutput, DiffShowsEachDifferingFieldOnBothSides) {
  const json body = {{"name", "echo"},
                     {"active", "1.0.0"},
                     {"shadow", {{"candidate", "2.0.0"}, {"compared", 10}, {"matched", 9}, {"mismatched", 1}}},
                     {"mismatches",
                      {{{"eventType", "interaction.command.echo"},
                        {"at", "2026-01-01T00:00:00Z"},
                        {"differingPaths", {"/0/message/content"}},
                        {"active", {{{"message", {{"content", "echo 1.0.0: hi"}}}}}},
                        {"candidate", {{{"message", {{"content", "echo 2.0.0: hi"}}}}}}}}}};
  const auto text = render("plugin.diff", body, "table");
  EXPECT_NE(text.find("/0/message/content: active \"echo 1.0.0: hi\" | candidate \"echo 2.0.0: hi\""), std::string::npos)
      << text;
}

TEST(CtlOutput, FleetListFlagsDrift) {
  const json body = {{"plugins",
                      {{{"plugin", "echo"},
                        {"desired", {{"version", "2.0.0"}, {"pinned", false}}},
                        {"replicas",
                         {{{"replica", "a"}, {"version", "2.0.0"}, {"state", "active"}, {"revision", 3}, {"drift", false}},
                          {{"replica", "b"},
                           {"version", "1.0.0"},
                           {"state", "error"},
                           {"revision", 3},
                           {"drift", true},
                           {"driftReason", "runs 1.0.0, desired 2.0.0"},
                           {"error", "not in store"}}}}}}},
                     {"drifting", 1}};
  const auto l = lines(render("fleet.list", body, "table"));
  ASSERT_EQ(l.size(), 4u);
  EXPECT_NE(l[1].find("ok"), std::string::npos);
  EXPECT_NE(l[2].find("DRIFT: runs 1.0.0, desired 2.0.0"), std::string::npos) << l[2];
  EXPECT_EQ(l[3], "1 replica(s) drifting");
}

TEST(CtlOutput, JsonFormatIsTheBodyUnchanged) {
  const json body = {{"a", 1}, {"b", {1, 2}}};
  EXPECT_EQ(json::parse(render("plugin.get", body, "json")), body);
}

TEST(CtlOutput, ExitCodes) {
  EXPECT_EQ(exit_code_for("plugin.outcome", 200, json::object()), kExitOk);
  EXPECT_EQ(exit_code_for("plugin.outcome", 422, json::object()), kExitRefused);
  EXPECT_EQ(exit_code_for("plugin.get", 404, json::object()), kExitRefused);
  EXPECT_EQ(exit_code_for("health", 503, json::object()), kExitRefused);
  EXPECT_EQ(exit_code_for("dlq.replay", 200, {{"replayed", json::array()}, {"refused", {{{"messageId", "x"}}}}}),
            kExitRefused);
  EXPECT_EQ(exit_code_for("dlq.replay", 200, {{"replayed", {"x"}}, {"refused", json::array()}}), kExitOk);
}

TEST(CtlOutput, ErrorMessagesCarryTheWorkersAdviceAndHints) {
  const auto text = error_message(401, {{"error", "missing or wrong bearer token"}}, "");
  EXPECT_NE(text.find("HTTP 401"), std::string::npos);
  EXPECT_NE(text.find("--token-file"), std::string::npos);
  EXPECT_NE(error_message(404, {{"error", "no plugin 'x'"}}, "").find("no plugin 'x'"), std::string::npos);
  EXPECT_NE(error_message(502, json(), "Bad Gateway").find("Bad Gateway"), std::string::npos);
}

TEST(CtlOutput, CommandsSyncShowsEachChangeOrNoChange) {
  const json applied = {{"scope", "guild"}, {"guild", "77"}, {"dryRun", false}, {"applied", true}, {"changes", true},
                        {"added", {"stats"}}, {"changed", {"naib"}}, {"removed", {"old"}}, {"unchanged", {"threshold"}},
                        {"counts", {{"added", 1}, {"changed", 1}, {"removed", 1}, {"unchanged", 1}}}};
  EXPECT_EQ(render("commands.sync", applied, "table"),
            "guild 77: 1 added, 1 changed, 1 removed, 1 unchanged\n  + stats\n  ~ naib\n  - old\n");
  json dry = applied;
  dry["dryRun"] = true;
  dry["applied"] = false;
  dry["scope"] = "global";
  EXPECT_EQ(render("commands.sync", dry, "table"),
            "global commands: 1 to add, 1 to change, 1 to remove, 1 unchanged (dry run: nothing was sent to Discord)\n"
            "  + stats\n  ~ naib\n  - old\n");
  const json same = {{"scope", "guild"}, {"guild", "77"}, {"changes", false}, {"counts", {{"unchanged", 3}}}};
  EXPECT_EQ(render("commands.sync", same, "table"), "guild 77: no change (3 command(s) registered)\n");
  // A refusal lists every field Discord refused.
  const json refused = {{"error", "Discord refused: a"}, {"details", {"commands.0.name: a", "commands.1.name: b"}}};
  EXPECT_EQ(error_message(422, refused, ""), "error (HTTP 422): Discord refused: a\n  commands.0.name: a\n  commands.1.name: b\n");
}
