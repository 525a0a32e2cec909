#include "arrakis/chain_sim/rpc_methods.hpp"

namespace arrakis::chain_sim {
namespace {

RpcError invalid_params(const std::string& what) { return RpcError(rpc_code::kInvalidParams, "invalid params: " + what); }

// Positional parameters only, like geth; at most `max` of them.
const nlohmann::json& positional(const nlohmann::json& params, std::size_t max) {
  if (!params.is_array()) throw invalid_params("expected an array of positional parameters");
  if (params.size() > max) {
    throw invalid_params("too many arguments, want at most " + std::to_string(max));
  }
  return params;
}

nlohmann::json eth_call(const nlohmann::json& params, RpcContext& context) {
  positional(params, 2);
  if (params.empty()) throw invalid_params("missing value for required argument 0");
  const auto& tx = params[0];
  if (!tx.is_object()) throw invalid_params("argument 0 must be a call object");
  if (params.size() == 2 && !params[1].is_object()) {
    // Balances are current: any existing block answers with today's state.
    if (resolve_block(params[1], context.head) > context.head) throw RpcError(rpc_code::kServerError, "header not found");
  }
  if (!tx.contains("to") || !tx.at("to").is_string()) throw invalid_params("call object needs \"to\"");
  const auto to = normalize_address(tx.at("to").get<std::string>());
  if (!to) throw invalid_params("\"to\" is not an address");
  const nlohmann::json* input = nullptr;
  for (const char* field : {"input", "data"}) {
    if (!tx.contains(field) || tx.at(field).is_null()) continue;
    if (input && *input != tx.at(field)) {
      throw invalid_params("both \"data\" and \"input\" are set and not equal");
    }
    input = &tx.at(field);
  }
  Bytes data;
  if (input) {
    const auto bytes = input->is_string() ? from_hex(input->get<std::string>()) : std::nullopt;
    if (!bytes) throw invalid_params("call data must be 0x-prefixed hex bytes");
    data = *bytes;
  }
  const auto outcome = execute_call(context.ledger, *to, data, context.counters);
  if (!outcome.reverted) return to_hex(outcome.output);
  if (outcome.output.empty()) throw RpcError(rpc_code::kServerError, "execution reverted");
  throw RpcError(rpc_code::kExecutionReverted, "execution reverted: " + outcome.reason, to_hex(outcome.output));
}

}  // namespace

std::uint64_t resolve_block(const nlohmann::json& value, std::uint64_t head) {
  if (!value.is_string()) throw invalid_params("a block must be a tag or a hex quantity");
  const auto text = value.get<std::string>();
  if (text == "latest" || text == "pending" || text == "safe" || text == "finalized") return head;
  if (text == "earliest") return 0;
  const auto number = parse_quantity(text);
  if (!number) throw invalid_params("invalid block \"" + text + "\"");
  return *number;
}

nlohmann::json execute_method(const std::string& method, const nlohmann::json& params, RpcContext& context) {
  if (method == "eth_chainId") {
    positional(params, 0);
    return to_quantity(kChainId);
  }
  if (method == "net_version") {
    positional(params, 0);
    return std::to_string(kChainId);
  }
  if (method == "web3_clientVersion") {
    positional(params, 0);
    return "chain-sim/1.0 (arrakis Berachain simulator)";
  }
  if (method == "eth_blockNumber") {
    positional(params, 0);
    return to_quantity(context.head);
  }
  if (method == "eth_call") return eth_call(params, context);
  if (method == "eth_getLogs") {
    positional(params, 1);
    if (params.empty()) throw invalid_params("missing value for required argument 0");
    return query_logs(context.ledger, params[0], context.head);
  }
  throw RpcError(rpc_code::kMethodNotFound, "the method " + method + " does not exist/is not available");
}

}  // namespace arrakis::chain_sim
