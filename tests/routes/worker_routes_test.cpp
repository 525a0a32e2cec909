// The public route listener through a real arrakis-worker (RabbitMQ, Redis, PostgreSQL and
// discord-sim): the HTTP event a plugin receives (plugin_events.h), the client address behind a
// trusted proxy, minimum response times, and route tenants under row-level security.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "arrakis/database.hpp"
#include "arrakis/testing/http_client.hpp"
#include "arrakis/testing/servers.hpp"
#include "worker_harness.hpp"

namespace {

namespace fs = std::filesystem;
using namespace arrakis;
using namespace arrakis::testing;
using namespace std::chrono_literals;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

void add_routes_fixture(WorkerHarness& h) {
  fs::copy_file(fs::path(ARRAKIS_ROUTE_FIXTURES) / "libroutes-fixture.so", h.root() / "plugins" / "libroutes-fixture.so",
                fs::copy_options::overwrite_existing);
}

void start(WorkerHarness& h, const std::string& trusted_proxies) {
  add_routes_fixture(h);
  for (const char* name : {"DATABASE_JOBS_URL", "DATABASE_HOST_URL"}) {
    if (const char* v = std::getenv(name); v && *v) h.extra_env[name] = v;
  }
  h.extra_env["ARRAKIS_TRUSTED_PROXIES"] = trusted_proxies;
  h.start_worker();
  ASSERT_TRUE(h.wait_for_health(200, 30s)) << h.worker().log();
}

HttpResult route(WorkerHarness& h, const std::string& method, const std::string& target, const std::string& body = {},
                 const std::map<std::string, std::string>& headers = {}) {
  return http_request("127.0.0.1", h.routes_port(), method, target, body, headers);
}

// Runs `statements` as the admin role in one transaction.
void admin_exec(db::Pool& admin, const std::vector<std::string>& statements) {
  admin.transaction([&](pqxx::work& tx) {
    for (const auto& s : statements) tx.exec(s);
  });
}

std::string community_of(db::Pool& admin, const std::string& guild_id) {
  return admin.transaction([&](pqxx::work& tx) {
    return tx
        .exec_params1("INSERT INTO communities (discord_guild_id) VALUES ($1) ON CONFLICT (discord_guild_id) "
                      "DO UPDATE SET is_active = true RETURNING id::text",
                      guild_id)[0]
        .as<std::string>();
  });
}

TEST(WorkerRoutes, PluginReceivesHeadersParamsQueryAndTheUntrustedPeerAsClient) {
  WorkerHarness h;
  start(h, "10.0.0.0/8");  // the test's own connections (127.0.0.1) are not a trusted proxy

  auto r = route(h, "GET", "/fx/echo/a%2Fb/c%20d?x=1&y=a+b&x=2&empty", {},
                 {{"X-Custom-Header", "Value 1"}, {"X-Forwarded-For", "198.51.100.7"}, {"Origin", "https://x.test"},
                  {"Authorization", "Bearer plugin-sees-it"}});
  ASSERT_EQ(r.status, 200) << r.body << h.worker().log();
  const auto e = json::parse(r.body);
  EXPECT_EQ(e["method"], "GET");
  EXPECT_EQ(e["route"], "/fx/echo/{a}/{b}");
  EXPECT_EQ(e["params"], (json{{"a", "a/b"}, {"b", "c d"}})) << "segments are decoded after splitting";
  EXPECT_EQ(e["path"], "/fx/echo/a/b/c d");
  EXPECT_EQ(e["query"], (json{{"x", "2"}, {"y", "a b"}, {"empty", ""}}));
  EXPECT_EQ(e["headers"]["x-custom-header"], "Value 1") << "every header, lower-case names";
  EXPECT_EQ(e["headers"]["authorization"], "Bearer plugin-sees-it");
  EXPECT_EQ(e["headers"]["origin"], "https://x.test");
  EXPECT_EQ(e["headers"]["host"], "127.0.0.1");
  EXPECT_EQ(e["headers"]["x-forwarded-for"], "198.51.100.7");
  EXPECT_EQ(e["remoteAddress"], "127.0.0.1") << "X-Forwarded-For of an untrusted peer is ignored";
  EXPECT_EQ(e["communityId"], "");
  EXPECT_EQ(e["body"], "");

  r = route(h, "POST", "/fx/echo/1/2", R"({"signature":"0xabc"})", {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["body"], R"({"signature":"0xabc"})");
  EXPECT_EQ(json::parse(r.body)["headers"]["content-type"], "application/json");

  // An encoded slash never makes a segment: this path has three segments, the template four.
  EXPECT_EQ(route(h, "GET", "/fx/echo/a%2Fb").status, 404);
  EXPECT_EQ(route(h, "GET", "/fx/echo/a/").status, 404) << "a parameter never matches an empty segment";
  EXPECT_EQ(route(h, "GET", "/fx/echo/%zz/b").status, 400);
  EXPECT_EQ(route(h, "DELETE", "/fx/echo/a/b").status, 404);

  // The admin listener serves no plugin route any more.
  const auto admin = http_request("127.0.0.1", h.http_port(), "GET", "/fx/echo/a/b");
  EXPECT_EQ(admin.status, 404);
  EXPECT_EQ(json::parse(admin.body), (json{{"error", "not found"}}));
}

TEST(WorkerRoutes, ForwardedForIsBelievedOnlyFromATrustedProxy) {
  WorkerHarness h;
  start(h, "127.0.0.1,10.0.0.0/8");  // the test is the trusted front proxy

  auto client = [&](const std::map<std::string, std::string>& headers) {
    const auto r = route(h, "GET", "/fx/echo/a/b", {}, headers);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body)["remoteAddress"].get<std::string>();
  };
  EXPECT_EQ(client({{"X-Forwarded-For", "198.51.100.7"}}), "198.51.100.7");
  // Inner proxies (trusted) are skipped; what the client wrote to the left is not believed.
  EXPECT_EQ(client({{"X-Forwarded-For", "6.6.6.6, 198.51.100.7, 10.1.2.3"}}), "198.51.100.7");
  EXPECT_EQ(client({}), "127.0.0.1") << "no header: the proxy itself";
}

TEST(WorkerRoutes, MinimumResponseTimePadsSuccessErrorsAndUnboundTenants) {
  WorkerHarness h;
  start(h, "");
  auto timed = [&](const std::string& target, int expected_status) {
    const auto t0 = Clock::now();
    const auto r = route(h, "GET", target);
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
    EXPECT_EQ(r.status, expected_status) << target << ": " << r.body;
    return elapsed;
  };
  EXPECT_GE(timed("/fx/slow/1", 200), 300ms) << "success padded to the route's 300 ms";
  EXPECT_GE(timed("/fx/slow/1?fail=1", 500), 300ms) << "a failing plugin is padded too";
  EXPECT_GE(timed("/fx/session/never-bound", 404), 150ms) << "an unbound tenant's 404 is padded too";
  EXPECT_GE(timed("/fx/slow/1%zz", 400), 0ms);  // no route matched: nothing to pad by

  // Padding is a timer, not a held thread: more padded requests than handler threads all finish.
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&, i] {
      if (route(h, "GET", "/fx/slow/" + std::to_string(i)).status == 200) ++ok;
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok.load(), 8);
}

TEST(WorkerRoutes, TenantRouteRunsUnderTheBoundCommunityAndUnboundKeysNeverReachThePlugin) {
  WorkerHarness h;
  db::Pool admin(database_admin_url(), 1);
  const std::string guild_a = h.guild_id(), guild_b = h.guild_id() + "7";
  const auto community_a = community_of(admin, guild_a), community_b = community_of(admin, guild_b);
  admin_exec(admin, {"DROP TABLE IF EXISTS fixture_route_rows CASCADE",
                     "CREATE TABLE fixture_route_rows (community_id uuid NOT NULL REFERENCES communities (id), "
                     "marker text NOT NULL)",
                     "SELECT app.isolate_tenant_table('fixture_route_rows')",
                     "GRANT SELECT ON fixture_route_rows TO arrakis_app",
                     "CREATE TABLE IF NOT EXISTS fixture_route_calls (session text, at timestamptz DEFAULT now())",
                     "GRANT SELECT, INSERT ON fixture_route_calls TO arrakis_app"});
  admin.transaction([&](pqxx::work& tx) {
    tx.exec_params("INSERT INTO fixture_route_rows VALUES ($1::uuid, 'a-1'), ($1::uuid, 'a-2'), ($2::uuid, 'b-1')",
                   community_a, community_b);
  });
  const std::string run = std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}());
  const std::string key_a = "sa-" + run, key_b = "sb-" + run, expired = "sx-" + run, unbound = "su-" + run;
  start(h, "");

  // The plugin binds key_a from a slash command in guild A: route_tenant_bind under its community.
  h.command("routes-fixture-bind", {{"key", key_a}});
  const auto deadline = Clock::now() + 20s;
  auto bound = [&] {
    return admin.transaction([&](pqxx::work& tx) {
      return tx.exec_params1("SELECT count(*) FROM route_tenants WHERE plugin = 'routes-fixture' AND key = $1", key_a)[0]
          .as<int>();
    });
  };
  while (bound() == 0 && Clock::now() < deadline) std::this_thread::sleep_for(100ms);
  ASSERT_EQ(bound(), 1) << h.worker().log();

  auto r = route(h, "GET", "/fx/session/" + key_a);
  ASSERT_EQ(r.status, 200) << r.body << h.worker().log();
  EXPECT_EQ(json::parse(r.body), (json{{"communityId", community_a}, {"markers", {"a-1", "a-2"}}}))
      << "the plugin's SQL sees only the bound community's rows";

  // Another community's key (bound by the host role, as the index is written) sees only that community.
  admin.transaction([&](pqxx::work& tx) {
    tx.exec_params("INSERT INTO route_tenants (plugin, key, community_id, expires_at) VALUES "
                   "('routes-fixture', $1, $2::uuid, now() + interval '10 minutes'), "
                   "('routes-fixture', $3, $4::uuid, now() - interval '1 second'), "
                   "('routes-b', $5, $4::uuid, now() + interval '10 minutes')",
                   key_b, community_b, expired, community_a, unbound);
  });
  r = route(h, "GET", "/fx/session/" + key_b);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body), (json{{"communityId", community_b}, {"markers", {"b-1"}}}));

  // Unbound, expired, or bound only for ANOTHER plugin: 404 without calling the plugin.
  for (const auto& key : {unbound, expired}) {
    r = route(h, "GET", "/fx/session/" + key);
    EXPECT_EQ(r.status, 404) << key;
    EXPECT_EQ(json::parse(r.body), (json{{"error", "not found"}}));
  }
  const auto calls = [&](const std::string& key) {
    return admin.transaction([&](pqxx::work& tx) {
      return tx.exec_params1("SELECT count(*) FROM fixture_route_calls WHERE session = $1", key)[0].as<int>();
    });
  };
  EXPECT_EQ(calls(unbound), 0);
  EXPECT_EQ(calls(expired), 0);
  EXPECT_EQ(calls(key_a), 1);

  // The index outlives the worker: a restarted worker serves the same key under the same community.
  ASSERT_EQ(h.stop_worker(), 0);
  h.start_worker();
  ASSERT_TRUE(h.wait_for_health(200, 30s)) << h.worker().log();
  r = route(h, "GET", "/fx/session/" + key_a);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["communityId"], community_a);
}

}  // namespace
