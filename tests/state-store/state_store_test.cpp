// What the StateStore writes to Redis: the key patterns of spec 5.2, a TTL on every key, and the
// semantics of each operation, one thread at a time.
#include <gtest/gtest.h>

#include <thread>

#include "redis_fixture.hpp"

using namespace std::chrono_literals;
using arrakis::testing::StateStoreTest;
using std::chrono::milliseconds;

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

TEST_F(StateStoreTest, EveryKeyWrittenHasATtl) {
  store_->set(key("plain"), "v", 60s);
  store_->set(key("default"), "v", 0ms);
  store_->increment(key("counter"), 1, 60s);
  store_->cooldown_try("cmd", prefix_, 60s);
  store_->session_put("wizard", prefix_, {{"step", 1}}, 60s);
  store_->rate_limit_hit(key("rl"), 5, 60s);
  store_->mark_processed(prefix_);
  ASSERT_TRUE(store_->acquire_lock(key("lock"), "me", 60s));

  for (const std::string& k : {key("plain"), key("default"), key("counter"), "cd:cmd:" + prefix_,
                              "sess:wizard:" + prefix_, "rl:" + key("rl"), "event:processed:" + prefix_,
                              "lock:" + key("lock"), "fence:" + key("lock")}) {
    EXPECT_GT(pttl(k), 0) << k << " has no TTL (or was not written)";
  }
  // ttl <= 0 means the default TTL (24 h), not "forever".
  EXPECT_GT(pttl(key("default")), milliseconds(23h).count());
  // Idempotency keys live 24 h.
  EXPECT_GT(pttl("event:processed:" + prefix_), milliseconds(23h).count());
}

TEST_F(StateStoreTest, PlainKeysAreBinarySafe) {
  const std::string k = key(std::string("bin\0key\r\n", 9));
  const std::string value("a\0b\r\n\xff" "c", 7);
  EXPECT_FALSE(store_->get(k));
  store_->set(k, value, 60s);
  EXPECT_EQ(store_->get(k), value);
  EXPECT_TRUE(store_->del(k));
  EXPECT_FALSE(store_->del(k));
  EXPECT_FALSE(store_->get(k));
}

TEST_F(StateStoreTest, IncrementSetsTtlOnCreationAndNeverExtendsIt) {
  EXPECT_EQ(store_->increment(key("n"), 5, 3s), 5);
  EXPECT_EQ(store_->increment(key("n"), -2, 600s), 3);
  const auto ttl = pttl(key("n"));
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 3000) << "a later increment extended the TTL";
}

TEST_F(StateStoreTest, CooldownIsTakenOnceThenReportsTheTimeLeft) {
  const std::string user = prefix_;
  auto first = store_->cooldown_try("stats", user, 10s);
  EXPECT_TRUE(first.acquired);
  EXPECT_EQ(first.remaining, 0ms);

  auto second = store_->cooldown_try("stats", user, 10s);
  EXPECT_FALSE(second.acquired);
  EXPECT_GT(second.remaining, 0ms);
  EXPECT_LE(second.remaining, 10s);

  // Spec 5.2: the value is the expiry time in ms.
  const auto stored = std::stoll(*store_->get("cd:stats:" + user));
  EXPECT_GT(stored, now_ms() + 5000);
  EXPECT_LT(stored, now_ms() + 15000);

  // Another command or another user has its own cooldown.
  EXPECT_TRUE(store_->cooldown_try("position", user, 10s).acquired);
  EXPECT_TRUE(store_->cooldown_try("stats", user + "-other", 10s).acquired);
}

TEST_F(StateStoreTest, CooldownEndsWhenItsTtlRunsOut) {
  EXPECT_TRUE(store_->cooldown_try("short", prefix_, 150ms).acquired);
  EXPECT_FALSE(store_->cooldown_try("short", prefix_, 150ms).acquired);
  std::this_thread::sleep_for(300ms);
  EXPECT_TRUE(store_->cooldown_try("short", prefix_, 150ms).acquired);
}

TEST_F(StateStoreTest, SessionHasTheSpecShape) {
  EXPECT_FALSE(store_->session_get("onboarding", prefix_));
  const auto before = now_ms();
  store_->session_put("onboarding", prefix_, {{"step", "wallet"}, {"big", 1234567890123456789LL}}, 60s);
  auto session = store_->session_get("onboarding", prefix_);
  ASSERT_TRUE(session);
  EXPECT_EQ((*session)["type"], "onboarding");
  EXPECT_EQ((*session)["userId"], prefix_);
  EXPECT_EQ((*session)["data"]["step"], "wallet");
  EXPECT_EQ((*session)["data"]["big"].get<std::int64_t>(), 1234567890123456789LL);
  const auto created = (*session)["createdAt"].get<std::int64_t>();
  EXPECT_GE(created, before);
  EXPECT_EQ((*session)["expiresAt"].get<std::int64_t>(), created + 60000);

  EXPECT_TRUE(store_->session_delete("onboarding", prefix_));
  EXPECT_FALSE(store_->session_delete("onboarding", prefix_));
  EXPECT_FALSE(store_->session_get("onboarding", prefix_));
}

TEST_F(StateStoreTest, UpdatingASessionKeepsItsRemainingTtl) {
  store_->session_put("wizard", prefix_, {{"step", 1}}, 3s);
  const auto created = store_->session_get("wizard", prefix_)->at("createdAt");
  const auto expires = store_->session_get("wizard", prefix_)->at("expiresAt");

  store_->session_put("wizard", prefix_, {{"step", 2}}, 600s);
  auto session = store_->session_get("wizard", prefix_);
  ASSERT_TRUE(session);
  EXPECT_EQ((*session)["data"]["step"], 2);
  EXPECT_EQ((*session)["createdAt"], created);
  EXPECT_EQ((*session)["expiresAt"], expires);
  const auto ttl = pttl("sess:wizard:" + prefix_);
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 3000) << "the update restarted the session's TTL";

  // Once expired, a put starts a new session with its own TTL.
  store_->del("sess:wizard:" + prefix_);
  store_->session_put("wizard", prefix_, {{"step", 1}}, 600s);
  EXPECT_GT(pttl("sess:wizard:" + prefix_), 3000);
}

TEST_F(StateStoreTest, RateLimitAllowsLimitHitsPerWindow) {
  for (std::uint32_t i = 0; i < 5; ++i) {
    auto hit = store_->rate_limit_hit(key("rl"), 5, 10s);
    EXPECT_TRUE(hit.allowed) << "hit " << i;
    EXPECT_EQ(hit.remaining, 4 - i);
    EXPECT_EQ(hit.retry_after, 0ms);
  }
  auto denied = store_->rate_limit_hit(key("rl"), 5, 10s);
  EXPECT_FALSE(denied.allowed);
  EXPECT_EQ(denied.remaining, 0u);
  EXPECT_GT(denied.retry_after, 0ms);
  EXPECT_LE(denied.retry_after, 10s);
  // Denied hits are not recorded.
  EXPECT_EQ(raw_->command({"ZCARD", "rl:" + key("rl")}).integer, 5);
}

TEST_F(StateStoreTest, RateLimitWindowSlides) {
  EXPECT_TRUE(store_->rate_limit_hit(key("slide"), 2, 300ms).allowed);
  EXPECT_TRUE(store_->rate_limit_hit(key("slide"), 2, 300ms).allowed);
  EXPECT_FALSE(store_->rate_limit_hit(key("slide"), 2, 300ms).allowed);
  std::this_thread::sleep_for(400ms);
  EXPECT_TRUE(store_->rate_limit_hit(key("slide"), 2, 300ms).allowed);
}

TEST_F(StateStoreTest, ZeroLimitDeniesEverythingAndWritesNothing) {
  auto hit = store_->rate_limit_hit(key("zero"), 0, 5s);
  EXPECT_FALSE(hit.allowed);
  EXPECT_EQ(hit.retry_after, 5s);
  EXPECT_EQ(raw_->command({"EXISTS", "rl:" + key("zero")}).integer, 0);
}

TEST_F(StateStoreTest, EventIsProcessedOnlyAfterItIsMarked) {
  EXPECT_FALSE(store_->is_processed(prefix_));
  store_->mark_processed(prefix_);
  EXPECT_TRUE(store_->is_processed(prefix_));
  EXPECT_EQ(store_->get("event:processed:" + prefix_), "1");
  EXPECT_FALSE(store_->is_processed(prefix_ + "-other"));
}

TEST_F(StateStoreTest, LockIsExclusiveAndReleasedOnlyByItsOwner) {
  const auto name = key("job");
  auto first = store_->acquire_lock(name, "replica-a", 60s);
  ASSERT_TRUE(first);
  EXPECT_FALSE(store_->acquire_lock(name, "replica-b", 60s));
  EXPECT_FALSE(store_->acquire_lock(name, "replica-a", 60s)) << "not re-entrant";

  EXPECT_FALSE(store_->release_lock(name, "replica-b"));
  EXPECT_FALSE(store_->acquire_lock(name, "replica-b", 60s)) << "a non-owner release freed the lock";
  EXPECT_TRUE(store_->release_lock(name, "replica-a"));
  EXPECT_FALSE(store_->release_lock(name, "replica-a"));

  auto second = store_->acquire_lock(name, "replica-b", 60s);
  ASSERT_TRUE(second);
  EXPECT_GT(*second, *first) << "fencing tokens must increase";
}

TEST_F(StateStoreTest, ExpiredLockCanBeTakenWithAHigherTokenAndTheStaleOwnerCannotRelease) {
  const auto name = key("expiring");
  auto first = store_->acquire_lock(name, "slow", 150ms);
  ASSERT_TRUE(first);
  std::this_thread::sleep_for(300ms);
  auto second = store_->acquire_lock(name, "fast", 60s);
  ASSERT_TRUE(second);
  EXPECT_GT(*second, *first);
  EXPECT_FALSE(store_->release_lock(name, "slow")) << "the stale owner deleted someone else's lock";
  EXPECT_EQ(store_->get("lock:" + name), "fast");
}

TEST_F(StateStoreTest, SharedFenceGrowsAcrossLockNames) {
  auto a = store_->acquire_lock(key("fire-1"), "r", 60s, key("schedule"));
  auto b = store_->acquire_lock(key("fire-2"), "r", 60s, key("schedule"));
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*b, *a + 1);
}

TEST_F(StateStoreTest, PingReportsLatency) {
  milliseconds latency{-1};
  EXPECT_TRUE(store_->ping(&latency));
  EXPECT_GE(latency, 0ms);
}

TEST_F(StateStoreTest, ScriptsWorkAfterTheServerForgetsThem) {
  EXPECT_EQ(store_->increment(key("flush"), 1, 60s), 1);
  ASSERT_EQ(raw_->command({"SCRIPT", "FLUSH"}).str, "OK");
  EXPECT_EQ(store_->increment(key("flush"), 1, 60s), 2);  // EVALSHA -> NOSCRIPT -> EVAL
}

TEST_F(StateStoreTest, WrongTypeIsAStateErrorNotAnOutage) {
  raw_->command({"SADD", key("set"), "x"});
  raw_->command({"PEXPIRE", key("set"), "60000"});
  EXPECT_THROW(store_->get(key("set")), arrakis::state::StateError);
  EXPECT_TRUE(store_->ping());
}

TEST(StateStoreOptions, BadUrlIsRejectedWithoutEchoingIt) {
  arrakis::state::StateStore::Options options;
  options.redis_url = "http://user:sekrit@host:1";
  try {
    arrakis::state::StateStore store(options);
    FAIL() << "accepted a non-redis URL";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).find("sekrit"), std::string::npos);
  }
}
