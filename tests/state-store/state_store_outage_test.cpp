// Redis away: every call throws StateUnavailable (naming the address, never the password) within
// the timeout instead of hanging, ping() says false, and the store heals when Redis is back.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <thread>

#include "arrakis/testing/child_process.hpp"
#include "redis_fixture.hpp"

using namespace std::chrono_literals;
using arrakis::state::StateStore;
using arrakis::state::StateUnavailable;
using arrakis::testing::StateStoreTest;

namespace {

// Calls every throwing method once and checks each throws StateUnavailable.
void expect_every_call_unavailable(StateStore& store, const std::string& must_mention,
                                   const std::string& must_not_mention) {
  auto check = [&](const char* what, auto&& call) {
    try {
      call();
      ADD_FAILURE() << what << " did not throw";
    } catch (const StateUnavailable& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(must_mention), std::string::npos) << what << ": " << message;
      if (!must_not_mention.empty()) {
        EXPECT_EQ(message.find(must_not_mention), std::string::npos) << what << " leaks: " << message;
      }
    } catch (const std::exception& e) {
      ADD_FAILURE() << what << " threw something else: " << e.what();
    }
  };
  check("get", [&] { store.get("k"); });
  check("set", [&] { store.set("k", "v", 1s); });
  check("del", [&] { store.del("k"); });
  check("increment", [&] { store.increment("k", 1, 1s); });
  check("cooldown_try", [&] { store.cooldown_try("c", "u", 1s); });
  check("session_get", [&] { store.session_get("t", "u"); });
  check("session_put", [&] { store.session_put("t", "u", {{"a", 1}}, 1s); });
  check("session_delete", [&] { store.session_delete("t", "u"); });
  check("rate_limit_hit", [&] { store.rate_limit_hit("k", 1, 1s); });
  check("is_processed", [&] { store.is_processed("e"); });
  check("mark_processed", [&] { store.mark_processed("e"); });
  check("acquire_lock", [&] { store.acquire_lock("l", "o", 1s); });
  check("release_lock", [&] { store.release_lock("l", "o"); });
  EXPECT_FALSE(store.ping());
}

// redis-server from PATH (tools/dev installs Debian's), spawned by path.
std::string redis_server_binary() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin";
  for (std::size_t start = 0; start <= dirs.size();) {
    const auto end = std::min(dirs.find(':', start), dirs.size());
    const std::string candidate = dirs.substr(start, end - start) + "/redis-server";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  ADD_FAILURE() << "redis-server is not on PATH (tools/dev setup installs it)";
  return "/usr/bin/redis-server";
}

}  // namespace

TEST(StateStoreOutage, ClosedPortThrowsStateUnavailableNamingTheAddressNotThePassword) {
  const auto port = std::to_string(arrakis::testing::free_port());
  StateStore::Options options;
  options.redis_url = "redis://:hunter2-secret@127.0.0.1:" + port;
  options.timeout = 300ms;
  StateStore store(options);  // lazy: constructing does not need Redis
  expect_every_call_unavailable(store, "127.0.0.1:" + port, "hunter2-secret");
}

TEST_F(StateStoreTest, PausedRedisTimesOutThenTheStoreHeals) {
  StateStore::Options options;
  options.redis_url = url_;
  options.timeout = 200ms;
  options.pool_size = 2;
  StateStore store(options);
  store.set(key("before"), "1", 60s);  // the pool holds a working connection

  // CLIENT PAUSE ALL holds every client's commands (even CLIENT UNPAUSE) until it ends.
  const auto pause = 2000ms;
  const auto paused_at = std::chrono::steady_clock::now();
  ASSERT_EQ(raw_->command({"CLIENT", "PAUSE", std::to_string(pause.count()), "ALL"}).str, "OK");
  // Each call gives up after its 200 ms timeout, so together they end well inside the pause: a call
  // that waited for the pause to end instead of timing out would have succeeded and failed here.
  EXPECT_THROW(store.get(key("before")), StateUnavailable);
  EXPECT_THROW(store.set(key("during"), "1", 60s), StateUnavailable);
  EXPECT_THROW(store.cooldown_try("c", prefix_, 1s), StateUnavailable);
  EXPECT_FALSE(store.ping());
  EXPECT_LT(std::chrono::steady_clock::now() - paused_at, pause) << "calls waited for the pause instead of timing out";
  std::this_thread::sleep_until(paused_at + pause + 200ms);

  // The store heals without being rebuilt.
  EXPECT_TRUE(store.ping());
  EXPECT_EQ(store.get(key("before")), "1");
  store.set(key("after"), "2", 60s);
  EXPECT_EQ(store.get(key("after")), "2");
}

TEST_F(StateStoreTest, StoreHealsWhenRedisComesBackOnItsPort) {
  // A store pointed at a port where nothing listens yet, then a Redis starts there.
  const auto port = arrakis::testing::free_port();
  StateStore::Options options;
  options.redis_url = "redis://127.0.0.1:" + std::to_string(port);
  options.timeout = 300ms;
  StateStore store(options);
  EXPECT_THROW(store.set("k", "v", 1s), StateUnavailable);
  EXPECT_FALSE(store.ping());

  arrakis::testing::ChildProcess redis(redis_server_binary(),
                                       {"--port", std::to_string(port), "--bind", "127.0.0.1", "--save", "",
                                        "--appendonly", "no"},
                                       {}, ::testing::TempDir() + "/state-store-redis-" + std::to_string(port) + ".log");
  bool up = false;
  for (int i = 0; i < 100 && !up; ++i) {
    std::this_thread::sleep_for(50ms);
    up = store.ping();
  }
  ASSERT_TRUE(up) << "the store did not reconnect to the new server";
  store.set("k", "v", 10s);
  EXPECT_EQ(store.get("k"), "v");
}
