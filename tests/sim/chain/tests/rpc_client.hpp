#pragma once
// What the chain-sim tests share: an in-process simulator on a free port with a frozen head, and
// JSON-RPC calls to it over real HTTP.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "arrakis/chain_sim/abi.hpp"
#include "arrakis/chain_sim/simulator.hpp"
#include "arrakis/testing/http_client.hpp"

namespace chain_sim_test {

namespace cs = arrakis::chain_sim;

inline cs::SimulatorOptions frozen_chain() {
  cs::SimulatorOptions options;
  options.block_time_ms = 0;  // the head moves only when a test advances it
  options.generate = {69, 160, cs::kDefaultHeadBlock};
  return options;
}

class ChainSimTest : public ::testing::Test {
 protected:
  cs::ChainSimulator sim{frozen_chain()};

  arrakis::testing::HttpResult http(const std::string& method, const std::string& target, const std::string& body = {}) {
    return arrakis::testing::http_request("127.0.0.1", sim.port(), method, target, body,
                                          {{"content-type", "application/json"}});
  }

  // POSTs a raw body to the JSON-RPC endpoint and parses the answer.
  nlohmann::json post(const std::string& body) {
    const auto res = http("POST", "/", body);
    EXPECT_EQ(res.status, 200) << res.body;
    return nlohmann::json::parse(res.body);
  }

  nlohmann::json call(const std::string& method, nlohmann::json params = nlohmann::json::array(), nlohmann::json id = 1) {
    return post(nlohmann::json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}.dump());
  }

  // The result of a call that must succeed.
  nlohmann::json result(const std::string& method, nlohmann::json params = nlohmann::json::array()) {
    const auto response = call(method, std::move(params));
    EXPECT_FALSE(response.contains("error")) << response.dump();
    return response.value("result", nlohmann::json());
  }

  nlohmann::json eth_call_params(const std::string& to, const cs::Bytes& data) {
    return nlohmann::json::array({{{"to", to}, {"data", cs::to_hex(data)}}, "latest"});
  }

  cs::Bytes eth_call(const std::string& to, const cs::Bytes& data) {
    return cs::from_hex(result("eth_call", eth_call_params(to, data)).get<std::string>()).value();
  }
};

}  // namespace chain_sim_test
