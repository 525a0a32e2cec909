// The client-side rate limiter, driven by a hand-moved clock: bucket learning, windows and resets,
// 429s (route and global) and the global limit for bot-token routes.
#include <gtest/gtest.h>

#include "arrakis/discord/rate_limiter.hpp"

namespace arrakis::discord {
namespace {

using namespace std::chrono_literals;
using TP = RateLimiter::time_point;

RateLimitHeaders window(const std::string& bucket, int limit, int remaining, double reset_after) {
  RateLimitHeaders h;
  h.bucket = bucket;
  h.limit = limit;
  h.remaining = remaining;
  h.reset_after = reset_after;
  return h;
}

class RateLimiterTest : public ::testing::Test {
 protected:
  RateLimiter limiter;
  TP t0 = TP{} + 1000s;
  Route roles = route_of("PUT", "/guilds/1/members/2/roles/3");
  Route roles_other_guild = route_of("PUT", "/guilds/9/members/2/roles/3");
  Route callback = route_of("POST", "/interactions/5/token/callback");

  RateLimiter::Ticket go(const Route& r, TP now) {
    auto d = limiter.acquire(r, now);
    EXPECT_TRUE(d.go) << r.name << " " << r.major;
    return d.ticket;
  }
};

TEST_F(RateLimiterTest, OneRequestLearnsAnUnknownBucketBeforeOthersFollow) {
  auto first = go(roles, t0);
  auto held = limiter.acquire(roles, t0);
  EXPECT_FALSE(held.go);
  EXPECT_GT(held.retry_at, t0);
  // Another guild is another bucket, learned on its own.
  go(roles_other_guild, t0);

  limiter.release(first, 204, window("abc", 5, 4, 5.0), t0 + 10ms);
  EXPECT_EQ(limiter.learned_bucket(roles.name), "abc");
  for (int i = 0; i < 4; ++i) go(roles, t0 + 20ms);
  EXPECT_FALSE(limiter.acquire(roles, t0 + 20ms).go) << "five of five used";
}

TEST_F(RateLimiterTest, ExhaustedBucketWaitsForItsReset) {
  auto first = go(roles, t0);
  limiter.release(first, 204, window("abc", 2, 1, 2.0), t0);
  auto second = go(roles, t0 + 100ms);
  limiter.release(second, 204, window("abc", 2, 0, 1.9), t0 + 100ms);

  auto held = limiter.acquire(roles, t0 + 500ms);
  ASSERT_FALSE(held.go);
  EXPECT_EQ(held.retry_at, t0 + 2000ms);
  EXPECT_FALSE(held.global_wait);
  EXPECT_FALSE(limiter.acquire(roles, t0 + 1999ms).go);
  // After the reset the whole limit is there again.
  go(roles, t0 + 2000ms);
  go(roles, t0 + 2000ms);
  EXPECT_FALSE(limiter.acquire(roles, t0 + 2001ms).go);
}

TEST_F(RateLimiterTest, RequestsInFlightCountAsSpent) {
  auto first = go(roles, t0);
  limiter.release(first, 204, window("abc", 5, 4, 5.0), t0);
  auto a = go(roles, t0);
  go(roles, t0);
  go(roles, t0);  // three in flight, one left locally
  // The server has counted only `a` so far and says 3 remain; two more are still on their way.
  limiter.release(a, 204, window("abc", 5, 3, 5.0), t0 + 1ms);
  go(roles, t0 + 2ms);
  EXPECT_FALSE(limiter.acquire(roles, t0 + 2ms).go);
}

TEST_F(RateLimiterTest, LateAnswersNeverRaiseWhatRemains) {
  auto first = go(roles, t0);
  limiter.release(first, 204, window("abc", 3, 2, 5.0), t0);
  auto a = go(roles, t0);
  auto b = go(roles, t0);
  limiter.release(b, 204, window("abc", 3, 0, 4.9), t0 + 1ms);
  limiter.release(a, 204, window("abc", 3, 1, 4.9), t0 + 2ms);  // processed first, arrived last
  EXPECT_FALSE(limiter.acquire(roles, t0 + 3ms).go);
}

TEST_F(RateLimiterTest, A429ClosesTheBucketForRetryAfter) {
  auto first = go(roles, t0);
  RateLimitHeaders h = window("abc", 5, 0, 3.25);
  h.scope = "shared";
  limiter.rate_limited(first, h, 3.25, t0);
  auto held = limiter.acquire(roles, t0 + 1s);
  ASSERT_FALSE(held.go);
  EXPECT_EQ(held.retry_at, t0 + 3250ms);
  go(roles_other_guild, t0 + 1s);  // another major is not affected
  go(roles, t0 + 3250ms);
}

TEST_F(RateLimiterTest, A429OnAnUnlearnedRouteStillHoldsItsRetryAfter) {
  auto first = go(roles, t0);
  limiter.rate_limited(first, RateLimitHeaders{}, 0.5, t0);
  EXPECT_FALSE(limiter.acquire(roles, t0 + 499ms).go);
  go(roles, t0 + 500ms);
}

TEST_F(RateLimiterTest, GlobalRateLimitPausesEveryBotRouteButNotInteractions) {
  auto first = go(roles, t0);
  RateLimitHeaders h;
  h.global = true;
  h.scope = "global";
  limiter.rate_limited(first, h, 0.75, t0);
  auto held = limiter.acquire(roles_other_guild, t0 + 100ms);
  ASSERT_FALSE(held.go);
  EXPECT_TRUE(held.global_wait);
  EXPECT_EQ(held.retry_at, t0 + 750ms);
  EXPECT_FALSE(limiter.acquire(route_of("POST", "/channels/4/messages"), t0 + 100ms).go);
  go(callback, t0 + 100ms);
  go(route_of("POST", "/channels/4/messages"), t0 + 750ms);
}

TEST_F(RateLimiterTest, BotRequestsStayUnderTheGlobalLimit) {
  RateLimiter::Options options;
  options.global_per_window = 50;
  options.global_window = 1000ms;
  RateLimiter global(options);
  for (int i = 0; i < 50; ++i) {
    auto d = global.acquire(route_of("POST", "/channels/" + std::to_string(i) + "/messages"), t0 + i * 1ms);
    ASSERT_TRUE(d.go) << i;
  }
  auto held = global.acquire(route_of("POST", "/channels/99/messages"), t0 + 60ms);
  ASSERT_FALSE(held.go);
  EXPECT_TRUE(held.global_wait);
  EXPECT_EQ(held.retry_at, t0 + 1000ms);  // when the oldest send leaves the window
  EXPECT_TRUE(global.acquire(route_of("POST", "/interactions/1/t/callback"), t0 + 60ms).go) << "exempt";
  EXPECT_TRUE(global.acquire(route_of("POST", "/channels/99/messages"), t0 + 1000ms).go);
  EXPECT_FALSE(global.acquire(route_of("POST", "/channels/98/messages"), t0 + 1000ms).go);
  EXPECT_TRUE(global.acquire(route_of("POST", "/channels/98/messages"), t0 + 1001ms).go);
}

TEST_F(RateLimiterTest, RoutesWithoutRateLimitHeadersAreNotSerialised) {
  auto first = go(roles, t0);
  limiter.release(first, 200, RateLimitHeaders{}, t0);
  go(roles, t0);
  go(roles, t0);
  go(roles, t0);
}

TEST_F(RateLimiterTest, AFailedRequestWithoutHeadersDoesNotTeachAnything) {
  auto first = go(roles, t0);
  limiter.release(first, 502, RateLimitHeaders{}, t0);
  auto again = go(roles, t0 + 1ms);
  EXPECT_FALSE(limiter.acquire(roles, t0 + 1ms).go) << "still learning";
  limiter.abandon(again, t0 + 2ms);
  go(roles, t0 + 3ms);
}

TEST_F(RateLimiterTest, IdleInteractionBucketsAreForgotten) {
  for (int i = 0; i < 300; ++i) {
    const auto r = route_of("POST", "/interactions/" + std::to_string(i) + "/tok/callback");
    auto t = go(r, t0);
    limiter.release(t, 204, window("cb", 5, 4, 5.0), t0);
  }
  EXPECT_GE(limiter.bucket_count(), 256u);
  // Later interactions: the sweep drops the first 300, long past their reset.
  for (int i = 0; i < 300; ++i) {
    const auto r = route_of("POST", "/interactions/" + std::to_string(1000 + i) + "/tok/callback");
    auto t = go(r, t0 + 10min);
    limiter.release(t, 204, window("cb", 5, 4, 5.0), t0 + 10min);
  }
  EXPECT_LT(limiter.bucket_count(), 350u);
}

TEST(RateLimitHeaders, ParsedFromLowerCaseNames) {
  const auto h = parse_rate_limit_headers({{"x-ratelimit-bucket", "abcd1234"},
                                           {"x-ratelimit-limit", "10"},
                                           {"x-ratelimit-remaining", "9"},
                                           {"x-ratelimit-reset-after", "64.57"},
                                           {"retry-after", "65"},
                                           {"x-ratelimit-global", "true"},
                                           {"x-ratelimit-scope", "global"}});
  EXPECT_EQ(h.bucket, "abcd1234");
  EXPECT_EQ(h.limit, 10);
  EXPECT_EQ(h.remaining, 9);
  EXPECT_DOUBLE_EQ(*h.reset_after, 64.57);
  EXPECT_DOUBLE_EQ(*h.retry_after, 65.0);
  EXPECT_TRUE(h.global);
  EXPECT_EQ(h.scope, "global");
  const auto none = parse_rate_limit_headers({});
  EXPECT_FALSE(none.bucket || none.limit || none.remaining || none.reset_after);
  EXPECT_FALSE(none.global);
}

}  // namespace
}  // namespace arrakis::discord
