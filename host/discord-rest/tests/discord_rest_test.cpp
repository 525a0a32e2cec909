// DiscordRest against discord-sim in-process: every endpoint the worker uses, and the behaviour
// under Discord's limits and failures (429 storms, the global limit, 5xx, 4xx, no answer at all).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "arrakis/discord_rest.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/event_factory.hpp"
#include "arrakis/discord_sim/faults.hpp"
#include "arrakis/discord_sim/gateway_server.hpp"
#include "arrakis/discord_sim/rate_limiter.hpp"
#include "arrakis/discord_sim/recorder.hpp"
#include "arrakis/discord_sim/simulator.hpp"
#include "arrakis/http_server.hpp"
#include "arrakis/testing/child_process.hpp"

namespace arrakis::discord {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
namespace sim = arrakis::discord_sim;

constexpr const char* kBotToken = "rest-test-bot-token";

sim::Options sim_options() {
  sim::Options o;
  o.guilds = 2;
  o.members_per_guild = 30;
  o.seed = 7;
  o.time_factor = 1;  // real Discord windows: interactions live 3 s / 15 min
  o.bot_token = kBotToken;
  o.rest_threads = 4;
  return o;
}

class DiscordRestTest : public ::testing::Test {
 protected:
  void SetUp() override { start(sim_options()); }

  void start(sim::Options o) {
    rest.reset();
    simulator = std::make_unique<sim::Simulator>(std::move(o));
    model = simulator->model().to_json();
    rest = std::make_unique<DiscordRest>(options());
  }

  DiscordRest::Options options() {
    DiscordRest::Options o;
    o.api_base = simulator->api_base();
    o.bot_token = kBotToken;
    o.application_id = std::to_string(simulator->model().application_id());
    o.retry_backoff = 20ms;
    o.timeout = 5000ms;
    return o;
  }

  sim::IssuedInteraction command(const std::string& name = "stats") {
    std::mt19937_64 rng(11);
    auto built = simulator->events().random_command(simulator->model().guild_ids()[0], rng, name);
    EXPECT_TRUE(built);
    simulator->gateway().dispatch(built->dispatch);
    return built->issued;
  }

  std::string guild(std::size_t i = 0) { return model["guilds"][i]["id"].get<std::string>(); }
  std::string member(std::size_t g, std::size_t m) { return model["guilds"][g]["members"][m]["id"].get<std::string>(); }
  std::string role(const std::string& key, std::size_t g = 0) {
    for (const auto& r : model["guilds"][g]["roles"]) {
      if (r["key"] == key) return r["id"];
    }
    ADD_FAILURE() << "no role " << key;
    return {};
  }
  std::string role_of(const std::string& key) { return role(key); }
  std::string channel(std::size_t g = 0, std::size_t c = 1) { return model["guilds"][g]["channels"][c]["id"].get<std::string>(); }

  // REST records whose path contains `part`.
  std::vector<json> records(const std::string& part) {
    std::vector<json> out;
    const auto all = simulator->recorder().records(0, 100000);
    for (const auto& r : all["records"]) {
      if (r.value("kind", "") == "rest" && r.value("path", "").find(part) != std::string::npos) out.push_back(r);
    }
    return out;
  }
  static int count_status(const std::vector<json>& rs, int status) {
    return static_cast<int>(std::count_if(rs.begin(), rs.end(), [&](const json& r) { return r.value("status", 0) == status; }));
  }

  std::unique_ptr<sim::Simulator> simulator;
  json model;
  std::unique_ptr<DiscordRest> rest;

 public:
  std::string guild_id(std::size_t g) { return guild(g); }
  std::string member_id(std::size_t g, std::size_t m) { return member(g, m); }
};

TEST_F(DiscordRestTest, DeferEditAndFollowUpAnInteraction) {
  const auto i = command();
  const auto deferred = rest->interaction_callback(std::to_string(i.id), i.token, {{"type", 5}, {"data", {{"flags", 64}}}});
  EXPECT_EQ(deferred.status, 204) << deferred.body;

  const auto edited = rest->edit_original(i.token, {{"content", "Your rank is 3"}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json()["content"], "Your rank is 3");

  const auto followup = rest->followup(i.token, {{"content", "one more thing"}, {"flags", 64}});
  ASSERT_EQ(followup.status, 200) << followup.body;
  EXPECT_TRUE(followup.json()["id"].is_string());
  EXPECT_EQ(followup.json()["content"], "one more thing");
  EXPECT_EQ(records("wait=true").size(), 1u) << "follow-ups wait for the message";

  // A second callback is a 4xx: returned at once, never retried.
  const auto again = rest->interaction_callback(std::to_string(i.id), i.token, {{"type", 5}});
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.discord_code, 40060);
  EXPECT_EQ(again.attempts, 1);
  EXPECT_EQ(rest->stats().retries, 0u);
}

TEST_F(DiscordRestTest, ClientErrorsAreReturnedWithoutRetry) {
  const auto unknown = rest->interaction_callback("123456789", "not-a-token", {{"type", 5}});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.discord_code, 10062);
  EXPECT_EQ(unknown.attempts, 1);

  const auto i = command();
  const auto invalid = rest->interaction_callback(std::to_string(i.id), i.token,
                                                  {{"type", 4}, {"data", {{"content", std::string(2001, 'x')}}}});
  EXPECT_EQ(invalid.status, 400);
  EXPECT_EQ(invalid.discord_code, 50035);
  EXPECT_EQ(invalid.attempts, 1);

  const auto empty_post = rest->post_message(channel(), json::object());
  EXPECT_EQ(empty_post.discord_code, 50035);
  EXPECT_EQ(empty_post.attempts, 1);
  EXPECT_EQ(records("/callback").size(), 2u);
  EXPECT_EQ(rest->stats().retries, 0u);
}

TEST_F(DiscordRestTest, RolesAndMembersWithTheBotToken) {
  const auto g = guild(), u = member(0, 5), naib = role("naib");
  const auto added = rest->add_role(g, u, naib, "Seated as Naib (rank 3)");
  EXPECT_EQ(added.status, 204) << added.body;
  auto roles = rest->get_member(g, u).json()["roles"];
  EXPECT_NE(std::find(roles.begin(), roles.end(), json(naib)), roles.end());

  EXPECT_EQ(rest->remove_role(g, u, naib, "Unseated").status, 204);
  const auto fetched = rest->get_member(g, u);
  ASSERT_EQ(fetched.status, 200);
  EXPECT_EQ(fetched.json()["user"]["id"], u);
  roles = fetched.json()["roles"];
  EXPECT_EQ(std::find(roles.begin(), roles.end(), json(naib)), roles.end());

  const auto unknown_role = rest->add_role(g, u, "1");
  EXPECT_EQ(unknown_role.status, 404);
  EXPECT_EQ(unknown_role.discord_code, 10011);
  const auto not_member = rest->get_member(g, "1");
  EXPECT_EQ(not_member.discord_code, 10007);
  EXPECT_EQ(rest->stats().retries, 0u);
}

TEST_F(DiscordRestTest, DirectMessagesReuseTheirChannel) {
  std::string open_user, blocking_user;
  for (const auto& m : model["guilds"][0]["members"]) {
    if (m["bot"]) continue;
    if (m["blocks_dms"] && blocking_user.empty()) blocking_user = m["id"];
    if (!m["blocks_dms"] && open_user.empty()) open_user = m["id"];
  }
  ASSERT_FALSE(open_user.empty());
  const auto first = rest->send_dm(open_user, {{"content", "Welcome to the Sietch"}});
  ASSERT_EQ(first.status, 200) << first.body;
  const auto second = rest->send_dm(open_user, {{"content", "Step 2"}});
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(first.json()["channel_id"], second.json()["channel_id"]);
  EXPECT_EQ(records("/users/@me/channels").size(), 1u) << "the DM channel is opened once";

  if (!blocking_user.empty()) {
    const auto blocked = rest->send_dm(blocking_user, {{"content", "hello"}});
    EXPECT_EQ(blocked.status, 403);
    EXPECT_EQ(blocked.discord_code, 50007);
  }
  const auto posted = rest->post_message(channel(), {{"content", "The census is out"}});
  ASSERT_EQ(posted.status, 200);
  EXPECT_EQ(posted.json()["channel_id"], channel());
}

TEST_F(DiscordRestTest, RateLimitStormIsWaitedOutAndEveryCallSucceeds) {
  const auto target = "/channels/" + channel() + "/messages";
  simulator->rate_limiter().set_default_limit({50, 1000ms});  // the storm, not the route limit
  simulator->faults().add_storm(target, 1500ms);
  constexpr int kThreads = 3, kPerThread = 3;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0; n < kPerThread; ++n) {
        if (rest->post_message(channel(), {{"content", "storm " + std::to_string(t * 10 + n)}}).ok()) ++ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), kThreads * kPerThread);

  // Inside the storm every request is answered 429, so a client that sent anything within
  // retry_after would show more of them: one per request already on its way at most.
  const auto seen = records(target);
  const int limited = count_status(seen, 429);
  EXPECT_GE(limited, 1);
  EXPECT_LE(limited, kThreads);
  EXPECT_EQ(count_status(seen, 200), kThreads * kPerThread);
  EXPECT_EQ(rest->stats().rate_limited, static_cast<std::uint64_t>(limited));
}

TEST_F(DiscordRestTest, RouteBucketsAreLearnedAndNeverOverrun) {
  // A small per-route limit: a client that ignores X-RateLimit-Remaining would be answered 429.
  simulator->rate_limiter().set_route_limit("GET /guilds/{g}/members/{u}", {3, 400ms});
  const auto g = guild();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0; n < 4; ++n) {
        if (rest->get_member(g, member(0, static_cast<std::size_t>(2 + t * 4 + n))).ok()) ++ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 12);
  EXPECT_EQ(count_status(records("/guilds/"), 429), 0);
  EXPECT_EQ(rest->stats().rate_limited, 0u);
}

// The simulator's global limit is lowered to 10/s (and ours with it) so a Debug build on a busy
// machine reaches it; the logic is the same as at 50/s.
constexpr int kGlobalLimit = 10;

// Runs `threads` x `per_thread` get_member calls spread over both guilds; returns how many succeeded.
int spread_member_lookups(DiscordRest& rest, DiscordRestTest& t, int threads, int per_thread);

TEST_F(DiscordRestTest, BotRequestsStayUnderTheGlobalLimit) {
  auto so = sim_options();
  so.global_rest_limit = kGlobalLimit;
  start(so);
  // Only the global limit can bite.
  simulator->rate_limiter().set_route_limit("GET /guilds/{g}/members/{u}", {1000, 1000ms});
  auto o = options();
  // 8 per 1.05 s against the server's 10 per second: on a loaded 2-core test machine the delay
  // between our send and the simulator's count varies by more than the limiter's 50 ms margin, so
  // two requests of slack keep this test about pacing, not about scheduler jitter.
  o.global_per_second = kGlobalLimit - 2;
  rest = std::make_unique<DiscordRest>(o);
  EXPECT_EQ(spread_member_lookups(*rest, *this, 4, 8), 32);
  EXPECT_EQ(count_status(records("/guilds/"), 429), 0) << "never into the global limit";
  EXPECT_GT(rest->stats().global_waits, 0u);
  // Interaction routes are exempt: a callback is not held behind the bot's global limit.
  const auto i = command();
  EXPECT_EQ(rest->interaction_callback(std::to_string(i.id), i.token, {{"type", 5}}).status, 204);
}

TEST_F(DiscordRestTest, AGlobal429PausesEveryBotRequest) {
  auto so = sim_options();
  so.global_rest_limit = kGlobalLimit;
  start(so);
  simulator->rate_limiter().set_route_limit("GET /guilds/{g}/members/{u}", {1000, 1000ms});
  auto o = options();
  o.global_per_second = 10000;  // pretend not to know the limit: only the server's 429s hold us back
  rest = std::make_unique<DiscordRest>(o);
  constexpr int kThreads = 4, kPerThread = 8;
  EXPECT_EQ(spread_member_lookups(*rest, *this, kThreads, kPerThread), kThreads * kPerThread);
  // 32 requests at 10 per second cross at most 4 window ends; at each, only the requests already
  // sent (one per thread) can meet the 429 before every bot request pauses.
  const auto limited = count_status(records("/guilds/"), 429);
  EXPECT_GE(limited, 1);
  EXPECT_LE(limited, kThreads * 4);
  EXPECT_EQ(rest->stats().rate_limited, static_cast<std::uint64_t>(limited));
  EXPECT_GT(rest->stats().global_waits, 0u);
}

int spread_member_lookups(DiscordRest& rest, DiscordRestTest& t, int threads, int per_thread) {
  std::atomic<int> ok{0};
  std::vector<std::thread> pool;
  for (int n = 0; n < threads; ++n) {
    pool.emplace_back([&, n] {
      for (int k = 0; k < per_thread; ++k) {
        const auto g = static_cast<std::size_t>((n + k) % 2);
        if (rest.get_member(t.guild_id(g), t.member_id(g, static_cast<std::size_t>(k % 20))).ok()) ++ok;
      }
    });
  }
  for (auto& th : pool) th.join();
  return ok.load();
}

TEST_F(DiscordRestTest, ServerErrorsAreRetriedWithBackOff) {
  const auto g = guild(), u = member(0, 4);
  simulator->faults().add_server_error("/guilds/" + g + "/members/" + u, 502, 2);
  const auto fetched = rest->get_member(g, u);
  EXPECT_EQ(fetched.status, 200);
  EXPECT_EQ(fetched.attempts, 3);
  EXPECT_EQ(rest->stats().server_errors, 2u);

  simulator->faults().add_server_error("/channels/", 503, 100);
  const auto failed = rest->post_message(channel(), {{"content", "x"}});
  EXPECT_EQ(failed.status, 503);
  EXPECT_EQ(failed.attempts, 4) << "1 + max_retries";
}

TEST(DiscordRestNetwork, NoAnswerIsRetriedThenReportedWithoutTheToken) {
  DiscordRest::Options o;
  o.api_base = "http://127.0.0.1:" + std::to_string(arrakis::testing::free_port()) + "/api/v10";
  o.bot_token = kBotToken;
  o.max_retries = 2;
  o.retry_backoff = 10ms;
  DiscordRest rest(o);
  const auto r = rest.get_member("1", "2");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(r.body.find(kBotToken), std::string::npos);
  EXPECT_EQ(rest.stats().network_errors, 3u);
}

// What goes on the wire, seen by a bare HTTP server standing in for Discord.
TEST(DiscordRestWire, BotTokenOnlyOnBotRoutesAndReasonsEncoded) {
  std::mutex mutex;
  std::vector<http::Request> seen;
  http::Server server({}, [&](const http::Request& request) {
    std::lock_guard lock(mutex);
    seen.push_back(request);
    http::Response response;
    if (request.path.find("/users/@me/channels") != std::string::npos) {
      response.body = R"({"id":"555","type":1})";
    } else if (request.method == "PUT" || request.path.find("/callback") != std::string::npos) {
      response.status = 204;
    } else {
      response.body = R"({"id":"1"})";
    }
    return response;
  });
  DiscordRest::Options o;
  o.api_base = "http://127.0.0.1:" + std::to_string(server.port()) + "/api/v10";
  o.bot_token = kBotToken;
  o.application_id = "4242";
  DiscordRest rest(o);

  EXPECT_TRUE(rest.interaction_callback("99", "itoken", {{"type", 5}}).ok());
  EXPECT_TRUE(rest.followup("itoken", {{"content", "a"}}).ok());
  EXPECT_TRUE(rest.edit_original("itoken", {{"content", "b"}}).ok());
  EXPECT_TRUE(rest.add_role("10", "20", "30", "Eligible: rank 12 / 100").ok());
  EXPECT_TRUE(rest.send_dm("20", {{"content", "c"}}).ok());

  std::lock_guard lock(mutex);
  ASSERT_EQ(seen.size(), 6u);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"POST", "/api/v10/interactions/99/itoken/callback"},
      {"POST", "/api/v10/webhooks/4242/itoken?wait=true"},
      {"PATCH", "/api/v10/webhooks/4242/itoken/messages/@original"},
      {"PUT", "/api/v10/guilds/10/members/20/roles/30"},
      {"POST", "/api/v10/users/@me/channels"},
      {"POST", "/api/v10/channels/555/messages"}};
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].method, expected[i].first);
    EXPECT_EQ(seen[i].target, expected[i].second);
    const bool bot = i >= 3;
    EXPECT_EQ(seen[i].headers.count("authorization"), bot ? 1u : 0u) << seen[i].target;
    if (bot) {
      EXPECT_EQ(seen[i].headers.at("authorization"), std::string("Bot ") + kBotToken);
    }
    EXPECT_EQ(seen[i].headers.at("user-agent"), "DiscordBot (arrakis, 0.1)");
  }
  EXPECT_EQ(seen[0].headers.at("content-type").rfind("application/json", 0), 0u);
  EXPECT_EQ(json::parse(seen[0].body), json({{"type", 5}}));
  EXPECT_EQ(seen[3].headers.at("x-audit-log-reason"), "Eligible%3A%20rank%2012%20%2F%20100");
  EXPECT_EQ(seen[3].headers.count("x-audit-log-reason"), 1u);
  EXPECT_EQ(seen[4].body, R"({"recipient_id":"20"})");
}

TEST_F(DiscordRestTest, GuildRolesAndChannelsAreReadCreatedAndChanged) {
  const auto g = guild();
  const auto fetched = rest->get_guild(g);
  ASSERT_EQ(fetched.status, 200) << fetched.body;
  EXPECT_EQ(fetched.json()["name"], model["guilds"][0]["name"]);
  EXPECT_EQ(fetched.json()["owner_id"], model["guilds"][0]["owner_id"]);

  const auto created = rest->create_role(g, {{"name", "Spice Council"}, {"color", 0xC2B280}}, "Setup wizard");
  ASSERT_EQ(created.status, 200) << created.body;
  const auto id = created.json()["id"].get<std::string>();
  const auto listed = rest->list_roles(g).json();
  EXPECT_TRUE(std::any_of(listed.begin(), listed.end(), [&](const json& r) { return r["id"] == id; }));

  // Name and colour through the role route, the position through the positions route.
  const auto modified = rest->modify_role(g, id, {{"name", "Council"}, {"color", 0x123456}, {"position", 4}}, "rename");
  ASSERT_EQ(modified.status, 200) << modified.body;
  EXPECT_EQ(modified.json()["name"], "Council");
  EXPECT_EQ(modified.json()["color"], 0x123456);
  EXPECT_EQ(modified.json()["position"], 4);
  const auto moves = records("/guilds/" + g + "/roles");
  ASSERT_EQ(moves.size(), 4u);  // create, list, positions, edit
  EXPECT_EQ(moves[2]["method"], "PATCH");
  EXPECT_EQ(json::parse(moves[2]["body"].get<std::string>()), json::parse(R"([{"id":")" + id + R"(","position":4}])"));
  EXPECT_EQ(moves[3]["path"], "/api/v10/guilds/" + g + "/roles/" + id);
  EXPECT_EQ(moves[0]["audit_log_reason"], "Setup wizard");
  const auto moved_only = rest->modify_role(g, id, {{"position", 2}});
  ASSERT_EQ(moved_only.status, 200);
  EXPECT_EQ(moved_only.json()["id"], id) << "the role object, not the whole list";
  EXPECT_EQ(moved_only.json()["position"], 2);

  const json overwrites = json::array({{{"id", g}, {"type", 0}, {"deny", "1024"}}, {{"id", id}, {"type", 0}, {"allow", "1024"}}});
  const auto channel_made = rest->create_channel(g, {{"name", "council"}, {"type", 0}, {"permission_overwrites", overwrites}},
                                                 "Setup wizard");
  ASSERT_EQ(channel_made.status, 201) << channel_made.body;
  const auto channels = rest->list_channels(g).json();
  EXPECT_TRUE(std::any_of(channels.begin(), channels.end(), [&](const json& c) {
    return c["id"] == channel_made.json()["id"] && c["permission_overwrites"].size() == 2;
  }));
  EXPECT_EQ(records("/guilds/" + g + "/channels")[0]["audit_log_reason"], "Setup wizard");
  EXPECT_EQ(rest->stats().retries, 0u);
}

TEST_F(DiscordRestTest, UnknownGuildObjectsAre404WithDiscordsCodes) {
  const auto g = guild();
  EXPECT_EQ(rest->get_guild("1").discord_code, 10004);
  const auto role = rest->modify_role(g, "1", {{"name", "x"}});
  EXPECT_EQ(role.status, 404);
  EXPECT_EQ(role.discord_code, 10011);
  const auto moved = rest->modify_role(g, "1", {{"position", 2}});
  EXPECT_EQ(moved.discord_code, 10011);
  const auto message = rest->edit_message(channel(), "1", {{"content", "x"}});
  EXPECT_EQ(message.status, 404);
  EXPECT_EQ(message.discord_code, 10008);
  EXPECT_EQ(rest->edit_message("1", "1", {{"content", "x"}}).discord_code, 10003);
  const auto above = rest->modify_role(g, role_of("admin"), {{"name", "mine"}});
  EXPECT_EQ(above.status, 403);
  EXPECT_EQ(above.discord_code, 50013);
  EXPECT_EQ(rest->stats().retries, 0u);
}

TEST_F(DiscordRestTest, FilesGoOutAsMultipartOnEveryKindOfMessage) {
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, '\x01');
  const Files badge = {{"badge.png", "image/png", png}};
  const auto check = [&](const RestResponse& r, const json& message) {
    ASSERT_LT(r.status, 300) << r.body;
    ASSERT_EQ(message["attachments"].size(), 1u) << message.dump();
    EXPECT_EQ(message["attachments"][0]["filename"], "badge.png");
    EXPECT_EQ(message["attachments"][0]["size"], png.size());
    EXPECT_EQ(message["attachments"][0]["content_type"], "image/png");
  };
  const auto posted = rest->post_message(channel(), {{"content", "your badge"}}, badge);
  check(posted, posted.json());
  const auto id = posted.json()["id"].get<std::string>();
  const auto edited = rest->edit_message(channel(), id, {{"content", "your new badge"}, {"attachments", json::array()}}, badge);
  check(edited, edited.json());
  EXPECT_EQ(edited.json()["content"], "your new badge");

  const auto i = command();
  const auto answered = rest->interaction_callback(std::to_string(i.id), i.token, {{"type", 4}, {"data", {{"content", "here"}}}}, badge);
  ASSERT_EQ(answered.status, 204) << answered.body;
  const auto followed = rest->followup(i.token, {{"content", "and here"}}, badge);
  check(followed, followed.json());
  const auto re_edited = rest->edit_original(i.token, {{"content", "edited"}}, badge);
  check(re_edited, re_edited.json());

  std::string member_id;
  for (const auto& m : model["guilds"][0]["members"]) {
    if (!m["bot"] && !m["blocks_dms"]) member_id = m["id"];
  }
  const auto dm = rest->send_dm(member_id, {{"content", "private badge"}}, badge);
  check(dm, dm.json());

  // What went over the wire: a payload_json listing the file, and the file part itself.
  for (const auto& r : records("/")) {
    if (r["method"] == "GET" || r.value("path", "").find("/users/@me/channels") != std::string::npos) continue;
    ASSERT_EQ(r["files"].size(), 1u) << r.dump();
    EXPECT_EQ(r["files"][0]["field"], "files[0]");
    EXPECT_EQ(r["files"][0]["content_type"], "image/png");
    EXPECT_EQ(r["files"][0]["size"], png.size());
    auto payload = json::parse(r["body"].get<std::string>());
    if (r["path"].get<std::string>().ends_with("/callback")) payload = payload["data"];
    EXPECT_EQ(payload["attachments"].back(), json::parse(R"({"id":0,"filename":"badge.png"})"));
  }
}

}  // namespace
}  // namespace arrakis::discord
