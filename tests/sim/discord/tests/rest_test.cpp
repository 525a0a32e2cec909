// REST as a bot and as an interaction responder (spec 0, 3, 4, 5; checklist 1, 6-8).
#include <thread>

#include "arrakis/discord_sim/clock.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/event_factory.hpp"
#include "arrakis/discord_sim/faults.hpp"
#include "arrakis/discord_sim/gateway_server.hpp"
#include "arrakis/testing/http_client.hpp"
#include "sim_fixture.hpp"

namespace arrakis::discord_sim::testing {
namespace {

using arrakis::testing::http_request;
using arrakis::testing::HttpResult;
using nlohmann::json;

class RestTest : public SimTest {
 protected:
  HttpResult call(const std::string& method, const std::string& path, const json& body = nullptr, bool bot = true) {
    std::map<std::string, std::string> headers = {{"User-Agent", "DiscordBot (https://arrakis.test, 1.0)"}};
    if (bot) headers["Authorization"] = "Bot test-token";
    if (!body.is_null()) headers["Content-Type"] = "application/json";
    return http_request("127.0.0.1", sim->rest_port(), method, "/api/v10" + path, body.is_null() ? "" : body.dump(),
                        headers);
  }
  IssuedInteraction command(const std::string& name = "stats") {
    std::mt19937_64 rng(11);
    auto built = sim->events().random_command(sim->model().guild_ids()[0], rng, name);
    EXPECT_TRUE(built);
    sim->gateway().dispatch(built->dispatch);
    return built->issued;
  }
  std::string callback_path(const IssuedInteraction& i) {
    return "/interactions/" + std::to_string(i.id) + "/" + i.token + "/callback";
  }
  std::string webhook_path(const IssuedInteraction& i) {
    return "/webhooks/" + std::to_string(sim->model().application_id()) + "/" + i.token;
  }
  static int code(const HttpResult& r) { return json::parse(r.body).value("code", -1); }
};

TEST_F(RestTest, GatewayBotNeedsTheBotToken) {
  start();
  auto anonymous = call("GET", "/gateway/bot", nullptr, false);
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(json::parse(anonymous.body), json::parse(R"({"message":"401: Unauthorized","code":0})"));
  auto ok = call("GET", "/gateway/bot");
  ASSERT_EQ(ok.status, 200);
  const auto body = json::parse(ok.body);
  EXPECT_EQ(body["url"], sim->gateway_url());
  EXPECT_EQ(body["session_start_limit"]["max_concurrency"], 1);
  EXPECT_EQ(body["session_start_limit"]["total"], 1000);
}

TEST_F(RestTest, CallbackOnceWithinTheDeadline) {
  start();
  const auto i = command();
  auto first = call("POST", callback_path(i), {{"type", 5}, {"data", {{"flags", 64}}}}, false);
  EXPECT_EQ(first.status, 204);
  auto second = call("POST", callback_path(i), {{"type", 4}, {"data", {{"content", "again"}}}}, false);
  EXPECT_EQ(second.status, 400);
  EXPECT_EQ(code(second), 40060);
}

TEST_F(RestTest, LateCallbackGetsUnknownInteraction) {
  start();
  const auto i = command();
  sim->clock().advance(std::chrono::milliseconds(3001));
  auto late = call("POST", callback_path(i), {{"type", 5}}, false);
  EXPECT_EQ(late.status, 404);
  EXPECT_EQ(json::parse(late.body), json::parse(R"({"message":"Unknown interaction","code":10062})"));
}

TEST_F(RestTest, FollowupsAndEditsLiveFifteenMinutes) {
  start();
  const auto i = command();
  ASSERT_EQ(call("POST", callback_path(i), {{"type", 5}}, false).status, 204);
  auto loading = call("GET", webhook_path(i) + "/messages/@original", nullptr, false);
  ASSERT_EQ(loading.status, 200);
  EXPECT_EQ(json::parse(loading.body)["flags"].get<int>() & 128, 128);
  auto edited = call("PATCH", webhook_path(i) + "/messages/@original", {{"content", "done"}}, false);
  ASSERT_EQ(edited.status, 200);
  EXPECT_EQ(json::parse(edited.body)["content"], "done");
  auto followup = call("POST", webhook_path(i), {{"content", "more"}, {"flags", 64}}, false);
  ASSERT_EQ(followup.status, 200);
  const auto id = json::parse(followup.body)["id"].get<std::string>();
  EXPECT_EQ(call("GET", webhook_path(i) + "/messages/" + id, nullptr, false).status, 200);
  EXPECT_EQ(call("PATCH", webhook_path(i) + "/messages/" + id, {{"content", "edit"}}, false).status, 200);
  EXPECT_EQ(call("DELETE", webhook_path(i) + "/messages/" + id, nullptr, false).status, 204);
  EXPECT_EQ(call("GET", webhook_path(i) + "/messages/" + id, nullptr, false).status, 404);

  sim->clock().advance(std::chrono::minutes(15));
  auto expired = call("POST", webhook_path(i), {{"content", "too late"}}, false);
  EXPECT_EQ(expired.status, 404);
  EXPECT_EQ(code(expired), 10015);
  const auto stats = json::parse(http_request("127.0.0.1", sim->rest_port(), "GET", "/control/stats").body);
  EXPECT_EQ(stats["latency_ms"]["dispatch_to_first_response"]["count"], 1);
  EXPECT_EQ(stats["latency_ms"]["dispatch_to_first_followup"]["count"], 1);
}

TEST_F(RestTest, InvalidBodiesGetFormErrors) {
  start();
  const auto i = command();
  auto long_content = call("POST", callback_path(i), {{"type", 4}, {"data", {{"content", std::string(2001, 'x')}}}}, false);
  ASSERT_EQ(long_content.status, 400);
  const auto body = json::parse(long_content.body);
  EXPECT_EQ(body["code"], 50035);
  EXPECT_EQ(body["errors"]["data"]["content"]["_errors"][0]["code"], "BASE_TYPE_MAX_LENGTH");

  json rows = json::array();
  for (int r = 0; r < 6; ++r) {
    rows.push_back({{"type", 1}, {"components", {{{"type", 2}, {"style", 1}, {"label", "b"}, {"custom_id", "b" + std::to_string(r)}}}}});
  }
  auto too_many_rows = call("POST", callback_path(i), {{"type", 4}, {"data", {{"content", "x"}, {"components", rows}}}}, false);
  EXPECT_EQ(too_many_rows.status, 400);
  EXPECT_EQ(code(too_many_rows), 50035);

  json embed = {{"title", std::string(256, 't')}, {"description", std::string(4096, 'd')},
                {"fields", {{{"name", "n"}, {"value", std::string(1024, 'v')}}, {{"name", "m"}, {"value", std::string(1024, 'v')}}}}};
  auto too_big = call("POST", callback_path(i), {{"type", 4}, {"data", {{"embeds", {embed}}}}}, false);
  EXPECT_EQ(too_big.status, 400);
  EXPECT_TRUE(json::parse(too_big.body)["errors"]["data"]["embeds"].contains("_errors"));

  auto bad_modal = call("POST", callback_path(i),
                        {{"type", 9}, {"data", {{"custom_id", "m"}, {"title", std::string(46, 'x')}, {"components", json::array()}}}}, false);
  EXPECT_EQ(bad_modal.status, 400);
  // None of these acknowledged the interaction: a valid answer still works.
  EXPECT_EQ(call("POST", callback_path(i), {{"type", 4}, {"data", {{"content", "ok"}}}}, false).status, 204);

  auto channel = sim->model().to_json()["guilds"][0]["channels"][0]["id"].get<std::string>();
  auto empty = call("POST", "/channels/" + channel + "/messages", json::object());
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(code(empty), 50035);
  auto wrong_type = http_request("127.0.0.1", sim->rest_port(), "POST", "/api/v10/channels/" + channel + "/messages",
                                 "content=hi", {{"Authorization", "Bot test-token"}, {"Content-Type", "text/plain"}});
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(code(wrong_type), 50035);
}

TEST_F(RestTest, RoleChangesAreValidatedAndReachTheGateway) {
  start();
  auto c = client();
  ASSERT_EQ((*c->identify("test-token", kAllIntents))["t"], "READY");
  for (int i = 0; i < 4; ++i) c->read();
  const auto model = sim->model().to_json();
  const auto& g = model["guilds"][0];
  std::string naib, admin_role;
  for (const auto& r : g["roles"]) {
    if (r["key"] == "naib") naib = r["id"];
    if (r["key"] == "admin") admin_role = r["id"];
  }
  const auto user = g["members"][5]["id"].get<std::string>();
  const auto gid = g["id"].get<std::string>();

  EXPECT_EQ(call("PUT", "/guilds/" + gid + "/members/" + user + "/roles/" + naib).status, 204);
  auto update = c->read_until("GUILD_MEMBER_UPDATE");
  ASSERT_TRUE(update);
  EXPECT_EQ((*update)["d"]["user"]["id"], user);
  const auto& roles = (*update)["d"]["roles"];
  EXPECT_NE(std::find(roles.begin(), roles.end(), json(naib)), roles.end());
  auto member = json::parse(call("GET", "/guilds/" + gid + "/members/" + user).body);
  EXPECT_NE(std::find(member["roles"].begin(), member["roles"].end(), json(naib)), member["roles"].end());

  EXPECT_EQ(code(call("PUT", "/guilds/1/members/" + user + "/roles/" + naib)), 10004);
  EXPECT_EQ(code(call("PUT", "/guilds/" + gid + "/members/1/roles/" + naib)), 10007);
  EXPECT_EQ(code(call("PUT", "/guilds/" + gid + "/members/" + user + "/roles/1")), 10011);
  auto above = call("PUT", "/guilds/" + gid + "/members/" + user + "/roles/" + admin_role);
  EXPECT_EQ(above.status, 403);
  EXPECT_EQ(code(above), 50013);
  EXPECT_EQ(call("DELETE", "/guilds/" + gid + "/members/" + user + "/roles/" + naib).status, 204);
  EXPECT_EQ(call("PUT", "/guilds/" + gid + "/members/" + user + "/roles/" + naib, nullptr, false).status, 401);
}

TEST_F(RestTest, RouteBucketLimitAndGlobalLimit) {
  auto o = test_options();
  o.time_factor = 1;
  o.global_rest_limit = 20;
  start(o);
  const auto model = sim->model().to_json();
  const auto gid = model["guilds"][0]["id"].get<std::string>();
  const auto user = model["guilds"][0]["members"][3]["id"].get<std::string>();
  for (int i = 0; i < 10; ++i) ASSERT_EQ(call("GET", "/guilds/" + gid + "/members/" + user).status, 200);
  auto limited = call("GET", "/guilds/" + gid + "/members/" + user);
  ASSERT_EQ(limited.status, 429);
  const auto body = json::parse(limited.body);
  EXPECT_TRUE(body["retry_after"].is_number_float());
  EXPECT_GT(body["retry_after"].get<double>(), 0.0);
  EXPECT_EQ(body["global"], false);
  EXPECT_EQ(limited.headers["x-ratelimit-scope"], "user");
  EXPECT_FALSE(limited.headers["retry-after"].empty());
  // Another guild is another bucket (the major parameter).
  const auto gid2 = model["guilds"][1]["id"].get<std::string>();
  const auto user2 = model["guilds"][1]["members"][3]["id"].get<std::string>();
  EXPECT_EQ(call("GET", "/guilds/" + gid2 + "/members/" + user2).status, 200);

  // The global limit (20/s here): spread over guilds so no route bucket fills first.
  int global_hits = 0;
  for (int i = 0; i < 60 && global_hits == 0; ++i) {
    const auto& g = model["guilds"][static_cast<std::size_t>(i % 4)];
    auto r = call("GET", "/guilds/" + g["id"].get<std::string>() + "/members/" + g["members"][static_cast<std::size_t>(i % 20)]["id"].get<std::string>());
    if (r.status == 429 && r.headers["x-ratelimit-scope"] == "global") {
      ++global_hits;
      EXPECT_EQ(r.headers["x-ratelimit-global"], "true");
      EXPECT_EQ(json::parse(r.body)["global"], true);
    }
  }
  EXPECT_EQ(global_hits, 1);
  // Interaction routes are exempt from the global limit.
  const auto i = command();
  EXPECT_EQ(call("POST", callback_path(i), {{"type", 5}}, false).status, 204);
}

TEST_F(RestTest, InjectedStormsAndServerErrors) {
  start();
  const auto gid = sim->model().to_json()["guilds"][0]["id"].get<std::string>();
  auto fault = http_request("127.0.0.1", sim->rest_port(), "POST", "/control/faults",
                            R"({"rate_limit_storm":{"route":"/members/","duration":60000},"server_error":{"route":"/gateway/bot","status":503,"count":2}})");
  ASSERT_EQ(fault.status, 200);
  auto storm = call("GET", "/guilds/" + gid + "/members/1");
  EXPECT_EQ(storm.status, 429);
  EXPECT_EQ(storm.headers["x-ratelimit-scope"], "shared");
  EXPECT_EQ(call("GET", "/gateway/bot").status, 503);
  EXPECT_EQ(call("GET", "/gateway/bot").status, 503);
  EXPECT_EQ(call("GET", "/gateway/bot").status, 200);
  const auto stats = json::parse(http_request("127.0.0.1", sim->rest_port(), "GET", "/control/stats").body);
  EXPECT_EQ(stats["errors_by_status"]["503"], 2);
  EXPECT_EQ(stats["errors_by_status"]["429"], 1);
}

// The onboarding wizard's path: the bot DMs a button, the member clicks it in the DM (a DM
// interaction: user, no member, no guild, channel type 1), the click opens a modal, the member
// submits it, still in the DM. Both are triggered through the control API's scenario.
TEST_F(RestTest, AButtonTheBotSentByDmIsClickedAndItsModalSubmittedInTheDm) {
  start();
  auto c = client();
  ASSERT_EQ((*c->identify("test-token", kAllIntents))["t"], "READY");
  std::string member;
  const auto model = sim->model().to_json();
  for (const auto& m : model["guilds"][0]["members"]) {
    if (!m["bot"] && !m["blocks_dms"]) {
      member = m["id"];
      break;
    }
  }
  ASSERT_FALSE(member.empty());
  const auto scenario = [&](const std::string& lines) {
    const auto r = http_request("127.0.0.1", sim->rest_port(), "POST", "/control/scenario", lines);
    EXPECT_EQ(r.status, 200);
    return json::parse(r.body);
  };
  EXPECT_EQ(scenario(R"({"kind":"component","dm":true})" "\n")["errors"].size(), 1u) << "nothing offered by DM yet";

  const auto dm = json::parse(call("POST", "/users/@me/channels", {{"recipient_id", member}}).body)["id"].get<std::string>();
  const json button = {{"type", 1}, {"components", {{{"type", 2}, {"style", 1}, {"label", "Next"}, {"custom_id", "wizard:next"}}}}};
  const auto sent = call("POST", "/channels/" + dm + "/messages", {{"content", "step 1"}, {"components", {button}}});
  ASSERT_EQ(sent.status, 200);
  const auto message_id = json::parse(sent.body)["id"];

  const auto clicked = scenario(R"({"kind":"component","custom_id":"wizard:next","user":")" + member + "\"}\n");
  ASSERT_EQ(clicked["interactions"].size(), 1u) << clicked.dump();
  const auto click = c->read_until("INTERACTION_CREATE");
  ASSERT_TRUE(click);
  const auto& d = (*click)["d"];
  EXPECT_EQ(d["token"], clicked["interactions"][0]["token"]);
  EXPECT_EQ(d["type"], 3);
  EXPECT_FALSE(d.contains("guild_id"));
  EXPECT_FALSE(d.contains("member"));
  EXPECT_EQ(d["user"]["id"], member);
  EXPECT_EQ(d["channel_id"], dm);
  EXPECT_EQ(d["channel"]["type"], 1);
  EXPECT_EQ(d["context"], 1);
  EXPECT_EQ(d["data"]["custom_id"], "wizard:next");
  EXPECT_EQ(d["message"]["id"], message_id);

  const IssuedInteraction issued{std::stoull(d["id"].get<std::string>()), d["token"].get<std::string>()};
  const json modal = {{"type", 9},
                      {"data", {{"custom_id", "wizard:nym"}, {"title", "Your nym"},
                                {"components", {{{"type", 18}, {"label", "Nym"}, {"component", {{"type", 4}, {"custom_id", "nym"}, {"style", 1}}}}}}}}};
  ASSERT_EQ(call("POST", callback_path(issued), modal, false).status, 204);
  const auto submitted = scenario(R"({"kind":"modal_submit","custom_id":"wizard:nym","dm":true,"fields":{"nym":"Usul"}})" "\n");
  ASSERT_EQ(submitted["interactions"].size(), 1u) << submitted.dump();
  const auto submit = c->read_until("INTERACTION_CREATE");
  ASSERT_TRUE(submit);
  const auto& s = (*submit)["d"];
  EXPECT_EQ(s["type"], 5);
  EXPECT_FALSE(s.contains("guild_id"));
  EXPECT_EQ(s["user"]["id"], member);
  EXPECT_EQ(s["channel"]["type"], 1);
  EXPECT_EQ(s["message"]["id"], message_id) << "opened from the DM's button";
  EXPECT_EQ(s["data"]["components"][0]["component"]["value"], "Usul");
  // A modal opened from a message may update it (type 6), in a DM as in a guild.
  const IssuedInteraction submit_issued{std::stoull(s["id"].get<std::string>()), s["token"].get<std::string>()};
  EXPECT_EQ(call("POST", callback_path(submit_issued), {{"type", 6}}, false).status, 204);
}

TEST_F(RestTest, DirectMessagesAndChannelMessages) {
  start();
  auto c = client();
  ASSERT_EQ((*c->identify("test-token", kAllIntents))["t"], "READY");
  const auto model = sim->model().to_json();
  std::string open_user, blocking_user;
  for (const auto& g : model["guilds"]) {
    for (const auto& m : g["members"]) {
      if (m["bot"]) continue;
      if (m["blocks_dms"] && blocking_user.empty()) blocking_user = m["id"];
      if (!m["blocks_dms"] && open_user.empty()) open_user = m["id"];
    }
  }
  ASSERT_FALSE(blocking_user.empty());
  auto dm = call("POST", "/users/@me/channels", {{"recipient_id", open_user}});
  ASSERT_EQ(dm.status, 200);
  const auto dm_id = json::parse(dm.body)["id"].get<std::string>();
  EXPECT_EQ(json::parse(call("POST", "/users/@me/channels", {{"recipient_id", open_user}}).body)["id"], dm_id);
  EXPECT_EQ(call("POST", "/channels/" + dm_id + "/messages", {{"content", "welcome"}}).status, 200);
  auto blocked_dm = json::parse(call("POST", "/users/@me/channels", {{"recipient_id", blocking_user}}).body)["id"].get<std::string>();
  auto blocked = call("POST", "/channels/" + blocked_dm + "/messages", {{"content", "welcome"}});
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(code(blocked), 50007);
  EXPECT_EQ(code(call("POST", "/channels/1/messages", {{"content", "x"}})), 10003);

  const auto channel = model["guilds"][0]["channels"][1]["id"].get<std::string>();
  auto posted = call("POST", "/channels/" + channel + "/messages", {{"content", "census"}});
  ASSERT_EQ(posted.status, 200);
  std::optional<json> created;
  do {
    created = c->read_until("MESSAGE_CREATE");
    ASSERT_TRUE(created);
  } while ((*created)["d"]["content"] != "census");
  EXPECT_EQ((*created)["d"]["guild_id"], model["guilds"][0]["id"]);
  EXPECT_EQ((*created)["d"]["author"]["bot"], true);
}

TEST_F(RestTest, ApplicationCommandsPerScopeWithDiscordsValidation) {
  start();
  const auto app = std::to_string(sim->model().application_id());
  const auto guild = std::to_string(sim->model().guild_ids()[0]);
  const auto other_guild = std::to_string(sim->model().guild_ids()[1]);
  const std::string global = "/applications/" + app + "/commands";
  const std::string in_guild = "/applications/" + app + "/guilds/" + guild + "/commands";
  const json defs = json::array({{{"name", "stats"}, {"description", "Your stats"}, {"default_member_permissions", nullptr}},
                                 {{"name", "naib"}, {"description", "The Naib"}, {"type", 1}}});

  auto r = call("PUT", in_guild, defs);
  ASSERT_EQ(r.status, 200) << r.body;
  auto registered = json::parse(r.body);
  ASSERT_EQ(registered.size(), 2u);
  EXPECT_EQ(registered[0]["guild_id"], guild);
  EXPECT_EQ(registered[0]["application_id"], app);
  EXPECT_TRUE(registered[0]["id"].is_string());
  // Stored per scope: the guild has them, the global scope and another guild do not.
  EXPECT_EQ(json::parse(call("GET", in_guild).body), registered);
  EXPECT_EQ(json::parse(call("GET", global).body), json::array());
  EXPECT_EQ(json::parse(call("GET", "/applications/" + app + "/guilds/" + other_guild + "/commands").body), json::array());
  // A command keeps its id across overwrites.
  r = call("PUT", in_guild, json::array({defs[0]}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)[0]["id"], registered[0]["id"]);
  EXPECT_EQ(json::parse(call("GET", in_guild).body).size(), 1u);

  // A broken definition: 400/50035 with the error at the command's index, nothing stored.
  json broken = defs;
  broken[1]["options"] = json::array({{{"name", "Who"}, {"type", 6}, {"description", "member"}}});
  r = call("PUT", global, broken);
  ASSERT_EQ(r.status, 400) << r.body;
  const auto body = json::parse(r.body);
  EXPECT_EQ(body["code"], 50035);
  EXPECT_EQ(body["errors"]["1"]["options"]["0"]["name"]["_errors"][0]["code"], "APPLICATION_COMMAND_INVALID_NAME") << body;
  EXPECT_EQ(json::parse(call("GET", global).body), json::array());

  // Another application, an unknown guild, no bot token.
  EXPECT_EQ(call("GET", "/applications/1/commands").status, 403);
  EXPECT_EQ(call("GET", "/applications/" + app + "/guilds/1/commands").status, 404);
  EXPECT_EQ(call("PUT", global, defs, false).status, 401);
}

}  // namespace
}  // namespace arrakis::discord_sim::testing
