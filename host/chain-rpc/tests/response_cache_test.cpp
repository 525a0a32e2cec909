// Cache freshness, stale reads and the size bound.
#include <gtest/gtest.h>

#include "arrakis/chain/response_cache.hpp"
#include "arrakis/chain_rpc.hpp"

namespace arrakis::chain {
namespace {

using namespace std::chrono_literals;

TEST(ResponseCache, FreshUntilItsTimeThenOnlyStale) {
  ResponseCache cache;
  const auto t0 = ResponseCache::time_point{} + 1h;
  cache.put("eth_call [1]", "0x01", t0 + 60s, t0);
  EXPECT_EQ(cache.fresh("eth_call [1]", t0 + 59s), nlohmann::json("0x01"));
  EXPECT_FALSE(cache.fresh("eth_call [1]", t0 + 60s));
  EXPECT_EQ(cache.stale("eth_call [1]"), nlohmann::json("0x01"));
  EXPECT_FALSE(cache.fresh("eth_call [2]", t0));
  EXPECT_FALSE(cache.stale("eth_call [2]"));
  cache.put("eth_chainId []", "0x138de", ResponseCache::time_point::max(), t0);
  EXPECT_TRUE(cache.fresh("eth_chainId []", t0 + 24h * 365));
}

TEST(ResponseCache, BoundedByDroppingTheOldest) {
  ResponseCache cache(100);
  const auto t0 = ResponseCache::time_point{} + 1h;
  for (int i = 0; i < 250; ++i) cache.put(std::to_string(i), i, t0 + 1h, t0 + std::chrono::milliseconds(i));
  EXPECT_LE(cache.size(), 100u);
  EXPECT_TRUE(cache.stale("249"));
  EXPECT_FALSE(cache.stale("0"));
}

TEST(EndpointDisplay, LeavesOutCredentialsPathAndQuery) {
  EXPECT_EQ(endpoint_display("https://user:secret@lb.drpc.org/ogrpc?network=berachain&dkey=KEY"), "https://lb.drpc.org");
  EXPECT_EQ(endpoint_display("https://rpc.ankr.com/bera/0123456789abcdef"), "https://rpc.ankr.com");
  EXPECT_EQ(endpoint_display("http://127.0.0.1:8545/"), "http://127.0.0.1:8545");
}

}  // namespace
}  // namespace arrakis::chain
