// The live check over the host's chain RPC: eth_blockNumber, eth_getLogs (Transfer from the wallet
// to 0x0 of the token, window by window) and eth_call balanceOf. The host retries, fails over and
// trips its circuit breaker; whatever still fails arrives here as an sdk::Error and becomes a
// ChainFailure, as does an answer that is not what the method returns.
#include <algorithm>
#include <cctype>

#include "check_eligibility.hpp"

namespace arrakis::check_eligibility {

namespace {

std::uint64_t block_number(sdk::Host& host) {
  const auto answer = sietch::chain_call(host, "eth_blockNumber", nlohmann::json::array());
  const auto text = answer.is_string() ? hex_to_decimal(answer.get<std::string>()) : std::nullopt;
  // A block number beyond 19 digits is no block number.
  if (!text || text->size() > 19) throw ChainFailure("eth_blockNumber answered " + answer.dump());
  return std::stoull(*text);
}

bool burned_in(sdk::Host& host, const ChainConfig& config, const std::string& wallet, std::uint64_t from,
               std::uint64_t to) {
  const nlohmann::json filter = {
      {"address", config.token},
      {"fromBlock", to_quantity(from)},
      {"toBlock", to_quantity(to)},
      {"topics", {kTransferTopic, address_word(wallet), address_word("0x0000000000000000000000000000000000000000")}}};
  const auto logs = sietch::chain_call(host, "eth_getLogs", nlohmann::json::array({filter}));
  if (!logs.is_array()) throw ChainFailure("eth_getLogs answered " + logs.dump());
  return !logs.empty();
}

}  // namespace

ChainConfig read_config(sdk::Host& host) {
  ChainConfig config;
  config.token = lower(host.config("bgt_address").value_or(kDefaultBgtAddress));
  if (!is_address(config.token)) throw ConfigFailure("bgt_address is not an address: " + config.token);
  if (const auto start = host.config("start_block"); start && !start->empty()) {
    if (start->size() > 19 || !std::all_of(start->begin(), start->end(), [](char c) { return c >= '0' && c <= '9'; })) {
      throw ConfigFailure("start_block is not a block number: " + *start);
    }
    config.start_block = std::stoull(*start);
  }
  return config;
}

ChainResult check_on_chain(sdk::Host& host, const ChainConfig& config, const std::string& wallet) {
  ChainResult result;
  const std::uint64_t head = block_number(host);
  const std::uint64_t first =
      config.start_block > 0 ? config.start_block : (head >= kDefaultScanBlocks ? head - kDefaultScanBlocks + 1 : 0);
  // Newest window first: burns are recent on the whole, and one burn settles the question.
  for (std::uint64_t to = head; first <= head;) {
    const std::uint64_t from = to - first >= kLogWindowBlocks ? to - kLogWindowBlocks + 1 : first;
    if (burned_in(host, config, wallet, from, to)) {
      result.burned = true;
      break;
    }
    if (from == first) break;
    to = from - 1;
  }
  const nlohmann::json call = {{"to", config.token}, {"data", std::string(kBalanceOfSelector) + address_word(wallet).substr(2)}};
  const auto balance = sietch::chain_call(host, "eth_call", nlohmann::json::array({call, "latest"}));
  // balanceOf returns one 32-byte word.
  const auto wei = balance.is_string() && balance.get<std::string>().size() == 66
                       ? hex_to_decimal(balance.get<std::string>())
                       : std::nullopt;
  if (!wei) throw ChainFailure("balanceOf answered " + balance.dump());
  result.balance_wei = *wei;
  return result;
}

}  // namespace arrakis::check_eligibility
