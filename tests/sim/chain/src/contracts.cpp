#include "arrakis/chain_sim/contracts.hpp"

#include "arrakis/chain_sim/abi.hpp"

namespace arrakis::chain_sim {
namespace {

CallOutcome revert(std::string reason, CallCounters& counters) {
  ++counters.reverts;
  CallOutcome out;
  out.reverted = true;
  if (!reason.empty()) out.output = abi::encode_error_string(reason);
  out.reason = std::move(reason);
  return out;
}

CallOutcome returns(Bytes output) { return CallOutcome{false, std::move(output), {}}; }

// Solidity rejects calldata shorter than the arguments a function declares; extra bytes are ignored.
bool has_arguments(const Bytes& data, std::size_t words) { return data.size() >= 4 + 32 * words; }

CallOutcome call_bgt(const Ledger& ledger, const Bytes& data, CallCounters& counters) {
  if (abi::has_selector(data, abi::kBalanceOf)) {
    if (!has_arguments(data, 1)) return revert({}, counters);
    ++counters.balance_of;
    try {
      return returns(abi::encode_uint(ledger.balance_of(abi::decode_address(data, 4))));
    } catch (const abi::AbiError&) {
      return revert({}, counters);  // dirty upper address bytes: the ABI decoder reverts
    }
  }
  if (abi::has_selector(data, abi::kDecimals)) return returns(abi::encode_uint(18));
  if (abi::has_selector(data, abi::kSymbol)) return returns(abi::encode_string("BGT"));
  if (abi::has_selector(data, abi::kName)) return returns(abi::encode_string("Bera Governance Token"));
  if (abi::has_selector(data, abi::kTotalSupply)) return returns(abi::encode_uint(ledger.total_supply()));
  return revert({}, counters);  // no such function and no fallback
}

CallOutcome call_multicall3(const Ledger& ledger, const Bytes& data, CallCounters& counters) {
  if (!abi::has_selector(data, abi::kAggregate3)) return revert({}, counters);
  ++counters.aggregate3;
  std::vector<abi::Call3> calls;
  try {
    calls = abi::decode_aggregate3_args(Bytes(data.begin() + 4, data.end()));
  } catch (const abi::AbiError&) {
    return revert({}, counters);
  }
  std::vector<abi::Call3Result> results;
  results.reserve(calls.size());
  for (const auto& call : calls) {
    auto outcome = execute_call(ledger, call.target, call.call_data, counters);
    if (outcome.reverted && !call.allow_failure) return revert("Multicall3: call failed", counters);
    results.push_back({!outcome.reverted, std::move(outcome.output)});
  }
  return returns(abi::encode_aggregate3_result(results));
}

}  // namespace

CallOutcome execute_call(const Ledger& ledger, const std::string& to, const Bytes& data, CallCounters& counters) {
  if (to == kBgtAddress) return call_bgt(ledger, data, counters);
  if (to == kMulticall3Address) return call_multicall3(ledger, data, counters);
  return returns({});
}

}  // namespace arrakis::chain_sim
