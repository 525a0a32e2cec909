// The JSON-RPC surface over HTTP: every method a Berachain client of ours uses, with real-node
// shapes for results and errors.
#include <set>
#include <thread>

#include "rpc_client.hpp"

using namespace chain_sim_test;
namespace ethabi = arrakis::chain_sim::abi;  // not `abi`: <cxxabi.h> (via gtest) owns that name

namespace {

// A holder of the generated set by its rank (eligible) or its label.
const cs::Holder& holder_ranked(const cs::HolderSet& set, int rank) {
  const auto standings = cs::assess(set);
  for (std::size_t i = 0; i < set.holders.size(); ++i) {
    if (standings[i].rank == rank) return set.holders[i];
  }
  throw std::runtime_error("no such rank");
}

std::string checksum_case(std::string address) {
  // Mixed case, as EIP-55 addresses arrive; the simulator must compare case-insensitively.
  for (std::size_t i = 2; i < address.size(); i += 2) address[i] = static_cast<char>(std::toupper(address[i]));
  return address;
}

constexpr const char* kBgtMixedCase = "0x656b95E550C07a9ffe548bd4085c72418Ceb1dba";
constexpr const char* kMulticall3MixedCase = "0xcA11bde05977b3631167028862bE2a173976CA11";

}  // namespace

TEST_F(ChainSimTest, ChainIdentityIsBerachainMainnet) {
  EXPECT_EQ(result("eth_chainId"), "0x138de");
  EXPECT_EQ(result("net_version"), "80094");
  EXPECT_TRUE(result("web3_clientVersion").is_string());
}

TEST_F(ChainSimTest, BlockNumberIsTheHeadAndAdvances) {
  EXPECT_EQ(result("eth_blockNumber"), cs::to_quantity(cs::kDefaultHeadBlock));
  const auto advanced = http("POST", "/control/blocks", R"({"advance": 25})");
  EXPECT_EQ(advanced.status, 200);
  EXPECT_EQ(result("eth_blockNumber"), cs::to_quantity(cs::kDefaultHeadBlock + 25));
}

TEST(ChainSimClock, HeadAdvancesWithWallTime) {
  auto options = frozen_chain();
  options.block_time_ms = 5;
  cs::ChainSimulator sim(options);
  const auto first = sim.block_number();
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  EXPECT_GT(sim.block_number(), first);
}

TEST_F(ChainSimTest, BalanceOfAKnownHolderDecodesToItsBalance) {
  const auto set = sim.holders();
  const auto& top = holder_ranked(set, 1);
  const auto output = eth_call(kBgtMixedCase, ethabi::encode_balance_of_call(checksum_case(top.address)));
  ASSERT_EQ(output.size(), 32u);
  EXPECT_EQ(ethabi::decode_uint(output), top.balance);
  // Unknown wallets hold nothing; burners still report what they hold.
  EXPECT_EQ(ethabi::decode_uint(eth_call(cs::kBgtAddress, ethabi::encode_balance_of_call("0x" + std::string(39, '0') + "1"))), 0u);
  const auto standings = cs::assess(set);
  for (std::size_t i = 0; i < set.holders.size(); ++i) {
    if (standings[i].burned && set.holders[i].balance > 0) {
      EXPECT_EQ(ethabi::decode_uint(eth_call(cs::kBgtAddress, ethabi::encode_balance_of_call(set.holders[i].address))),
                set.holders[i].balance);
      break;
    }
  }
}

TEST_F(ChainSimTest, Erc20MetadataAnswersLikeTheToken) {
  EXPECT_EQ(ethabi::decode_uint(eth_call(cs::kBgtAddress, {ethabi::kDecimals.begin(), ethabi::kDecimals.end()})), 18u);
  EXPECT_EQ(cs::to_hex(eth_call(cs::kBgtAddress, {ethabi::kSymbol.begin(), ethabi::kSymbol.end()})),
            cs::to_hex(ethabi::encode_string("BGT")));
  cs::Wei supply = 0;
  for (const auto& h : sim.holders().holders) supply += h.balance;
  EXPECT_EQ(ethabi::decode_uint(eth_call(cs::kBgtAddress, {ethabi::kTotalSupply.begin(), ethabi::kTotalSupply.end()})), supply);
}

TEST_F(ChainSimTest, CallsToOtherAddressesOrFunctionsBehaveLikeANode) {
  // No code at the address: success with empty output.
  EXPECT_EQ(result("eth_call", eth_call_params("0x" + std::string(40, 'e'), ethabi::encode_balance_of_call(cs::kBgtAddress))),
            "0x");
  // No such function on BGT: a revert without data.
  const auto reverted = call("eth_call", eth_call_params(cs::kBgtAddress, {0xde, 0xad, 0xbe, 0xef}));
  EXPECT_EQ(reverted.at("error").at("code"), -32000);
  EXPECT_EQ(reverted.at("error").at("message"), "execution reverted");
  // Short calldata for balanceOf reverts too.
  EXPECT_TRUE(call("eth_call", eth_call_params(cs::kBgtAddress, {0x70, 0xa0, 0x82, 0x31})).contains("error"));
}

TEST_F(ChainSimTest, Aggregate3BatchesBalanceOfInHundreds) {
  const auto set = sim.holders();
  std::vector<ethabi::Call3> calls;
  for (std::size_t i = 0; i < 100; ++i) {
    calls.push_back({cs::kBgtAddress, true, ethabi::encode_balance_of_call(set.holders[i].address)});
  }
  const auto output = eth_call(kMulticall3MixedCase, ethabi::encode_aggregate3_call(calls));
  const auto results = ethabi::decode_aggregate3_result(output);
  ASSERT_EQ(results.size(), 100u);
  for (std::size_t i = 0; i < 100; ++i) {
    ASSERT_TRUE(results[i].success);
    EXPECT_EQ(ethabi::decode_uint(results[i].return_data), set.holders[i].balance) << i;
  }
  EXPECT_EQ(sim.stats().at("balance_of"), 100);
  EXPECT_EQ(sim.stats().at("aggregate3"), 1);
}

TEST_F(ChainSimTest, Aggregate3FailureHandlingFollowsAllowFailure) {
  const cs::Bytes bad{0xde, 0xad, 0xbe, 0xef};
  const auto tolerant = ethabi::decode_aggregate3_result(eth_call(
      cs::kMulticall3Address,
      ethabi::encode_aggregate3_call({{cs::kBgtAddress, true, bad},
                                   {cs::kBgtAddress, true, {ethabi::kDecimals.begin(), ethabi::kDecimals.end()}}})));
  ASSERT_EQ(tolerant.size(), 2u);
  EXPECT_FALSE(tolerant[0].success);
  EXPECT_TRUE(tolerant[1].success);

  const auto strict = call("eth_call", eth_call_params(cs::kMulticall3Address,
                                                       ethabi::encode_aggregate3_call({{cs::kBgtAddress, false, bad}})));
  ASSERT_TRUE(strict.contains("error")) << strict.dump();
  EXPECT_EQ(strict.at("error").at("code"), 3);
  EXPECT_EQ(strict.at("error").at("message"), "execution reverted: Multicall3: call failed");
  EXPECT_EQ(strict.at("error").at("data"), cs::to_hex(ethabi::encode_error_string("Multicall3: call failed")));
}

TEST_F(ChainSimTest, BurnLogsFilteredByTheZeroAddressTopicAreExactlyTheBurners) {
  const auto set = sim.holders();
  std::set<std::string> expected;
  const auto standings = cs::assess(set);
  for (std::size_t i = 0; i < set.holders.size(); ++i) {
    if (standings[i].burned) expected.insert(set.holders[i].address);
  }
  ASSERT_FALSE(expected.empty());
  // Scan the last 50,000 blocks in windows of 10,000, as the eligibility sync does.
  const std::uint64_t head = cs::kDefaultHeadBlock;
  std::set<std::string> burners;
  for (std::uint64_t from = head - 50'000; from <= head; from += 10'001) {
    const auto logs = result(
        "eth_getLogs",
        nlohmann::json::array({{{"fromBlock", cs::to_quantity(from)},
                                {"toBlock", cs::to_quantity(std::min(from + 10'000, head))},
                                {"address", kBgtMixedCase},
                                {"topics", {cs::kTransferTopic, nullptr, cs::address_topic(cs::kZeroAddress)}}}}));
    for (const auto& log : logs) {
      EXPECT_EQ(log.at("topics").at(2), cs::address_topic(cs::kZeroAddress));
      burners.insert("0x" + log.at("topics").at(1).get<std::string>().substr(26));
    }
  }
  EXPECT_EQ(burners, expected);
}

TEST_F(ChainSimTest, LogsCarryTheFieldsClientsRead) {
  const auto set = sim.holders();
  const auto& first = set.transfers.front();
  const auto logs = result("eth_getLogs", nlohmann::json::array({{{"fromBlock", cs::to_quantity(first.block)},
                                                                  {"toBlock", cs::to_quantity(first.block)}}}));
  ASSERT_GE(logs.size(), 1u);
  const auto& log = logs[0];
  EXPECT_EQ(log.at("address"), cs::kBgtAddress);
  EXPECT_EQ(log.at("blockNumber"), cs::to_quantity(first.block));
  EXPECT_EQ(log.at("transactionHash"), first.tx_hash);
  EXPECT_EQ(log.at("logIndex"), "0x0");
  EXPECT_EQ(log.at("removed"), false);
  ASSERT_EQ(log.at("topics").size(), 3u);
  EXPECT_EQ(log.at("topics").at(0), cs::kTransferTopic);
  EXPECT_EQ(log.at("topics").at(1), cs::address_topic(first.from));
  EXPECT_EQ(log.at("topics").at(2), cs::address_topic(first.to));
  EXPECT_EQ(ethabi::decode_uint(cs::from_hex(log.at("data").get<std::string>()).value()), first.amount);
  // The same block found by its hash.
  const auto by_hash = result("eth_getLogs", nlohmann::json::array({{{"blockHash", log.at("blockHash")}}}));
  EXPECT_EQ(by_hash, nlohmann::json(logs));
}

TEST_F(ChainSimTest, TopicAlternativesAndRecipientFilters) {
  const auto set = sim.holders();
  const auto& recipient = set.holders[0].address;  // rank order: a naib that also received transfers
  std::size_t expected = 0;
  for (const auto& t : set.transfers) expected += t.to == recipient;
  std::size_t found = 0;
  for (std::uint64_t from = set.head_block - 50'000; from < set.head_block; from += 10'000) {
    const auto topics = nlohmann::json::array(
        {nlohmann::json::array({cs::kTransferTopic}), nullptr, nlohmann::json::array({cs::address_topic(recipient)})});
    const auto logs = result("eth_getLogs", nlohmann::json::array({{{"fromBlock", cs::to_quantity(from)},
                                                                    {"toBlock", cs::to_quantity(from + 9'999)},
                                                                    {"topics", topics}}}));
    found += logs.size();
  }
  EXPECT_EQ(found, expected);
  EXPECT_GT(found, 0u);
  // Logs of another contract: none.
  EXPECT_EQ(result("eth_getLogs", nlohmann::json::array({{{"fromBlock", cs::to_quantity(set.head_block - 10'000)},
                                                          {"address", cs::kMulticall3Address}}})),
            nlohmann::json::array());
}

TEST_F(ChainSimTest, RangesOverTenThousandBlocksAreRejected) {
  const std::uint64_t from = cs::kDefaultHeadBlock - 30'000;
  auto range = [&](std::uint64_t span) {
    return call("eth_getLogs", nlohmann::json::array({{{"fromBlock", cs::to_quantity(from)},
                                                       {"toBlock", cs::to_quantity(from + span)}}}));
  };
  EXPECT_TRUE(range(10'000).contains("result"));
  const auto rejected = range(10'001);
  ASSERT_TRUE(rejected.contains("error")) << rejected.dump();
  EXPECT_EQ(rejected.at("error").at("code"), -32005);
  EXPECT_NE(rejected.at("error").at("message").get<std::string>().find("10000"), std::string::npos);
  EXPECT_EQ(rejected.at("id"), 1);
  // "earliest" to "latest" is the widest range of all.
  EXPECT_EQ(call("eth_getLogs", nlohmann::json::array({{{"fromBlock", "earliest"}, {"toBlock", "latest"}}}))
                .at("error")
                .at("code"),
            -32005);
}

TEST_F(ChainSimTest, BatchesAnswerEveryCallWithItsId) {
  const auto top = sim.holders().holders[0];
  const auto responses = post(nlohmann::json::array(
      {{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "eth_chainId"}},
       {{"jsonrpc", "2.0"}, {"id", "two"}, {"method", "eth_blockNumber"}, {"params", nlohmann::json::array()}},
       {{"jsonrpc", "2.0"}, {"id", 3}, {"method", "eth_call"}, {"params", eth_call_params(cs::kBgtAddress, ethabi::encode_balance_of_call(top.address))}},
       {{"jsonrpc", "2.0"}, {"id", 4}, {"method", "eth_nope"}},
       {{"jsonrpc", "2.0"}, {"method", "eth_chainId"}},  // a notification gets no answer
       42}).dump());
  ASSERT_TRUE(responses.is_array());
  ASSERT_EQ(responses.size(), 5u);
  EXPECT_EQ(responses[0].at("id"), 1);
  EXPECT_EQ(responses[0].at("result"), "0x138de");
  EXPECT_EQ(responses[1].at("id"), "two");
  EXPECT_EQ(responses[1].at("result"), cs::to_quantity(cs::kDefaultHeadBlock));
  EXPECT_EQ(ethabi::decode_uint(cs::from_hex(responses[2].at("result").get<std::string>()).value()), top.balance);
  EXPECT_EQ(responses[3].at("error").at("code"), -32601);
  EXPECT_EQ(responses[4].at("error").at("code"), -32600);
  EXPECT_TRUE(responses[4].at("id").is_null());
  EXPECT_EQ(sim.stats().at("batch_requests"), 1);
}

TEST_F(ChainSimTest, ProtocolErrorsUseTheStandardCodes) {
  const auto unknown = call("eth_sendRawTransaction", nlohmann::json::array({"0x00"}), "abc");
  EXPECT_EQ(unknown.at("jsonrpc"), "2.0");
  EXPECT_EQ(unknown.at("id"), "abc");
  EXPECT_EQ(unknown.at("error").at("code"), -32601);

  const auto malformed = post(R"({"jsonrpc": "2.0", "id": 1, "method": )");
  EXPECT_EQ(malformed.at("error").at("code"), -32700);
  EXPECT_TRUE(malformed.at("id").is_null());

  EXPECT_EQ(post(R"({"id": 5, "method": "eth_chainId"})").at("error").at("code"), -32600);  // no "jsonrpc"
  EXPECT_EQ(post(R"({"jsonrpc": "2.0", "id": 5, "method": 7})").at("error").at("code"), -32600);
  const auto empty_batch = post("[]");
  EXPECT_EQ(empty_batch.at("error").at("code"), -32600);

  const auto bad_block = call("eth_getLogs", nlohmann::json::array({{{"fromBlock", "yesterday"}}}), 9);
  EXPECT_EQ(bad_block.at("error").at("code"), -32602);
  EXPECT_EQ(bad_block.at("id"), 9);
  EXPECT_EQ(call("eth_call", nlohmann::json::array({{{"data", "0x"}}})).at("error").at("code"), -32602);
  EXPECT_EQ(call("eth_blockNumber", nlohmann::json::array({1})).at("error").at("code"), -32602);
  EXPECT_EQ(call("eth_getLogs", nlohmann::json::array({{{"topics", nlohmann::json::array({"0x12"})}}})).at("error").at("code"), -32602);

  const auto stats = sim.stats();
  EXPECT_EQ(stats.at("errors").at("-32601"), 1);
  EXPECT_EQ(stats.at("errors").at("-32700"), 1);
}

TEST_F(ChainSimTest, NotificationsGetNoBodyAndOtherVerbsAreRefused) {
  const auto notification = http("POST", "/", R"({"jsonrpc": "2.0", "method": "eth_chainId"})");
  EXPECT_EQ(notification.status, 204);
  EXPECT_TRUE(notification.body.empty());
  EXPECT_EQ(http("GET", "/").status, 405);
  EXPECT_EQ(http("GET", "/nowhere").status, 404);
  EXPECT_EQ(http("GET", "/health").status, 200);
}
