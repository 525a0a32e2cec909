// The `chain-sim` program: --print-holders prints the library's set for the seed, the server
// answers on the port it is given, and SIGTERM stops it cleanly.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "arrakis/chain_sim/holder_set.hpp"
#include "arrakis/testing/child_process.hpp"
#include "arrakis/testing/http_client.hpp"

namespace cs = arrakis::chain_sim;
using arrakis::testing::ChildProcess;

namespace {

std::string log_path(const std::string& name) {
  return ::testing::TempDir() + "chain_sim_" + name + "_" + std::to_string(::getpid()) + ".log";
}

}  // namespace

TEST(ChainSimProgram, PrintHoldersMatchesTheSeededSet) {
  ChildProcess program(CHAIN_SIM_PROGRAM, {"--print-holders", "--seed", "11", "--wallets", "155"}, {}, log_path("print"));
  ASSERT_EQ(program.wait(), 0) << program.log();
  const auto printed = nlohmann::json::parse(program.log());
  EXPECT_EQ(printed, cs::to_json(cs::generate_holder_set({11, 155, cs::kDefaultHeadBlock})));
}

TEST(ChainSimProgram, RefusesTooFewWallets) {
  ChildProcess program(CHAIN_SIM_PROGRAM, {"--wallets", "10"}, {}, log_path("few"));
  EXPECT_NE(program.wait(), 0);
}

TEST(ChainSimProgram, ServesOnItsPortAndStopsOnSigterm) {
  const auto port = arrakis::testing::free_port();
  ChildProcess program(CHAIN_SIM_PROGRAM, {"--port", std::to_string(port), "--block-time-ms", "0"}, {},
                       log_path("serve"));
  arrakis::testing::HttpResult health;
  for (int attempt = 0; attempt < 200 && health.status != 200; ++attempt) {
    try {
      health = arrakis::testing::http_request("127.0.0.1", port, "GET", "/health");
    } catch (const std::exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));  // not listening yet
    }
    ASSERT_TRUE(program.running()) << program.log();
  }
  ASSERT_EQ(health.status, 200) << program.log();
  EXPECT_EQ(nlohmann::json::parse(health.body).at("chain_id"), 80094);
  const auto answer = arrakis::testing::http_request("127.0.0.1", port, "POST", "/",
                                                     R"({"jsonrpc":"2.0","id":1,"method":"eth_chainId"})");
  EXPECT_EQ(nlohmann::json::parse(answer.body).at("result"), "0x138de");
  EXPECT_EQ(program.stop(), 0) << program.log();
}
