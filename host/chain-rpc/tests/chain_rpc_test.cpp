// ChainRpc against two in-process chain-sims: balances over eth_call, caching (counted on the
// simulator), failover on errors and timeouts, the breaker opening and recovering, stale values
// when every endpoint fails, and JSON-RPC errors surfacing as ChainRpcError.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "arrakis/chain_rpc.hpp"
#include "arrakis/chain_sim/abi.hpp"
#include "arrakis/chain_sim/faults.hpp"
#include "arrakis/chain_sim/simulator.hpp"

namespace arrakis::chain {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
namespace cs = arrakis::chain_sim;

cs::SimulatorOptions frozen() {
  cs::SimulatorOptions o;
  o.block_time_ms = 0;
  return o;
}

class ChainRpcTest : public ::testing::Test {
 protected:
  cs::ChainSimulator first{frozen()};
  cs::ChainSimulator second{frozen()};

  ChainRpc::Options options() {
    ChainRpc::Options o;
    o.endpoints = {first.url(), second.url()};
    o.timeout = 500ms;
    o.retries_per_endpoint = 0;
    o.breaker_reset = 300ms;
    return o;
  }

  static void fault(cs::ChainSimulator& sim, const json& plan) { sim.faults().set(cs::parse_fault_plan(plan)); }
  static std::uint64_t served(const cs::ChainSimulator& sim, const std::string& method) {
    const auto stats = sim.stats();
    return stats["calls"].value(method, std::uint64_t{0});
  }
  static std::uint64_t http_requests(const cs::ChainSimulator& sim) { return sim.stats()["http_requests"].get<std::uint64_t>(); }

  // A holder with a balance, and the eth_call params that ask for it.
  std::pair<cs::Holder, json> balance_query(std::size_t index = 0) {
    const auto set = first.holders();
    std::size_t seen = 0;
    for (const auto& h : set.holders) {
      if (h.balance > 0 && seen++ == index) {
        return {h, json::array({{{"to", cs::kBgtAddress}, {"data", cs::to_hex(cs::abi::encode_balance_of_call(h.address))}},
                                "latest"})};
      }
    }
    throw std::runtime_error("no holder with a balance");
  }
  static cs::Wei decode(const json& result) { return cs::abi::decode_uint(cs::from_hex(result.get<std::string>()).value()); }
};

TEST_F(ChainRpcTest, BalanceOfThroughEthCall) {
  ChainRpc rpc(options());
  const auto [holder, params] = balance_query();
  EXPECT_EQ(decode(rpc.call("eth_call", params)), holder.balance);
  EXPECT_EQ(rpc.call("eth_chainId", json::array()), "0x138de");
  EXPECT_EQ(served(second, "eth_call"), 0u) << "the first endpoint answers while it works";
}

TEST_F(ChainRpcTest, ResultsAreCachedForTheirTimeToLive) {
  auto o = options();
  o.balance_ttl = 400ms;
  ChainRpc rpc(o);
  const auto [holder, params] = balance_query();
  const auto [other, other_params] = balance_query(1);
  rpc.call("eth_call", params);
  rpc.call("eth_call", params);
  rpc.call("eth_call", other_params);  // other params, other entry
  EXPECT_EQ(served(first, "eth_call"), 2u);
  EXPECT_EQ(rpc.stats().cache_hits, 1u);

  std::this_thread::sleep_for(450ms);
  EXPECT_EQ(decode(rpc.call("eth_call", params)), holder.balance);
  EXPECT_EQ(served(first, "eth_call"), 3u) << "expired: asked again";

  rpc.call("eth_chainId", json::array());
  rpc.call("eth_chainId", json::array());
  EXPECT_EQ(served(first, "eth_chainId"), 1u);
  // Methods without a cache rule always go to the chain.
  rpc.call("eth_getLogs", json::array({{{"fromBlock", "0x1"}, {"toBlock", "0x2"}}}));
  rpc.call("eth_getLogs", json::array({{{"fromBlock", "0x1"}, {"toBlock", "0x2"}}}));
  EXPECT_EQ(served(first, "eth_getLogs"), 2u);
}

TEST_F(ChainRpcTest, FailsOverWhenTheFirstEndpointErrors) {
  ChainRpc rpc(options());
  fault(first, {{"http_status", 503}});
  const auto [holder, params] = balance_query();
  EXPECT_EQ(decode(rpc.call("eth_call", params)), holder.balance);
  EXPECT_EQ(http_requests(first), 1u);
  EXPECT_EQ(served(second, "eth_call"), 1u);
  EXPECT_EQ(rpc.stats().endpoints[0]["failures"], 1);
}

TEST_F(ChainRpcTest, FailsOverWhenTheFirstEndpointTimesOut) {
  auto o = options();
  o.timeout = 300ms;
  o.retries_per_endpoint = 2;  // a timeout is not retried on the same endpoint
  ChainRpc rpc(o);
  fault(first, {{"timeout_ms", 3000u}});
  EXPECT_EQ(rpc.call("eth_blockNumber", json::array()), cs::to_quantity(cs::kDefaultHeadBlock));
  // The held request is still open on the simulator, so count on the client's side.
  EXPECT_EQ(rpc.stats().endpoints[0]["calls"], 1) << "one wait, no retry of a timed-out endpoint";
  EXPECT_EQ(rpc.stats().endpoints[0]["failures"], 1);
  EXPECT_EQ(served(second, "eth_blockNumber"), 1u);
  first.faults().clear();
}

TEST_F(ChainRpcTest, RetriesAnEndpointBeforeMovingOn) {
  auto o = options();
  o.retries_per_endpoint = 1;
  ChainRpc rpc(o);
  fault(first, {{"http_status", 502}, {"fail_next", 1u}});
  EXPECT_EQ(rpc.call("eth_blockNumber", json::array()), cs::to_quantity(cs::kDefaultHeadBlock));
  EXPECT_EQ(http_requests(first), 2u);
  EXPECT_EQ(http_requests(second), 0u);
}

TEST_F(ChainRpcTest, BreakerOpensAfterFailuresAndRecoversAfterReset) {
  ChainRpc rpc(options());
  fault(first, {{"http_status", 503}});
  for (int i = 0; i < 5; ++i) rpc.call("eth_getLogs", json::array({{{"fromBlock", "0x1"}, {"toBlock", "0x1"}}}));
  EXPECT_EQ(http_requests(first), 5u);
  EXPECT_EQ(rpc.stats().endpoints[0]["state"], "open");
  // Open: calls go straight to the second endpoint.
  for (int i = 0; i < 5; ++i) rpc.call("eth_getLogs", json::array({{{"fromBlock", "0x1"}, {"toBlock", "0x1"}}}));
  EXPECT_EQ(http_requests(first), 5u);
  EXPECT_EQ(http_requests(second), 10u);

  first.faults().clear();
  std::this_thread::sleep_for(350ms);  // past breaker_reset
  EXPECT_EQ(rpc.stats().endpoints[0]["state"], "half-open");
  rpc.call("eth_blockNumber", json::array());
  EXPECT_EQ(http_requests(first), 6u) << "the half-open probe";
  EXPECT_EQ(rpc.stats().endpoints[0]["state"], "closed");
  EXPECT_EQ(rpc.stats().endpoints[1]["state"], "closed");
}

TEST_F(ChainRpcTest, StaleValueServedWhenEveryEndpointFails) {
  auto o = options();
  o.block_number_ttl = 100ms;
  ChainRpc rpc(o);
  const auto head = rpc.call("eth_blockNumber", json::array());
  fault(first, {{"http_status", 503}});
  fault(second, {{"http_status", 503}});
  std::this_thread::sleep_for(150ms);
  EXPECT_EQ(rpc.call("eth_blockNumber", json::array()), head);
  const auto stats = rpc.stats();
  EXPECT_EQ(stats.stale_served, 1u);
  EXPECT_EQ(stats.failures, 1u);
  // Nothing cached for this one: unavailable.
  const auto [holder, params] = balance_query();
  EXPECT_THROW(rpc.call("eth_call", params), ChainUnavailable);
}

TEST_F(ChainRpcTest, UnavailableMessageHoldsNoSecrets) {
  auto o = options();
  o.endpoints = {"http://user:pass@127.0.0.1:" + std::to_string(first.port()) + "/?apikey=SECRETKEY"};
  ChainRpc rpc(o);
  fault(first, {{"http_status", 503}});
  try {
    rpc.call("eth_getLogs", json::array());
    FAIL() << "expected ChainUnavailable";
  } catch (const ChainUnavailable& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.find("SECRETKEY"), std::string::npos) << what;
    EXPECT_EQ(what.find("pass"), std::string::npos) << what;
  }
  EXPECT_EQ(rpc.stats().endpoints[0]["url"], "http://127.0.0.1:" + std::to_string(first.port()));
}

TEST_F(ChainRpcTest, JsonRpcErrorsSurfaceAndAreNotEndpointFailures) {
  ChainRpc rpc(options());
  try {
    rpc.call("eth_noSuchMethod", json::array());
    FAIL() << "expected ChainRpcError";
  } catch (const ChainRpcError& e) {
    EXPECT_EQ(e.code(), -32601);
  }
  fault(first, {{"error", {{"code", 3}, {"message", "execution reverted"}}}, {"fail_next", 1u}});
  const auto [holder, params] = balance_query();
  try {
    rpc.call("eth_call", params);
    FAIL() << "expected ChainRpcError";
  } catch (const ChainRpcError& e) {
    EXPECT_EQ(e.code(), 3);
    EXPECT_EQ(e.rpc_message(), "execution reverted");
  }
  EXPECT_EQ(http_requests(second), 0u) << "an error answer is the answer: no failover";
  EXPECT_EQ(rpc.stats().endpoints[0]["failures"], 0);
  EXPECT_EQ(rpc.stats().failures, 0u);
}

TEST_F(ChainRpcTest, ConcurrentCallersShareTheClient) {
  ChainRpc rpc(options());
  std::vector<std::thread> threads;
  std::atomic<int> right{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0; n < 10; ++n) {
        const auto [holder, params] = balance_query(static_cast<std::size_t>(t * 10 + n));
        if (decode(rpc.call("eth_call", params)) == holder.balance) ++right;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(right.load(), 40);
}

}  // namespace
}  // namespace arrakis::chain
