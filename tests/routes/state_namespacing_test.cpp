// Item 9 of ABI 1.1: every state slot is namespaced by plugin and community. Two plugins (the
// routes fixture built twice) in two communities use the same session type, cooldown name, rate
// limit and key through the real host table, WorkerServices and Redis, and never see each other's.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <random>

#include "arrakis/plugin_host/effect_recorder.hpp"
#include "arrakis/plugin_host/plugin_manager.hpp"
#include "arrakis/state_store.hpp"
#include "arrakis/testing/servers.hpp"
#include "services/worker_services.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace arrakis;

class StateNamespacing : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("arrakis-state-ns-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(std::random_device{}()));
    fs::create_directories(root_ / "plugins");
    state::StateStore::Options options;
    options.redis_url = arrakis::testing::redis_url();
    state_ = std::make_unique<state::StateStore>(options);
    worker::ServiceDeps deps;
    deps.state = state_.get();
    services_ = std::make_unique<worker::WorkerServices>(deps);
    plugins_ = std::make_unique<plugin_host::PluginManager>(
        plugin_host::PluginManager::Options{root_ / "plugins", root_ / "store", {}}, *services_, recorder_);
    plugins_->load_file(fs::path(ARRAKIS_ROUTE_FIXTURES) / "libroutes-fixture.so");
    plugins_->load_file(fs::path(ARRAKIS_ROUTE_FIXTURES) / "libroutes-b.so");
    const auto run = std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}());
    community_x_ = "community-x-" + run;
    community_y_ = "community-y-" + run;
    user_ = "user-" + run;
  }
  void TearDown() override {
    plugins_.reset();
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  // One state slot, called by `plugin` in `community` through the fixture's /state/{op} route.
  json call(const std::string& plugin, const std::string& community, const std::string& op, json query) {
    query["user"] = user_;
    plugin_host::Invocation inv;
    inv.kind = ARRAKIS_EVENT_HTTP;
    inv.type = "http.request";
    inv.community_id = community;
    inv.payload_json = json{{"route", "/x/state/{op}"}, {"params", {{"op", op}}}, {"query", query}}.dump();
    const auto r = plugins_->dispatch_to(plugin, inv, *services_);
    EXPECT_TRUE(r.found);
    EXPECT_EQ(r.status, ARRAKIS_OK) << r.error;
    return json::parse(r.http_body.empty() ? "null" : r.http_body);
  }

  fs::path root_;
  std::unique_ptr<state::StateStore> state_;
  std::unique_ptr<worker::WorkerServices> services_;
  plugin_host::EffectRecorder recorder_;
  std::unique_ptr<plugin_host::PluginManager> plugins_;
  std::string community_x_, community_y_, user_;
  const std::string a_ = "routes-fixture", b_ = "routes-b";
};

TEST_F(StateNamespacing, SessionsOfTheSameTypeNeverCrossPluginsOrCommunities) {
  const json verify = {{"type", "verify"}};
  auto put = [&](const std::string& plugin, const std::string& community, const std::string& who) {
    json q = verify;
    q["data"] = json{{"who", who}}.dump();
    call(plugin, community, "session-put", q);
  };
  put(a_, community_x_, "a-x");
  EXPECT_FALSE(call(a_, community_y_, "session-get", verify)["found"]) << "another community of the same plugin";
  EXPECT_FALSE(call(b_, community_x_, "session-get", verify)["found"]) << "another plugin in the same community";
  put(a_, community_y_, "a-y");
  put(b_, community_x_, "b-x");
  EXPECT_EQ(call(a_, community_x_, "session-get", verify)["data"]["who"], "a-x");
  EXPECT_EQ(call(a_, community_y_, "session-get", verify)["data"]["who"], "a-y");
  EXPECT_EQ(call(b_, community_x_, "session-get", verify)["data"]["who"], "b-x");

  call(b_, community_x_, "session-delete", verify);
  EXPECT_FALSE(call(b_, community_x_, "session-get", verify)["found"]);
  EXPECT_EQ(call(a_, community_x_, "session-get", verify)["data"]["who"], "a-x") << "b's delete left a's session";

  // The key the host wrote, as docs/http-routes.md describes it.
  EXPECT_TRUE(state_->get("sess:p:" + a_ + ":" + community_x_ + ":verify:" + user_).has_value());
  EXPECT_FALSE(state_->get("sess:verify:" + user_).has_value()) << "no unscoped session key";
}

TEST_F(StateNamespacing, CooldownsRateLimitsAndKeysOfTheSameNameAreSeparate) {
  const json daily = {{"name", "daily"}, {"ms", "60000"}};
  EXPECT_TRUE(call(a_, community_x_, "cooldown", daily)["acquired"]);
  EXPECT_FALSE(call(a_, community_x_, "cooldown", daily)["acquired"]) << "the cooldown itself works";
  EXPECT_TRUE(call(a_, community_y_, "cooldown", daily)["acquired"]) << "another community's cooldown";
  EXPECT_TRUE(call(b_, community_x_, "cooldown", daily)["acquired"]) << "another plugin's cooldown";
  EXPECT_TRUE(state_->get("cd:p:" + a_ + ":" + community_x_ + ":daily:" + user_).has_value());

  const json limit = {{"name", "claims"}, {"ms", "60000"}};  // one hit per minute
  EXPECT_TRUE(call(a_, community_x_, "rate-limit", limit)["allowed"]);
  EXPECT_FALSE(call(a_, community_x_, "rate-limit", limit)["allowed"]);
  EXPECT_TRUE(call(a_, community_y_, "rate-limit", limit)["allowed"]);
  EXPECT_TRUE(call(b_, community_x_, "rate-limit", limit)["allowed"]);

  const std::string key = "k-" + user_;
  call(a_, community_x_, "state-set", {{"name", key}, {"data", "secret"}});
  EXPECT_EQ(call(a_, community_x_, "state-get", {{"name", key}})["value"], "secret");
  EXPECT_FALSE(call(a_, community_y_, "state-get", {{"name", key}})["found"]);
  EXPECT_FALSE(call(b_, community_x_, "state-get", {{"name", key}})["found"]);
}

}  // namespace
