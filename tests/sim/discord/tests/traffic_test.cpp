// The community model and the traffic: deterministic for a seed, covering every command, with
// components and modals that follow the bot's replies (issue 5, parts 3 and 4).
#include <map>
#include <set>
#include <thread>

#include "arrakis/discord_sim/command_catalog.hpp"
#include "arrakis/discord_sim/command_registry.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/event_factory.hpp"
#include "arrakis/discord_sim/gateway_server.hpp"
#include "arrakis/discord_sim/traffic_generator.hpp"
#include "arrakis/testing/http_client.hpp"
#include "sim_fixture.hpp"

namespace arrakis::discord_sim::testing {
namespace {

using arrakis::testing::http_request;
using nlohmann::json;

class TrafficTest : public SimTest {};

// What must be equal between two runs with one seed: kinds, names, options (ids of generated
// objects are time-based snowflakes and legitimately differ).
std::vector<json> sample(Simulator& sim, std::uint64_t seed, int n) {
  std::mt19937_64 rng(seed);
  std::vector<json> out;
  for (int i = 0; i < n; ++i) {
    std::string kind;
    auto d = random_event(sim.events(), sim.model(), rng, &kind);
    json entry = {{"kind", kind}};
    if (d) {
      entry["t"] = d->type;
      const auto data = json::parse(d->data);
      if (d->type == "INTERACTION_CREATE") {
        entry["type"] = data["type"];
        entry["data"] = data["data"];
        entry["user"] = data["member"]["user"]["id"];
      }
    }
    out.push_back(entry);
  }
  return out;
}

TEST_F(TrafficTest, ModelIsDeterministicAndHasTheSietchRoles) {
  start();
  Simulator other(test_options());
  const auto a = sim->model().to_json();
  EXPECT_EQ(a, other.model().to_json());
  std::set<std::string> keys;
  for (const auto& r : a["guilds"][0]["roles"]) keys.insert(r["key"]);
  for (const char* k : {"naib", "fedaykin", "onboarded", "engaged", "veteran", "trusted", "formerNaib", "taqwa", "hajra",
                        "ichwan", "qanat", "sihaya", "mushtamal", "sayyadina", "usul"}) {
    EXPECT_TRUE(keys.count(k)) << k;
  }
  int wallets = 0;
  for (const auto& m : a["guilds"][0]["members"]) {
    if (m["wallet"].is_string()) {
      ++wallets;
      EXPECT_EQ(m["wallet"].get<std::string>().size(), 42u);
    }
  }
  EXPECT_GT(wallets, 15);
  EXPECT_EQ(wallet_address(42, 0), wallet_address(42, 0));
  EXPECT_NE(wallet_address(42, 0), wallet_address(43, 0));
}

TEST_F(TrafficTest, SameSeedSameTraffic) {
  start();
  Simulator other(test_options());
  EXPECT_EQ(sample(*sim, 9, 300), sample(other, 9, 300));
  EXPECT_NE(sample(*sim, 9, 50), sample(*sim, 10, 50));
}

TEST_F(TrafficTest, EveryCommandIsInvokedWithValidOptions) {
  start();
  std::mt19937_64 rng(5);
  std::set<std::string> seen;
  const auto guild = sim->model().guild_ids()[0];
  for (int i = 0; i < 400; ++i) {
    auto built = sim->events().random_command(guild, rng);
    ASSERT_TRUE(built);
    const auto d = json::parse(built->dispatch.data);
    ASSERT_EQ(d["type"], 2);
    EXPECT_EQ(d["guild_id"], std::to_string(guild));
    EXPECT_FALSE(d["token"].get<std::string>().empty());
    EXPECT_TRUE(d["member"]["user"].contains("id"));
    EXPECT_TRUE(d["member"].contains("permissions"));
    const auto name = d["data"]["name"].get<std::string>();
    seen.insert(name);
    const auto* spec = find_command(name);
    ASSERT_NE(spec, nullptr);
    const auto options = d["data"].value("options", json::array());
    const bool subcommands = !spec->options.empty() && spec->options[0].type == 1;
    std::vector<OptionSpec> expected = spec->options;
    json given = options;
    if (subcommands) {
      ASSERT_EQ(options.size(), 1u);
      EXPECT_EQ(options[0]["type"], 1);
      const auto sub = std::find_if(spec->options.begin(), spec->options.end(),
                                    [&](const auto& o) { return o.name == options[0]["name"]; });
      ASSERT_NE(sub, spec->options.end());
      expected = sub->options;
      given = options[0]["options"];
    }
    for (const auto& o : expected) {
      const auto it = std::find_if(given.begin(), given.end(), [&](const json& g) { return g["name"] == o.name; });
      if (o.required) {
        ASSERT_NE(it, given.end()) << name << " misses " << o.name;
      }
      if (it == given.end()) continue;
      EXPECT_EQ((*it)["type"], o.type);
      if (o.type == 4) {
        EXPECT_GE((*it)["value"].get<int>(), o.min_value);
        EXPECT_LE((*it)["value"].get<int>(), o.max_value);
      }
      if (!o.choices.empty()) {
        EXPECT_NE(std::find(o.choices.begin(), o.choices.end(), (*it)["value"]), o.choices.end());
      }
      if (o.type == 6) {
        EXPECT_TRUE(d["data"]["resolved"]["users"].contains((*it)["value"].get<std::string>()));
      }
    }
  }
  EXPECT_EQ(seen.size(), 20u);
  EXPECT_EQ(command_catalog().size(), 20u);
}

TEST_F(TrafficTest, ComponentsAndModalsFollowTheBotsReplies) {
  start();
  std::mt19937_64 rng(8);
  const auto guild = sim->model().guild_ids()[0];
  EXPECT_FALSE(sim->events().component_click(rng));
  auto cmd = sim->events().random_command(guild, rng, "directory");
  const json reply = {{"type", 4},
                      {"data", {{"content", "page 1"}, {"flags", 64},
                                {"components", {{{"type", 1}, {"components", {{{"type", 2}, {"style", 2}, {"label", "Next"}, {"custom_id", "directory_next"}}}}}}}}}};
  ASSERT_EQ(sim->interactions().callback(cmd->issued.id, cmd->issued.token, reply, false).status, 204);
  auto click = sim->events().component_click(rng);
  ASSERT_TRUE(click);
  const auto d = json::parse(click->dispatch.data);
  EXPECT_EQ(d["type"], 3);
  EXPECT_EQ(d["data"]["custom_id"], "directory_next");
  EXPECT_EQ(d["data"]["component_type"], 2);
  EXPECT_EQ(d["message"]["content"], "page 1");
  EXPECT_EQ(d["member"]["user"]["id"], json::parse(cmd->dispatch.data)["member"]["user"]["id"]);

  // The click opens a modal; its submit carries a value for every field.
  const json modal = {{"type", 9},
                      {"data", {{"custom_id", "modal_nym_input"}, {"title", "Choose your nym"},
                                {"components", {{{"type", 18}, {"label", "Nym"}, {"component", {{"type", 4}, {"custom_id", "nym"}, {"style", 1}, {"max_length", 20}}}}}}}}};
  ASSERT_EQ(sim->interactions().callback(click->issued.id, click->issued.token, modal, false).status, 204);
  auto submit = sim->events().modal_submit(rng);
  ASSERT_TRUE(submit);
  const auto s = json::parse(submit->dispatch.data);
  EXPECT_EQ(s["type"], 5);
  EXPECT_EQ(s["data"]["custom_id"], "modal_nym_input");
  const auto& field = s["data"]["components"][0]["component"];
  EXPECT_EQ(field["custom_id"], "nym");
  const auto value = field["value"].get<std::string>();
  EXPECT_GE(value.size(), 3u);
  EXPECT_LE(value.size(), 20u);
}

TEST_F(TrafficTest, AutocompleteFocusesAnAutocompleteOption) {
  start();
  std::mt19937_64 rng(4);
  for (int i = 0; i < 30; ++i) {
    auto built = sim->events().random_autocomplete(sim->model().guild_ids()[1], rng);
    ASSERT_TRUE(built);
    const auto d = json::parse(built->dispatch.data);
    EXPECT_EQ(d["type"], 4);
    auto options = d["data"]["options"];
    if (options[0]["type"] == 1) options = options[0]["options"];
    EXPECT_EQ(std::count_if(options.begin(), options.end(), [](const json& o) { return o.value("focused", false); }), 1);
  }
}

TEST_F(TrafficTest, TrafficAndScenarioReachAConnectedClient) {
  start();
  auto c = client();
  ASSERT_EQ((*c->identify("test-token", kAllIntents | 1024))["t"], "READY");  // + GUILD_MESSAGE_REACTIONS
  for (int i = 0; i < 4; ++i) c->read();

  auto scenario = http_request("127.0.0.1", sim->rest_port(), "POST", "/control/scenario",
                               "{\"kind\":\"command\",\"name\":\"check-eligibility\",\"guild\":0}\n"
                               "{\"kind\":\"message\",\"guild\":1,\"from_bot\":true}\n"
                               "{\"kind\":\"dm\",\"guild\":0}\n"
                               "{\"kind\":\"bogus\"}\n");
  ASSERT_EQ(scenario.status, 200);
  const auto result = json::parse(scenario.body);
  EXPECT_EQ(result["dispatched"], 3);
  EXPECT_EQ(result["errors"].size(), 1u);
  ASSERT_EQ(result["interactions"].size(), 1u);
  auto first = c->read();
  ASSERT_TRUE(first);
  EXPECT_EQ((*first)["t"], "INTERACTION_CREATE");
  EXPECT_EQ((*first)["d"]["token"], result["interactions"][0]["token"]);
  EXPECT_EQ((*first)["d"]["data"]["options"][0]["name"], "wallet");
  auto second = c->read();
  EXPECT_EQ((*second)["d"]["author"]["bot"], true);
  auto third = c->read();
  EXPECT_FALSE((*third)["d"].contains("guild_id"));

  auto traffic = http_request("127.0.0.1", sim->rest_port(), "POST", "/control/traffic", R"({"rate":0,"count":300,"seed":3})");
  ASSERT_EQ(traffic.status, 202);
  int received = 0;
  std::set<std::string> types;
  while (received < 250) {
    auto p = c->read();
    ASSERT_TRUE(p) << "after " << received;
    types.insert((*p)["t"].get<std::string>());
    ++received;
  }
  for (const char* t : {"INTERACTION_CREATE", "MESSAGE_CREATE", "GUILD_MEMBER_UPDATE", "MESSAGE_REACTION_ADD"}) {
    EXPECT_TRUE(types.count(t)) << t;
  }
}

// Activity tests script who writes where and who reacts to it: the reaction to a scripted message
// is in its channel and names its author (message_author_id), as Discord's does.
TEST_F(TrafficTest, ScriptedMessageAndReactionNameTheirAuthorChannelAndMessage) {
  start();
  auto c = client();
  ASSERT_EQ((*c->identify("test-token", kAllIntents | 1024))["t"], "READY");  // + GUILD_MESSAGE_REACTIONS
  for (int i = 0; i < 4; ++i) c->read();
  const json guild = sim->model().to_json()["guilds"][0];
  std::vector<std::string> humans;
  for (const auto& m : guild["members"]) {
    if (!m.value("bot", false)) humans.push_back(m["id"]);
  }
  ASSERT_GE(humans.size(), 2u);
  std::string channel;
  for (const auto& ch : guild["channels"]) {
    if (ch["key"] == "general") channel = ch["id"];
  }
  const std::string message_id = "1300000000000000042";
  const json message = {{"kind", "message"}, {"guild", 0}, {"user", humans[0]}, {"channel", channel},
                        {"id", message_id}, {"content", "gm"}};
  const json reaction = {{"kind", "reaction"}, {"guild", 0}, {"user", humans[1]}, {"message_id", message_id}};
  const json stranger = {{"kind", "message"}, {"guild", 0}, {"user", "42"}};
  const auto r = http_request("127.0.0.1", sim->rest_port(), "POST", "/control/scenario",
                              message.dump() + "\n" + reaction.dump() + "\n" + stranger.dump() + "\n");
  ASSERT_EQ(r.status, 200);
  const auto result = json::parse(r.body);
  EXPECT_EQ(result["dispatched"], 2);
  ASSERT_EQ(result["errors"].size(), 1u);
  EXPECT_EQ(result["errors"][0]["error"], "unknown member or channel");

  const auto created = c->read();
  ASSERT_TRUE(created);
  EXPECT_EQ((*created)["t"], "MESSAGE_CREATE");
  EXPECT_EQ((*created)["d"]["id"], message_id);
  EXPECT_EQ((*created)["d"]["author"]["id"], humans[0]);
  EXPECT_EQ((*created)["d"]["channel_id"], channel);
  EXPECT_EQ((*created)["d"]["content"], "gm");
  const auto reacted = c->read();
  ASSERT_TRUE(reacted);
  EXPECT_EQ((*reacted)["t"], "MESSAGE_REACTION_ADD");
  EXPECT_EQ((*reacted)["d"]["user_id"], humans[1]);
  EXPECT_EQ((*reacted)["d"]["message_id"], message_id);
  EXPECT_EQ((*reacted)["d"]["channel_id"], channel);
  EXPECT_EQ((*reacted)["d"]["message_author_id"], humans[0]);
}

TEST_F(TrafficTest, RegisteredOnlyTrafficInvokesOnlyRegisteredCommands) {
  start();
  const auto guilds = sim->model().guild_ids();
  // "stats" globally; "ping" (not one of the twenty) with an autocomplete option in one guild.
  sim->commands().overwrite(0, json::array({{{"name", "stats"}, {"description", "Your stats"}}}));
  sim->commands().overwrite(
      guilds[0], json::array({{{"name", "ping"},
                               {"description", "Ping"},
                               {"options", json::array({{{"name", "target"}, {"type", 3}, {"description", "who"},
                                                         {"autocomplete", true}}})}}}));
  std::mt19937_64 rng(5);
  std::map<std::string, int> names;
  int autocompletes = 0;
  for (int i = 0; i < 600; ++i) {
    auto d = random_event(sim->events(), sim->model(), rng, nullptr, &sim->commands());
    if (!d || d->type != "INTERACTION_CREATE") continue;
    const auto data = json::parse(d->data);
    if (data["type"] != 2 && data["type"] != 4) continue;
    const auto name = data["data"]["name"].get<std::string>();
    ++names[name];
    if (data["type"] == 4) ++autocompletes;
    if (name == "ping") {
      EXPECT_EQ(data["guild_id"], std::to_string(guilds[0])) << "ping is registered in one guild only";
    }
  }
  EXPECT_EQ(names.size(), 2u) << "only stats and ping are registered";
  EXPECT_GT(names["stats"], 0);
  EXPECT_GT(names["ping"], 0);
  EXPECT_GT(autocompletes, 0);

  // Without the registry the built-in twenty are invoked, "ping" never.
  std::set<std::string> builtin;
  for (int i = 0; i < 600; ++i) {
    auto d = random_event(sim->events(), sim->model(), rng);
    if (!d || d->type != "INTERACTION_CREATE") continue;
    const auto data = json::parse(d->data);
    if (data["type"] == 2) builtin.insert(data["data"]["name"].get<std::string>());
  }
  EXPECT_FALSE(builtin.count("ping"));
  EXPECT_GT(builtin.size(), 2u);
}

}  // namespace
}  // namespace arrakis::discord_sim::testing
