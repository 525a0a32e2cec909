// Several threads (and two stores, standing for two worker replicas) on the same keys: the Lua
// scripts must make every operation atomic.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "redis_fixture.hpp"

using namespace std::chrono_literals;
using arrakis::testing::StateStoreTest;

namespace {

// Runs body(thread_index) on `threads` threads released at the same moment.
template <typename Body>
void hammer(int threads, Body body) {
  std::atomic<bool> go{false};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      while (!go.load()) std::this_thread::yield();
      body(t);
    });
  }
  go = true;
  for (auto& th : pool) th.join();
}

}  // namespace

TEST_F(StateStoreTest, SlidingWindowAllowsExactlyLimitUnderConcurrency) {
  arrakis::state::StateStore::Options options;
  options.redis_url = url_;
  arrakis::state::StateStore other_replica(options);
  constexpr std::uint32_t kLimit = 37;
  std::atomic<int> allowed{0}, denied{0};
  hammer(8, [&](int t) {
    auto& store = t % 2 ? *store_ : other_replica;
    for (int i = 0; i < 40; ++i) {
      if (store.rate_limit_hit(key("burst"), kLimit, 60s).allowed) {
        ++allowed;
      } else {
        ++denied;
      }
    }
  });
  EXPECT_EQ(allowed.load(), static_cast<int>(kLimit));
  EXPECT_EQ(denied.load(), 8 * 40 - static_cast<int>(kLimit));
  EXPECT_EQ(raw_->command({"ZCARD", "rl:" + key("burst")}).integer, kLimit);
}

TEST_F(StateStoreTest, IncrementIsAtomicAcrossThreads) {
  hammer(6, [&](int) {
    for (int i = 0; i < 200; ++i) store_->increment(key("count"), 1, 60s);
  });
  EXPECT_EQ(store_->get(key("count")), "1200");
}

TEST_F(StateStoreTest, OnlyOneCallerTakesACooldown) {
  std::atomic<int> taken{0};
  hammer(8, [&](int) {
    for (int i = 0; i < 10; ++i) {
      if (store_->cooldown_try("race", prefix_, 60s).acquired) ++taken;
    }
  });
  EXPECT_EQ(taken.load(), 1);
}

TEST_F(StateStoreTest, OnlyOneCallerTakesALockAndTokensAreUnique) {
  std::mutex mutex;
  std::vector<std::int64_t> tokens;
  std::atomic<int> winners{0};
  // Eight rounds of eight contenders on a fresh lock name each, sharing one fence.
  for (int round = 0; round < 8; ++round) {
    winners = 0;
    hammer(8, [&](int t) {
      auto token = store_->acquire_lock(key("round-" + std::to_string(round)), "owner-" + std::to_string(t), 60s,
                                        key("fence"));
      if (token) {
        ++winners;
        std::lock_guard lock(mutex);
        tokens.push_back(*token);
      }
    });
    EXPECT_EQ(winners.load(), 1) << "round " << round;
  }
  std::set<std::int64_t> distinct(tokens.begin(), tokens.end());
  EXPECT_EQ(distinct.size(), tokens.size());
}

TEST_F(StateStoreTest, ConcurrentSessionUpdatesNeverExtendItsTtl) {
  store_->session_put("race", prefix_, {{"n", 0}}, 5s);
  hammer(6, [&](int t) {
    for (int i = 0; i < 20; ++i) store_->session_put("race", prefix_, {{"n", t * 100 + i}}, 600s);
  });
  const auto ttl = pttl("sess:race:" + prefix_);
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 5000);
  auto session = store_->session_get("race", prefix_);
  ASSERT_TRUE(session);
  EXPECT_TRUE((*session)["data"]["n"].is_number());
}
