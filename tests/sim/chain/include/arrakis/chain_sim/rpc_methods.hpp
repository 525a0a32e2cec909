#pragma once
// The Ethereum JSON-RPC methods chain-sim serves: eth_chainId, net_version, web3_clientVersion,
// eth_blockNumber, eth_call (BGT, Multicall3) and eth_getLogs (Transfer events).
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "arrakis/chain_sim/contracts.hpp"
#include "arrakis/chain_sim/json_rpc.hpp"
#include "arrakis/chain_sim/ledger.hpp"

namespace arrakis::chain_sim {

inline constexpr std::uint64_t kMaxLogBlockRange = 10'000;  // toBlock - fromBlock, as providers enforce
inline constexpr std::size_t kMaxLogResults = 10'000;

struct RpcContext {
  const Ledger& ledger;
  std::uint64_t head;  // the current block number
  CallCounters& counters;
};

// Runs one method; throws RpcError (-32601 unknown method, -32602 bad params, ...).
nlohmann::json execute_method(const std::string& method, const nlohmann::json& params, RpcContext& context);

// A block parameter: a tag (earliest, latest, pending, safe, finalized) or a QUANTITY. Throws
// RpcError -32602 when it is neither.
std::uint64_t resolve_block(const nlohmann::json& value, std::uint64_t head);

// eth_getLogs over the ledger's Transfer logs; `filter` is the method's first parameter.
nlohmann::json query_logs(const Ledger& ledger, const nlohmann::json& filter, std::uint64_t head);

}  // namespace arrakis::chain_sim
