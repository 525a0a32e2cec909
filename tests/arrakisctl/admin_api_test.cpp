// The worker's admin API around a real PluginManager with fixture plugins (no servers): routing,
// bearer token, status codes and the advice in error bodies.
#include <gtest/gtest.h>

#include "control/admin_api.hpp"
#include "control/latency_tracker.hpp"
#include "control/plugin_errors.hpp"
#include "control/plugin_pins.hpp"
#include "workspace.hpp"

using namespace arrakis;
using namespace arrakis::testing;
using nlohmann::json;

namespace {

const std::string kToken = "0123456789abcdef0123456789abcdef";

struct Api {
  Workspace ws;
  worker::LatencyTracker latencies;
  worker::PluginErrors errors;
  worker::PluginPins pins;
  std::unique_ptr<worker::AdminApi> api;

  Api() {
    ws.manager->load_file(ws.drop_in("echo-v1", "libecho.so"));
    worker::AdminDeps deps;
    deps.plugins = ws.manager.get();
    deps.latencies = &latencies;
    deps.errors = &errors;
    deps.pins = &pins;
    deps.plugin_dir = ws.drop;
    deps.replica_id = "unit";
    api = std::make_unique<worker::AdminApi>(deps, kToken);
  }

  http::Response call(const std::string& method, const std::string& target, const json& body = nullptr,
                      const std::string& token = kToken) {
    http::Request r;
    r.method = method;
    r.target = target;
    const auto q = target.find('?');
    r.path = target.substr(0, q);
    r.query = q == std::string::npos ? "" : target.substr(q + 1);
    if (!token.empty()) r.headers["authorization"] = "Bearer " + token;
    if (!body.is_null()) r.body = body.dump();
    return api->serve(r);
  }
  json body_of(const http::Response& r) { return json::parse(r.body); }
};

}  // namespace

TEST(AdminApi, RefusesWithoutTheToken) {
  Api a;
  EXPECT_EQ(a.call("GET", "/admin/plugins", nullptr, "").status, 401);
  auto r = a.call("GET", "/admin/plugins", nullptr, "wrong-token-wrong-token-wrong-tok");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(a.body_of(r)["error"].get<std::string>().find("ARRAKIS_ADMIN_TOKEN_FILE"), std::string::npos);

  worker::AdminDeps deps;
  deps.plugins = a.ws.manager.get();
  worker::AdminApi disabled(deps, "", "token file has mode 0644");
  http::Request req;
  req.method = "GET";
  req.path = "/admin/plugins";
  EXPECT_EQ(disabled.serve(req).status, 503);
}

TEST(AdminApi, ListsAndDescribesPlugins) {
  Api a;
  a.latencies.record("echo", std::chrono::milliseconds(2));
  a.errors.record("echo", "1.0.0", "boom");
  auto r = a.call("GET", "/admin/plugins");
  ASSERT_EQ(r.status, 200) << r.body;
  auto list = a.body_of(r);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["name"], "echo");
  EXPECT_EQ(list[0]["version"], "1.0.0");
  EXPECT_EQ(list[0]["state"], "active");
  EXPECT_DOUBLE_EQ(list[0]["p50Ms"].get<double>(), 2.0);

  r = a.call("GET", "/admin/plugins/echo");
  ASSERT_EQ(r.status, 200) << r.body;
  auto one = a.body_of(r);
  EXPECT_EQ(one["active"], "1.0.0");
  ASSERT_EQ(one["versions"].size(), 1u);
  EXPECT_EQ(one["versions"][0]["sha256"].get<std::string>().size(), 12u);
  EXPECT_EQ(one["versions"][0]["role"], "active");
  EXPECT_TRUE(one["versions"][0]["signer"].is_null());
  EXPECT_EQ(one["lastError"]["error"], "boom");
  EXPECT_EQ(one["commands"], json::array({"echo"}));

  r = a.call("GET", "/admin/plugins/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(a.body_of(r)["error"].get<std::string>().find("arrakisctl plugin list"), std::string::npos);
}

TEST(AdminApi, ReloadRollbackPinAndPrune) {
  Api a;
  // No previous version to roll back to yet.
  EXPECT_EQ(a.call("POST", "/admin/plugins/echo/rollback").status, 409);

  a.ws.drop_in("echo-v2", "libecho.so");
  auto r = a.call("POST", "/admin/plugins/echo/reload");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(a.body_of(r)["version"], "2.0.0");
  EXPECT_EQ(a.body_of(r)["previousVersion"], "1.0.0");

  r = a.call("POST", "/admin/plugins/echo/rollback");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(a.ws.manager->status("echo")->info.version, "1.0.0");

  r = a.call("POST", "/admin/plugins/echo/rollback", {{"version", "9.9.9"}});
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(a.body_of(r)["error"].get<std::string>().find("stored: 1.0.0, 2.0.0"), std::string::npos) << r.body;

  r = a.call("POST", "/admin/plugins/echo/pin", {{"version", "2.0.0"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(a.ws.manager->status("echo")->info.version, "2.0.0");
  r = a.call("POST", "/admin/plugins/echo/reload");
  EXPECT_EQ(r.status, 409) << "a pinned plugin is not reloaded";
  EXPECT_NE(a.body_of(r)["error"].get<std::string>().find("--release"), std::string::npos);
  EXPECT_EQ(a.call("POST", "/admin/plugins/echo/pin", {{"release", true}}).status, 200);
  EXPECT_EQ(a.call("POST", "/admin/plugins/echo/reload").status, 200);

  EXPECT_EQ(a.call("POST", "/admin/plugins/echo/prune", {{"keep", 0}}).status, 400);
  r = a.call("POST", "/admin/plugins/echo/prune", {{"keep", 1}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(a.body_of(r)["removed"], json::array({"1.0.0"}));
  EXPECT_EQ(a.body_of(r)["kept"], json::array({"2.0.0"}));
}

TEST(AdminApi, LoadRefusesBadFilesWithTheReason) {
  Api a;
  auto r = a.call("POST", "/admin/plugins/load", {{"file", (a.ws.drop / "missing.so").string()}});
  EXPECT_EQ(r.status, 404);
  r = a.call("POST", "/admin/plugins/load", {{"file", a.ws.drop_in("not-a-plugin").string()}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_FALSE(a.body_of(r)["error"].get<std::string>().empty());
  r = a.call("POST", "/admin/plugins/load", {{"file", a.ws.drop_in("echo-bad-self-test").string()}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(a.body_of(r)["error"].get<std::string>().find("self-test"), std::string::npos);
  EXPECT_EQ(a.ws.manager->status("echo")->info.version, "1.0.0") << "the active version is untouched";
  // A duplicate route is a conflict, not a bad file.
  r = a.call("POST", "/admin/plugins/load", {{"file", a.ws.drop_in("echo-dup").string()}});
  EXPECT_EQ(r.status, 409) << r.body;
}

TEST(AdminApi, ShadowDiffDiscardAndCanary) {
  Api a;
  auto r = a.call("GET", "/admin/plugins/echo/diff");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(a.body_of(r)["error"].get<std::string>().find("arrakisctl plugin shadow"), std::string::npos);

  r = a.call("POST", "/admin/plugins/echo/shadow", {{"candidate", a.ws.drop_in("echo-v2").string()}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(a.body_of(a.call("GET", "/admin/plugins"))[0]["state"], "shadowing");
  r = a.call("GET", "/admin/plugins/echo/diff");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(a.body_of(r)["shadow"]["candidate"], "2.0.0");
  EXPECT_EQ(a.call("POST", "/admin/plugins/echo/discard").status, 200);
  EXPECT_EQ(a.call("POST", "/admin/plugins/echo/discard").status, 409);
  EXPECT_EQ(a.call("POST", "/admin/plugins/echo/promote").status, 409);

  EXPECT_EQ(a.call("POST", "/admin/plugins/echo/canary", {{"percent", 150}}).status, 400);
  EXPECT_EQ(a.call("POST", "/admin/plugins/echo/canary", {{"percent", 10}}).status, 400) << "no candidate";
  EXPECT_EQ(a.call("POST", "/admin/plugins/echo/canary", {{"percent", 10}, {"candidate", "7.7.7"}}).status, 404);
  r = a.call("POST", "/admin/plugins/echo/canary", {{"percent", 10}, {"candidate", "2.0.0"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto list = a.body_of(a.call("GET", "/admin/plugins"));
  EXPECT_EQ(list[0]["state"], "canary");
  EXPECT_EQ(list[0]["canary"]["percent"], 10);
  r = a.call("POST", "/admin/plugins/echo/promote");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(a.ws.manager->status("echo")->info.version, "2.0.0");
}

TEST(AdminApi, RoutingErrors) {
  Api a;
  EXPECT_EQ(a.call("DELETE", "/admin/plugins").status, 405);
  EXPECT_EQ(a.call("GET", "/admin/plugins/echo/reload").status, 405);
  EXPECT_EQ(a.call("GET", "/admin/nothing").status, 404);
  EXPECT_EQ(a.call("POST", "/admin/plugins/echo/frobnicate").status, 404);
  http::Request bad;
  bad.method = "POST";
  bad.path = "/admin/plugins/echo/rollback";
  bad.headers["authorization"] = "Bearer " + kToken;
  bad.body = "{not json";
  EXPECT_EQ(a.api->serve(bad).status, 400);
  // Not wired in this process: the answer says so instead of failing.
  EXPECT_EQ(a.call("GET", "/admin/dlq").status, 503);
  EXPECT_EQ(a.call("GET", "/admin/fleet").status, 503);
  EXPECT_EQ(a.call("POST", "/admin/commands/sync", json::object()).status, 503);
  EXPECT_EQ(a.call("GET", "/admin/commands/sync").status, 405);
  EXPECT_EQ(a.call("POST", "/admin/commands/sync", {{"guild", "abc"}}).status, 400);
  EXPECT_EQ(a.call("POST", "/admin/commands/sync", {{"dry_run", "yes"}}).status, 400);
  EXPECT_EQ(a.call("POST", "/admin/plugins/echo/rollback?fleet=1").status, 503);
}

TEST(AdminApi, APluginNameThatIsAPathIsRefusedAfterDecoding) {
  Api a;
  for (const char* path : {"/admin/plugins/..%2F..%2Fetc/pin", "/admin/plugins/..%2F..%2Fetc", "/admin/plugins/Echo/prune",
                           "/admin/plugins/%2e%2e/reload"}) {
    const std::string method = std::string(path).find("pin") != std::string::npos ||
                                       std::string(path).find("prune") != std::string::npos ||
                                       std::string(path).find("reload") != std::string::npos
                                   ? "POST"
                                   : "GET";
    const auto r = a.call(method, path, json{{"version", "1.0.0"}});
    EXPECT_EQ(r.status, 400) << path << ": " << r.body;
    EXPECT_NE(r.body.find("must match [a-z0-9-]{1,64}"), std::string::npos) << path << ": " << r.body;
  }
}

TEST(AdminApi, QueryAndPathHelpers) {
  EXPECT_EQ(worker::query_param("fleet=1&limit=20", "limit"), "20");
  EXPECT_EQ(worker::query_param("fleet=1&limit=20", "fleet"), "1");
  EXPECT_EQ(worker::query_param("fleet", "fleet"), "1");
  EXPECT_EQ(worker::query_param("a=1", "b"), "");
  EXPECT_EQ(worker::percent_decode("a%20b%2Fc"), "a b/c");
  EXPECT_EQ(worker::percent_decode("100%"), "100%");
  EXPECT_TRUE(worker::looks_like_file("/tmp/libx.so"));
  EXPECT_TRUE(worker::looks_like_file("libx.so"));
  EXPECT_FALSE(worker::looks_like_file("1.2.3"));
}
