// The control API: fault injection (JSON-RPC errors, slow answers, timeouts, HTTP errors), replacing
// the holder set, and the call statistics.
#include <chrono>
#include <thread>

#include "rpc_client.hpp"

using namespace chain_sim_test;
namespace ethabi = arrakis::chain_sim::abi;  // not `abi`: <cxxabi.h> (via gtest) owns that name

namespace {

std::chrono::milliseconds elapsed_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

}  // namespace

TEST_F(ChainSimTest, InjectedJsonRpcErrorIsReturnedWhileSet) {
  const auto set = http("POST", "/control/faults", R"({"error": {"code": -32603, "message": "upstream exploded"}})");
  ASSERT_EQ(set.status, 200) << set.body;
  for (int i = 0; i < 3; ++i) {
    const auto failed = call("eth_blockNumber", nlohmann::json::array(), 70 + i);
    ASSERT_TRUE(failed.contains("error")) << failed.dump();
    EXPECT_EQ(failed.at("error").at("code"), -32603);
    EXPECT_EQ(failed.at("error").at("message"), "upstream exploded");
    EXPECT_EQ(failed.at("id"), 70 + i);
  }
  EXPECT_EQ(http("DELETE", "/control/faults").status, 200);
  EXPECT_EQ(result("eth_blockNumber"), cs::to_quantity(cs::kDefaultHeadBlock));
  EXPECT_EQ(sim.stats().at("faults_injected"), 3);
}

TEST_F(ChainSimTest, FaultsCanTargetMethodsAndTheNextNRequests) {
  ASSERT_EQ(http("POST", "/control/faults",
                 R"({"error": {"code": -32005, "message": "rate limited"}, "fail_next": 2, "methods": ["eth_getLogs"]})")
                .status,
            200);
  const nlohmann::json logs_params = nlohmann::json::array({{{"fromBlock", "latest"}}});
  EXPECT_EQ(result("eth_chainId"), "0x138de");  // another method: untouched, and not counted
  EXPECT_EQ(call("eth_getLogs", logs_params).at("error").at("code"), -32005);
  // In a batch only the targeted calls fail; the batch uses up one request.
  const auto batch = post(nlohmann::json::array({{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "eth_chainId"}},
                                                 {{"jsonrpc", "2.0"}, {"id", 2}, {"method", "eth_getLogs"}, {"params", logs_params}}})
                              .dump());
  EXPECT_EQ(batch[0].at("result"), "0x138de");
  EXPECT_EQ(batch[1].at("error").at("code"), -32005);
  // Both uses are spent: the fault is gone.
  EXPECT_TRUE(call("eth_getLogs", logs_params).contains("result"));
  EXPECT_TRUE(nlohmann::json::parse(http("GET", "/control/faults").body).at("fault").is_null());
}

TEST_F(ChainSimTest, SlowResponsesAreSlowAndStillCorrect) {
  constexpr auto delay = std::chrono::milliseconds(120);
  ASSERT_EQ(http("POST", "/control/faults", R"({"slow_ms": 120, "methods": ["eth_chainId"]})").status, 200);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(result("eth_chainId"), "0x138de");
  EXPECT_GE(elapsed_since(start), delay);
}

TEST_F(ChainSimTest, TimeoutsHoldTheRequestThenAnswer504) {
  ASSERT_EQ(http("POST", "/control/faults", R"({"timeout_ms": 150, "fail_next": 1})").status, 200);
  const auto start = std::chrono::steady_clock::now();
  const auto held = http("POST", "/", R"({"jsonrpc": "2.0", "id": 1, "method": "eth_blockNumber"})");
  EXPECT_GE(elapsed_since(start), std::chrono::milliseconds(150));
  EXPECT_EQ(held.status, 504);
  EXPECT_EQ(result("eth_blockNumber"), cs::to_quantity(cs::kDefaultHeadBlock));  // fail_next 1 is spent
}

TEST_F(ChainSimTest, InjectedHttpStatusAnswersTheWholeRequest) {
  ASSERT_EQ(http("POST", "/control/faults", R"({"http_status": 429})").status, 200);
  EXPECT_EQ(http("POST", "/", R"({"jsonrpc": "2.0", "id": 1, "method": "eth_chainId"})").status, 429);
}

TEST(ChainSimShutdown, StoppingReleasesRequestsHeldByATimeout) {
  auto sim = std::make_unique<cs::ChainSimulator>(frozen_chain());
  const auto port = sim->port();
  sim->faults().set(cs::parse_fault_plan(nlohmann::json::parse(R"({"timeout_ms": 600000})")));
  std::thread client([port] {
    try {
      arrakis::testing::http_request("127.0.0.1", port, "POST", "/", R"({"jsonrpc":"2.0","id":1,"method":"eth_chainId"})");
    } catch (const std::exception&) {
      // The connection may close as the server stops; either way the request is released.
    }
  });
  // Wait until the request is being held, then destroy the simulator: it must not wait 10 minutes.
  for (int i = 0; i < 500 && sim->stats().at("in_flight") == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(sim->stats().at("in_flight"), 1);
  sim.reset();
  client.join();
  SUCCEED();
}

TEST_F(ChainSimTest, BadFaultsAreRefusedWithTheReason) {
  for (const char* body : {R"({})", R"({"slow_ms": -1})", R"({"error": {"message": "no code"}})",
                           R"({"http_status": 200})", R"({"slow_ms": 5, "fail_next": 0})", "not json"}) {
    const auto res = http("POST", "/control/faults", body);
    EXPECT_EQ(res.status, 400) << body;
    EXPECT_TRUE(nlohmann::json::parse(res.body).contains("error")) << body;
  }
}

TEST_F(ChainSimTest, HolderSetCanBeReadAndReplaced) {
  const auto current = http("GET", "/control/holders");
  ASSERT_EQ(current.status, 200);
  EXPECT_EQ(nlohmann::json::parse(current.body), cs::to_json(sim.holders()));

  const std::string wallet = "0x00000000000000000000000000000000000000b7";
  const auto replaced = http("POST", "/control/holders", R"({"head_block": 200000, "holders": [
      {"address": "0x00000000000000000000000000000000000000B7", "balance": "1234000000000000000000"},
      {"address": "0x00000000000000000000000000000000000000b8", "balance": "5", "burned_wei": "5"}]})");
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(result("eth_blockNumber"), cs::to_quantity(200'000));
  EXPECT_EQ(ethabi::decode_uint(eth_call(cs::kBgtAddress, ethabi::encode_balance_of_call(wallet))),
            cs::Wei{1234} * cs::kWeiPerToken);
  // The synthesised burn lies within the last 20,000 blocks: two windows of 10,000 cover them.
  nlohmann::json burns = nlohmann::json::array();
  for (std::uint64_t from : {180'000u, 190'001u}) {
    const auto window = result("eth_getLogs",
                               nlohmann::json::array({{{"fromBlock", cs::to_quantity(from)},
                                                       {"toBlock", cs::to_quantity(from + 9'999)},
                                                       {"topics", {cs::kTransferTopic, nullptr, cs::address_topic(cs::kZeroAddress)}}}}));
    burns.insert(burns.end(), window.begin(), window.end());
  }
  ASSERT_EQ(burns.size(), 1u);
  EXPECT_EQ(burns[0].at("topics").at(1), cs::address_topic("0x00000000000000000000000000000000000000b8"));

  // A seed regenerates a whole set.
  ASSERT_EQ(http("POST", "/control/holders", R"({"seed": 5, "wallets": 150})").status, 200);
  EXPECT_EQ(cs::to_json(sim.holders()).dump(), cs::to_json(cs::generate_holder_set({5, 150, cs::kDefaultHeadBlock})).dump());

  const auto refused = http("POST", "/control/holders", R"({"holders": [{"address": "0xnope", "balance": "1"}]})");
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("holders[0]"), std::string::npos);
  EXPECT_EQ(http("POST", "/control/holders", R"({"seed": 5, "wallets": 10})").status, 400);
  EXPECT_EQ(sim.holders().holders.size(), 150u);  // a refused replacement changes nothing
}

TEST_F(ChainSimTest, StatsCountCallsByMethodAndReset) {
  result("eth_chainId");
  result("eth_chainId");
  result("eth_blockNumber");
  eth_call(cs::kBgtAddress, ethabi::encode_balance_of_call(sim.holders().holders[0].address));
  call("eth_nope");
  const auto stats = nlohmann::json::parse(http("GET", "/control/stats").body);
  EXPECT_EQ(stats.at("http_requests"), 5);
  EXPECT_EQ(stats.at("calls").at("eth_chainId"), 2);
  EXPECT_EQ(stats.at("calls").at("eth_blockNumber"), 1);
  EXPECT_EQ(stats.at("calls").at("eth_call"), 1);
  EXPECT_EQ(stats.at("calls").at("eth_nope"), 1);
  EXPECT_EQ(stats.at("calls_total"), 5);
  EXPECT_EQ(stats.at("balance_of"), 1);
  EXPECT_EQ(stats.at("errors").at("-32601"), 1);
  ASSERT_EQ(http("DELETE", "/control/stats").status, 200);
  EXPECT_EQ(nlohmann::json::parse(http("GET", "/control/stats").body).at("calls_total"), 0);
}
