// The breaker's states with a hand-moved clock (domain 6.2: trips at 50% errors over >= 5 calls,
// half-open probe after the reset).
#include <gtest/gtest.h>

#include "arrakis/chain/circuit_breaker.hpp"

namespace arrakis::chain {
namespace {

using namespace std::chrono_literals;
using State = CircuitBreaker::State;

class BreakerTest : public ::testing::Test {
 protected:
  CircuitBreaker breaker{CircuitBreaker::Options{0.5, 5, 30s, 10s}};
  CircuitBreaker::time_point t0 = CircuitBreaker::time_point{} + 1h;

  void calls(int ok, int failed, CircuitBreaker::time_point at) {
    for (int i = 0; i < ok; ++i) {
      ASSERT_TRUE(breaker.allow(at));
      breaker.record(true, at);
    }
    for (int i = 0; i < failed; ++i) {
      ASSERT_TRUE(breaker.allow(at));
      breaker.record(false, at);
    }
  }
};

TEST_F(BreakerTest, StaysClosedBelowTheMinimumNumberOfCalls) {
  calls(0, 4, t0);
  EXPECT_EQ(breaker.state(t0), State::closed);
  EXPECT_TRUE(breaker.allow(t0));
}

TEST_F(BreakerTest, TripsAtHalfTheCallsFailing) {
  calls(3, 2, t0);
  EXPECT_EQ(breaker.state(t0), State::closed) << "2 of 5 is below 50%";
  breaker.allow(t0);
  breaker.record(false, t0);  // 3 of 6
  EXPECT_EQ(breaker.state(t0), State::open);
  EXPECT_FALSE(breaker.allow(t0 + 29s));
  EXPECT_EQ(breaker.failures(), 3u);
}

TEST_F(BreakerTest, OnlyRecentCallsCount) {
  calls(0, 4, t0);
  calls(1, 0, t0 + 11s);  // the four failures have left the 10 s window
  EXPECT_EQ(breaker.state(t0 + 11s), State::closed);
  calls(0, 1, t0 + 12s);  // 1 of 2
  EXPECT_EQ(breaker.state(t0 + 12s), State::closed);
}

TEST_F(BreakerTest, HalfOpenLetsOneProbeThroughAndItsSuccessCloses) {
  calls(0, 5, t0);
  ASSERT_EQ(breaker.state(t0), State::open);
  const auto later = t0 + 30s;
  EXPECT_EQ(breaker.state(later), State::half_open);
  EXPECT_TRUE(breaker.allow(later));
  EXPECT_FALSE(breaker.allow(later)) << "one probe at a time";
  breaker.record(true, later);
  EXPECT_EQ(breaker.state(later), State::closed);
  EXPECT_TRUE(breaker.allow(later));
  // The window starts empty after closing: old failures do not trip it again.
  breaker.record(false, later);
  EXPECT_EQ(breaker.state(later), State::closed);
}

TEST_F(BreakerTest, AFailedProbeOpensItForAnotherReset) {
  calls(0, 5, t0);
  ASSERT_TRUE(breaker.allow(t0 + 30s));
  breaker.record(false, t0 + 31s);
  EXPECT_EQ(breaker.state(t0 + 31s), State::open);
  EXPECT_FALSE(breaker.allow(t0 + 60s));
  EXPECT_TRUE(breaker.allow(t0 + 61s));
}

TEST_F(BreakerTest, LateOutcomesOfAnOpenBreakerChangeNothing) {
  ASSERT_TRUE(breaker.allow(t0));  // in flight while others trip it
  calls(0, 5, t0);
  breaker.record(true, t0 + 1s);
  EXPECT_EQ(breaker.state(t0 + 1s), State::open);
}

TEST(BreakerNames, AreTheOnesStatsShow) {
  EXPECT_STREQ(to_string(State::closed), "closed");
  EXPECT_STREQ(to_string(State::open), "open");
  EXPECT_STREQ(to_string(State::half_open), "half-open");
}

}  // namespace
}  // namespace arrakis::chain
